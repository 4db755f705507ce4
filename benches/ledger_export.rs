//! Ledger export at county scale: 100 units × 40 tasks each, with the previous month's reports
//! prefilled, exported as 100 unit workbooks plus the 汇总. Times the Rust export, then has the
//! reference script `benches/ledger_export_openpyxl.py` write the same cells, styles, print
//! setup, protection and identity with Python's openpyxl, and prints both and the ratio.
//! Goal: ≥ 10× faster than openpyxl and under one second in total.
//!
//! Run: `cargo bench --bench ledger_export` (needs python3 with openpyxl).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};
use taizhang::ledger::{self, ExportOptions, LedgerRequest};
use taizhang::plan::{self, PlanInput, ReportRule};
use taizhang::progress::{self, Entry, Period, Submission};
use taizhang::task::{self, Status, TaskInput};
use taizhang::unit::{self, UnitInput};
use taizhang::Db;

/// The allocator the programs use (set in `src/main.rs` and the desktop's `main.rs`), so the
/// bench measures what the clerk runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const UNITS: usize = 100;
const TASKS_PER_UNIT: usize = 40;
const UNITS_PER_TASK: usize = 10;
const TASKS: usize = UNITS * TASKS_PER_UNIT / UNITS_PER_TASK;
const PERIOD: Period = Period {
    year: 2025,
    month: 9,
};

fn main() -> BenchResult {
    let dir = tempfile::tempdir()?;
    let mut db = Db::open(&dir.path().join("county.db"))?;
    let plan_id = build_county(&mut db)?;
    let out = dir.path().join("rust");
    std::fs::create_dir_all(&out)?;
    let req = LedgerRequest {
        plan_id,
        period: PERIOD,
        out_dir: out.clone(),
        unit: None,
        // The timed runs export again into the same folder, replacing the files of the first.
        existing: taizhang::ledger::Existing::Replace,
    };
    let options = ExportOptions::default();

    let files = ledger::export(&db, &req, &options)?;
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        ledger::export(&db, &req, &options)?;
        runs.push(t.elapsed());
    }
    runs.sort();
    let rust = runs[runs.len() / 2];
    let unit_books = files.iter().filter(|f| f.unit_id.is_some()).count();
    let rows: usize = files.iter().map(|f| f.tasks).sum();

    let json = dir.path().join("content.json");
    std::fs::write(&json, dump_content(&files)?)?;
    let py_out = dir.path().join("openpyxl");
    std::fs::create_dir_all(&py_out)?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/ledger_export_openpyxl.py");
    let py = Command::new("python3")
        .arg(&script)
        .arg(&json)
        .arg(&py_out)
        .output()
        .map_err(|e| format!("python3 is needed for the reference run: {e}"))?;
    if !py.status.success() {
        return Err(format!(
            "openpyxl reference failed (python3 -m pip install openpyxl): {}",
            String::from_utf8_lossy(&py.stderr)
        )
        .into());
    }
    let said = String::from_utf8_lossy(&py.stdout);
    let python: f64 = said
        .lines()
        .find_map(|l| l.strip_prefix("openpyxl_seconds="))
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| format!("no timing from the script: {said}"))?;
    let py_files = std::fs::read_dir(&py_out)?.count();

    let ratio = python / rust.as_secs_f64();
    println!(
        "ledger export: {unit_books} unit workbooks × {TASKS_PER_UNIT} tasks + 汇总 ({} tasks), \
         {rows} task rows, previous month prefilled",
        TASKS
    );
    println!(
        "rust_xlsxwriter (taizhang::ledger::export, DB read included): median {:.0} ms  \
         (goal < 1000 ms: {})",
        ms(rust),
        if rust < Duration::from_secs(1) {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "openpyxl reference ({py_files} files, writing only): {:.0} ms",
        python * 1e3
    );
    println!(
        "ratio: {ratio:.1}× faster  (goal ≥ 10×: {})",
        if ratio >= 10.0 { "met" } else { "MISSED" }
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Every exported workbook's main-sheet cells, merged ranges, row heights and identity, as JSON
/// for the reference script, so that it writes exactly the same content.
fn dump_content(files: &[ledger::ExportedFile]) -> BenchResult<String> {
    let mut books = Vec::new();
    for f in files {
        let mut wb: Xlsx<_> = open_workbook(&f.file)?;
        let sheet = wb
            .sheet_names()
            .first()
            .cloned()
            .ok_or("workbook without sheets")?;
        let range = wb.worksheet_range(&sheet)?;
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let ident = wb.worksheet_range(ledger::IDENTITY_SHEET)?;
        let identity: Vec<(String, String)> = ident
            .rows()
            .map(|r| (cell_text(&r[0]), cell_text(&r[1])))
            .collect();
        books.push(serde_json::json!({
            "file": f.file.file_name().map(|n| n.to_string_lossy().into_owned()),
            "sheet": sheet,
            "protected": f.unit_id.is_some(),
            "rows": rows,
            "identity": identity,
        }));
    }
    Ok(serde_json::to_string(&books)?)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// 100 units; 400 tasks in 10 sections, each with one lead and nine cooperating units, so that
/// every unit has 40 tasks; an August report from every unit on every one of its tasks.
fn build_county(db: &mut Db) -> BenchResult<i64> {
    let tx = db.transaction()?;
    let plan_id = plan::insert(
        &tx,
        &PlanInput {
            title: "示例县2025年法治政府建设重点工作实施方案（压力测试）".into(),
            year: Some(2025),
            start_date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
            end_date: chrono::NaiveDate::from_ymd_opt(2025, 12, 31),
            report_rule: ReportRule {
                day: Some(5),
                ..Default::default()
            },
            ..Default::default()
        },
        &[],
    )?;
    let mut names = Vec::with_capacity(UNITS);
    let mut unit_ids = Vec::with_capacity(UNITS);
    for i in 0..UNITS {
        let name = format!("示例县第{}局", i + 1);
        unit_ids.push(unit::insert(
            &tx,
            &UnitInput {
                name: name.clone(),
                contact_name: format!("联络员{i}"),
                contact_phone: format!("0123-{:07}", i),
                ..Default::default()
            },
        )?);
        names.push(name);
    }
    let parent = plan::insert_section(&tx, plan_id, None, "二、", "重点任务")?;
    let sections: Vec<i64> = (0..10)
        .map(|s| {
            plan::insert_section(
                &tx,
                plan_id,
                Some(parent),
                &format!("({})", s + 1),
                &format!("第{}方面：推进依法行政，提升治理效能", s + 1),
            )
        })
        .collect::<Result<_, _>>()?;
    let mut unit_tasks: Vec<Vec<i64>> = vec![Vec::new(); UNITS];
    for t in 0..TASKS {
        let members: Vec<usize> = (0..UNITS_PER_TASK)
            .map(|j| t % UNITS_PER_TASK + UNITS_PER_TASK * j)
            .collect();
        let id = task::insert(
            &tx,
            &TaskInput {
                plan_id,
                section_id: Some(sections[t * sections.len() / TASKS]),
                code: (t + 1).to_string(),
                title: format!(
                    "第{}项：健全行政执法监督机制，规范执法行为，落实执法责任制",
                    t + 1
                ),
                deadline_text: "2025年10月31日".into(),
                status: Status::InProgress,
                lead_units: vec![names[members[0]].clone()],
                co_units: members[1..].iter().map(|&u| names[u].clone()).collect(),
                ..Default::default()
            },
        )?;
        for &u in &members {
            unit_tasks[u].push(id);
        }
    }
    for (u, tasks) in unit_tasks.iter().enumerate() {
        let entries: Vec<Entry> = tasks
            .iter()
            .map(|&task_id| Entry {
                task_id,
                text: format!(
                    "8月份{}召开专题会议研究部署，制定落实方案，完成阶段性任务；下一步继续推进。",
                    names[u]
                ),
                status: Some(Status::InProgress),
            })
            .collect();
        progress::record_submission(
            &tx,
            &Submission {
                plan_id,
                unit_id: unit_ids[u],
                period: PERIOD.prev(),
                file_name: "台账.xlsx",
                file_hash: "",
                received_at: "2025-09-04 09:00:00",
            },
            &entries,
        )?;
    }
    tx.commit()?;
    Ok(plan_id)
}
