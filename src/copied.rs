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
//! The marker is decided when a report is imported, with the threshold then in effect (设置 →
//! 照抄识别, `ledger copied-threshold`), and kept on the progress entry (`progress.copied_*`,
//! whose SQL lives here).

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::progress::{Period, ProgressError};
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

/// Characters that form a date with the number before them.
const DATE_UNITS: [char; 4] = ['年', '月', '日', '号'];
/// Chinese numerals, for months written 七月 or 十二月.
const CN_DIGITS: [char; 11] = [
    '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
];

impl Fingerprint {
    /// The fingerprint of `text`.
    pub fn of(text: &str) -> Fingerprint {
        let src: Vec<char> = text.chars().collect();
        let mut chars = Vec::with_capacity(src.len());
        let mut i = 0;
        while i < src.len() {
            let c = src[i];
            if c.is_numeric() {
                // A number, and the date unit after it (2025年7月15日 → nothing).
                while i < src.len() && (src[i].is_numeric() || matches!(src[i], '.' | '．')) {
                    i += 1;
                }
                if i < src.len() && DATE_UNITS.contains(&src[i]) {
                    i += 1;
                }
                continue;
            }
            if CN_DIGITS.contains(&c) {
                // 七月, 十二月: a month in words; other numerals (统一, 一是) are words.
                let end = src[i..]
                    .iter()
                    .position(|c| !CN_DIGITS.contains(c))
                    .map_or(src.len(), |n| i + n);
                if end < src.len() && src[end] == '月' {
                    i = end + 1;
                    continue;
                }
            }
            if c.is_alphabetic() {
                chars.push(c);
            }
            i += 1;
        }
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

/// Whitespace aside, the same characters.
fn same_words(a: &str, b: &str) -> bool {
    let visible = |s: &'_ str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    visible(a) == visible(b)
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

/// One earlier report of the unit on a task; `print` indexes [`History::prints`].
struct Earlier {
    period: Period,
    text: Rc<str>,
    print: Option<usize>,
}

/// A unit's reports on a plan's tasks in the [`LOOKBACK_MONTHS`] before a period, read once
/// per file, most recent first per task. A text repeated month after month (what 照抄 is) is
/// fingerprinted once.
pub struct History {
    by_task: HashMap<i64, Vec<Earlier>>,
    /// Text → its fingerprint's place in `prints`.
    texts: HashMap<Rc<str>, usize>,
    prints: Vec<Fingerprint>,
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
        // The unit's current submissions in the window, newest first, then each one's entries
        // read as a run of rows: a submission's entries are written one after another (see
        // progress::SubmissionWriter), so their ids span a short range that is read in order,
        // without an index lookup per row (the submission_id test keeps it exact regardless).
        let mut subs = conn.prepare_cached(
            "SELECT s.id, s.period,
                    (SELECT min(id) FROM progress WHERE submission_id = s.id),
                    (SELECT max(id) FROM progress WHERE submission_id = s.id)
             FROM submission s
             WHERE s.plan_id = ?1 AND s.unit_id = ?2 AND s.period >= ?3 AND s.period < ?4
               AND s.replaced_by IS NULL
             ORDER BY s.period DESC, s.id DESC",
        )?;
        let found: Vec<(i64, String, Option<i64>, Option<i64>)> = subs
            .query_map(
                params![plan_id, unit_id, from.to_string(), period.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut entries = conn.prepare_cached(
            "SELECT task_id, text FROM progress NOT INDEXED
             WHERE id BETWEEN ?1 AND ?2 AND submission_id = ?3 AND text <> ''
             ORDER BY id DESC",
        )?;
        let mut by_task: HashMap<i64, Vec<Earlier>> = HashMap::new();
        let mut texts: HashMap<Rc<str>, usize> = HashMap::new();
        for (id, sub_period, first, last) in found {
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            let sub_period = Period::parse(&sub_period).map_err(ProgressError::from)?;
            let mut rows = entries.query(params![first, last, id])?;
            while let Some(r) = rows.next()? {
                let text = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
                let text = match texts.get_key_value(text) {
                    Some((t, _)) => Rc::clone(t),
                    None => {
                        let t: Rc<str> = Rc::from(text);
                        texts.insert(Rc::clone(&t), usize::MAX);
                        t
                    }
                };
                by_task.entry(r.get(0)?).or_default().push(Earlier {
                    period: sub_period,
                    text,
                    print: None,
                });
            }
        }
        Ok(History {
            by_task,
            texts,
            prints: Vec::new(),
        })
    }

    /// The unit's earlier text on `task_id` most like `text` (its report for `period`), when at
    /// least `threshold` alike: the most similar, the most recent of equals.
    pub fn find(
        &mut self,
        task_id: i64,
        period: Period,
        text: &str,
        print: &Fingerprint,
        threshold: f64,
    ) -> Option<Copied> {
        if !print.judged() {
            return None;
        }
        let earlier = self.by_task.get_mut(&task_id)?;
        let mut best: Option<(f64, &Earlier)> = None;
        for e in earlier.iter_mut() {
            let at = match e.print {
                Some(at) => at,
                None => {
                    let slot = self.texts.entry(Rc::clone(&e.text)).or_insert(usize::MAX);
                    if *slot == usize::MAX {
                        *slot = self.prints.len();
                        self.prints.push(Fingerprint::of(&e.text));
                    }
                    e.print = Some(*slot);
                    *slot
                }
            };
            let s = print.similarity(&self.prints[at]);
            if s >= threshold && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, e));
            }
        }
        best.map(|(s, e)| {
            Copied {
                from_period: e.period,
                similarity: rounded(s),
                identical: same_words(text, &e.text),
                from_unit_id: None,
                from_unit: None,
                text: e.text.to_string(),
                label: String::new(),
            }
            .labelled(period)
        })
    }
}

/// A unit's text on a task: (unit id, unit name, text).
type PeerText = (i64, String, String);

/// Texts of one period on each task, by unit, to find a report identical to another unit's.
#[derive(Default)]
pub struct Peers {
    /// (task, fingerprint key) → the units' texts, first reporter first.
    by_text: HashMap<(i64, String), Vec<PeerText>>,
}

impl Peers {
    /// Adds a unit's text on a task.
    pub fn add(&mut self, task_id: i64, unit_id: i64, unit: &str, text: &str) {
        let print = Fingerprint::of(text);
        if !print.judged() {
            return;
        }
        let list = self.by_text.entry((task_id, print.key())).or_default();
        if !list.iter().any(|(u, _, _)| *u == unit_id) {
            list.push((unit_id, unit.to_string(), text.to_string()));
        }
    }

    /// Another unit's text on `task_id` with the same words as `print` (numbers, dates and
    /// punctuation aside).
    pub fn find(
        &self,
        task_id: i64,
        unit_id: i64,
        period: Period,
        text: &str,
        print: &Fingerprint,
    ) -> Option<Copied> {
        if !print.judged() {
            return None;
        }
        let list = self.by_text.get(&(task_id, print.key()))?;
        let (id, unit, theirs) = list.iter().find(|(u, _, _)| *u != unit_id)?;
        Some(
            Copied {
                from_period: period,
                similarity: 1.0,
                identical: same_words(text, theirs),
                from_unit_id: Some(*id),
                from_unit: Some(unit.clone()),
                text: theirs.clone(),
                label: String::new(),
            }
            .labelled(period),
        )
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

/// Keeps the marker on the progress entry `entry_id` (just written, in the caller's
/// transaction).
pub fn mark(conn: &Connection, entry_id: i64, c: &Copied) -> Result<(), CopiedError> {
    conn.prepare_cached(
        "UPDATE progress SET copied_from = ?1, copied_similarity = ?2, copied_unit_id = ?3
         WHERE id = ?4",
    )?
    .execute(params![
        c.from_period.to_string(),
        c.similarity,
        c.from_unit_id,
        entry_id
    ])?;
    Ok(())
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
    let mut stmt = conn.prepare_cached(
        "SELECT p.unit_id, p.task_id, p.text, p.copied_from, p.copied_similarity,
                p.copied_unit_id, u.name,
                (SELECT e.text FROM progress e JOIN submission es ON es.id = e.submission_id
                  WHERE e.task_id = p.task_id AND e.period = p.copied_from
                    AND e.unit_id = coalesce(p.copied_unit_id, p.unit_id)
                    AND es.replaced_by IS NULL
                  ORDER BY e.id DESC LIMIT 1)
         FROM submission s JOIN progress p ON p.submission_id = s.id
         LEFT JOIN unit u ON u.id = p.copied_unit_id
         WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL
           AND p.copied_from IS NOT NULL
         ORDER BY p.unit_id, p.task_id",
    )?;
    let mut rows = stmt.query(params![plan_id, period.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let text: String = r.get(2)?;
        let from: String = r.get(3)?;
        let earlier: Option<String> = r.get(7)?;
        let earlier = earlier.unwrap_or_default();
        out.push(Marked {
            unit_id: r.get(0)?,
            task_id: r.get(1)?,
            copied: Copied {
                from_period: Period::parse(&from).map_err(ProgressError::from)?,
                similarity: r.get(4)?,
                identical: same_words(&text, &earlier),
                from_unit_id: r.get(5)?,
                from_unit: r.get(6)?,
                text: earlier,
                label: String::new(),
            }
            .labelled(period),
        });
    }
    Ok(out)
}

/// Per unit, the plan's current reports in `from..=to` with text, and how many of them are
/// 照抄: unit id → (rows with text, 照抄 rows).
pub fn counts_by_unit(
    conn: &Connection,
    plan_id: i64,
    from: Period,
    to: Period,
) -> Result<HashMap<i64, (usize, usize)>, CopiedError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.unit_id, count(*), count(p.copied_from)
         FROM submission s JOIN progress p ON p.submission_id = s.id
         WHERE s.plan_id = ?1 AND s.period >= ?2 AND s.period <= ?3 AND s.replaced_by IS NULL
           AND trim(p.text) <> ''
         GROUP BY s.unit_id",
    )?;
    let rows = stmt.query_map(params![plan_id, from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The units whose current report for `period` repeats their own earlier reports (照抄 rows
/// not copied from another unit): unit id → rows.
pub fn repeating_units(
    conn: &Connection,
    plan_id: i64,
    period: Period,
) -> Result<HashMap<i64, usize>, CopiedError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.unit_id, count(*)
         FROM submission s JOIN progress p ON p.submission_id = s.id
         WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL
           AND p.copied_from IS NOT NULL AND p.copied_unit_id IS NULL
         GROUP BY s.unit_id",
    )?;
    let rows = stmt.query_map(params![plan_id, period.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests;
