//! Writes the ten-times county of `benches/county` (200 units, 2,000 tasks, ten years of monthly
//! reports) to a database file, for the window benchmark (`scripts/bench-window.sh`); `--small`
//! writes a county of a tenth (20 units, 200 tasks, one year), about a county office today.
//!
//! Run: `cargo run --example county -- OUT.db [--years N] [--small]`; an existing OUT.db is
//! refused.

use std::time::Instant;

use taizhang::Db;

#[path = "../benches/county/mod.rs"]
mod county;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().filter(|a| !a.starts_with("--")) else {
        return Err("用法：cargo run --example county -- 输出.db [--years 10]".into());
    };
    let small = args.iter().any(|a| a == "--small");
    let years = match args.iter().position(|a| a == "--years") {
        Some(i) => args.get(i + 1).ok_or("--years 后面缺少年数")?.parse()?,
        None if small => 1,
        None => 10,
    };
    let scale = if small {
        county::Scale {
            units: county::UNITS / 10,
            tasks: county::TASKS / 10,
            years,
        }
    } else {
        county::Scale::county(years)
    };
    let out = std::path::Path::new(out);
    if out.exists() {
        return Err(format!("{} 已存在，不覆盖", out.display()).into());
    }
    let t0 = Instant::now();
    let mut db = Db::open(out)?;
    county::build(&mut db, scale, county::Rhythm::Office)?;
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    let rows: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM progress", [], |r| r.get(0))?;
    println!(
        "{}: {} units, {} tasks, {years} years, {rows} progress rows, built in {:.0} s",
        out.display(),
        scale.units,
        scale.tasks,
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
