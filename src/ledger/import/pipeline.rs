//! The preview's reading pipeline: files read on a few threads within a memory budget, each
//! previewed on the calling thread in the order given.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;

use crate::copied;
use crate::document::file::file_name;
use crate::period::Period;
use crate::plan::PlanError;
use crate::progress::print::Print;
use crate::store::Db;

use super::context::Context;
use super::error::LedgerImportError;
use super::folder::{content_hash, expand_folders};
use super::layout::{NoTable, Table};
use super::preview_book::preview_book;
use super::read::{MAX_FILE_BYTES, MAX_PART_BYTES};
use super::resolve::{count, settle_received, today_or_clock};
use super::types::{Conflict, FilePreview, FileState, ImportOptions, ImportPreview, Issue};
use super::{layout, read};

/// A file read from disk and parsed, before anything is looked up in the database.
pub(super) struct Loaded {
    hash: String,
    size: u64,
    book: Result<read::Book, LedgerImportError>,
    /// Each sheet's table, found on the reading thread.
    tables: Vec<Result<Table, NoTable>>,
    /// The local day the file was last modified.
    modified: Option<NaiveDate>,
}

/// A workbook read and parsed, kept so that an unchanged file is previewed again without
/// reading it ([`preview_kept`]). Only a workbook that could be read is kept.
#[derive(Debug, Clone)]
pub struct ReadBook {
    hash: String,
    size: u64,
    book: read::Book,
    tables: Vec<Result<Table, NoTable>>,
    modified: Option<NaiveDate>,
}

impl ReadBook {
    fn of(l: &Loaded) -> Option<ReadBook> {
        let book = l.book.as_ref().ok()?;
        Some(ReadBook {
            hash: l.hash.clone(),
            size: l.size,
            book: book.clone(),
            tables: l.tables.clone(),
            modified: l.modified,
        })
    }

    fn loaded(&self) -> Loaded {
        Loaded {
            hash: self.hash.clone(),
            size: self.size,
            book: Ok(self.book.clone()),
            tables: self.tables.clone(),
            modified: self.modified,
        }
    }
}

/// The workbooks [`preview_kept`] has read, by file, and how many files it read from disk.
#[derive(Debug, Default)]
pub struct KeptBooks {
    by_file: HashMap<PathBuf, ReadBook>,
    reads: usize,
}

impl KeptBooks {
    /// Forgets `file` (it changed): the next preview reads it again.
    pub fn forget(&mut self, file: &Path) {
        self.by_file.remove(file);
    }

    /// Keeps the books of the files `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&Path) -> bool) {
        self.by_file.retain(|f, _| keep(f));
    }

    /// Whether the book of `file` is kept.
    pub fn holds(&self, file: &Path) -> bool {
        self.by_file.contains_key(file)
    }

    /// How many files were read from disk so far.
    pub fn reads(&self) -> usize {
        self.reads
    }
}

/// The local day `file` was last modified, if the file system knows it.
pub(super) fn modified_day(file: &Path) -> Option<NaiveDate> {
    let t = std::fs::metadata(file).and_then(|m| m.modified()).ok()?;
    Some(chrono::DateTime::<chrono::Local>::from(t).date_naive())
}

pub(super) fn load(file: &Path) -> Loaded {
    let name = file_name(file);
    match read_file(file, &name) {
        Ok(bytes) => {
            let mut book = read::read(&bytes, &name);
            // The tables take the texts of their rows out of the sheets.
            let tables = match &mut book {
                Ok(b) => b.sheets.iter_mut().map(layout::find_table).collect(),
                Err(_) => Vec::new(),
            };
            Loaded {
                hash: content_hash(&bytes),
                size: bytes.len() as u64,
                book,
                tables,
                modified: modified_day(file),
            }
        }
        Err(e) => Loaded {
            hash: String::new(),
            size: 0,
            book: Err(e),
            tables: Vec::new(),
            modified: None,
        },
    }
}

/// The bytes of `file` (named `name` in messages), refused when it is a folder, a FIFO, a
/// device or anything else but a regular file, or larger than a ledger can be.
pub(super) fn read_file(file: &Path, name: &str) -> Result<Vec<u8>, LedgerImportError> {
    use crate::document::file::{read_limited, Refused};
    read_limited(file, |_| MAX_FILE_BYTES).map_err(|refused| match refused {
        Refused::Folder => LedgerImportError::Io {
            file: name.to_string(),
            detail: "这是一个文件夹".to_string(),
        },
        Refused::NotRegular(special) => LedgerImportError::NotAFile {
            file: name.to_string(),
            what: special.label(),
        },
        Refused::TooLarge { size, limit } => LedgerImportError::TooLarge {
            file: name.to_string(),
            size_mb: size.div_ceil(1 << 20),
            limit_mb: limit >> 20,
        },
        Refused::Io(e) => LedgerImportError::Io {
            file: name.to_string(),
            detail: e.to_string(),
        },
    })
}

/// Threads [`preview`] reads files on: one per core, at most 8.
pub fn reading_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// How much the reading threads may hold at once, in [`weight`] units (bytes): a file read but
/// not yet matched counts until it is. A file heavier than this is read by the matching thread
/// itself when its turn comes, so that a folder of hostile files is read one at a time (and its
/// memory freed by the thread that took it) while a month's small ledgers (well under 1 MB
/// each) are read on every thread.
pub(super) const READ_BUDGET: u64 = 16 << 20;

/// What reading `file` may hold in memory, roughly: its size plus what its zip parts declare
/// they inflate to (a part never inflates beyond its declared size), or four times its size
/// when it is not a zip (a .xls is read whole). Reads only the zip's directory; 0 when the file
/// cannot be opened (reading it fails at once).
pub(super) fn weight(file: &Path) -> u64 {
    let Ok((f, meta)) = crate::user_file::open(file) else {
        return 0;
    };
    let inflated = match zip::ZipArchive::new(std::io::BufReader::new(f)) {
        Ok(zip) => zip
            .decompressed_size()
            .map_or(MAX_PART_BYTES, |n| u64::try_from(n).unwrap_or(u64::MAX)),
        Err(_) => meta.len().saturating_mul(3),
    };
    meta.len().saturating_add(inflated)
}

/// The reading threads' share of [`READ_BUDGET`].
pub(super) struct Budget {
    state: std::sync::Mutex<BudgetState>,
    freed: std::sync::Condvar,
}

pub(super) struct BudgetState {
    held: u64,
    /// The file the matching waits for.
    at: usize,
    stop: bool,
}

impl Budget {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, BudgetState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until file `i` of `weight` may be read; `false` when reading stops.
    pub(super) fn take(&self, i: usize, weight: u64) -> bool {
        let mut s = self.lock();
        while !(s.stop || s.held == 0 || s.held + weight <= READ_BUDGET || i == s.at) {
            s = self.freed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.held += weight;
        !s.stop
    }

    /// File `at` was matched: its weight is free, the next one is awaited.
    pub(super) fn matched(&self, weight: u64) {
        let mut s = self.lock();
        s.held = s.held.saturating_sub(weight);
        s.at += 1;
        self.freed.notify_all();
    }

    pub(super) fn stop(&self) {
        self.lock().stop = true;
        self.freed.notify_all();
    }
}

/// Reads the files on `threads` threads and hands each to `each` in file order as soon as it
/// and the files before it are read, so that matching overlaps reading. Files read ahead of
/// the matching are bounded by [`READ_BUDGET`]. Stops at the first error `each` returns.
/// A file whose book is in `kept` is taken from there, not read; `each` is told which files
/// were read.
pub(super) fn for_each_loaded(
    files: &[PathBuf],
    threads: usize,
    kept: &HashMap<PathBuf, ReadBook>,
    each: &mut dyn FnMut(&Path, Loaded, bool) -> Result<(), LedgerImportError>,
) -> Result<(), LedgerImportError> {
    let fetch = |f: &PathBuf| match kept.get(f) {
        Some(b) => (b.loaded(), false),
        None => (load(f), true),
    };
    let threads = threads.min(files.len());
    if threads <= 1 {
        for f in files {
            let (l, read) = fetch(f);
            each(f, l, read)?;
        }
        return Ok(());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let budget = Budget {
        state: std::sync::Mutex::new(BudgetState {
            held: 0,
            at: 0,
            stop: false,
        }),
        freed: std::sync::Condvar::new(),
    };
    std::thread::scope(|scope| {
        // `None`: a heavy file, left to the matching thread.
        let (tx, rx) = std::sync::mpsc::channel::<(usize, u64, Option<(Loaded, bool)>)>();
        for _ in 0..threads {
            let (tx, next, budget) = (tx.clone(), &next, &budget);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= files.len() {
                    break;
                }
                let w = match kept.contains_key(&files[i]) {
                    true => 0,
                    false => weight(&files[i]),
                };
                let loaded = if w > READ_BUDGET {
                    (0, None)
                } else if budget.take(i, w) {
                    (w, Some(fetch(&files[i])))
                } else {
                    break;
                };
                if tx.send((i, loaded.0, loaded.1)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: HashMap<usize, (u64, Option<(Loaded, bool)>)> = HashMap::new();
        let mut at = 0;
        for (i, w, loaded) in rx {
            pending.insert(i, (w, loaded));
            while let Some((w, l)) = pending.remove(&at) {
                let (l, read) = l.unwrap_or_else(|| fetch(&files[at]));
                if let Err(e) = each(&files[at], l, read) {
                    budget.stop();
                    return Err(e);
                }
                budget.matched(w);
                at += 1;
            }
        }
        Ok(())
    })
}

/// Reads `files` and shows what importing them would do. Writes nothing.
pub fn preview(
    db: &Db,
    files: &[PathBuf],
    options: &ImportOptions,
) -> Result<ImportPreview, LedgerImportError> {
    preview_on(db, files, options, reading_threads())
}

/// [`preview`] reading the files on `threads` threads (1: all on the calling thread); the
/// result does not depend on it.
pub fn preview_on(
    db: &Db,
    files: &[PathBuf],
    options: &ImportOptions,
    threads: usize,
) -> Result<ImportPreview, LedgerImportError> {
    preview_with(
        db,
        files,
        options,
        threads,
        &mut KeptBooks::default(),
        false,
    )
}

/// [`preview`] of files some of which were read before: a file whose book is in `kept` is not
/// read again, and the books of the files read now are added (the caller forgets a file that
/// changed). For the inbox, which looks at the same files every half minute.
pub fn preview_kept(
    db: &Db,
    files: &[PathBuf],
    options: &ImportOptions,
    kept: &mut KeptBooks,
) -> Result<ImportPreview, LedgerImportError> {
    preview_with(db, files, options, reading_threads(), kept, true)
}

fn preview_with(
    db: &Db,
    files: &[PathBuf],
    options: &ImportOptions,
    threads: usize,
    kept: &mut KeptBooks,
    keep: bool,
) -> Result<ImportPreview, LedgerImportError> {
    if files.is_empty() {
        return Err(LedgerImportError::NoFiles);
    }
    let today = today_or_clock(db.conn(), options.today)?;
    if let Some(day) = options.received.filter(|d| *d > today) {
        return Err(LedgerImportError::ReceivedInFuture {
            day: crate::deadline::format_cn(day),
            today: crate::deadline::format_cn(today),
        });
    }
    let files = &expand_folders(files)?;
    let conn = db.conn();
    // One read transaction for the whole preview: every lookup sees the same state of the
    // database, and the WAL read lock is taken once instead of once per query. Nothing is
    // written; dropping it ends it.
    let _snapshot = match conn.is_autocommit() {
        true => Some(conn.unchecked_transaction()?),
        false => None,
    };
    let mut ctx = Context::new(conn)?;
    if let Some(id) = options.plan_id {
        if ctx.plan(id).is_none() {
            return Err(LedgerImportError::Plan(PlanError::NotFound(id)));
        }
    }
    let mut out = ImportPreview::default();
    let mut seen_hashes: HashMap<String, String> = HashMap::new();
    let mut read_now: Vec<(PathBuf, ReadBook)> = Vec::new();
    let mut reads = 0;
    for_each_loaded(files, threads, &kept.by_file, &mut |file, l, read| {
        if read {
            reads += 1;
            if let Some(b) = ReadBook::of(&l).filter(|_| keep) {
                read_now.push((file.to_path_buf(), b));
            }
        }
        let fp = preview_file(&mut ctx, file, l, options, &mut seen_hashes, &out)?;
        out.files.push(fp);
        Ok(())
    })?;
    kept.reads += reads;
    kept.by_file.extend(read_now);
    if !options.skip_copied {
        copied_across_files(conn, &mut out.files)?;
    }
    Ok(out)
}

/// Marks rows whose text is another unit's in the same batch (same plan, period and task).
pub(super) fn copied_across_files(
    conn: &rusqlite::Connection,
    files: &mut [FilePreview],
) -> Result<(), LedgerImportError> {
    // Each compared row's print, computed once for adding and finding.
    let prints: Vec<Vec<Option<Print>>> = files
        .iter()
        .map(|fp| match fp.state {
            FileState::Ready => fp
                .rows
                .iter()
                .map(|r| {
                    (r.task_id.is_some() && r.copied_candidate()).then(|| Print::of(&r.progress))
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut peers: HashMap<(i64, Period), copied::Peers> = HashMap::new();
    for (fp, prints) in files.iter().zip(&prints) {
        let (Some(plan), Some(unit), Some(period)) = (fp.plan_id, fp.unit_id, fp.period) else {
            continue;
        };
        let p = peers.entry((plan, period)).or_default();
        let name: Rc<str> = Rc::from(fp.unit.as_str());
        for (r, print) in fp.rows.iter().zip(prints) {
            if let (Some(task), Some(print)) = (r.task_id, print) {
                p.add_printed(task, unit, &name, &r.progress, *print);
            }
        }
    }
    for (fp, prints) in files.iter_mut().zip(&prints) {
        let (Some(plan), Some(unit), Some(period)) = (fp.plan_id, fp.unit_id, fp.period) else {
            continue;
        };
        let Some(p) = peers.get(&(plan, period)) else {
            continue;
        };
        let mut marked = false;
        for (r, print) in fp.rows.iter_mut().zip(prints) {
            if let (Some(task), Some(print), None) = (r.task_id, print, &r.copied) {
                r.copied = p.find(conn, task, unit, period, &r.progress, *print)?;
                marked |= r.copied.is_some();
            }
        }
        if marked {
            fp.counts = count(&fp.rows);
        }
    }
    Ok(())
}

/// One file of a preview, once read.
pub(super) fn preview_file(
    ctx: &mut Context<'_>,
    file: &Path,
    l: Loaded,
    options: &ImportOptions,
    seen_hashes: &mut HashMap<String, String>,
    earlier: &ImportPreview,
) -> Result<FilePreview, LedgerImportError> {
    let mut fp = FilePreview::new(file);
    fp.hash = l.hash;
    fp.size = l.size;
    match l.book {
        Err(e) => fp.fail(&e),
        Ok(book) => {
            let read = preview_book(ctx, &mut fp, &book, l.tables, options)
                .and_then(|()| settle_received(ctx, &mut fp, l.modified, options));
            find_evidence(&mut fp);
            if let Err(e) = read {
                match e {
                    LedgerImportError::Store(_)
                    | LedgerImportError::Plan(_)
                    | LedgerImportError::Progress(_) => return Err(e),
                    e => fp.fail(&e),
                }
            }
        }
    }
    if !fp.hash.is_empty() && fp.state != FileState::Failed {
        if let Some(first) = seen_hashes.get(&fp.hash) {
            fp.state = FileState::Duplicate;
            fp.issues.push(Issue::notice(
                "duplicate_file",
                format!(
                    "“{}”与本批的“{first}”内容完全相同，只导入一次。",
                    fp.file_name
                ),
                None,
                None,
                None,
            ));
        } else {
            seen_hashes.insert(fp.hash.clone(), fp.file_name.clone());
            if let Some(prior) = ctx.prior_import(&fp.hash)? {
                fp.state = FileState::AlreadyImported;
                fp.issues.push(Issue::notice(
                    "already_imported",
                    format!(
                        "“{}”已于 {} 导入过（导入批次 {}，文件“{}”），内容完全相同，不再重复导入。",
                        fp.file_name, prior.imported_at, prior.batch_id, prior.file_name
                    ),
                    None,
                    None,
                    None,
                ));
                fp.already_imported = Some(prior);
            }
        }
    }
    if fp.state == FileState::Ready {
        fp.conflict = conflict_of(ctx, &fp, earlier)?;
    }
    Ok(fp)
}

/// 佐证材料 named in the rows, looked up in the ledger's folder ([`crate::evidence::named`]); a
/// name not found is a warning on its row.
fn find_evidence(fp: &mut FilePreview) {
    use crate::evidence::named;
    let folder = fp.file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut folders = named::Folders::default();
    for r in &mut fp.rows {
        if let Some((_, cell)) = r.extra.iter().find(|(h, _)| named::is_header(h)) {
            r.evidence = folders.find(&folder, &named::split_names(cell));
            for n in r.evidence.iter().filter(|n| !n.found()) {
                let message = format!(
                    "“{}”工作表“{}”第{}行的佐证材料“{}”{}。请把该文件与台账放在同一文件夹后重新预览，或导入后在任务清单中添加。",
                    fp.file_name, r.sheet, r.row, n.name, n.note
                );
                fp.issues
                    .push(Issue::warning(message, Some(&r.sheet), Some(r.row), None));
            }
        }
    }
}

/// The unit's current report for the period, in the database or earlier in this batch.
pub(super) fn conflict_of(
    ctx: &mut Context<'_>,
    fp: &FilePreview,
    earlier: &ImportPreview,
) -> Result<Option<Conflict>, LedgerImportError> {
    let (Some(plan_id), Some(unit_id), Some(period)) = (fp.plan_id, fp.unit_id, fp.period) else {
        return Ok(None);
    };
    if let Some(other) = earlier.ready().find(|o| {
        o.plan_id == Some(plan_id) && o.unit_id == Some(unit_id) && o.period == Some(period)
    }) {
        return Ok(Some(Conflict {
            submission_id: None,
            file_name: other.file_name.clone(),
            received_at: String::new(),
            received_on: other.received_on,
            rows: other.counts.matched as i64,
        }));
    }
    Ok(ctx.current(plan_id, period)?.get(&unit_id).cloned())
}

/// The override for `file`, falling back to the batch-wide one.
pub(super) fn overrides<'o>(
    options: &'o ImportOptions,
    file: &Path,
) -> (Option<&'o str>, Option<Period>) {
    let one = options.files.iter().find(|f| f.file == file);
    let unit = one
        .and_then(|f| f.unit.as_deref())
        .or(options.unit.as_deref())
        .filter(|u| !u.trim().is_empty());
    let period = one.and_then(|f| f.period).or(options.period);
    (unit, period)
}
