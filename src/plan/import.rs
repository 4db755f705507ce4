//! Importing a plan document: read it into a [`PlanDraft`] (nothing written), match its units to
//! the directory, commit the (edited) draft in one transaction, and undo an import exactly.
//!
//! What an import created (the plan and the units and group members it added) is recorded in
//! `plan_import` and its rows of the change log ([`super::batch`]), so that undo removes exactly that and nothing the
//! clerk already had.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::batch::{self, Entity};
use super::draft::edit::{self, DraftEdit};
use super::draft::{kind_of, units_of, PlanDraft};
pub use super::error::{Belongs, PlanImportError};
pub use super::history::UndoReport;
use super::parse;
use super::{merge, sheet};
use crate::assign;
use crate::body_names::BodyNames;
use crate::document::{word, workbook};
use crate::plan::{self, Phase, PlanInput, ReportRule};
use crate::sample::{self, BundleMember, BundleSection, BundleTask, BundleUnit, PlanBundle};
use crate::store::{audit, now_string, Db};
use crate::unit;

/// Reads and parses a plan file — a document (.docx/.txt) or its Excel attachment
/// (.xlsx/.xls task table), told apart by content and extension — and matches its units to the
/// directory. Writes nothing.
pub fn draft_from_file(conn: &Connection, path: &Path) -> Result<PlanDraft, PlanImportError> {
    let word_name = matches!(
        workbook::extension(&crate::document::file::file_name(path)).as_str(),
        "doc" | "wps"
    );
    let (name, bytes) =
        crate::document::file::read_file(path, |head| word::size_limit(head, word_name))?;
    draft_from_bytes(conn, &bytes, &name)
}

/// Like [`draft_from_file`], for a file already in memory (the desktop's file dialog).
pub fn draft_from_bytes(
    conn: &Connection,
    bytes: &[u8],
    name: &str,
) -> Result<PlanDraft, PlanImportError> {
    let word_name = matches!(
        workbook::extension(name).as_str(),
        "docx" | "doc" | "docm" | "wps"
    );
    let ole_document = word_name && bytes.starts_with(workbook::OLE);
    if !ole_document && workbook::is_workbook(bytes, name) {
        let book = workbook::read_bytes(bytes, name)?;
        if let Some(belongs) = Belongs::of_own_kind(book.own_kind.as_deref()) {
            return Err(PlanImportError::WrongImport {
                file: name.to_string(),
                belongs,
            });
        }
        return draft_from_workbook(conn, &book);
    }
    let document = word::read_bytes(bytes, name)?;
    draft_from_document(conn, &document)
}

fn draft_from_workbook(
    conn: &Connection,
    book: &workbook::Workbook,
) -> Result<PlanDraft, PlanImportError> {
    let mut draft = sheet::draft(book)?;
    match_units(conn, &mut draft)?;
    Ok(draft)
}

fn draft_from_document(
    conn: &Connection,
    document: &word::Document,
) -> Result<PlanDraft, PlanImportError> {
    let mut draft = parse::parse(document);
    if draft.tasks.is_empty() {
        // A 关于成立…领导小组的通知: its roster is offered instead.
        let roster = parse::roster_of(document);
        if !roster.entries.is_empty() || !roster.bodies.is_empty() {
            return Err(PlanImportError::RosterOnly {
                file: document.name.clone(),
                members: roster.entries.len(),
                bodies: roster.bodies.len(),
            });
        }
        return Err(PlanImportError::NoTasks {
            file: document.name.clone(),
        });
    }
    match_units(conn, &mut draft)?;
    Ok(draft)
}

/// Matches every unit of the draft to the directory by name or alias (also with or without the
/// county prefix 县), and suggests a directory unit for names that match only in a short form.
/// Call again after editing the draft's tasks: units are rebuilt from the tasks, keeping the
/// clerk's own choices.
pub fn match_units(conn: &Connection, draft: &mut PlanDraft) -> Result<(), PlanImportError> {
    let chosen: HashMap<String, i64> = draft
        .units
        .iter()
        .filter_map(|u| u.unit_id.map(|id| (u.name.clone(), id)))
        .collect();
    let mut directory: Vec<(i64, String, String)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, name, name FROM unit
             UNION ALL SELECT a.unit_id, u.name, a.alias FROM unit_alias a JOIN unit u ON u.id = a.unit_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            directory.push(row?);
        }
    }
    // Long and short forms of one body (县政府办公室 ↔ 县政府办, 发改委 ↔ 发展和改革局), with
    // the clerk's own list beside the database.
    let names = match conn.path().filter(|p| !p.is_empty()).map(Path::new) {
        Some(db) => BodyNames::with_user_list(db.parent().unwrap_or(Path::new("."))),
        None => BodyNames::shipped().clone(),
    };
    let short_form = |n: &str| names.key(&unit::normalize_name(n));
    let mut units = units_of(draft);
    for u in &mut units {
        let found = unit::find_id(conn, &u.name)?;
        let id = chosen.get(&u.name).copied().or(found);
        u.becomes_alias = !u.is_group && found.is_none() && id.is_some();
        if let Some(id) = id {
            u.unit_name = directory
                .iter()
                .find(|(d, _, _)| *d == id)
                .map(|(_, name, _)| name.clone());
            u.unit_id = Some(id);
            continue;
        }
        let key = short_form(&u.name);
        u.suggestion = directory
            .iter()
            .find(|(_, _, n)| short_form(n) == key || short_form(&format!("县{n}")) == key)
            .map(|(id, name, _)| (*id, name.clone()));
    }
    draft.units = units;
    offer_text_units(draft, &directory, &short_form);
    draft.traditional = edit::has_traditional(draft);
    Ok(())
}

/// Fills each task's `text_units`: units its text names that it does not have. Two names are
/// one unit when they are the same directory unit, or the same body in another written form.
fn offer_text_units(
    draft: &mut PlanDraft,
    directory: &[(i64, String, String)],
    short_form: &dyn Fn(&str) -> String,
) {
    let mut ids: HashMap<String, i64> = HashMap::new();
    for (id, _, name) in directory {
        let name = unit::normalize_name(name);
        if let Some(rest) = name.strip_prefix('县').filter(|r| r.chars().count() >= 2) {
            ids.entry(rest.to_string()).or_insert(*id);
        }
        ids.insert(name, *id);
    }
    for u in &draft.units {
        if let Some(id) = u.unit_id {
            ids.insert(unit::normalize_name(&u.name), id);
        }
    }
    let id_of = |n: &str| {
        let n = unit::normalize_name(n);
        ids.get(&n)
            .or_else(|| ids.get(n.trim_start_matches('县')))
            .copied()
    };
    let same = |a: &str, b: &str| {
        let (x, y) = (id_of(a), id_of(b));
        (x.is_some() && x == y) || short_form(a) == short_form(b)
    };
    let mut known: Vec<String> = directory.iter().map(|(_, _, n)| n.clone()).collect();
    known.extend(draft.units.iter().map(|u| u.name.clone()));
    for t in &mut draft.tasks {
        t.text_units = edit::text_units(t, &known, &same);
    }
}

/// Applies one preview edit to the draft and matches its units again. Writes nothing.
pub fn edit(
    conn: &Connection,
    mut draft: PlanDraft,
    change: &DraftEdit,
) -> Result<PlanDraft, PlanImportError> {
    edit::apply(&mut draft, change)?;
    match_units(conn, &mut draft)?;
    Ok(draft)
}

fn member_exists(conn: &Connection, name: &str, role: &str) -> Result<bool, PlanImportError> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM group_member
         WHERE replace(name, ' ', '') = ?1 AND replace(role, ' ', '') = ?2 AND deleted_at IS NULL",
        params![unit::normalize_name(name), unit::normalize_name(role)],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Turns the draft into the bundle that [`sample::write_bundle`] writes.
fn bundle_of(conn: &Connection, draft: &PlanDraft) -> Result<PlanBundle, PlanImportError> {
    // Names the tasks use → the name of the directory unit they become.
    let mut rename: HashMap<String, String> = HashMap::new();
    let mut new_units: Vec<BundleUnit> = Vec::new();
    let chosen: HashMap<&str, i64> = draft
        .units
        .iter()
        .filter_map(|u| u.unit_id.map(|id| (u.name.as_str(), id)))
        .collect();
    for name in draft.unit_names() {
        let id = match chosen.get(name.as_str()) {
            Some(id) => Some(*id),
            None => unit::find_id(conn, &name)?,
        };
        match id {
            Some(id) => {
                rename.insert(name, unit::get(conn, id)?.name);
            }
            // A group phrase stays the task's text: never a new unit.
            None if assign::is_group_phrase(&name) => {}
            None => {
                let kind = draft
                    .units
                    .iter()
                    .find(|u| u.name == name)
                    .map(|u| u.kind)
                    .unwrap_or_else(|| kind_of(&name));
                new_units.push(BundleUnit {
                    name: name.clone(),
                    aliases: Vec::new(),
                    kind,
                    contact_name: None,
                    contact_phone: None,
                });
            }
        }
    }
    let map = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .map(|n| rename.get(n).cloned().unwrap_or_else(|| n.clone()))
            .collect()
    };
    let title = if draft.title.trim().is_empty() {
        draft.source.clone()
    } else {
        draft.title.clone()
    };
    let rule = draft.report_rule.as_ref();
    let plan = PlanInput {
        title,
        doc_no: draft.doc_no.clone(),
        issuer: draft.issuer.clone(),
        year: draft.year,
        start_date: draft.start_date,
        end_date: draft.end_date,
        report_rule: ReportRule {
            day: rule.and_then(|r| r.day),
            month_end: rule.is_some_and(|r| r.month_end),
            covers: rule.map(|r| r.covers).unwrap_or_default(),
            from: rule.and_then(|r| r.from),
            until: rule.and_then(|r| r.until),
            ..ReportRule::default()
        },
        report_rule_text: rule.map(|r| r.text.clone()).unwrap_or_default(),
    };
    let mut group = Vec::new();
    for m in &draft.group {
        if m.name.trim().is_empty() || member_exists(conn, &m.name, &m.role)? {
            continue;
        }
        group.push(BundleMember {
            name: m.name.clone(),
            title: m.title.clone(),
            org: m.org.clone(),
            role: m.role.clone(),
            from: None,
            to: None,
        });
    }
    Ok(PlanBundle {
        plan,
        phases: draft
            .phases
            .iter()
            .map(|p| Phase {
                id: 0,
                name: p.name.clone(),
                start: p.start,
                end: p.end,
                description: p.description.clone(),
            })
            .collect(),
        units: new_units,
        sections: draft
            .sections
            .iter()
            .map(|s| BundleSection {
                key: Some(s.key.clone()),
                code: s.code.clone(),
                title: s.title.clone(),
                parent: s.parent.clone(),
            })
            .collect(),
        tasks: draft
            .tasks
            .iter()
            .map(|t| BundleTask {
                section: t.section.clone(),
                code: t.code.clone(),
                title: t.title.clone(),
                requirements: t.requirements.clone(),
                deadline_text: t.deadline_text.clone(),
                lead: map(&t.lead),
                co: map(&t.co),
                responsible: map(&t.responsible),
                status: Default::default(),
            })
            .collect(),
        group,
    })
}

/// Writes the (edited) draft as a new plan in one transaction: units the directory lacks are
/// added, sections, tasks, phases and group members written. Returns the new plan's id.
pub fn commit(db: &mut Db, draft: &PlanDraft) -> Result<i64, PlanImportError> {
    if draft.tasks.is_empty() {
        return Err(PlanImportError::NoTasks {
            file: draft.source.clone(),
        });
    }
    let tx = db.transaction()?;
    let bundle = bundle_of(&tx, draft)?;
    let written = sample::write_bundle(&tx, &bundle)?;
    tx.execute(
        "INSERT INTO plan_import (plan_id, file_name, imported_at) VALUES (?1, ?2, ?3)",
        params![written.plan_id, draft.source, now_string(&tx)?],
    )?;
    let import_id = tx.last_insert_rowid();
    // A name mapped to a directory unit in the preview becomes that unit's alias.
    let mut aliases_added: Vec<String> = Vec::new();
    for u in &draft.units {
        let Some(id) = u.unit_id else { continue };
        if u.is_group || unit::find_id(&tx, &u.name)?.is_some() {
            continue;
        }
        if unit::add_alias(&tx, id, &u.name)? {
            let alias = unit::normalize_name(&u.name);
            tx.execute(
                "INSERT OR IGNORE INTO plan_import_alias (import_id, unit_id, alias)
                 VALUES (?1, ?2, ?3)",
                params![import_id, id, alias],
            )?;
            aliases_added.push(alias);
        }
    }
    for (entity, ids) in [
        (Entity::Unit, &written.created_units),
        (Entity::GroupMember, &written.created_members),
    ] {
        for id in ids {
            batch::record_created(&tx, import_id, entity, *id)?;
        }
    }
    audit(
        &tx,
        "plan",
        written.plan_id,
        "import",
        None,
        Some(&serde_json::json!({
            "file": draft.source,
            "tasks": draft.tasks.len(),
            "created_units": written.created_units,
            "created_members": written.created_members,
            "aliases_added": aliases_added,
        })),
    )?;
    tx.commit()?;
    Ok(written.plan_id)
}

/// Whether a plan was created by an import (and can be undone).
pub fn is_imported(conn: &Connection, plan_id: i64) -> Result<bool, PlanImportError> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM plan_import WHERE plan_id = ?1",
            [plan_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Undoes the newest import into a plan. An Excel task list imported into the existing plan
/// (`--plan`) is undone first, row by row: the tasks, sections and units it added are removed
/// and the tasks it changed get their content back. Otherwise the import that created the plan
/// is undone: the plan (its sections, tasks, phases) and the units and group members the import
/// added are deleted. One transaction either way. Refused when departments already reported on
/// what would be removed. A unit the import added that another plan now uses is kept.
pub fn undo(db: &mut Db, plan_id: i64) -> Result<UndoReport, PlanImportError> {
    let tx = db.transaction()?;
    let plan = plan::get(&tx, plan_id)?;
    if let Some(report) = merge::undo_latest(&tx, plan_id, &plan.title)? {
        tx.commit()?;
        return Ok(report);
    }
    let import_id: i64 = tx
        .query_row(
            "SELECT id FROM plan_import WHERE plan_id = ?1",
            [plan_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(PlanImportError::NotImported(plan_id))?;
    let reports = crate::progress::submissions::rows_of_plan(&tx, plan_id)?;
    if reports > 0 {
        return Err(PlanImportError::HasReports {
            title: plan.title,
            reports,
        });
    }
    let units = batch::created(&tx, import_id, Entity::Unit)?;
    let members = batch::created(&tx, import_id, Entity::GroupMember)?;
    let aliases: Vec<(i64, String)> = {
        let mut stmt =
            tx.prepare("SELECT unit_id, alias FROM plan_import_alias WHERE import_id = ?1")?;
        let rows = stmt.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, alias) in &aliases {
        unit::remove_alias(&tx, *id, alias)?;
    }
    let tasks: i64 = tx.query_row(
        "SELECT count(*) FROM task WHERE plan_id = ?1",
        [plan_id],
        |r| r.get(0),
    )?;
    let before = serde_json::to_value(&plan).ok();
    tx.execute("DELETE FROM plan WHERE id = ?1", [plan_id])?;
    let mut report = UndoReport {
        plan_id,
        title: plan.title.clone(),
        tasks,
        units_removed: Vec::new(),
        units_kept: Vec::new(),
        members_removed: 0,
        plan_removed: true,
        tasks_restored: 0,
    };
    for id in units {
        let name: Option<String> = tx
            .query_row("SELECT name FROM unit WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        let Some(name) = name else { continue };
        let used = crate::task::assignment::count_of_unit(&tx, id)?;
        if used > 0 {
            report.units_kept.push(name);
        } else {
            tx.execute("DELETE FROM unit WHERE id = ?1", [id])?;
            report.units_removed.push(name);
        }
    }
    for id in members {
        report.members_removed += tx.execute("DELETE FROM group_member WHERE id = ?1", [id])?;
    }
    tx.execute("DELETE FROM plan_import WHERE id = ?1", [import_id])?;
    audit(&tx, "plan", plan_id, "undo_import", before.as_ref(), None)?;
    tx.commit()?;
    Ok(report)
}
