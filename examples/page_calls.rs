//! Times the core calls behind each page of the window (issue #27) on a database, e.g. the
//! window benchmark's county (`target/bench-window/county-10y-v2.db`): median and max of a few
//! runs of each, the median time this process spent on a CPU (Linux; on a machine shared with
//! other builds the wall time is mostly waiting), and the size of its JSON answer, so that a slow
//! page can be told apart into the core's time and the window's. Reads only (the database is
//! opened, migrated and read).
//!
//! Run: `cargo run --release --example page_calls -- DB TODAY PERIOD [--runs 3]`

use std::time::Instant;

use chrono::NaiveDate;
use taizhang::ledger::consolidate::{self, ConsolidatedQuery};
use taizhang::progress::Period;
use taizhang::report::{self, Range};
use taizhang::task::TaskFilter;
use taizhang::{plan, remind, task, unit, Db};

type Call<'a> = (
    &'a str,
    Box<dyn Fn(&Db) -> Result<usize, Box<dyn std::error::Error>> + 'a>,
);

/// Nanoseconds this process has run on a CPU (`/proc/self/schedstat`), where the system says.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn json_len<T: serde::Serialize>(v: &T) -> Result<usize, Box<dyn std::error::Error>> {
    Ok(serde_json::to_vec(v)?.len())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(today), Some(period)) = (args.first(), args.get(1), args.get(2)) else {
        return Err("用法：cargo run --release --example page_calls -- 数据库 今天 期次".into());
    };
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d")?;
    let period = Period::parse(period)?;
    let runs: usize = match args.iter().position(|a| a == "--runs") {
        Some(i) => args.get(i + 1).ok_or("--runs 后面缺少次数")?.parse()?,
        None => 3,
    };
    let t0 = Instant::now();
    let db = Db::open(std::path::Path::new(path))?;
    println!(
        "open (migrations) {:.0} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let plan_id = plan::list(&db)?.first().ok_or("数据库中没有方案")?.id;
    let one_task = task::of_plan(&db, plan_id)?
        .first()
        .ok_or("方案没有任务")?
        .id;
    let month = Range::month(period);
    let calls: Vec<Call> = vec![
        (
            "工作台 plan|overview",
            Box::new(|db| json_len(&taizhang::overview::overview(db, plan_id, today)?)),
        ),
        (
            "工作台 remind|board (brief)",
            Box::new(|db| json_len(&remind::board(db, plan_id, today)?.brief())),
        ),
        (
            "tray remind::reminders (all plans)",
            Box::new(|db| json_len(&remind::reminders(db, None, today)?)),
        ),
        (
            "任务清单 task|list",
            Box::new(|db| {
                let f = TaskFilter {
                    plan_id: Some(plan_id),
                    ..TaskFilter::default()
                };
                json_len(&task::list(db, &f)?)
            }),
        ),
        (
            "责任单位 unit|list",
            Box::new(|db| json_len(&unit::list(db)?)),
        ),
        (
            "导入记录 ledger|import_batch_page",
            Box::new(|db| json_len(&taizhang::ledger::import::batch_page(db, 0, 20)?)),
        ),
        (
            "汇总查看 ledger|periods",
            Box::new(|db| json_len(&consolidate::reported_periods(db, plan_id)?)),
        ),
        (
            "汇总查看 ledger|consolidated_page (20 tasks)",
            Box::new(|db| {
                let q = ConsolidatedQuery {
                    limit: 20,
                    ..ConsolidatedQuery::default()
                };
                json_len(&consolidate::consolidated_page(db, plan_id, period, &q)?)
            }),
        ),
        (
            "汇总查看 ledger|status",
            Box::new(|db| json_len(&consolidate::period_status(db, plan_id, period)?)),
        ),
        (
            "历次进展 ledger|task_history",
            Box::new(|db| json_len(&consolidate::task_history(db, one_task)?)),
        ),
        (
            "统计报表 report|summary (one month)",
            Box::new(|db| json_len(&report::summary(db, plan_id, month, today)?)),
        ),
        (
            "统计报表 report|stats (one month)",
            Box::new(|db| json_len(&report::stats(db, plan_id, month, today)?)),
        ),
        (
            "统计报表 report|circular (one month)",
            Box::new(|db| json_len(&report::circular(db, plan_id, month, today)?)),
        ),
    ];
    println!("| core call | median | max | CPU (median) | JSON |");
    println!("|---|---|---|---|---|");
    for (name, call) in &calls {
        let mut times = Vec::with_capacity(runs);
        let mut cpu = Vec::with_capacity(runs);
        let mut size = 0;
        for _ in 0..runs.max(1) {
            let (t, c) = (Instant::now(), cpu_ns());
            size = call(&db)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if let (Some(a), Some(b)) = (c, cpu_ns()) {
                cpu.push(b.saturating_sub(a) as f64 / 1e6);
            }
        }
        times.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        let cpu = cpu
            .get(cpu.len() / 2)
            .map_or("—".to_string(), |c| format!("{c:.0} ms"));
        println!(
            "| {name} | {:.0} ms | {:.0} ms | {cpu} | {} KB |",
            times[times.len() / 2],
            times[times.len() - 1],
            size / 1024
        );
    }
    Ok(())
}
