//! A county at scale: 200 units, 2,000 tasks, 10 years of monthly reports (≈ 2.4 M progress
//! rows). Times `task list` for one unit and the per-unit reporting status of one period, and
//! prints the figures with the database size. Goal: < 50 ms each.
//!
//! Run: `cargo bench --bench scale` (add `-- --quick` for a smaller county).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run

use std::time::{Duration, Instant};

#[path = "county/mod.rs"]
mod county;

use county::{TASKS, UNITS};
use taizhang::progress::{self, Period};
use taizhang::task::{self, TaskFilter};

/// The allocator the programs use (set in `src/main.rs` and the desktop's `main.rs`), so the
/// bench measures what the clerk runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type BenchResult = Result<(), Box<dyn std::error::Error>>;

fn main() -> BenchResult {
    let county::County {
        path,
        db,
        plan_id,
        years,
        built: build,
        rows,
        dir: _dir,
    } = county::from_args()?;
    let size = std::fs::metadata(&path)?.len();

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
