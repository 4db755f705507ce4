//! What 照抄 detection adds to a month's import in a county with 10 years of reports (200 units
//! × 2,000 tasks, ≈ 2.4 M progress rows): 100 returned ledgers for the next month (about half
//! of each unit's rows the previous month's text with new numbers, the others new) are
//! previewed and committed with the check and without it (`ImportOptions::skip_copied`), in
//! turn, in the same run and on the same database (each import undone before the next).
//! Prints both medians and the overhead, and fails when it is 20 % or more. The reference
//! imports without the check and keeps no 照抄 prints (`CommitChoices::skip_copied`), so the
//! overhead is all the feature costs: the prints written with each report and the comparison.
//!
//! Run: `cargo bench --bench copied` (add `-- --quick` for one year of history).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run

#[path = "county/mod.rs"]
mod county;
#[path = "../tests/ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use county::report_text;
use ledger_fixtures::{fill, ledger, units, write, Layout};
use taizhang::ledger::import::{self, CommitChoices, FileState, ImportOptions};
use taizhang::progress::Period;

/// The allocator the programs use (set in `src/main.rs` and the desktop's `main.rs`), so the
/// bench measures what the clerk runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const FILES: usize = 100;
/// Measurements of each kind (the median is printed).
const RUNS: usize = 7;

fn main() -> BenchResult {
    let county::County {
        dir,
        path,
        mut db,
        years,
        built,
        rows,
        ..
    } = county::from_args()?;
    let month = Period {
        year: 2015 + years as i32,
        month: 1,
    };
    let folder = dir.path().join("ledgers");
    std::fs::create_dir_all(&folder)?;
    let files = make_ledgers(&path, &folder, month)?;

    // The files arrived on the 4th of the next month and are imported that day.
    let today = month
        .next()
        .first_day()
        .and_then(|d| d.checked_add_days(chrono::Days::new(3)));
    let options = |skip_copied| ImportOptions {
        today,
        received: today,
        skip_copied,
        ..Default::default()
    };
    // The reference keeps no 照抄 prints either: all the feature costs is measured.
    let choices = |skip_copied| CommitChoices {
        today,
        skip_copied,
        ..Default::default()
    };
    let (mut with, mut without) = (Vec::new(), Vec::new());
    let mut copied = 0;
    // One warm-up of each, then the two in turn.
    for run in 0..=RUNS {
        for skip in [false, true] {
            let t = Instant::now();
            let preview = import::preview(&db, &files, &options(skip))?;
            let report = import::commit(&mut db, &preview, &choices(skip), &mut |_, _| {})?;
            let took = t.elapsed();
            let ready = preview
                .files
                .iter()
                .filter(|f| f.state == FileState::Ready)
                .count();
            if ready != files.len() {
                return Err(format!("only {ready} of {} ledgers importable", files.len()).into());
            }
            let batch = report.batch.ok_or("nothing imported")?;
            import::undo(&mut db, batch)?;
            if !skip {
                copied = preview.files.iter().map(|f| f.counts.copied).sum::<usize>();
            }
            if run > 0 {
                if skip { &mut without } else { &mut with }.push(took);
            }
        }
    }
    let (with, without) = (median(&mut with), median(&mut without));
    let overhead = (ms(with) / ms(without).max(1e-9) - 1.0) * 100.0;
    println!(
        "county: {} units, {} tasks, {years} years, {rows} progress rows (built in {:.0} s)",
        county::UNITS,
        county::TASKS,
        built.as_secs_f64()
    );
    println!(
        "import of {} ledgers for {} ({copied} rows found 照抄), median of {RUNS}:",
        files.len(),
        month.label()
    );
    println!(
        "  without 照抄 detection {:>8.1} ms\n  with    照抄 detection {:>8.1} ms  (+{overhead:.1} %; goal < 20 %: {})",
        ms(without),
        ms(with),
        if overhead < 20.0 { "met" } else { "MISSED" }
    );
    if copied == 0 {
        return Err("no row was found 照抄: the bench measured nothing".into());
    }
    if overhead >= 20.0 {
        return Err(format!("照抄 detection adds {overhead:.1} %, the goal is under 20 %").into());
    }
    Ok(())
}

/// What departments write, put together differently for each unit and row.
const PHRASES: [&str; 12] = [
    "召开专题会议研究部署",
    "印发年度实施方案",
    "开展专项督导检查",
    "组织执法人员业务培训",
    "完善工作台账和档案",
    "推进政务信息公开",
    "落实领导干部学法制度",
    "建立问题整改清单",
    "邀请法律顾问参与论证",
    "走访企业听取意见建议",
    "梳理权责清单并动态调整",
    "开展典型案例评查",
];

/// The ledgers of the first `FILES` units for `month`: odd rows repeat the previous month's
/// text with the new month's date, even rows are new and differ from unit to unit.
fn make_ledgers(db: &Path, folder: &Path, month: Period) -> BenchResult<Vec<PathBuf>> {
    let mut out = Vec::new();
    let period = month.to_string();
    for (u, (_, unit)) in units(db)?.into_iter().take(FILES).enumerate() {
        let l = ledger(db, &unit, &period)?;
        let mut rows = fill(&l, "本月");
        for (i, r) in rows.iter_mut().enumerate() {
            r.progress = if i % 2 == 1 {
                report_text(month)
            } else {
                let pick = |k: usize| PHRASES[(u * 5 + i * 7 + k * 3) % PHRASES.len()];
                format!("本月{}，{}，{}。", pick(0), pick(1), pick(2))
            };
        }
        let p = folder.join(format!("{unit}_{period}.xlsx"));
        write(&p, Layout::Ours, &l, &rows)?;
        out.push(p);
    }
    Ok(out)
}

fn median(runs: &mut [Duration]) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
