//! A county at scale: 200 units, 2,000 tasks, 10 years of monthly reports (≈ 2.4 M progress
//! rows). Times `task list` for one unit and the per-unit reporting status of one period, and
//! prints the figures with the database size. Goal: < 50 ms each.
//!
//! Run: `cargo bench --bench scale` (add `-- --quick` for a smaller county).

use std::time::{Duration, Instant};

use rusqlite::params;
use taizhang::plan::{self, PlanInput, ReportRule};
use taizhang::progress::{self, Entry, Period, Submission};
use taizhang::task::{self, Status, TaskFilter};
use taizhang::unit::{self, UnitInput};
use taizhang::Db;

type BenchResult = Result<(), Box<dyn std::error::Error>>;

const UNITS: usize = 200;
const TASKS: usize = 2_000;
const UNITS_PER_TASK: usize = 10;

fn main() -> BenchResult {
    let quick = std::env::args().any(|a| a == "--quick");
    let years = if quick { 1 } else { 10 };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("county.db");
    let mut db = Db::open(&path)?;

    let t0 = Instant::now();
    let plan_id = build_county(&mut db, years)?;
    let build = t0.elapsed();
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    let size = std::fs::metadata(&path)?.len();
    let rows: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM progress", [], |r| r.get(0))?;

    let unit_name = "示例县第57局";
    let filter = TaskFilter {
        plan_id: Some(plan_id),
        unit: Some(unit_name.to_string()),
        ..Default::default()
    };
    let listed = task::list(&db, &filter)?.len();
    let t_list = median(|| task::list(&db, &filter).map(|_| ()))?;
    let everything = TaskFilter {
        plan_id: Some(plan_id),
        ..Default::default()
    };
    let t_all = median(|| task::list(&db, &everything).map(|_| ()))?;
    let period = Period {
        year: 2015 + years as i32 - 1,
        month: 6,
    };
    let reported = progress::status(&db, plan_id, period)?;
    let t_status = median(|| progress::status(&db, plan_id, period).map(|_| ()))?;

    println!("county: {UNITS} units, {TASKS} tasks, {years} years, {rows} progress rows");
    println!(
        "built in {:.1} s; database {:.1} MB",
        build.as_secs_f64(),
        size as f64 / 1e6
    );
    println!(
        "task list --unit {unit_name}: {listed} tasks, median {:.2} ms  (goal < 50 ms: {})",
        ms(t_list),
        verdict(t_list)
    );
    println!(
        "reference, whole task list: {} tasks, median {:.2} ms",
        TASKS,
        ms(t_all)
    );
    println!(
        "reporting status {period}: {} units, median {:.2} ms  (goal < 50 ms: {})",
        reported.len(),
        ms(t_status),
        verdict(t_status)
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn verdict(d: Duration) -> &'static str {
    if d < Duration::from_millis(50) {
        "met"
    } else {
        "MISSED"
    }
}

/// Median of 21 timed runs after one warm-up.
fn median<E>(mut f: impl FnMut() -> Result<(), E>) -> Result<Duration, E> {
    f()?;
    let mut times = Vec::with_capacity(21);
    for _ in 0..21 {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn build_county(db: &mut Db, years: usize) -> Result<i64, Box<dyn std::error::Error>> {
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
                    text: format!("{}本单位按计划推进，已完成阶段性工作。", period.label()),
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
