//! Ledger import at a month's scale: 100 returned ledgers in mixed layouts (our export as
//! filled, re-sorted, and hand-made tables with titles, 填报单位 lines, sections, repeated
//! headers, two-row headers, odd places, dates, rich text and formulas). Times, in the same
//! run:
//!
//! - our import: preview (read, detect, match) and commit into the sample plan's database;
//! - the reference `benches/ledger_import_pandas.py`: pandas + openpyxl reading the same files
//!   and concatenating them (no matching, no database);
//! - the raw floor: inflating the same zip entries the import reads, nothing parsed.
//!
//! Prints all three and the ratios. Goals: ≥ 20× faster than pandas, within 3× of the floor.
//!
//! Run: `cargo bench --bench ledger_import` (pandas: `pip install pandas openpyxl`).

#[path = "../tests/ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ledger_fixtures::{fill, ledger, units, write, Layout};
use taizhang::ledger::import::{self, CommitChoices, FileState, ImportOptions};
use taizhang::{sample, Db};

type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const FILES: usize = 100;
const RUNS: usize = 7;

fn main() -> BenchResult {
    let dir = tempfile::tempdir()?;
    let base = dir.path().join("base.db");
    {
        let mut db = Db::open(&base)?;
        sample::load(&mut db)?;
    }
    let folder = dir.path().join("ledgers");
    std::fs::create_dir_all(&folder)?;
    let files = make_ledgers(&base, &folder)?;
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();

    // Our import, each run into a fresh copy of the database.
    let mut ours = Vec::new();
    let mut previews = Vec::new();
    let mut rows = 0;
    for run in 0..RUNS {
        let db_path = dir.path().join(format!("run{run}.db"));
        std::fs::copy(&base, &db_path)?;
        let mut db = Db::open(&db_path)?;
        let t = Instant::now();
        let preview = import::preview(&db, &files, &ImportOptions::default())?;
        let read = t.elapsed();
        let report = import::commit(&mut db, &preview, &CommitChoices::default(), &mut |_, _| {})?;
        ours.push(t.elapsed());
        previews.push(read);
        let ready = preview
            .files
            .iter()
            .filter(|f| f.state == FileState::Ready)
            .count();
        if ready != files.len() || report.batch.is_none() {
            let bad: Vec<_> = preview
                .files
                .iter()
                .filter(|f| f.state != FileState::Ready)
                .map(|f| (&f.file_name, &f.issues))
                .collect();
            return Err(format!("not every ledger imported: {bad:?}").into());
        }
        rows = preview.files.iter().map(|f| f.counts.rows).sum::<usize>();
    }
    let ours = median(&mut ours);
    let preview = median(&mut previews);

    // The raw floor: inflate the entries the import reads.
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let mut n = 0usize;
        for f in &files {
            n += inflate_entries(f)?;
        }
        floor.push(t.elapsed());
        std::hint::black_box(n);
    }
    let floor = median(&mut floor);

    println!(
        "ledger import: {} files ({:.1} MB), {rows} data rows, mixed layouts",
        files.len(),
        bytes as f64 / 1_048_576.0
    );
    println!("  taizhang preview + commit : {:>9.1} ms", ms(ours));
    println!(
        "    of which preview        : {:>9.1} ms (read, detect, match; {:.1}× the floor)",
        ms(preview),
        ms(preview) / ms(floor).max(1e-9)
    );
    println!("  raw floor (inflate only)  : {:>9.1} ms", ms(floor));
    let ratio_floor = ms(ours) / ms(floor).max(1e-9);
    println!(
        "  taizhang / raw floor      : {ratio_floor:>9.2}×  (goal ≤ 3×){}",
        if ratio_floor <= 3.0 {
            ""
        } else {
            "  ✘ goal missed"
        }
    );
    match pandas(&folder) {
        Ok(seconds) => {
            let ratio = seconds * 1000.0 / ms(ours).max(1e-9);
            println!("  pandas + openpyxl         : {:>9.1} ms", seconds * 1000.0);
            println!(
                "  pandas / taizhang         : {ratio:>9.1}×  (goal ≥ 20×){}",
                if ratio >= 20.0 {
                    ""
                } else {
                    "  ✘ goal missed"
                }
            );
        }
        Err(note) => println!("  pandas + openpyxl         : not run — {note}"),
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(runs: &mut [Duration]) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// 100 ledgers: units × months, layouts in turn.
fn make_ledgers(db: &Path, folder: &Path) -> BenchResult<Vec<PathBuf>> {
    let layouts = [
        Layout::Ours,
        Layout::OursResorted,
        Layout::HandMade,
        Layout::TwoRowHeader,
        Layout::OddPlace,
    ];
    let mut out = Vec::new();
    'outer: for month in 3..=12 {
        for (_, unit) in units(db)? {
            let period = format!("2025-{month:02}");
            let l = ledger(db, &unit, &period)?;
            if l.tasks.is_empty() {
                continue;
            }
            let layout = layouts[out.len() % layouts.len()];
            let p = folder.join(format!("{unit}_{period}.xlsx"));
            write(&p, layout, &l, &fill(&l, &format!("第{}份", out.len())))?;
            out.push(p);
            if out.len() == FILES {
                break 'outer;
            }
        }
    }
    Ok(out)
}

/// Inflates the parts of a workbook the import reads: workbook, relationships, styles, shared
/// strings and worksheets. Returns the bytes inflated.
fn inflate_entries(path: &Path) -> BenchResult<usize> {
    let bytes = std::fs::read(path)?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice()))?;
    let mut buf = Vec::new();
    let mut total = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let name = f.name()?.into_owned();
        let wanted = name == "xl/workbook.xml"
            || name == "xl/_rels/workbook.xml.rels"
            || name == "xl/styles.xml"
            || name == "xl/sharedStrings.xml"
            || name == "_rels/.rels"
            || name.starts_with("xl/worksheets/sheet");
        if wanted {
            buf.clear();
            f.read_to_end(&mut buf)?;
            total += buf.len();
        }
    }
    Ok(total)
}

/// Seconds pandas + openpyxl take to read and concatenate the folder.
fn pandas(folder: &Path) -> Result<f64, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/ledger_import_pandas.py");
    let out = ["python3", "python"]
        .iter()
        .find_map(|py| Command::new(py).arg(&script).arg(folder).output().ok())
        .ok_or("python3 is not installed")?;
    let text = String::from_utf8_lossy(&out.stdout);
    if let Some(note) = text.lines().find_map(|l| l.strip_prefix("pandas_missing=")) {
        return Err(note.to_string());
    }
    text.lines()
        .find_map(|l| l.strip_prefix("pandas_seconds="))
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| {
            format!(
                "the script failed: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            )
        })
}
