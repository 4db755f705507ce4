//! Writing a previewed batch in one transaction, undoing it exactly, and listing batches.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::{
    CommitChoices, CommitReport, FileChoice, FilePreview, FileResult, FileState, LedgerImportError,
    MatchKind, Outcome, PreviewRow, RowState,
};
use crate::copied::Copied;
use crate::evidence::named::{attach_rows, Prepared};
use crate::progress::{self, CopiedFrom, Entry, Period, Submission};
use crate::store::{now_string, Db};

/// Writes the importable files of `preview` as one batch, in one transaction, and returns the
/// batch and what happened to each file. Files with errors, files imported before and files
/// the clerk skipped add nothing; a conflict is settled by the file's choice, else by
/// `choices.replace` (replace: the older report stays in history). `on_progress(done, total)`
/// is called after each file, for a progress bar. When no file is imported, nothing is written
/// and the batch is `None`.
pub fn commit(
    db: &mut Db,
    preview: &super::ImportPreview,
    choices: &CommitChoices,
    on_progress: &mut dyn FnMut(usize, usize),
) -> Result<CommitReport, LedgerImportError> {
    // 佐证材料 named in the rows are copied in before the transaction, removed if it fails.
    let named = preview.files.iter().filter(|f| f.state == FileState::Ready);
    let named = named.flat_map(|f| {
        f.rows
            .iter()
            .flat_map(|r| r.evidence.iter().map(|n| (f.file.as_path(), n)))
    });
    let evidence = Prepared::copy(db.path(), named)?;
    match write_batch(db, preview, choices, on_progress, &evidence) {
        Ok(report) if report.batch.is_some() => {
            evidence.settle(db.conn(), db.path())?;
            Ok(report)
        }
        other => {
            evidence.discard();
            other
        }
    }
}

fn write_batch(
    db: &mut Db,
    preview: &super::ImportPreview,
    choices: &CommitChoices,
    on_progress: &mut dyn FnMut(usize, usize),
    evidence: &Prepared,
) -> Result<CommitReport, LedgerImportError> {
    let now = now_string(db.conn())?;
    let tx = db.transaction()?;
    tx.execute(
        "INSERT INTO ledger_import (imported_at, file_count, row_count) VALUES (?1, 0, 0)",
        [&now],
    )?;
    let batch_id = tx.last_insert_rowid();
    let today = super::today_or_clock(&tx, choices.today)?;
    if !choices.skip_copied {
        // A database from before prints were kept gets them once (see progress::print).
        progress::print::fill_missing(&tx)?;
    }
    let mut w = Writer::new(&tx, batch_id, &now, today, evidence, choices.skip_copied)?;
    let total = preview.files.len();
    let mut results = Vec::with_capacity(total);
    let mut imported_hashes: HashSet<&str> = HashSet::new();
    let (mut files, mut rows_written) = (0i64, 0i64);
    for (i, fp) in preview.files.iter().enumerate() {
        let choice = choices.files.iter().find(|c| c.file == fp.file);
        let mut result = FileResult {
            file: fp.file.clone(),
            file_name: fp.file_name.clone(),
            unit: fp.unit.clone(),
            period: fp.period,
            outcome: Outcome::Failed,
            submission_id: None,
            received_on: None,
            replaced: None,
            entries: 0,
            counts: fp.counts,
        };
        result.outcome = match fp.state {
            FileState::Failed => Outcome::Failed,
            FileState::AlreadyImported => Outcome::AlreadyImported,
            FileState::Duplicate => Outcome::Duplicate,
            FileState::Ready if choice.is_some_and(|c| c.skip) => Outcome::Skipped,
            FileState::Ready if imported_hashes.contains(fp.hash.as_str()) => Outcome::Duplicate,
            FileState::Ready if w.imported_before(&fp.hash)? => Outcome::AlreadyImported,
            FileState::Ready => {
                let replace = choice.and_then(|c| c.replace).unwrap_or(choices.replace);
                match w.file(i, fp, choice, choices, replace)? {
                    Some(w) => {
                        imported_hashes.insert(&fp.hash);
                        files += 1;
                        rows_written += w.rows as i64;
                        result.submission_id = Some(w.submission);
                        result.received_on = w.received_on;
                        result.replaced = w.replaced;
                        result.entries = w.entries;
                        result.counts = w.counts;
                        Outcome::Imported
                    }
                    None => Outcome::Kept,
                }
            }
        };
        results.push(result);
        on_progress(i + 1, total);
    }
    drop(w);
    if files == 0 {
        // Nothing to keep: the transaction is dropped, the database is untouched.
        return Ok(CommitReport {
            batch: None,
            files: results,
        });
    }
    tx.execute(
        "UPDATE ledger_import SET file_count = ?1, row_count = ?2 WHERE id = ?3",
        params![files, rows_written, batch_id],
    )?;
    tx.commit()?;
    Ok(CommitReport {
        batch: Some(batch_id),
        files: results,
    })
}

struct Written {
    submission: i64,
    received_on: Option<chrono::NaiveDate>,
    replaced: Option<i64>,
    entries: usize,
    rows: usize,
    counts: super::Counts,
}

/// `fp` with the status the clerk decided for the rows whose word was shown.
fn with_statuses<'p>(fp: &'p FilePreview, choice: Option<&FileChoice>) -> Cow<'p, FilePreview> {
    let Some(c) = choice.filter(|c| !c.statuses.is_empty()) else {
        return Cow::Borrowed(fp);
    };
    let mut fp = fp.clone();
    for row in &mut fp.rows {
        if let Some(s) = c
            .statuses
            .iter()
            .find(|s| s.row == row.row && (s.sheet.is_empty() || s.sheet == row.sheet))
        {
            row.status = s.status;
        }
    }
    Cow::Owned(fp)
}

/// The tasks of the rows after the clerk's choices: (task, how matched) or `None`.
fn decide(
    row: &PreviewRow,
    choice: Option<&FileChoice>,
    accept_doubtful: bool,
) -> Option<(i64, MatchKind)> {
    if let Some(c) = choice.and_then(|c| {
        c.rows
            .iter()
            .find(|r| r.row == row.row && (r.sheet.is_empty() || r.sheet == row.sheet))
    }) {
        return c.task_id.map(|t| (t, MatchKind::Chosen));
    }
    match row.task_id {
        Some(t) if !row.doubtful || accept_doubtful => Some((t, row.matched_by)),
        _ => None,
    }
}

fn live_tasks(conn: &Connection, plan_id: i64) -> Result<HashSet<i64>, LedgerImportError> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM task WHERE plan_id = ?1 AND deleted_at IS NULL")?;
    let ids = stmt
        .query_map([plan_id], |r| r.get(0))?
        .collect::<rusqlite::Result<HashSet<i64>>>()?;
    Ok(ids)
}

/// The statements of one batch's writes, prepared once for all its files (and kept by the
/// connection for the next batch).
struct Writer<'t> {
    tx: &'t Transaction<'t>,
    batch_id: i64,
    now: &'t str,
    submissions: progress::SubmissionWriter<'t>,
    prior: rusqlite::CachedStatement<'t>,
    file: rusqlite::CachedStatement<'t>,
    /// Plan → its live tasks, read once.
    live: HashMap<i64, HashSet<i64>>,
    /// Plans by id, read once, and the calendar: when reporting on a period opens.
    plans: HashMap<i64, crate::plan::Plan>,
    cal: crate::calendar::Calendar,
    today: chrono::NaiveDate,
    evidence: &'t Prepared,
}

impl<'t> Writer<'t> {
    fn new(
        tx: &'t Transaction<'t>,
        batch_id: i64,
        now: &'t str,
        today: chrono::NaiveDate,
        evidence: &'t Prepared,
        skip_copied: bool,
    ) -> Result<Writer<'t>, LedgerImportError> {
        let submissions = match skip_copied {
            true => progress::SubmissionWriter::new(tx)?.without_prints(),
            false => progress::SubmissionWriter::new(tx)?,
        };
        Ok(Writer {
            tx,
            batch_id,
            now,
            submissions,
            prior: tx
                .prepare_cached("SELECT 1 FROM ledger_import_file WHERE file_hash = ?1 LIMIT 1")?,
            file: tx.prepare_cached(
                "INSERT INTO ledger_import_file
                     (batch_id, seq, file_name, file_path, file_hash, file_size, plan_id, unit_id,
                      period, submission_id, replaced_submission, sheet, header_row, row_count,
                      entries, matched, new_rows, unchanged_rows, empty_rows, unmatched_rows,
                      read_rows)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20, ?21)",
            )?,
            live: HashMap::new(),
            plans: HashMap::new(),
            cal: crate::calendar::load(tx)?,
            today,
            evidence,
        })
    }

    /// The day `fp` arrived after the clerk's choices. A day the clerk entered is checked
    /// against today and the day reporting on its period opens; one the preview took from the
    /// file (or today) only against today.
    fn received_on(
        &mut self,
        fp: &FilePreview,
        plan_id: i64,
        period: Period,
        choice: Option<&FileChoice>,
        choices: &CommitChoices,
    ) -> Result<Option<chrono::NaiveDate>, LedgerImportError> {
        let manual = choice.and_then(|c| c.received).or(choices.received);
        let Some(day) = manual.or(fp.received_on) else {
            return Ok(None);
        };
        if manual.is_none() && fp.received_source != Some(super::ReceivedSource::Manual) {
            super::check_received(
                &fp.file_name,
                day,
                period,
                chrono::NaiveDate::MIN,
                self.today,
            )?;
            return Ok(Some(day));
        }
        let plan = match self.plans.entry(plan_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(crate::plan::get(self.tx, plan_id)?)
            }
        };
        let opens = super::reporting_opens(plan, &self.cal, period);
        super::check_received(&fp.file_name, day, period, opens, self.today)?;
        Ok(Some(day))
    }

    /// Whether a file with this content was imported before (since the preview, too).
    fn imported_before(&mut self, hash: &str) -> Result<bool, LedgerImportError> {
        Ok(self.prior.exists([hash])?)
    }

    /// Writes one ready file as the `seq`-th of the batch; `None` when the unit already
    /// reported the period and the clerk keeps that report.
    fn file(
        &mut self,
        seq: usize,
        fp: &FilePreview,
        choice: Option<&FileChoice>,
        choices: &CommitChoices,
        replace: bool,
    ) -> Result<Option<Written>, LedgerImportError> {
        let (Some(plan_id), Some(unit_id), Some(period)) = (fp.plan_id, fp.unit_id, fp.period)
        else {
            return Ok(None);
        };
        let fp = &*with_statuses(fp, choice);
        let current = self.submissions.current(plan_id, unit_id, period)?;
        if current.is_some() && !replace {
            return Ok(None);
        }
        let live = match self.live.entry(plan_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(live_tasks(self.tx, plan_id)?),
        };
        let mut decided: Vec<Option<(i64, MatchKind)>> = Vec::with_capacity(fp.rows.len());
        for row in &fp.rows {
            let d = decide(row, choice, choices.accept_doubtful);
            if let Some((task, _)) = d {
                if !live.contains(&task) {
                    return Err(LedgerImportError::TaskNotInPlan {
                        file: fp.file_name.clone(),
                        row: row.row,
                        task_id: task,
                    });
                }
            }
            decided.push(d);
        }
        let received_on = self.received_on(fp, plan_id, period, choice, choices)?;
        let (entries, counts, copied) = entries_of(fp, &decided);
        let file_name = fp.file_name.as_str();
        let submission = self.submissions.write_marked(
            &Submission {
                plan_id,
                unit_id,
                period,
                file_name,
                file_hash: &fp.hash,
                received_at: self.now,
            },
            received_on,
            &entries,
            &copied,
            current,
        )?;
        for (row, d) in fp.rows.iter().zip(&decided) {
            if let Some((task, _)) = d.filter(|_| !row.evidence.is_empty()) {
                let (tx, ev) = (self.tx, self.evidence);
                attach_rows(
                    tx,
                    ev,
                    self.batch_id,
                    task,
                    unit_id,
                    period,
                    &row.evidence,
                    self.today,
                )?;
            }
        }
        let read_rows: Vec<KeptRow<'_>> = fp
            .rows
            .iter()
            .zip(&decided)
            .map(|(row, d)| KeptRow::of(row, *d))
            .collect();
        self.file.execute(params![
            self.batch_id,
            seq as i64,
            file_name,
            fp.file.display().to_string(),
            fp.hash,
            fp.size as i64,
            plan_id,
            unit_id,
            period.to_string(),
            submission,
            current,
            fp.sheets.join("、"),
            fp.header_row,
            fp.rows.len() as i64,
            entries.len() as i64,
            counts.matched as i64,
            counts.new as i64,
            counts.unchanged_from_previous as i64,
            counts.empty as i64,
            counts.unmatched as i64,
            serde_json::to_string(&read_rows)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
        ])?;
        Ok(Some(Written {
            submission,
            received_on,
            replaced: current,
            entries: entries.len(),
            rows: fp.rows.len(),
            counts,
        }))
    }
}

/// The progress entries of a file's rows after the clerk's choices (`decided`, one per row):
/// each task once, a row only when it says something or changes the status; the counts; and
/// each entry's 照抄 marker (only where the clerk kept the task the preview compared with).
fn entries_of(
    fp: &FilePreview,
    decided: &[Option<(i64, MatchKind)>],
) -> (Vec<Entry>, super::Counts, Vec<Option<CopiedFrom>>) {
    let mut seen: HashSet<i64> = HashSet::new();
    let mut counts = super::Counts {
        rows: fp.rows.len(),
        ..super::Counts::default()
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut copied = Vec::new();
    for (row, d) in fp.rows.iter().zip(decided) {
        let Some((task, _)) = d else {
            counts.unmatched += 1;
            continue;
        };
        if row.state == RowState::Duplicate || !seen.insert(*task) {
            continue;
        }
        counts.matched += 1;
        let text = row.progress.trim();
        let status_changed = row.status.is_some() && row.status != row.previous_status;
        if text.is_empty() {
            counts.empty += 1;
        } else if row
            .previous
            .as_deref()
            .is_some_and(|p| super::same_text(p, text))
            || row.state == RowState::Unchanged
        {
            counts.unchanged_from_previous += 1;
        } else {
            counts.new += 1;
        }
        if !text.is_empty() || status_changed {
            entries.push(Entry {
                task_id: *task,
                text: text.to_string(),
                status: row.status,
            });
            let c = row.copied.as_ref().filter(|_| row.task_id == Some(*task));
            counts.copied += usize::from(c.is_some());
            copied.push(c.map(Copied::kept));
        }
    }
    (entries, counts, copied)
}

/// A row as read from an imported file, kept with the file (`ledger_import_file.read_rows`),
/// matched to a task or not, so that no department's report is lost. Written borrowing from
/// the preview, read back owned ([`read_rows`]). Empty texts and lists are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptRow<'a> {
    pub sheet: Cow<'a, str>,
    /// 1-based Excel row.
    pub row: u32,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub code: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub title: Cow<'a, str>,
    /// The task it was matched to when imported (`None`: none).
    pub task_id: Option<i64>,
    /// How: `key`, `code`, `title`, `chosen` or `none`.
    pub matched_by: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub progress: Cow<'a, str>,
    /// `not_started`, `in_progress`, `done` or `ongoing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub dept_section: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub person: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub remark: Cow<'a, str>,
    /// The other columns, its deadline and an unrecognised status, as [header, text] pairs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> KeptRow<'a> {
    fn of(row: &'a PreviewRow, decided: Option<(i64, MatchKind)>) -> KeptRow<'a> {
        let pair = |h: &'a str, t: &'a str| (Cow::Borrowed(h), Cow::Borrowed(t));
        let mut extra: Vec<_> = row.extra.iter().map(|(h, t)| pair(h, t)).collect();
        if !row.deadline.is_empty() {
            extra.push(pair("完成时间", &row.deadline));
        }
        // The department's own word, whenever what is recorded is not that word.
        let word = row.status_text.trim();
        let exact = crate::task::Status::parse(word);
        if !word.is_empty() && (exact.is_none() || exact != row.status) {
            extra.push(pair("完成状态", &row.status_text));
        }
        KeptRow {
            sheet: Cow::Borrowed(&row.sheet),
            row: row.row,
            code: Cow::Borrowed(&row.code),
            title: Cow::Borrowed(&row.title),
            task_id: decided.map(|(t, _)| t),
            matched_by: Cow::Borrowed(decided.map_or(MatchKind::None, |(_, k)| k).as_str()),
            progress: Cow::Borrowed(&row.progress),
            status: row
                .status
                .map(|s| Cow::Borrowed(crate::task::Status::as_str(s))),
            dept_section: Cow::Borrowed(&row.dept_section),
            person: Cow::Borrowed(&row.person),
            remark: Cow::Borrowed(&row.remark),
            extra,
        }
    }
}

/// A row of an imported file as read, with the task it was matched to as that task reads
/// now (code and title empty when it matched none, or the task no longer exists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadRow {
    #[serde(flatten)]
    pub read: KeptRow<'static>,
    pub task_code: String,
    pub task_title: String,
}

/// Every row read from the file that brought submission `submission`, in file order: matched
/// or not, as the department wrote it.
pub fn read_rows(db: &Db, submission: i64) -> Result<Vec<ReadRow>, LedgerImportError> {
    let conn = db.conn();
    let json: String = conn
        .query_row(
            "SELECT read_rows FROM ledger_import_file WHERE submission_id = ?1",
            [submission],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(LedgerImportError::ImportedFileNotFound(submission))?;
    let kept: Vec<KeptRow<'static>> = serde_json::from_str(&json)
        .map_err(|e| LedgerImportError::ReadRowsBroken(e.to_string()))?;
    let mut task = conn.prepare_cached("SELECT code, title FROM task WHERE id = ?1")?;
    let mut out = Vec::with_capacity(kept.len());
    for read in kept {
        let (task_code, task_title) = match read.task_id {
            Some(id) => task
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or_default(),
            None => Default::default(),
        };
        out.push(ReadRow {
            read,
            task_code,
            task_title,
        });
    }
    Ok(out)
}

/// What an undo removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoReport {
    pub batch: i64,
    pub files: usize,
    /// Progress entries removed.
    pub entries: i64,
    /// Earlier reports that are current again.
    pub restored: usize,
}

/// Removes a batch: its submissions, entries and rows; the reports it replaced are current
/// again. The database is exactly as it was before the batch, except for later batches, whose
/// reports stay current.
pub fn undo(db: &mut Db, batch: i64) -> Result<UndoReport, LedgerImportError> {
    let tx = db.transaction()?;
    let exists: Option<i64> = tx
        .query_row("SELECT id FROM ledger_import WHERE id = ?1", [batch], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_none() {
        return Err(LedgerImportError::BatchNotFound(batch));
    }
    let subs: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT submission_id FROM ledger_import_file WHERE batch_id = ?1 ORDER BY seq DESC",
        )?;
        let rows = stmt.query_map([batch], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let entries = progress::submissions::entries_of(&tx, &subs)?;
    let mut restored = 0;
    for &sub in &subs {
        // Whatever this submission replaced now hangs on what replaced it (or is current).
        restored += progress::submissions::remove(&tx, sub)?;
    }
    // its 佐证材料 go with the batch (ON DELETE CASCADE); unused files are removed after
    let evidence = crate::evidence::named::hashes_of_import(&tx, batch)?;
    tx.execute("DELETE FROM ledger_import WHERE id = ?1", [batch])?;
    tx.commit()?;
    crate::evidence::named::remove_unused_files(db.conn(), db.path(), &evidence)?;
    Ok(UndoReport {
        batch,
        files: subs.len(),
        entries,
        restored,
    })
}

/// One file of a batch, for the 导入记录 page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchFile {
    pub file_name: String,
    pub file_path: String,
    pub plan_id: i64,
    pub unit_id: i64,
    pub unit: String,
    pub period: Period,
    pub submission_id: i64,
    /// When it was imported, and the day it arrived.
    pub received_at: String,
    pub received_on: Option<chrono::NaiveDate>,
    /// The report this file replaced (kept in history).
    pub replaced_submission: Option<i64>,
    /// Whether a later import replaced this file's report.
    pub superseded: bool,
    pub rows: i64,
    pub entries: i64,
    pub matched: i64,
    pub new: i64,
    pub unchanged_from_previous: i64,
    pub unmatched: i64,
}

/// One import batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: i64,
    pub imported_at: String,
    pub rows: i64,
    pub files: Vec<BatchFile>,
}

/// Every import batch, newest first.
pub fn list_batches(db: &Db) -> Result<Vec<BatchSummary>, LedgerImportError> {
    list_batches_from(db, 0, usize::MAX)
}

/// The import batches `offset`… (at most `limit`), newest first, each with every file: a page
/// of [`list_batches`] (`import list --offset --limit`), so that ten years of imports need not
/// be read at once.
pub fn list_batches_from(
    db: &Db,
    offset: usize,
    limit: usize,
) -> Result<Vec<BatchSummary>, LedgerImportError> {
    let conn = db.conn();
    let mut out: Vec<BatchSummary> = heads(conn, offset, limit)?
        .into_iter()
        .map(|h| BatchSummary {
            id: h.id,
            imported_at: h.imported_at,
            rows: h.rows,
            files: Vec::new(),
        })
        .collect();
    let (Some(newest), Some(oldest)) = (out.first().map(|b| b.id), out.last().map(|b| b.id)) else {
        return Ok(out);
    };
    let at: HashMap<i64, usize> = out.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "{BATCH_FILES} WHERE f.batch_id BETWEEN ?1 AND ?2 ORDER BY f.batch_id, f.seq"
    ))?;
    let mut rows = stmt.query([oldest, newest])?;
    while let Some(r) = rows.next()? {
        let Some((batch, file)) = batch_file(conn, r)? else {
            continue;
        };
        if let Some(&i) = at.get(&batch) {
            out[i].files.push(file);
        }
    }
    Ok(out)
}

/// The files of the import batches, with the batch each belongs to: [`batch_file`] reads a row.
const BATCH_FILES: &str =
    "SELECT f.batch_id, f.file_name, f.file_path, f.plan_id, f.unit_id, u.name, f.period,
            f.submission_id, f.replaced_submission, f.row_count,
            f.entries, f.matched, f.new_rows, f.unchanged_rows, f.unmatched_rows
     FROM ledger_import_file f JOIN unit u ON u.id = f.unit_id";

/// A row of [`BATCH_FILES`] with its submission's state: the batch's id and the file. Every
/// file has its submission (deleting one deletes its file row), so `None` does not happen.
fn batch_file(
    conn: &Connection,
    r: &rusqlite::Row<'_>,
) -> Result<Option<(i64, BatchFile)>, LedgerImportError> {
    let period: String = r.get(6)?;
    let submission_id: i64 = r.get(7)?;
    let Some(arrival) = progress::submissions::arrival(conn, submission_id)? else {
        return Ok(None);
    };
    Ok(Some((
        r.get(0)?,
        BatchFile {
            received_on: arrival.received_on,
            received_at: arrival.received_at,
            file_name: r.get(1)?,
            file_path: r.get(2)?,
            plan_id: r.get(3)?,
            unit_id: r.get(4)?,
            unit: r.get(5)?,
            period: Period::parse(&period).map_err(progress::ProgressError::from)?,
            submission_id,
            replaced_submission: r.get(8)?,
            superseded: arrival.superseded,
            rows: r.get(9)?,
            entries: r.get(10)?,
            matched: r.get(11)?,
            new: r.get(12)?,
            unchanged_from_previous: r.get(13)?,
            unmatched: r.get(14)?,
        },
    )))
}

/// How many files of a batch [`batch_page`] sends with it (the page names them; the rest come
/// with [`batch_files`] when the clerk opens the batch).
pub const FIRST_FILES: usize = 5;

/// One batch of [`batch_page`]: its first files only, and how many it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchHead {
    pub id: i64,
    pub imported_at: String,
    pub rows: i64,
    pub file_count: i64,
    /// The first [`FIRST_FILES`] files, in the order imported.
    pub files: Vec<BatchFile>,
}

/// A page of the import batches, newest first, and how many batches there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchPage {
    pub total: i64,
    pub batches: Vec<BatchHead>,
}

/// The batches `offset`… (at most `limit`), newest first, without their files.
fn heads(
    conn: &rusqlite::Connection,
    offset: usize,
    limit: usize,
) -> Result<Vec<BatchHead>, LedgerImportError> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.imported_at, b.row_count,
                (SELECT count(*) FROM ledger_import_file f WHERE f.batch_id = b.id)
         FROM ledger_import b ORDER BY b.id DESC LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            i64::try_from(limit).unwrap_or(i64::MAX),
            i64::try_from(offset).unwrap_or(i64::MAX)
        ],
        |r| {
            Ok(BatchHead {
                id: r.get(0)?,
                imported_at: r.get(1)?,
                rows: r.get(2)?,
                file_count: r.get(3)?,
                files: Vec::new(),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The batches `offset`… (at most `limit`), newest first, each with its first files: 导入记录
/// shows a page of them instead of every file of ten years of imports.
pub fn batch_page(db: &Db, offset: usize, limit: usize) -> Result<BatchPage, LedgerImportError> {
    let conn = db.conn();
    let total = conn.query_row("SELECT count(*) FROM ledger_import", [], |r| r.get(0))?;
    let mut batches = heads(conn, offset, limit)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{BATCH_FILES} WHERE f.batch_id = ?1 ORDER BY f.seq LIMIT {FIRST_FILES}"
    ))?;
    for b in &mut batches {
        b.files = files_of(conn, &mut stmt, b.id)?;
    }
    Ok(BatchPage { total, batches })
}

/// The files `stmt` (a [`BATCH_FILES`] query on one batch) reads for batch `batch_id`.
fn files_of(
    conn: &Connection,
    stmt: &mut rusqlite::Statement<'_>,
    batch_id: i64,
) -> Result<Vec<BatchFile>, LedgerImportError> {
    let mut rows = stmt.query([batch_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let Some((_, file)) = batch_file(conn, r)? {
            out.push(file);
        }
    }
    Ok(out)
}

/// Every file of batch `batch_id`, in the order imported (none for an unknown batch).
pub fn batch_files(db: &Db, batch_id: i64) -> Result<Vec<BatchFile>, LedgerImportError> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{BATCH_FILES} WHERE f.batch_id = ?1 ORDER BY f.seq"
    ))?;
    files_of(conn, &mut stmt, batch_id)
}

/// A submission's 收到日期 corrected by `import received`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedChange {
    pub submission_id: i64,
    pub unit: String,
    pub period: Period,
    pub file_name: String,
    /// The day recorded before, and now.
    pub before: Option<chrono::NaiveDate>,
    pub received_on: chrono::NaiveDate,
}

/// Corrects the day submission `submission` arrived (not after `today`, not before reporting
/// on its period opens), in the audit log with the day before, so that setting that day again
/// undoes it.
pub fn set_received(
    db: &mut Db,
    submission: i64,
    day: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Result<ReceivedChange, LedgerImportError> {
    let tx = db.transaction()?;
    let rec = progress::submission(&tx, submission)?
        .ok_or(LedgerImportError::SubmissionNotFound(submission))?;
    let plan = crate::plan::get(&tx, rec.plan_id)?;
    let cal = crate::calendar::load(&tx)?;
    let opens = super::reporting_opens(&plan, &cal, rec.period);
    super::check_received(&rec.file_name, day, rec.period, opens, today)?;
    let unit = crate::unit::get(&tx, rec.unit_id)?.name;
    progress::set_received_on(&tx, submission, day)?;
    let text = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    crate::store::audit(
        &tx,
        "submission",
        submission,
        "received_on",
        Some(&serde_json::json!({ "received_on": rec.received_on.map(text) })),
        Some(&serde_json::json!({ "received_on": text(day) })),
    )?;
    tx.commit()?;
    Ok(ReceivedChange {
        submission_id: submission,
        unit,
        period: rec.period,
        file_name: rec.file_name,
        before: rec.received_on,
        received_on: day,
    })
}
