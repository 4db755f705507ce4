//! Writing a roster draft in one transaction, and undoing it.

use rusqlite::params;

use super::super::batch::{self, Action, BatchKind, Entity};
use super::super::error::PlanImportError;
use super::{match_group, EntryStatus, Leaving, RosterCommit, RosterDraft, RosterUndo};
use crate::group::{self, MemberInput, MemberSnapshot};
use crate::store::{audit, Db};
use crate::unit::UnitInput;

/// Writes the (edited) roster in one transaction: new members added, changed 职务 / 单位 / note
/// updated, and with an effective date the missing members' last day set. Compared with the
/// group again first, so that a roster already in place changes nothing and writes nothing.
/// Members leave only when the clerk confirmed it (`retire`) and only those the preview listed;
/// otherwise nothing is written.
pub fn commit(db: &mut Db, draft: &RosterDraft) -> Result<RosterCommit, PlanImportError> {
    let shown: Vec<i64> = draft.leaving.iter().map(|l| l.member_id).collect();
    let mut draft = draft.clone();
    if draft.members.is_empty() && draft.bodies.is_empty() {
        return Err(PlanImportError::NoRoster {
            file: draft.source.clone(),
            sheets: String::new(),
            tasks: false,
        });
    }
    let tx = db.transaction()?;
    match_group(&tx, &mut draft)?;
    let unseen: Vec<&Leaving> = draft
        .leaving
        .iter()
        .filter(|l| !shown.contains(&l.member_id))
        .collect();
    if !draft.leaving.is_empty() && (!draft.retire || !unseen.is_empty()) {
        let list = if unseen.is_empty() {
            &draft.leaving.iter().collect::<Vec<_>>()
        } else {
            &unseen
        };
        return Err(PlanImportError::RosterLeavingUnconfirmed {
            count: list.len(),
            names: list
                .iter()
                .map(|l| format!("{}（{}）", l.name, l.role))
                .collect::<Vec<_>>()
                .join("、"),
            day: leaving_day(list),
            unseen: !unseen.is_empty(),
        });
    }
    let mut result = RosterCommit::default();
    let changes = draft
        .members
        .iter()
        .filter(|e| e.status != EntryStatus::Same)
        .count()
        + draft.leaving.len();
    result.unchanged = draft.members.len() + draft.leaving.len() - changes;
    let new_bodies: Vec<&str> = draft
        .bodies
        .iter()
        .filter(|b| b.unit_id.is_none() && !b.name.trim().is_empty())
        .map(|b| b.name.trim())
        .collect();
    if changes == 0 && new_bodies.is_empty() {
        return Ok(result);
    }
    let batch = batch::begin(&tx, BatchKind::Roster, None, &draft.source)?;
    for name in new_bodies {
        let input = UnitInput {
            name: name.to_string(),
            ..UnitInput::default()
        };
        let id = crate::unit::insert(&tx, &input).map_err(|err| PlanImportError::Roster {
            sheet: "成员单位".to_string(),
            row: 0,
            detail: err.to_string(),
        })?;
        batch::record(&tx, batch, Entity::Unit, id, Action::Insert, None)?;
        result.units_added += 1;
    }
    for e in &draft.members {
        match (e.status, e.member_id) {
            (EntryStatus::Same, _) => {}
            (EntryStatus::Changed, Some(id)) => {
                let m = &e.member;
                group::check_lengths(&m.name, &m.role, &m.title, &m.org)
                    .and_then(|()| {
                        crate::limits::check("备注", e.note.trim(), crate::limits::MAX_TITLE_CHARS)
                    })
                    .map_err(|err| PlanImportError::Roster {
                        sheet: e.sheet.clone(),
                        row: e.row,
                        detail: err.to_string(),
                    })?;
                let before = group::snapshot(&tx, id)?.to_json()?;
                tx.execute(
                    "UPDATE group_member SET title = ?1, org = ?2,
                            note = CASE WHEN ?3 = '' THEN note ELSE ?3 END
                     WHERE id = ?4",
                    params![
                        e.member.title.trim(),
                        e.member.org.trim(),
                        e.note.trim(),
                        id
                    ],
                )?;
                batch::record(
                    &tx,
                    batch,
                    Entity::GroupMember,
                    id,
                    Action::Update,
                    Some(&before),
                )?;
                result.updated += 1;
            }
            _ => {
                let id = group::insert(
                    &tx,
                    &MemberInput {
                        name: e.member.name.clone(),
                        title: e.member.title.clone(),
                        org: e.member.org.clone(),
                        role: e.member.role.clone(),
                        from: draft.on,
                        to: None,
                        note: e.note.clone(),
                    },
                )
                .map_err(|err| PlanImportError::Roster {
                    sheet: e.sheet.clone(),
                    row: e.row,
                    detail: err.to_string(),
                })?;
                batch::record(&tx, batch, Entity::GroupMember, id, Action::Insert, None)?;
                result.added += 1;
            }
        }
    }
    for l in &draft.leaving {
        let before = group::snapshot(&tx, l.member_id)?.to_json()?;
        tx.execute(
            "UPDATE group_member SET to_date = ?1 WHERE id = ?2",
            params![l.to, l.member_id],
        )?;
        batch::record(
            &tx,
            batch,
            Entity::GroupMember,
            l.member_id,
            Action::Update,
            Some(&before),
        )?;
        result.left += 1;
    }
    audit(
        &tx,
        "group_member",
        batch,
        "import_roster",
        None,
        Some(&serde_json::json!({
            "file": draft.source,
            "added": result.added,
            "updated": result.updated,
            "left": result.left,
            "units_added": result.units_added,
        })),
    )?;
    tx.commit()?;
    result.batch_id = Some(batch);
    Ok(result)
}

/// Undoes a roster import (the newest when `batch_id` is `None`): members it added are removed,
/// members it changed get their 职务 / 单位 / dates back.
pub fn undo(db: &mut Db, batch_id: Option<i64>) -> Result<RosterUndo, PlanImportError> {
    let tx = db.transaction()?;
    let (batch, file) = match batch_id {
        Some(id) => tx
            .query_row(
                "SELECT id, file_name FROM import_batch WHERE id = ?1 AND kind = 'roster'",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|_| PlanImportError::NoRosterImport)?,
        None => {
            batch::latest(&tx, BatchKind::Roster, None)?.ok_or(PlanImportError::NoRosterImport)?
        }
    };
    let mut report = RosterUndo {
        batch_id: batch,
        file,
        ..RosterUndo::default()
    };
    for change in batch::changes(&tx, batch)? {
        match (change.entity, change.action) {
            // 成员单位 the roster added as units.
            (Entity::Unit, Action::Insert) => {
                if crate::unit::remove_unused(&tx, change.entity_id)? {
                    report.units_removed += 1;
                }
            }
            (Entity::GroupMember, Action::Insert) => {
                report.removed +=
                    tx.execute("DELETE FROM group_member WHERE id = ?1", [change.entity_id])?;
            }
            (Entity::GroupMember, Action::Update) => {
                let before = change
                    .before_as(MemberSnapshot::from_json)
                    .map_err(|why| PlanImportError::damaged(&change, why))?;
                group::restore(&tx, change.entity_id, &before)?;
                report.restored += 1;
            }
            // A roster import changes no unit, and adds or changes no section or task.
            (Entity::Unit, Action::Update) | (Entity::Section | Entity::Task, _) => {
                return Err(PlanImportError::damaged(
                    &change,
                    "领导小组名单的导入记录中不应有这一项",
                ));
            }
        }
    }
    batch::forget(&tx, batch)?;
    audit(&tx, "group_member", batch, "undo_import_roster", None, None)?;
    tx.commit()?;
    Ok(report)
}

/// The last day in office of the first leaver, as the clerk reads it.
fn leaving_day(list: &[&Leaving]) -> String {
    list.first()
        .and_then(|l| l.to)
        .map(crate::deadline::format_cn)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::super::draft::DraftMember;
    use super::super::RosterEntry;
    use super::*;

    /// A draft of the sample group on 2025-10-01 with 何振华 missing, as the window holds it.
    fn draft_without_one(db: &Db) -> RosterDraft {
        let on = NaiveDate::from_ymd_opt(2025, 10, 1);
        let members = crate::group::list(db, on)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.name != "何振华")
            .map(|m| RosterEntry {
                member: DraftMember {
                    name: m.name,
                    title: m.title,
                    org: m.org,
                    role: m.role,
                },
                ..RosterEntry::default()
            })
            .collect();
        let mut draft = RosterDraft {
            source: "名单.xlsx".into(),
            on,
            members,
            ..RosterDraft::default()
        };
        let _ = match_group(db.conn(), &mut draft);
        draft
    }

    #[test]
    fn members_leave_only_when_confirmed_and_shown() -> Result<(), Box<dyn std::error::Error>> {
        let mut db = Db::open_in_memory()?;
        crate::sample::load(&mut db)?;
        let mut draft = draft_without_one(&db);
        assert_eq!(draft.leaving.len(), 1);
        // Not confirmed: refused, nothing written.
        let err = commit(&mut db, &draft).err();
        assert!(
            matches!(
                err,
                Some(PlanImportError::RosterLeavingUnconfirmed { unseen: false, .. })
            ),
            "{err:?}"
        );
        // Confirmed, but the clerk then deleted another row in the preview: that member was
        // never shown as leaving, so nothing is written.
        draft.retire = true;
        let mut edited = draft.clone();
        edited.members.retain(|e| e.member.name != "苏晓梅");
        let err = commit(&mut db, &edited).err();
        assert!(
            matches!(&err, Some(PlanImportError::RosterLeavingUnconfirmed { unseen: true, names, .. }) if names.contains("苏晓梅")),
            "{err:?}"
        );
        let done = commit(&mut db, &draft)?;
        assert_eq!(done.left, 1);
        Ok(())
    }
}
