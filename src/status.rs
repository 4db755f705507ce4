//! 任务状态: the one rule that gives a task's status from the ledgers, behind 任务清单, the
//! 工作台, 汇总查看 and every report, so that they can never disagree.
//!
//! The rule ([`resolve`]), for the reports current (not replaced) up to a month:
//! - Each unit counts with its latest report on the task (a row with text but no status word
//!   counts as 推进中).
//! - The task's leads are its 牵头单位; a task without one is led by its 责任单位, and a task with
//!   neither by every unit on it.
//! - Once a lead has reported: every lead's latest report says 已完成 → 已完成; every lead
//!   reported 已完成 or 长期坚持 and at least one 长期坚持 → 长期坚持; otherwise any report (a
//!   lead's or a 配合单位's) other than 未启动 → 推进中; reports that all say 未启动 → 未启动.
//! - While no lead has reported, the 配合单位's reports do not decide the task: they only move a
//!   task still at 未启动 to 推进中.
//! - A status the clerk set by hand stands until a newer report on the task arrives (one that
//!   decides it by the rules above); with no report the task keeps the status it was entered or
//!   set with.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::assign::Role;
use crate::error_kind::ErrorKind;
use crate::progress::{self, Months, Period, ProgressError, StatusReport};
use crate::task::{Status, StatusSource, StoredStatus, Task};

/// A unit's latest report on a task, as the rule reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latest<'a> {
    pub unit_id: i64,
    /// What the unit wrote; `None`: progress text without a status word.
    pub status: Option<Status>,
    pub submission_id: i64,
    /// When the submission was imported (`YYYY-MM-DD HH:MM:SS`).
    pub imported_at: &'a str,
}

impl Latest<'_> {
    fn status(&self) -> Status {
        self.status.unwrap_or(Status::InProgress)
    }

    /// Imported after the clerk set the status by hand (`stored`).
    fn newer_than(&self, stored: &StoredStatus) -> bool {
        match stored.set_at.as_deref() {
            None => true,
            Some(at) => match self.imported_at.cmp(at) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                // The same second: the submission's number says which came first.
                std::cmp::Ordering::Equal => {
                    self.submission_id > stored.set_after.unwrap_or(i64::MAX)
                }
            },
        }
    }
}

/// The status the reports give once a lead has reported (see the module's rule); `None` while
/// no lead has.
pub fn from_reports(leads: &[i64], latest: &[Latest<'_>]) -> Option<Status> {
    if !latest.iter().any(|l| leads.contains(&l.unit_id)) {
        return None;
    }
    let lead_states: Vec<Option<Status>> = leads
        .iter()
        .map(|u| latest.iter().find(|l| l.unit_id == *u).map(Latest::status))
        .collect();
    let all_leads_reported = !leads.is_empty() && lead_states.iter().all(Option::is_some);
    if all_leads_reported {
        let states: Vec<Status> = lead_states.into_iter().flatten().collect();
        if states.iter().all(|s| *s == Status::Done) {
            return Some(Status::Done);
        }
        if states
            .iter()
            .all(|s| matches!(s, Status::Done | Status::Ongoing))
        {
            return Some(Status::Ongoing);
        }
    }
    if latest.iter().any(|l| l.status() != Status::NotStarted) {
        Some(Status::InProgress)
    } else {
        Some(Status::NotStarted)
    }
}

/// A task's status and where it comes from: the reports' status, unless the clerk set one by
/// hand after the newest of them; the stored status when nobody reported.
pub fn resolve(
    stored: &StoredStatus,
    leads: &[i64],
    latest: &[Latest<'_>],
) -> (Status, StatusSource) {
    let manual = stored.set_at.is_some();
    let stored_source = if manual {
        StatusSource::Manual
    } else {
        StatusSource::Entered
    };
    // Only the reports that decide the task count: the leads' once one has reported, else the
    // 配合单位's that move a task from 未启动.
    let (from, deciding): (Option<Status>, Vec<&Latest<'_>>) = match from_reports(leads, latest) {
        Some(s) => (Some(s), latest.iter().collect()),
        None => {
            let moving: Vec<&Latest<'_>> = latest
                .iter()
                .filter(|l| l.status() != Status::NotStarted)
                .collect();
            if stored.status == Status::NotStarted && !moving.is_empty() {
                (Some(Status::InProgress), moving)
            } else {
                (None, Vec::new())
            }
        }
    };
    match from {
        Some(s) if !manual || deciding.iter().any(|l| l.newer_than(stored)) => {
            (s, StatusSource::Report)
        }
        _ => (stored.status, stored_source),
    }
}

/// The units whose reports decide a task (see the module's rule).
pub fn leads(units: &[(i64, Role)]) -> Vec<i64> {
    for role in [Role::Lead, Role::Responsible] {
        let ids: Vec<i64> = units
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(u, _)| *u)
            .collect();
        if !ids.is_empty() {
            return ids;
        }
    }
    let mut ids: Vec<i64> = units.iter().map(|(u, _)| *u).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The current reports of one plan, by task, read once: each unit's latest, as of a month.
#[derive(Debug, Default)]
pub struct Reports {
    by_task: HashMap<i64, Vec<StatusReport>>,
}

impl Reports {
    /// Reads what the tasks' statuses now need: each unit's latest report on them.
    pub fn now(
        conn: &Connection,
        plan_id: i64,
        task_ids: &[i64],
    ) -> Result<Reports, ProgressError> {
        Reports::load(conn, plan_id, task_ids, Months::default())
    }

    /// Reads what the tasks' statuses as of month `p` need.
    pub fn as_of(
        conn: &Connection,
        plan_id: i64,
        task_ids: &[i64],
        p: Period,
    ) -> Result<Reports, ProgressError> {
        let months = Months {
            since: None,
            upto: Some(p),
        };
        Reports::load(conn, plan_id, task_ids, months)
    }

    /// Reads what the tasks' statuses as of every month from `from` to `to` need.
    pub fn over(
        conn: &Connection,
        plan_id: i64,
        task_ids: &[i64],
        from: Period,
        to: Period,
    ) -> Result<Reports, ProgressError> {
        let months = Months {
            since: Some(from),
            upto: Some(to),
        };
        Reports::load(conn, plan_id, task_ids, months)
    }

    fn load(
        conn: &Connection,
        plan_id: i64,
        task_ids: &[i64],
        months: Months,
    ) -> Result<Reports, ProgressError> {
        let mut by_task: HashMap<i64, Vec<StatusReport>> = HashMap::new();
        for r in progress::status_reports(conn, plan_id, task_ids, months)? {
            by_task.entry(r.task_id).or_default().push(r);
        }
        Ok(Reports { by_task })
    }

    /// Each unit's latest report on a task for a month no later than `as_of` (all months when
    /// `None`), with what it wrote.
    pub fn latest_as_of(&self, task_id: i64, as_of: Option<Period>) -> Vec<&StatusReport> {
        let mut out: Vec<&StatusReport> = Vec::new();
        // Oldest period first, then as received: a later one replaces the unit's earlier one.
        for r in self.by_task.get(&task_id).into_iter().flatten() {
            if as_of.is_some_and(|p| r.period > p) {
                continue;
            }
            match out.iter_mut().find(|x| x.unit_id == r.unit_id) {
                Some(x) => *x = r,
                None => out.push(r),
            }
        }
        out
    }

    fn latest(&self, task_id: i64, as_of: Option<Period>) -> Vec<Latest<'_>> {
        self.latest_as_of(task_id, as_of)
            .into_iter()
            .map(|r| Latest {
                unit_id: r.unit_id,
                status: r.status,
                submission_id: r.submission_id,
                imported_at: &r.imported_at,
            })
            .collect()
    }

    /// The task's status as of month `as_of` (now when `None`), by [`resolve`].
    pub fn of(&self, task: &Task, as_of: Option<Period>) -> (Status, StatusSource) {
        resolve(
            &task.stored_status,
            &leads(&task.unit_roles),
            &self.latest(task.id, as_of),
        )
    }
}

/// Sets every task's `status` and `status_source` from the reports (now).
pub fn fill(conn: &Connection, tasks: &mut [Task]) -> Result<(), ProgressError> {
    let mut plans: Vec<i64> = tasks.iter().map(|t| t.plan_id).collect();
    plans.sort_unstable();
    plans.dedup();
    for plan_id in plans {
        let ids: Vec<i64> = tasks
            .iter()
            .filter(|t| t.plan_id == plan_id)
            .map(|t| t.id)
            .collect();
        let reports = Reports::now(conn, plan_id, &ids)?;
        for t in tasks.iter_mut().filter(|t| t.plan_id == plan_id) {
            let (status, source) = reports.of(t, None);
            t.status = status;
            t.status_source = source;
        }
    }
    Ok(())
}

/// How a department's 完成状态 was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "StatusReading"))]
pub enum Reading {
    /// Nothing written.
    #[default]
    Empty,
    /// One of the four words.
    Exact,
    /// Through the clerk's table of words ([`words`]).
    Mapped,
    /// Not in the table: guessed from its words (未…, …完成, 持续…, …推进).
    Guessed,
    /// Not understood: no status recorded.
    Unknown,
}

impl Reading {
    /// Whether the clerk must be shown the row before it is imported.
    pub fn shown(self) -> bool {
        matches!(self, Reading::Mapped | Reading::Guessed | Reading::Unknown)
    }
}

/// One entry of the clerk's table of status words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusWord {
    pub word: String,
    pub status: Status,
}

/// Errors of the table of status words.
#[derive(Debug, thiserror::Error)]
pub enum WordError {
    #[error("状态用语不能为空。")]
    Empty,
    #[error("“{0}”本身就是四种完成状态之一，不需要对应。")]
    Builtin(String),
    #[error("状态用语“{0}”不在对应表中。")]
    NotFound(String),
    #[error(transparent)]
    TooLong(#[from] crate::limits::TooLong),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}
crate::impl_from_sqlite!(WordError);

impl WordError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            WordError::Empty | WordError::Builtin(_) | WordError::TooLong(_) => ErrorKind::Invalid,
            WordError::NotFound(_) => ErrorKind::NotFound,
            WordError::Store(e) => e.kind(),
        }
    }
}

/// How a status word is compared: width, spaces and punctuation folded.
pub fn word_key(text: &str) -> String {
    crate::text::compare_key(text)
}

/// What the table says `word` means now, as stored.
fn stored_meaning(conn: &Connection, word: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT status FROM status_word WHERE word = ?1",
        [word],
        |r| r.get(0),
    )
    .optional()
}

/// The clerk's table of status words, in word order.
pub fn words(conn: &Connection) -> Result<Vec<StatusWord>, WordError> {
    let mut stmt = conn.prepare_cached("SELECT word, status FROM status_word ORDER BY word")?;
    let rows = stmt.query_map([], |r| {
        let status: String = r.get(1)?;
        Ok(StatusWord {
            word: r.get(0)?,
            status: Status::parse(&status).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that `word` means `status` (audited); replaces an earlier meaning.
pub fn set_word(db: &mut crate::Db, word: &str, status: Status) -> Result<StatusWord, WordError> {
    let word = word.trim();
    if word.is_empty() {
        return Err(WordError::Empty);
    }
    crate::limits::check("状态用语", word, crate::limits::MAX_NAME_CHARS)?;
    if Status::parse(word).is_some() {
        return Err(WordError::Builtin(word.to_string()));
    }
    let tx = db.transaction()?;
    let before = stored_meaning(&tx, word)?;
    tx.execute(
        "INSERT INTO status_word (word, status) VALUES (?1, ?2)
         ON CONFLICT (word) DO UPDATE SET status = excluded.status",
        rusqlite::params![word, status.as_str()],
    )?;
    let entry = StatusWord {
        word: word.to_string(),
        status,
    };
    crate::store::audit(
        &tx,
        "status_word",
        0,
        "set",
        before
            .map(|b| serde_json::json!({ "word": word, "status": b }))
            .as_ref(),
        serde_json::to_value(&entry).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(entry)
}

/// Removes `word` from the table (audited); rows with it are then guessed or not understood.
pub fn remove_word(db: &mut crate::Db, word: &str) -> Result<(), WordError> {
    let word = word.trim();
    let tx = db.transaction()?;
    let before = stored_meaning(&tx, word)?;
    let Some(before) = before else {
        return Err(WordError::NotFound(word.to_string()));
    };
    tx.execute("DELETE FROM status_word WHERE word = ?1", [word])?;
    crate::store::audit(
        &tx,
        "status_word",
        0,
        "remove",
        Some(&serde_json::json!({ "word": word, "status": before })),
        None,
    )?;
    tx.commit()?;
    Ok(())
}

/// The table of status words, read once for an import.
#[derive(Debug, Clone, Default)]
pub struct Words {
    by_key: HashMap<String, Status>,
}

impl Words {
    /// Reads the clerk's table.
    pub fn load(conn: &Connection) -> rusqlite::Result<Words> {
        let mut stmt = conn.prepare_cached("SELECT word, status FROM status_word")?;
        let rows = stmt.query_map([], |r| {
            let word: String = r.get(0)?;
            let status: String = r.get(1)?;
            Ok((word_key(&word), Status::parse(&status).unwrap_or_default()))
        })?;
        Ok(Words {
            by_key: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// A table of the given entries.
    pub fn of(entries: &[StatusWord]) -> Words {
        Words {
            by_key: entries
                .iter()
                .map(|w| (word_key(&w.word), w.status))
                .collect(),
        }
    }

    /// What `text` (a department's 完成状态) is recorded as, and how it was read: one of the
    /// four words; else the clerk's table; else `guess` (the import's reading of its words);
    /// else not understood.
    pub fn read(
        &self,
        text: &str,
        guess: impl Fn(&str) -> Option<Status>,
    ) -> (Option<Status>, Reading) {
        let key = word_key(text);
        if key.is_empty() {
            return (None, Reading::Empty);
        }
        if let Some(s) = Status::parse(&key) {
            return (Some(s), Reading::Exact);
        }
        if let Some(s) = self.by_key.get(&key) {
            return (Some(*s), Reading::Mapped);
        }
        match guess(text) {
            Some(s) => (Some(s), Reading::Guessed),
            None => (None, Reading::Unknown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn l(unit_id: i64, status: Option<Status>, id: i64, at: &str) -> Latest<'_> {
        Latest {
            unit_id,
            status,
            submission_id: id,
            imported_at: at,
        }
    }

    const AT: &str = "2025-10-08 09:00:00";

    #[test]
    fn one_lead_is_followed() {
        for s in [Done, InProgress, Ongoing, NotStarted] {
            assert_eq!(from_reports(&[1], &[l(1, Some(s), 1, AT)]), Some(s));
            // Whatever the task was entered with.
            let entered = StoredStatus {
                status: Done,
                ..Default::default()
            };
            assert_eq!(
                resolve(&entered, &[1], &[l(1, Some(s), 1, AT)]),
                (s, StatusSource::Report)
            );
        }
        // Text without a status word: under way.
        assert_eq!(from_reports(&[1], &[l(1, None, 1, AT)]), Some(InProgress));
        assert_eq!(from_reports(&[1], &[]), None);
    }

    #[test]
    fn several_leads_are_done_only_when_all_are() {
        let both_done = [l(1, Some(Done), 1, AT), l(2, Some(Done), 2, AT)];
        assert_eq!(from_reports(&[1, 2], &both_done), Some(Done));
        let one_done = [l(1, Some(Done), 1, AT), l(2, Some(InProgress), 2, AT)];
        assert_eq!(from_reports(&[1, 2], &one_done), Some(InProgress));
        // The second lead has not reported: not done yet.
        assert_eq!(
            from_reports(&[1, 2], &[l(1, Some(Done), 1, AT)]),
            Some(InProgress)
        );
        let done_and_ongoing = [l(1, Some(Done), 1, AT), l(2, Some(Ongoing), 2, AT)];
        assert_eq!(from_reports(&[1, 2], &done_and_ongoing), Some(Ongoing));
        let none_started = [l(1, Some(NotStarted), 1, AT), l(2, Some(NotStarted), 2, AT)];
        assert_eq!(from_reports(&[1, 2], &none_started), Some(NotStarted));
        let one_started = [l(1, Some(NotStarted), 1, AT), l(2, Some(Done), 2, AT)];
        assert_eq!(from_reports(&[1, 2], &one_started), Some(InProgress));
    }

    #[test]
    fn co_units_alone_only_move_a_task_from_not_started() {
        let fresh = StoredStatus::default();
        // Unit 9 cooperates; lead 1 has not reported.
        assert_eq!(from_reports(&[1], &[l(9, Some(Done), 1, AT)]), None);
        assert_eq!(
            resolve(&fresh, &[1], &[l(9, Some(Done), 1, AT)]),
            (InProgress, StatusSource::Report)
        );
        assert_eq!(
            resolve(&fresh, &[1], &[l(9, Some(NotStarted), 1, AT)]),
            (NotStarted, StatusSource::Entered)
        );
        // A task entered as 已完成 is not pulled back by a co unit still working on its part.
        let entered_done = StoredStatus {
            status: Done,
            ..Default::default()
        };
        assert_eq!(
            resolve(&entered_done, &[1], &[l(9, Some(InProgress), 1, AT)]),
            (Done, StatusSource::Entered)
        );
        // The lead done, the co unit still working: the lead decides.
        assert_eq!(
            from_reports(
                &[1],
                &[l(1, Some(Done), 1, AT), l(9, Some(InProgress), 2, AT)]
            ),
            Some(Done)
        );
    }

    #[test]
    fn leads_fall_back_to_responsible_then_every_unit() {
        let units = [(5, Role::Co), (3, Role::Lead), (4, Role::Lead)];
        assert_eq!(leads(&units), vec![3, 4]);
        assert_eq!(leads(&[(5, Role::Co), (6, Role::Responsible)]), vec![6]);
        assert_eq!(leads(&[(5, Role::Co), (7, Role::Co)]), vec![5, 7]);
    }

    #[test]
    fn a_status_set_by_hand_stands_until_a_newer_report() {
        let stored = StoredStatus {
            status: Done,
            set_at: Some("2025-10-08 10:00:00".into()),
            set_after: Some(3),
        };
        let older = [l(1, Some(InProgress), 3, "2025-10-08 09:00:00")];
        assert_eq!(resolve(&stored, &[1], &older), (Done, StatusSource::Manual));
        let newer = [l(1, Some(InProgress), 4, "2025-10-09 09:00:00")];
        assert_eq!(
            resolve(&stored, &[1], &newer),
            (InProgress, StatusSource::Report)
        );
        // The same second: the submission's number decides.
        let same_second_before = [l(1, Some(InProgress), 3, "2025-10-08 10:00:00")];
        assert_eq!(resolve(&stored, &[1], &same_second_before).0, Done);
        let same_second_after = [l(1, Some(InProgress), 4, "2025-10-08 10:00:00")];
        assert_eq!(resolve(&stored, &[1], &same_second_after).0, InProgress);
        // Nobody reported: what was set stands; never set: as entered.
        assert_eq!(resolve(&stored, &[1], &[]), (Done, StatusSource::Manual));
        assert_eq!(
            resolve(&StoredStatus::default(), &[1], &[]),
            (NotStarted, StatusSource::Entered)
        );
        assert_eq!(
            resolve(&StoredStatus::default(), &[1], &older),
            (InProgress, StatusSource::Report)
        );
    }

    #[test]
    fn words_are_read_exactly_then_by_the_table_then_guessed() {
        let words = Words::of(&[
            StatusWord {
                word: "基本完成".into(),
                status: InProgress,
            },
            StatusWord {
                word: "未完成".into(),
                status: InProgress,
            },
        ]);
        let guess = |t: &str| {
            if t.contains("完成") {
                Some(Done)
            } else {
                None
            }
        };
        assert_eq!(words.read(" 已完成 ", guess), (Some(Done), Reading::Exact));
        assert_eq!(
            words.read("基本完成", guess),
            (Some(InProgress), Reading::Mapped)
        );
        assert_eq!(
            words.read("未完成", guess),
            (Some(InProgress), Reading::Mapped)
        );
        assert_eq!(
            words.read("全部完成", guess),
            (Some(Done), Reading::Guessed)
        );
        assert_eq!(words.read("见附件", guess), (None, Reading::Unknown));
        assert_eq!(words.read("  ", guess), (None, Reading::Empty));
        assert!(Reading::Mapped.shown() && Reading::Guessed.shown() && Reading::Unknown.shown());
        assert!(!Reading::Exact.shown() && !Reading::Empty.shown());
    }
}
