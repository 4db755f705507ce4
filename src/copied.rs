//! 照抄: progress text copied from a unit's earlier months, or from another unit's report.
//!
//! A returned ledger's 进展情况 is compared with the same unit's reports on the same task in the
//! [`LOOKBACK_MONTHS`] before its period, and with the other units' reports on the task for the
//! same period. The texts are compared once numbers, dates and punctuation are set aside
//! ([`Fingerprint`]): "截至9月底完成3件" and "截至10月底完成5件。" are the same words.
//!
//! Similarity is the Dice coefficient of the two texts' character bigrams (as multisets):
//! 2·|A∩B| / (|A|+|B|). Chinese has no spaces, so words are not at hand; bigrams catch a copied
//! sentence with a word changed (one changed character costs two bigrams out of the text's
//! n−1) and are insensitive to a sentence moved within the text, which an edit distance is not.
//! It is a sorted-vector merge, linear in the texts' lengths, with no dependency.
//!
//! Very short texts (fewer than [`MIN_CHARS`] characters once set aside: 无, 已完成, 正常推进)
//! are never 照抄: repeating a one-word answer is honest, and such rows are still shown as
//! 与上期相同 by the import's own comparison.
//!
//! A unit's earlier reports are not read as texts: each submission keeps the prints of its
//! entries (a count and a hash of the kept characters, [`crate::progress::print`]), and a text
//! is read only when it may match — its print is the row's, or its length leaves room for the
//! threshold (no more bigrams are shared than the shorter text has). The answer is the one
//! reading every text gives (tests/copied.rs compares them).
//!
//! The marker is decided when a report is imported, with the threshold then in effect (设置 →
//! 照抄识别, `ledger copied-threshold`), and kept on the progress entry (`progress.copied_*`,
//! written with the entry by `crate::progress::SubmissionWriter::write_marked` and read through
//! [`crate::progress::marks`], which owns the table's SQL).

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::progress::marks;
use crate::progress::print::{self, kept_chars, Print};
use crate::progress::{CopiedFrom, Period, ProgressError};
use crate::store::{audit_edit, Db, StoreError};

/// How far back a unit's own reports are compared: a text copied from more than a year ago is
/// not what the clerk is asking about, and the work per ledger stays bounded however many years
/// the database holds.
pub const LOOKBACK_MONTHS: u32 = 12;
/// Texts shorter than this (characters, once numbers, dates and punctuation are set aside) are
/// never 照抄.
pub const MIN_CHARS: usize = 6;
/// The threshold when the clerk has set none.
pub const DEFAULT_THRESHOLD: f64 = 0.9;
/// The lowest threshold the clerk can set: below it, different texts on the same task look
/// alike.
pub const MIN_THRESHOLD: f64 = 0.5;

const SETTING_THRESHOLD: &str = "copied_threshold";

/// Errors of 照抄 detection.
#[derive(Debug, thiserror::Error)]
pub enum CopiedError {
    #[error("照抄识别的相似度阈值应在 0.5 到 1 之间（例如 0.9），收到的是“{0}”。")]
    BadThreshold(String),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(CopiedError);

impl CopiedError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CopiedError::BadThreshold(_) => ErrorKind::Invalid,
            CopiedError::Progress(e) => e.kind(),
            CopiedError::Store(e) => e.kind(),
        }
    }
}

/// Where a report's text was copied from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Copied {
    /// The period of the earlier text (for another unit's text: the same period).
    pub from_period: Period,
    /// Bigram similarity of the texts once numbers, dates and punctuation are set aside, 0–1.
    pub similarity: f64,
    /// The same words, character for character (whitespace aside).
    pub identical: bool,
    /// Another unit's report (`None`: the unit's own earlier report).
    pub from_unit_id: Option<i64>,
    pub from_unit: Option<String>,
    /// The earlier text, for the clerk to compare.
    pub text: String,
    /// As the clerk reads it (see [`Copied::label`]).
    #[serde(default)]
    pub label: String,
}

impl Copied {
    /// The marker as kept with the progress entry (written with it, see
    /// [`crate::progress::SubmissionWriter::write_marked`]).
    pub fn kept(&self) -> CopiedFrom {
        CopiedFrom {
            period: self.from_period,
            similarity: self.similarity,
            unit_id: self.from_unit_id,
        }
    }

    /// With its label for a report of `period`.
    fn labelled(mut self, period: Period) -> Copied {
        self.label = self.label(period);
        self
    }

    /// As the clerk reads it for a report of `period`: 与上期相同, 与2025年7月基本相同,
    /// 与县财政局本期报送相同.
    pub fn label(&self, period: Period) -> String {
        let how = if self.identical {
            "相同"
        } else {
            "基本相同"
        };
        match &self.from_unit {
            Some(unit) => format!("与{unit}本期报送{how}"),
            None if self.from_period == period.prev() => format!("与上期{how}"),
            None => format!("与{}{how}", self.from_period.label()),
        }
    }
}

/// A text with numbers, dates, punctuation and whitespace set aside, and its sorted bigrams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    chars: Vec<char>,
    bigrams: Vec<u64>,
}

impl Fingerprint {
    /// The fingerprint of `text`.
    pub fn of(text: &str) -> Fingerprint {
        let mut chars = Vec::with_capacity(text.len() / 3 + 1);
        kept_chars(text, |c| chars.push(c));
        let mut bigrams: Vec<u64> = chars
            .windows(2)
            .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
            .collect();
        bigrams.sort_unstable();
        Fingerprint { chars, bigrams }
    }

    /// Long enough to be judged (see [`MIN_CHARS`]).
    pub fn judged(&self) -> bool {
        self.chars.len() >= MIN_CHARS
    }

    /// Dice coefficient of the bigram multisets, 0–1 (1: the same words).
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        if self.chars == other.chars {
            return 1.0;
        }
        let total = self.bigrams.len() + other.bigrams.len();
        if total == 0 {
            return 0.0;
        }
        let (a, b) = (&self.bigrams, &other.bigrams);
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (2 * shared) as f64 / total as f64
    }

    /// The kept characters, as a key for identical texts.
    pub fn key(&self) -> String {
        self.chars.iter().collect()
    }
}

/// Whether a text of this print is judged (see [`MIN_CHARS`]).
fn judged(p: Print) -> bool {
    p.chars as usize >= MIN_CHARS
}

/// The highest similarity two texts of these prints can have: the same print, 1; otherwise
/// no more bigrams are shared than the shorter text has (what [`Fingerprint::similarity`]
/// computes with that many shared, so never below it).
fn bound(a: Print, b: Print) -> f64 {
    if a.digest == b.digest {
        return 1.0;
    }
    let (na, nb) = (
        (a.chars as usize).saturating_sub(1),
        (b.chars as usize).saturating_sub(1),
    );
    let total = na + nb;
    if total == 0 {
        return 0.0;
    }
    (2 * na.min(nb)) as f64 / total as f64
}

/// Whitespace aside, the same characters.
fn same_words(a: &str, b: &str) -> bool {
    let visible = |c: &char| !c.is_whitespace();
    a.chars().filter(visible).eq(b.chars().filter(visible))
}

/// A similarity as shown and stored: two decimals, never rounded up to 1 unless it is 1.
fn rounded(s: f64) -> f64 {
    let r = (s * 100.0).round() / 100.0;
    if s < 1.0 {
        r.min(0.99)
    } else {
        r
    }
}

/// One earlier report of the unit on a task.
struct Earlier {
    period: Period,
    /// Its submission's place in [`History::subs`].
    sub: usize,
    progress_id: i64,
    print: Print,
}

/// A submission of the window, the span of its printed entries' ids, and its texts once read.
struct Sub {
    id: i64,
    span: (i64, i64),
    texts: Option<HashMap<i64, Rc<str>>>,
}

/// A unit's reports on a plan's tasks in the [`LOOKBACK_MONTHS`] before a period, as the prints
/// kept with each submission (see [`crate::progress::print`]), most recent first per task. A
/// text is read only when it may match (its length allows the threshold, or its print is the
/// row's), a submission's texts at once, and each different text is fingerprinted once.
pub struct History {
    by_task: HashMap<i64, Vec<Earlier>>,
    subs: Vec<Sub>,
    /// Print digest → fingerprint, for texts compared bigram by bigram.
    prints: HashMap<u64, Rc<Fingerprint>>,
}

impl History {
    /// The unit's current (not replaced) reports on the plan's tasks in the months before
    /// `period`.
    pub fn load(
        conn: &Connection,
        plan_id: i64,
        unit_id: i64,
        period: Period,
    ) -> Result<History, CopiedError> {
        let mut from = period;
        for _ in 0..LOOKBACK_MONTHS {
            from = from.prev();
        }
        let window = print::unit_window(conn, plan_id, unit_id, from, period)?;
        let mut by_task: HashMap<i64, Vec<Earlier>> =
            HashMap::with_capacity(window.first().map_or(0, |p| p.entries.len()));
        let mut subs = Vec::with_capacity(window.len());
        for printed in window {
            let at = subs.len();
            let texts = printed.texts.map(|texts| {
                printed
                    .entries
                    .iter()
                    .zip(texts)
                    .map(|(e, t)| (e.progress_id, Rc::from(t)))
                    .collect()
            });
            let ids = printed.entries.iter().map(|e| e.progress_id);
            let span = (ids.clone().min().unwrap_or(0), ids.max().unwrap_or(0));
            subs.push(Sub {
                id: printed.submission_id,
                span,
                texts,
            });
            for e in printed.entries {
                by_task
                    .entry(e.task_id)
                    .or_insert_with(|| Vec::with_capacity(LOOKBACK_MONTHS as usize))
                    .push(Earlier {
                        period: printed.period,
                        sub: at,
                        progress_id: e.progress_id,
                        print: e.print,
                    });
            }
        }
        Ok(History {
            by_task,
            subs,
            prints: HashMap::new(),
        })
    }

    /// The unit's earlier text on `task_id` most like `text` (its report for `period`, of print
    /// `print`), when at least `threshold` alike: the most similar, the most recent of equals.
    pub fn find(
        &mut self,
        conn: &Connection,
        task_id: i64,
        period: Period,
        text: &str,
        print: Print,
        threshold: f64,
    ) -> Result<Option<Copied>, CopiedError> {
        if !judged(print) {
            return Ok(None);
        }
        let History {
            by_task,
            subs,
            prints,
        } = self;
        // Most recent first.
        let Some(earlier) = by_task.get(&task_id) else {
            return Ok(None);
        };
        let mut mine: Option<Fingerprint> = None;
        let mut best: Option<(f64, &Earlier)> = None;
        for e in earlier {
            let most = bound(print, e.print);
            if most < threshold || best.is_some_and(|(b, _)| most <= b) {
                continue;
            }
            let s = if e.print.digest == print.digest {
                1.0
            } else {
                let fp = match prints.get(&e.print.digest) {
                    Some(fp) => Rc::clone(fp),
                    None => {
                        let t = earlier_text(conn, subs, e)?;
                        let fp = Rc::new(Fingerprint::of(&t));
                        prints.insert(e.print.digest, Rc::clone(&fp));
                        fp
                    }
                };
                mine.get_or_insert_with(|| Fingerprint::of(text))
                    .similarity(&fp)
            };
            if s >= threshold && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, e));
            }
        }
        let Some((s, e)) = best else {
            return Ok(None);
        };
        let earlier = earlier_text(conn, subs, e)?;
        Ok(Some(
            Copied {
                from_period: e.period,
                similarity: rounded(s),
                identical: same_words(text, &earlier),
                from_unit_id: None,
                from_unit: None,
                text: earlier.to_string(),
                label: String::new(),
            }
            .labelled(period),
        ))
    }
}

/// The text of an earlier report (its submission's texts read once).
fn earlier_text(conn: &Connection, subs: &mut [Sub], e: &Earlier) -> Result<Rc<str>, CopiedError> {
    let Some(sub) = subs.get_mut(e.sub) else {
        return Ok(Rc::from(""));
    };
    if sub.texts.is_none() {
        let (first, last) = sub.span;
        sub.texts = Some(
            print::entry_texts_between(conn, sub.id, first, last)?
                .into_iter()
                .map(|(id, _, t)| (id, Rc::from(t)))
                .collect(),
        );
    }
    Ok(sub
        .texts
        .as_ref()
        .and_then(|t| t.get(&e.progress_id))
        .cloned()
        .unwrap_or_else(|| Rc::from("")))
}

/// Where another unit's text is: in the batch (its text) or in the database (its entry).
#[derive(Debug, Clone)]
enum PeerText {
    Text(Rc<str>),
    Entry(i64),
}

/// Another unit's report on a task: (unit id, unit name, its text).
type Peer = (i64, Rc<str>, PeerText);

/// Texts of one period on each task, by unit, to find a report identical to another unit's.
#[derive(Default)]
pub struct Peers {
    /// (task, print digest) → the units' texts, first reporter first.
    by_print: HashMap<(i64, u64), Vec<Peer>>,
}

impl Peers {
    /// Every unit's current report on the plan's tasks for `period`, first received first;
    /// `unit_name` names a unit by its id.
    pub fn load(
        conn: &Connection,
        plan_id: i64,
        period: Period,
        unit_name: &dyn Fn(i64) -> String,
    ) -> Result<Peers, CopiedError> {
        let mut peers = Peers::default();
        for printed in print::period_submissions(conn, plan_id, period)? {
            let name: Rc<str> = Rc::from(unit_name(printed.unit_id));
            let mut texts = printed.texts.map(Vec::into_iter);
            // Oldest entry first within the submission, as its rows were written.
            let mut entries = printed.entries;
            entries.sort_by_key(|e| e.progress_id);
            if let Some(t) = texts.as_mut() {
                // Texts come newest first (see print::entry_texts); match them to the entries.
                let all: Vec<String> = t.rev().collect();
                texts = Some(all.into_iter());
            }
            for e in entries {
                let text = texts
                    .as_mut()
                    .and_then(Iterator::next)
                    .map(|t| PeerText::Text(Rc::from(t)))
                    .unwrap_or(PeerText::Entry(e.progress_id));
                peers.insert(e.task_id, printed.unit_id, &name, e.print, text);
            }
        }
        Ok(peers)
    }

    fn insert(&mut self, task_id: i64, unit_id: i64, unit: &Rc<str>, print: Print, text: PeerText) {
        if !judged(print) {
            return;
        }
        let list = self.by_print.entry((task_id, print.digest)).or_default();
        if !list.iter().any(|(u, _, _)| *u == unit_id) {
            list.push((unit_id, Rc::clone(unit), text));
        }
    }

    /// Adds a unit's text on a task.
    pub fn add(&mut self, task_id: i64, unit_id: i64, unit: &str, text: &str) {
        self.add_printed(task_id, unit_id, &Rc::from(unit), text, Print::of(text));
    }

    /// Adds a unit's text on a task, of print `print` (`Print::of(text)`, computed by the
    /// caller once for this and [`Peers::find`]).
    pub fn add_printed(
        &mut self,
        task_id: i64,
        unit_id: i64,
        unit: &Rc<str>,
        text: &str,
        print: Print,
    ) {
        if judged(print) {
            self.insert(
                task_id,
                unit_id,
                unit,
                print,
                PeerText::Text(Rc::from(text)),
            );
        }
    }

    /// Another unit's text on `task_id` with the same words as `text` (of print `print`;
    /// numbers, dates and punctuation aside).
    pub fn find(
        &self,
        conn: &Connection,
        task_id: i64,
        unit_id: i64,
        period: Period,
        text: &str,
        print: Print,
    ) -> Result<Option<Copied>, CopiedError> {
        if !judged(print) {
            return Ok(None);
        }
        let Some(list) = self.by_print.get(&(task_id, print.digest)) else {
            return Ok(None);
        };
        let Some((id, unit, theirs)) = list.iter().find(|(u, _, _)| *u != unit_id) else {
            return Ok(None);
        };
        let theirs = match theirs {
            PeerText::Text(t) => t.to_string(),
            PeerText::Entry(id) => print::entry_text(conn, *id)?,
        };
        Ok(Some(
            Copied {
                from_period: period,
                similarity: 1.0,
                identical: same_words(text, &theirs),
                from_unit_id: Some(*id),
                from_unit: Some(unit.to_string()),
                text: theirs,
                label: String::new(),
            }
            .labelled(period),
        ))
    }
}

/// The similarity threshold (设置 → 照抄识别), [`DEFAULT_THRESHOLD`] when none is set.
pub fn threshold(conn: &Connection) -> Result<f64, CopiedError> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [SETTING_THRESHOLD],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored
        .and_then(|v| parse_threshold(&v).ok())
        .unwrap_or(DEFAULT_THRESHOLD))
}

/// Reads a threshold as the clerk writes it: 0.9, 90 or 90%.
pub fn parse_threshold(text: &str) -> Result<f64, CopiedError> {
    let t = text.trim();
    let bad = || CopiedError::BadThreshold(crate::limits::preview(t));
    let (number, percent) = match t.strip_suffix(['%', '％']) {
        Some(n) => (n, true),
        None => (t, false),
    };
    let mut v: f64 = number.trim().parse().map_err(|_| bad())?;
    if percent || v > 1.0 {
        v /= 100.0;
    }
    if !v.is_finite() || !(MIN_THRESHOLD..=1.0).contains(&v) {
        return Err(bad());
    }
    Ok(v)
}

/// Sets the threshold (audited); returns it as stored.
pub fn set_threshold(db: &mut Db, value: f64) -> Result<f64, CopiedError> {
    if !value.is_finite() || !(MIN_THRESHOLD..=1.0).contains(&value) {
        return Err(CopiedError::BadThreshold(value.to_string()));
    }
    let before = threshold(db.conn())?;
    let tx = db.transaction()?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![SETTING_THRESHOLD, value.to_string()],
    )?;
    audit_edit(
        &tx,
        "setting",
        0,
        &serde_json::json!({ SETTING_THRESHOLD: before }),
        &serde_json::json!({ SETTING_THRESHOLD: value }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(value)
}

/// A stored marker: (unit, task) of a current report and where it was copied from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marked {
    pub unit_id: i64,
    pub task_id: i64,
    pub copied: Copied,
}

/// The 照抄 markers on the plan's current reports for `period`, with the earlier text.
pub fn marked(conn: &Connection, plan_id: i64, period: Period) -> Result<Vec<Marked>, CopiedError> {
    Ok(marks::marked(conn, plan_id, period)?
        .into_iter()
        .map(|m| Marked {
            unit_id: m.unit_id,
            task_id: m.task_id,
            copied: Copied {
                from_period: m.from_period,
                similarity: m.similarity,
                identical: same_words(&m.text, &m.earlier),
                from_unit_id: m.from_unit_id,
                from_unit: m.from_unit,
                text: m.earlier,
                label: String::new(),
            }
            .labelled(period),
        })
        .collect())
}

/// Per unit, the plan's current reports in `from..=to` with text, and how many of them are
/// 照抄: unit id → (rows with text, 照抄 rows).
pub fn counts_by_unit(
    conn: &Connection,
    plan_id: i64,
    from: Period,
    to: Period,
) -> Result<HashMap<i64, (usize, usize)>, CopiedError> {
    Ok(marks::counts_by_unit(conn, plan_id, from, to)?)
}

/// The units whose current report for `period` repeats their own earlier reports (照抄 rows
/// not copied from another unit): unit id → rows.
pub fn repeating_units(
    conn: &Connection,
    plan_id: i64,
    period: Period,
) -> Result<HashMap<i64, usize>, CopiedError> {
    Ok(marks::repeating_units(conn, plan_id, period)?)
}

#[cfg(test)]
mod tests;
