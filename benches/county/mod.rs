//! A county at scale for the benches: 200 units, 2,000 tasks (10 units each), and `years` of
//! monthly reports from January 2015, every unit reporting on each of its tasks.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rusqlite::params;
use taizhang::plan::{self, PlanInput, ReportRule};
use taizhang::progress::{self, Entry, Period, Submission};
use taizhang::task::Status;
use taizhang::unit::{self, UnitInput};
use taizhang::Db;

pub const UNITS: usize = 200;
pub const TASKS: usize = 2_000;
pub const UNITS_PER_TASK: usize = 10;

/// A county built in a temporary folder.
pub struct County {
    /// Holds the database file until the bench ends.
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub db: Db,
    pub plan_id: i64,
    pub years: usize,
    /// How long building it took, and the progress rows it holds.
    pub built: Duration,
    pub rows: i64,
}

/// The county of the bench's arguments: 10 years of reports, 1 with `--quick`; checkpointed
/// and analysed.
pub fn from_args() -> Result<County, Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|a| a == "--quick");
    let years = if quick { 1 } else { 10 };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("county.db");
    let mut db = Db::open(&path)?;
    let t = Instant::now();
    let plan_id = build_county(&mut db, years)?;
    let built = t.elapsed();
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    let rows: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM progress", [], |r| r.get(0))?;
    Ok(County {
        dir,
        path,
        db,
        plan_id,
        years,
        built,
        rows,
    })
}

/// The progress text of a unit's report on a task for `period`.
pub fn report_text(period: Period) -> String {
    format!("{}本单位按计划推进，已完成阶段性工作。", period.label())
}

/// Builds the county into `db` in one transaction; returns the plan.
pub fn build_county(db: &mut Db, years: usize) -> Result<i64, Box<dyn std::error::Error>> {
    let tx = db.transaction()?;
    let plan_id = plan::insert(
        &tx,
        &PlanInput {
            title: "示例县法治政府建设规划（压力测试）".into(),
            year: Some(2015),
            report_rule: ReportRule {
                day: Some(5),
                ..Default::default()
            },
            ..Default::default()
        },
        &[],
    )?;
    let mut unit_ids = Vec::with_capacity(UNITS);
    for i in 0..UNITS {
        unit_ids.push(unit::insert(
            &tx,
            &UnitInput {
                name: format!("示例县第{i}局"),
                contact_name: format!("联络员{i}"),
                contact_phone: format!("0123-{:07}", i),
                ..Default::default()
            },
        )?);
    }
    let mut sections = Vec::new();
    for s in 0..20 {
        sections.push(plan::insert_section(
            &tx,
            plan_id,
            None,
            &format!("({s})"),
            &format!("第{s}方面重点工作"),
        )?);
    }
    let mut task_units: Vec<Vec<i64>> = vec![Vec::new(); UNITS];
    {
        let mut ins_task = tx.prepare(
            "INSERT INTO task (plan_id, section_id, seq, code, title, requirements, deadline_text,
                               deadline_kind, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '长期坚持', 'ongoing', 'in_progress', '', '')",
        )?;
        let mut ins_assign = tx.prepare(
            "INSERT INTO assignment (task_id, unit_id, role, seq) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for i in 0..TASKS {
            ins_task.execute(params![
                plan_id,
                sections[i % sections.len()],
                i as i64,
                (i + 1).to_string(),
                format!("第{}项重点任务：推进依法行政工作", i + 1),
                "按照方案要求抓好落实，按月报送进展情况。",
            ])?;
            let task_id = tx.last_insert_rowid();
            let mut chosen = Vec::new();
            for k in 0..UNITS_PER_TASK {
                let u = (i * 7 + k * 13) % UNITS;
                if !chosen.contains(&u) {
                    chosen.push(u);
                }
            }
            for (k, u) in chosen.into_iter().enumerate() {
                let role = if k == 0 { "lead" } else { "co" };
                ins_assign.execute(params![task_id, unit_ids[u], role, k as i64])?;
                task_units[u].push(task_id);
            }
        }
    }
    let mut period = Period {
        year: 2015,
        month: 1,
    };
    for _ in 0..years * 12 {
        for (u, tasks) in task_units.iter().enumerate() {
            let entries: Vec<Entry> = tasks
                .iter()
                .map(|&task_id| Entry {
                    task_id,
                    text: report_text(period),
                    status: Some(Status::InProgress),
                })
                .collect();
            progress::record_submission(
                &tx,
                &Submission {
                    plan_id,
                    unit_id: unit_ids[u],
                    period,
                    file_name: "台账.xlsx",
                    file_hash: "",
                    received_at: "2015-01-05 09:00:00",
                },
                &entries,
            )?;
        }
        period = period.next();
    }
    tx.commit()?;
    Ok(plan_id)
}
