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
//! Our import and the floor are compared on the same basis: once with everything on one
//! thread, once with the files read on every core (the floor inflating on as many threads); the
//! commit is one SQLite transaction on one thread in both. pandas (one thread) is compared with
//! our one-thread time. Before each measurement 64 MB are written, so that neither finds the
//! files in the CPU caches where the one measured before it left them.
//!
//! Run: `cargo bench --bench ledger_import` (pandas: `pip install pandas openpyxl`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run

#[path = "../tests/ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ledger_fixtures::{fill, ledger, units, write, Layout};
use taizhang::ledger::import::{self, CommitChoices, FileState, ImportOptions};
use taizhang::{sample, Db};

/// The allocator the programs use (set in `src/main.rs` and the desktop's `main.rs`), so the
/// bench measures what the clerk runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const FILES: usize = 100;
/// Measurements per basis (the median is printed); `LEDGER_BENCH_RUNS=N` takes more, to profile.
const RUNS: usize = 9;

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
    // LEDGER_BENCH_KEEP=DIR keeps a copy of the generated ledgers, to open or profile them.
    if let Some(keep) = std::env::var_os("LEDGER_BENCH_KEEP") {
        std::fs::create_dir_all(&keep)?;
        for f in &files {
            if let Some(name) = f.file_name() {
                std::fs::copy(f, Path::new(&keep).join(name))?;
            }
        }
    }
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();

    // Our import and the floor on the same basis: first everything on one thread, then the
    // reading spread over the cores for both (the commit is one SQLite transaction either way).
    let cores = import::reading_threads();
    let mut bases = vec![1];
    if cores > 1 {
        bases.push(cores);
    }
    // LEDGER_BENCH_THREADS=N runs one basis only (to profile it).
    if let Some(n) = std::env::var("LEDGER_BENCH_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        bases = vec![n.max(1)];
    }
    let runs = std::env::var("LEDGER_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(RUNS, |n| n.max(1));
    let mut results = Vec::new();
    let mut rows = 0;
    let mut scratch = vec![0u8; EVICT_BYTES];
    for &threads in &bases {
        let mut totals = Vec::new();
        let mut previews = Vec::new();
        let mut floors = Vec::new();
        for run in 0..runs {
            let db_path = dir.path().join(format!("run{threads}-{run}.db"));
            std::fs::copy(&base, &db_path)?;
            let mut db = Db::open(&db_path)?;
            evict_caches(&mut scratch);
            let t = Instant::now();
            let preview = import::preview_on(&db, &files, &ImportOptions::default(), threads)?;
            let read = t.elapsed();
            let report =
                import::commit(&mut db, &preview, &CommitChoices::default(), &mut |_, _| {})?;
            totals.push(t.elapsed());
            previews.push(read);
            check_all_imported(&preview, &report, files.len())?;
            rows = preview.files.iter().map(|f| f.counts.rows).sum::<usize>();

            evict_caches(&mut scratch);
            let t = Instant::now();
            std::hint::black_box(inflate_all(&files, threads)?);
            floors.push(t.elapsed());
        }
        results.push((
            threads,
            median(&mut totals),
            median(&mut previews),
            median(&mut floors),
        ));
    }

    println!(
        "ledger import: {} files ({:.1} MB), {rows} data rows, mixed layouts; {cores} core(s)",
        files.len(),
        bytes as f64 / 1_048_576.0
    );
    println!("  (median of {runs}, caches emptied before each; floor = reading the files and inflating the zip entries the import reads, nothing parsed)");
    for &(threads, total, preview, floor) in &results {
        let basis = if threads == 1 {
            "1 thread ".to_string()
        } else {
            format!("{threads} threads")
        };
        let ratio = ms(total) / ms(floor).max(1e-9);
        println!(
            "  {basis}: taizhang preview + commit {:>7.1} ms (preview {:.1} + commit {:.1}); raw floor {:>5.1} ms; taizhang / floor {ratio:.2}×, preview alone {:.2}×  (goal ≤ 3×){}",
            ms(total),
            ms(preview),
            ms(total) - ms(preview),
            ms(floor),
            ms(preview) / ms(floor).max(1e-9),
            if ratio <= 3.0 { "" } else { "  ✘ goal missed" }
        );
    }
    let single = results[0].1;
    match pandas(&folder) {
        Ok(seconds) => {
            let ratio = seconds * 1000.0 / ms(single).max(1e-9);
            println!(
                "  pandas + openpyxl (1 thread): {:>7.1} ms; pandas / taizhang (1 thread) {ratio:.1}×  (goal ≥ 20×){}",
                seconds * 1000.0,
                if ratio >= 20.0 { "" } else { "  ✘ goal missed" }
            );
        }
        Err(note) => println!("  pandas + openpyxl: not run — {note}"),
    }
    Ok(())
}

/// Every ledger of the bench must be read and written, or the times mean nothing.
fn check_all_imported(
    preview: &import::ImportPreview,
    report: &import::CommitReport,
    expected: usize,
) -> BenchResult {
    let ready = preview
        .files
        .iter()
        .filter(|f| f.state == FileState::Ready)
        .count();
    if ready != expected || report.batch.is_none() {
        let bad: Vec<_> = preview
            .files
            .iter()
            .filter(|f| f.state != FileState::Ready)
            .map(|f| (&f.file_name, &f.issues))
            .collect();
        return Err(format!("not every ledger imported: {bad:?}").into());
    }
    Ok(())
}

/// The raw floor over all files on `threads` threads, taking files from a shared counter as
/// the import does. Returns the bytes inflated.
fn inflate_all(files: &[PathBuf], threads: usize) -> BenchResult<usize> {
    if threads <= 1 {
        let mut n = 0;
        for f in files {
            n += inflate_entries(f)?;
        }
        return Ok(n);
    }
    let next = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    std::thread::scope(|scope| -> BenchResult {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<(), String> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(i) else { return Ok(()) };
                        let n = inflate_entries(f).map_err(|e| e.to_string())?;
                        total.fetch_add(n, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().map_err(|_| "a floor thread panicked")??;
        }
        Ok(())
    })?;
    Ok(total.into_inner())
}

/// Bytes written between measurements so that neither our import nor the floor finds the
/// files (or the other's data) still in the CPU caches from the one measured before it.
const EVICT_BYTES: usize = 64 << 20;

fn evict_caches(scratch: &mut [u8]) {
    for (i, b) in scratch.iter_mut().enumerate().step_by(64) {
        *b = b.wrapping_add(i as u8);
    }
    std::hint::black_box(&*scratch);
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

/// Inflates the parts of a workbook the import reads: workbook, its relationships, shared
/// strings, styles and worksheets. (The import reads styles only when a cell holds a number —
/// 60 of these 100 files — so the floor is a little more than what it inflates.) Returns the
/// bytes inflated.
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
