//! A county at scale for the benches: 200 units, 2,000 tasks (10 units each), and `years` of
//! monthly reports from January 2015, every unit reporting on each of its tasks; or, for the
//! window benchmark ([`Rhythm::Office`], any [`Scale`]), as an office sees them: most files on
//! the 3rd of the following month, some units late (the 12th), a few months missing, the last
//! month still coming in, one import batch a month, and the wording changing every third month.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run
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

/// How big a county to build.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub units: usize,
    pub tasks: usize,
    pub years: usize,
}

impl Scale {
    /// The ten-times county over `years`.
    pub fn county(years: usize) -> Scale {
        Scale {
            units: UNITS,
            tasks: TASKS,
            years,
        }
    }
}
/// The first reported month.
pub const FIRST: Period = Period {
    year: 2015,
    month: 1,
};

/// Whether unit `u` sends no report for the `p`-th month (about 1 in 40, and the last month's
/// tail of units that have not reported yet).
fn skips(u: usize, p: usize, months: usize) -> bool {
    (u * 31 + p * 7) % 40 == 0 || (p + 1 == months && u % 10 == 9)
}

/// The day unit `u`'s report for a month arrives in the following month: the 12th (late) for
/// one unit in 15, the 3rd otherwise.
fn arrival_day(u: usize, p: usize) -> u32 {
    if (u + p) % 15 == 0 {
        12
    } else {
        3
    }
}

/// How the reports come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rhythm {
    /// Every unit every month, [`report_text`], all received on 2015-01-05.
    Uniform,
    /// As an office sees them (see the module's doc).
    Office,
}

/// Builds the county into `db` in one transaction; returns the plan.
pub fn build_county(db: &mut Db, years: usize) -> Result<i64, Box<dyn std::error::Error>> {
    build(db, Scale::county(years), Rhythm::Uniform)
}

/// Builds a county of `scale` whose reports come in with `rhythm`, in one transaction; returns
/// the plan.
pub fn build(db: &mut Db, scale: Scale, rhythm: Rhythm) -> Result<i64, Box<dyn std::error::Error>> {
    let office = rhythm == Rhythm::Office;
    let Scale {
        units: unit_count,
        tasks: task_count,
        years,
    } = scale;
    let tx = db.transaction()?;
    let plan_id = plan::insert(
        &tx,
        &PlanInput {
            title: "示例县法治政府建设规划（压力测试）".into(),
            year: Some(FIRST.year),
            // an office's plan reports over every year of its reports (a plan of one year would
            // put every later month outside its reporting window)
            start_date: office
                .then(|| chrono::NaiveDate::from_ymd_opt(FIRST.year, 1, 1))
                .flatten(),
            end_date: match (office, i32::try_from(years)) {
                (true, Ok(y)) => chrono::NaiveDate::from_ymd_opt(FIRST.year + y - 1, 12, 31),
                _ => None,
            },
            report_rule: ReportRule {
                day: Some(5),
                ..Default::default()
            },
            ..Default::default()
        },
        &[],
    )?;
    let mut unit_ids = Vec::with_capacity(unit_count);
    for i in 0..unit_count {
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
    let mut task_units: Vec<Vec<i64>> = vec![Vec::new(); unit_count];
    {
        let mut ins_task = tx.prepare(
            "INSERT INTO task (plan_id, section_id, seq, code, title, requirements, deadline_text,
                               deadline_kind, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '长期坚持', 'ongoing', 'in_progress', '', '')",
        )?;
        let mut ins_assign = tx.prepare(
            "INSERT INTO assignment (task_id, unit_id, role, seq) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for i in 0..task_count {
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
                let u = (i * 7 + k * 13) % unit_count;
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
    let months = years * 12;
    let mut period = FIRST;
    // each month's files come in as one import (导入记录), as the clerk imports them
    let mut ins_batch = tx.prepare(
        "INSERT INTO ledger_import (imported_at, file_count, row_count) VALUES (?1, ?2, ?3)",
    )?;
    let mut ins_file = tx.prepare(
        "INSERT INTO ledger_import_file
             (batch_id, seq, file_name, file_path, file_hash, file_size, plan_id, unit_id,
              period, submission_id, sheet, header_row, row_count, entries, matched, new_rows,
              unchanged_rows, empty_rows, unmatched_rows, read_rows)
         VALUES (?1, ?2, ?3, ?4, ?5, 20000, ?6, ?7, ?8, ?9, '工作台账', 3, ?10, ?10, ?10, 0,
                 ?11, 0, 0, '[]')",
    )?;
    for p in 0..months {
        let arrives = period.next();
        let imported_at = format!("{:04}-{:02}-15 10:00:00", arrives.year, arrives.month);
        let batch_id = if office {
            ins_batch.execute(params![imported_at, 0, 0])?;
            tx.last_insert_rowid()
        } else {
            0
        };
        let (mut files, mut rows) = (0i64, 0i64);
        for (u, tasks) in task_units.iter().enumerate() {
            if skips(u, p, months) {
                continue;
            }
            // the wording changes every third month, so 汇总查看 shows changed and copied rows
            let text = format!(
                "{}本单位按计划推进，已完成阶段性工作。",
                Period {
                    year: period.year,
                    month: period.month - (period.month - 1) % 3
                }
                .label()
            );
            let entries: Vec<Entry> = tasks
                .iter()
                .map(|&task_id| Entry {
                    task_id,
                    text: text.clone(),
                    status: Some(Status::InProgress),
                })
                .collect();
            let received_at = if office {
                format!(
                    "{:04}-{:02}-{:02} 09:00:00",
                    arrives.year,
                    arrives.month,
                    arrival_day(u, p)
                )
            } else {
                "2015-01-05 09:00:00".to_string()
            };
            let submission_id = progress::record_submission(
                &tx,
                &Submission {
                    plan_id,
                    unit_id: unit_ids[u],
                    period,
                    file_name: "台账.xlsx",
                    file_hash: "",
                    received_at: &received_at,
                },
                &entries,
            )?;
            if !office {
                continue;
            }
            let file_name = format!("示例县第{u}局{}工作台账.xlsx", period.label());
            ins_file.execute(params![
                batch_id,
                files,
                file_name,
                format!("/home/clerk/台账/{}/{file_name}", period.label()),
                format!("{:x}", p * unit_count + u),
                plan_id,
                unit_ids[u],
                period.to_string(),
                submission_id,
                entries.len() as i64,
                if p % 3 == 0 { 0 } else { entries.len() as i64 },
            ])?;
            files += 1;
            rows += entries.len() as i64;
        }
        if office {
            tx.execute(
                "UPDATE ledger_import SET file_count = ?1, row_count = ?2 WHERE id = ?3",
                params![files, rows, batch_id],
            )?;
        }
        period = period.next();
    }
    drop((ins_batch, ins_file));
    tx.commit()?;
    Ok(plan_id)
}
