//! The core API on a real database file: filters, edits with audit and undo, roster order,
//! reporting status.

use chrono::NaiveDate;
use taizhang::group::{self, MemberInput};
use taizhang::plan;
use taizhang::progress::{self, Entry, Period, Submission};
use taizhang::task::{self, Status, TaskError, TaskFilter, TaskInput};
use taizhang::unit::{self, UnitInput};
use taizhang::{sample, Db};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn sample_db() -> Result<(tempfile::TempDir, Db, i64), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut db = Db::open(&dir.path().join("t.db"))?;
    let plan_id = sample::load(&mut db)?;
    Ok((dir, db, plan_id))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

#[test]
fn a_top_level_section_filter_includes_its_subsections() -> TestResult {
    let (_dir, db, plan_id) = sample_db()?;
    let sections = plan::sections(&db, plan_id)?;
    let top = sections
        .iter()
        .find(|s| s.parent_id.is_none() && sections.iter().any(|c| c.parent_id == Some(s.id)))
        .ok_or("the sample has a section with subsections")?;
    let in_top = task::list(
        &db,
        &TaskFilter {
            section_id: Some(top.id),
            ..Default::default()
        },
    )?;
    let children: Vec<i64> = sections
        .iter()
        .filter(|c| c.parent_id == Some(top.id))
        .map(|c| c.id)
        .collect();
    assert!(!in_top.is_empty());
    assert!(in_top
        .iter()
        .all(|t| t.section_id == Some(top.id) || children.contains(&t.section_id.unwrap_or(0))));
    Ok(())
}

#[test]
fn filters_narrow_by_status_deadline_and_words() -> TestResult {
    let (_dir, db, plan_id) = sample_db()?;
    let all = task::list(&db, &TaskFilter::default())?;
    let done = task::list(
        &db,
        &TaskFilter {
            status: Some(Status::Done),
            ..Default::default()
        },
    )?;
    assert!(!done.is_empty() && done.len() < all.len());
    assert!(done.iter().all(|t| t.status == Status::Done));

    let by_june = task::list(
        &db,
        &TaskFilter {
            due_before: Some(day(2025, 6, 30)),
            ..Default::default()
        },
    )?;
    assert!(!by_june.is_empty());
    assert!(by_june
        .iter()
        .all(|t| t.deadline.is_some_and(|d| d <= day(2025, 6, 30))));

    // A word matches task text or a unit's name; two words must both match.
    let by_unit_name = task::list(
        &db,
        &TaskFilter {
            plan_id: Some(plan_id),
            query: Some("人社局".into()),
            ..Default::default()
        },
    )?;
    assert!(!by_unit_name.is_empty());
    assert!(by_unit_name.iter().all(|t| {
        t.lead_units
            .iter()
            .chain(&t.co_units)
            .chain(&t.responsible_units)
            .any(|u| u.contains("人社局"))
            || t.title.contains("人社局")
            || t.requirements.contains("人社局")
    }));
    let first_word = all[0].title.chars().take(2).collect::<String>();
    let both = task::list(
        &db,
        &TaskFilter {
            query: Some(format!("{first_word} 不可能出现的词")),
            ..Default::default()
        },
    )?;
    assert!(both.is_empty());
    // LIKE wildcards typed by the clerk are taken literally.
    let pct = task::list(
        &db,
        &TaskFilter {
            query: Some("%".into()),
            ..Default::default()
        },
    )?;
    assert!(pct
        .iter()
        .all(|t| t.title.contains('%') || t.requirements.contains('%')));
    Ok(())
}

#[test]
fn an_edit_is_audited_with_before_and_after() -> TestResult {
    let (_dir, mut db, _plan) = sample_db()?;
    let t = task::list(&db, &TaskFilter::default())?.remove(0);
    let input = TaskInput {
        plan_id: t.plan_id,
        section_id: t.section_id,
        code: t.code.clone(),
        title: "改过的任务名称".into(),
        requirements: t.requirements.clone(),
        deadline_text: "2025年10月底前".into(),
        status: Status::InProgress,
        lead_units: vec!["县发改局".into()],
        co_units: vec![],
        responsible_units: vec![],
    };
    let edited = task::edit(&mut db, t.id, &input)?;
    assert_eq!(edited.lead_units, vec!["县发改局".to_string()]);
    assert_eq!(edited.deadline, Some(day(2025, 10, 31)));
    let (before, after): (String, String) = db.conn().query_row(
        "SELECT before, after FROM audit_log WHERE entity = 'task' AND entity_id = ?1
         AND action = 'edit'",
        [t.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert!(before.contains(&t.title));
    assert!(after.contains("改过的任务名称"));
    Ok(())
}

#[test]
fn undelete_is_refused_when_the_code_was_taken_meanwhile() -> TestResult {
    let (_dir, mut db, plan_id) = sample_db()?;
    let t = task::list(&db, &TaskFilter::default())?.remove(0);
    task::delete(&mut db, t.id)?;
    task::add(
        &mut db,
        &TaskInput {
            plan_id,
            section_id: t.section_id,
            code: t.code.clone(),
            title: "占用了同一序号的新任务".into(),
            lead_units: vec!["县司法局".into()],
            ..Default::default()
        },
    )?;
    let err = task::undelete(&mut db, t.id).err();
    assert!(
        matches!(err, Some(TaskError::DuplicateCode { .. })),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn renaming_a_unit_keeps_its_tasks_and_old_name_can_become_an_alias() -> TestResult {
    let (_dir, mut db, _plan) = sample_db()?;
    let id = unit::resolve(db.conn(), "县司法局")?;
    let before = task::list(
        &db,
        &TaskFilter {
            unit: Some("县司法局".into()),
            ..Default::default()
        },
    )?
    .len();
    let u = unit::get(db.conn(), id)?;
    let mut aliases = u.aliases.clone();
    aliases.push("县司法局".into());
    unit::edit(
        &mut db,
        id,
        &UnitInput {
            name: "示例县司法局".into(),
            aliases,
            kind: u.kind,
            contact_name: u.contact_name.clone(),
            contact_phone: u.contact_phone.clone(),
        },
    )?;
    let after = task::list(
        &db,
        &TaskFilter {
            unit: Some("县司法局".into()),
            ..Default::default()
        },
    )?;
    assert_eq!(after.len(), before);
    assert!(after.iter().all(|t| t
        .lead_units
        .iter()
        .chain(&t.co_units)
        .chain(&t.responsible_units)
        .any(|n| n == "示例县司法局")));
    Ok(())
}

#[test]
fn a_unit_with_tasks_cannot_be_deleted() -> TestResult {
    let (_dir, mut db, _plan) = sample_db()?;
    let id = unit::resolve(db.conn(), "县司法局")?;
    assert!(matches!(
        unit::delete(&mut db, id),
        Err(unit::UnitError::InUse { .. })
    ));
    assert!(unit::get(db.conn(), id).is_ok());
    Ok(())
}

#[test]
fn a_unit_with_reports_but_no_tasks_cannot_be_deleted() -> TestResult {
    let (_dir, mut db, plan) = sample_db()?;
    let u = unit::add(
        &mut db,
        &unit::UnitInput {
            name: "县档案馆".into(),
            ..Default::default()
        },
    )?;
    let period = taizhang::progress::Period {
        year: 2025,
        month: 9,
    };
    let sub = taizhang::progress::record_submission(
        db.conn(),
        &taizhang::progress::Submission {
            plan_id: plan,
            unit_id: u.id,
            period,
            file_name: "县档案馆.xlsx",
            file_hash: "",
            received_at: "2025-10-03 09:00:00",
        },
        &[],
    )?;
    let err = unit::delete(&mut db, u.id);
    assert!(
        matches!(err, Err(unit::UnitError::HasReports { reports: 1, .. })),
        "{err:?}"
    );
    assert!(unit::get(db.conn(), u.id).is_ok());
    assert!(
        taizhang::progress::submission(db.conn(), sub)?.is_some(),
        "the report stays"
    );
    Ok(())
}

#[test]
fn roster_is_ordered_by_role_and_delete_can_be_undone() -> TestResult {
    let (_dir, mut db, _plan) = sample_db()?;
    let m = group::add(
        &mut db,
        &MemberInput {
            name: "赵 强".into(),
            role: "组长".into(),
            title: "县委书记".into(),
            org: "县委".into(),
            from: Some(day(2025, 1, 1)),
            to: None,
            ..MemberInput::default()
        },
    )?;
    let roster = group::list(&db, Some(day(2025, 9, 1)))?;
    let ranks: Vec<i64> = roster.iter().map(|m| m.role_rank).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "roster sorted by role");
    assert!(roster.iter().any(|x| x.name == "赵强"));
    group::delete(&mut db, m.id)?;
    assert!(!group::list(&db, None)?.iter().any(|x| x.id == m.id));
    group::undelete(&mut db, m.id)?;
    assert!(group::list(&db, None)?.iter().any(|x| x.id == m.id));
    Ok(())
}

#[test]
fn reporting_status_shows_who_reported_and_how_many_rows() -> TestResult {
    let (_dir, mut db, plan_id) = sample_db()?;
    let period = Period::parse("2025-09")?;
    let sifa = unit::resolve(db.conn(), "县司法局")?;
    let tasks = task::list(
        &db,
        &TaskFilter {
            unit: Some("县司法局".into()),
            ..Default::default()
        },
    )?;
    let entries: Vec<Entry> = tasks
        .iter()
        .map(|t| Entry {
            task_id: t.id,
            text: "已按计划推进。".into(),
            status: Some(Status::InProgress),
        })
        .collect();
    let tx = db.transaction()?;
    progress::record_submission(
        &tx,
        &Submission {
            plan_id,
            unit_id: sifa,
            period,
            file_name: "县司法局_2025年09月_工作台账.xlsx",
            file_hash: "h1",
            received_at: "2025-10-04 10:00:00",
        },
        &entries,
    )?;
    tx.commit()?;
    let status = progress::status(&db, plan_id, period)?;
    let row = status
        .iter()
        .find(|r| r.unit_id == sifa)
        .ok_or("司法局 listed")?;
    assert!(row.reported);
    assert_eq!(row.rows, tasks.len() as i64);
    assert_eq!(row.received_at.as_deref(), Some("2025-10-04 10:00:00"));
    assert!(status
        .iter()
        .filter(|r| r.unit_id != sifa)
        .all(|r| !r.reported));
    assert!(
        status.iter().all(|r| r.unit != "县直各有关部门"),
        "group phrases do not report"
    );
    Ok(())
}
