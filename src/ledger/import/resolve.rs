//! Settling a file's plan, unit, period and 收到日期 from what the clerk chose, the file's
//! hidden identity and its text; refusing disagreements and duplicate rows.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::period::Period;
use crate::plan;

use super::context::Context;
use super::error::LedgerImportError;
use super::layout::{RawRow, Table};
use super::matching::{match_row, similarity, MatchKind, RowMatch, TaskIndex};
use super::preview_book::{same_text, short};
use super::types::{
    Counts, FilePreview, ImportOptions, Issue, PreviewRow, ReceivedSource, RowState, Source,
    Sources,
};
use super::{layout, read};

/// The first day a report on `period` of `plan` can arrive: the day reporting opens under the
/// plan's rule (the day after the month for 每月5日前报送上月), else the month's first day.
pub(crate) fn reporting_opens(
    plan: &plan::Plan,
    cal: &crate::calendar::Calendar,
    period: Period,
) -> NaiveDate {
    match crate::remind::due_date(&plan.report_rule, period, cal) {
        Some(due) => crate::remind::opens_on(period, due.date),
        None => period.first_day().unwrap_or(NaiveDate::MIN),
    }
}

/// Refuses a 收到日期 after `today` or before reporting on the period opens.
pub(crate) fn check_received(
    file: &str,
    day: NaiveDate,
    period: Period,
    opens: NaiveDate,
    today: NaiveDate,
) -> Result<(), LedgerImportError> {
    use crate::deadline::format_cn;
    if day > today {
        return Err(LedgerImportError::ReceivedInFuture {
            day: format_cn(day),
            today: format_cn(today),
        });
    }
    if day < opens {
        return Err(LedgerImportError::ReceivedBeforeOpen {
            file: file.to_string(),
            day: format_cn(day),
            period: period.label(),
            opens: format_cn(opens),
        });
    }
    Ok(())
}

/// `today`, else today on the clock the database was opened with (see [`crate::store::now`]).
pub(crate) fn today_or_clock(
    conn: &rusqlite::Connection,
    today: Option<NaiveDate>,
) -> rusqlite::Result<NaiveDate> {
    match today {
        Some(day) => Ok(day),
        None => Ok(crate::store::now(conn)?.date()),
    }
}

/// Settles a read file's 收到日期: the clerk's (checked), else the file's modification day
/// (not after today, not before reporting opens unless that is still to come; with a note
/// when moved), else today.
pub(super) fn settle_received(
    ctx: &Context<'_>,
    fp: &mut FilePreview,
    modified: Option<NaiveDate>,
    options: &ImportOptions,
) -> Result<(), LedgerImportError> {
    let (Some(plan_id), Some(period)) = (fp.plan_id, fp.period) else {
        return Ok(());
    };
    let Some(plan) = ctx.plan(plan_id) else {
        return Ok(());
    };
    let today = today_or_clock(ctx.conn, options.today)?;
    let opens = reporting_opens(plan, &ctx.cal, period);
    fp.file_time = modified;
    fp.received_from = Some(opens);
    let chosen = options
        .files
        .iter()
        .find(|f| f.file == fp.file)
        .and_then(|f| f.received)
        .or(options.received);
    let (day, source) = match (chosen, modified) {
        (Some(day), _) => {
            check_received(&fp.file_name, day, period, opens, today)?;
            (day, ReceivedSource::Manual)
        }
        (None, Some(m)) if m > today => {
            fp.issues.push(Issue::warning(
                format!(
                    "“{}”的文件时间{}晚于今天，收到日期按今天记。如不对，请改为实际收到的日期。",
                    fp.file_name,
                    crate::deadline::format_cn(m)
                ),
                None,
                None,
                None,
            ));
            (today, ReceivedSource::ImportDay)
        }
        // Sent before reporting opened: counted from the opening day (imported before that
        // day, the file's own day stands).
        (None, Some(m)) if m < opens && opens <= today => {
            let day = opens;
            fp.issues.push(Issue::warning(
                format!(
                    "“{}”的文件时间{}早于{}报送的开始日期，收到日期按{}记。如不对，请改为实际收到的日期。",
                    fp.file_name,
                    crate::deadline::format_cn(m),
                    period.label(),
                    crate::deadline::format_cn(day)
                ),
                None,
                None,
                None,
            ));
            (day, ReceivedSource::FileTime)
        }
        (None, Some(m)) => (m, ReceivedSource::FileTime),
        (None, None) => (today, ReceivedSource::ImportDay),
    };
    fp.received_on = Some(day);
    fp.received_source = Some(source);
    Ok(())
}

pub(super) fn identity_period(id: &HashMap<String, String>) -> Option<Period> {
    id.get("period").and_then(|p| Period::parse(p).ok())
}

/// Refuses a period outside the plan's (start, end) dates.
pub(super) fn check_period(
    file: &str,
    (start, end): (Option<NaiveDate>, Option<NaiveDate>),
    period: Period,
) -> Result<(), LedgerImportError> {
    let start = start.map(Period::of);
    let end = end.map(Period::of);
    if start.is_some_and(|s| period < s) || end.is_some_and(|e| period > e) {
        let range = match (start, end) {
            (Some(s), Some(e)) => format!("{}至{}", s.label(), e.label()),
            (Some(s), None) => format!("{}起", s.label()),
            (None, Some(e)) => format!("至{}", e.label()),
            (None, None) => String::new(),
        };
        return Err(LedgerImportError::PeriodOutsidePlan {
            file: file.to_string(),
            period: period.label(),
            range,
        });
    }
    Ok(())
}

/// The plan of a file and whether its hidden task keys refer to that plan's tasks.
pub(super) fn resolve_plan(
    ctx: &mut Context<'_>,
    fp: &FilePreview,
    book: &read::Book,
    tables: &[Table],
    options: &ImportOptions,
) -> Result<(i64, bool), LedgerImportError> {
    let file = fp.file_name.clone();
    if ctx.plans.is_empty() {
        return Err(LedgerImportError::NoPlan);
    }
    let id = &book.identity;
    let from_identity: Option<(i64, bool)> = if fp.ours {
        let title = id.get("plan_title").cloned().unwrap_or_default();
        let pid: Option<i64> = id.get("plan_id").and_then(|v| v.parse().ok());
        let exact = pid.and_then(|p| ctx.plan(p)).filter(|p| p.title == title);
        match exact {
            Some(p) => Some((p.id, true)),
            None => match ctx.plans.iter().rev().find(|p| p.title == title) {
                Some(p) => Some((p.id, false)),
                None if !title.is_empty() => {
                    return Err(match options.plan_id.and_then(|p| ctx.plan(p)) {
                        Some(expected) => LedgerImportError::OtherPlan {
                            file,
                            found: crate::limits::clip(&title, 60),
                            expected: expected.title.clone(),
                        },
                        None => LedgerImportError::PlanMissing {
                            file,
                            title: crate::limits::clip(&title, 60),
                        },
                    })
                }
                None => None,
            },
        }
    } else {
        None
    };
    match (options.plan_id, from_identity) {
        (Some(chosen), Some((found, _))) if chosen != found => {
            let name = |id: i64| ctx.plan(id).map(|p| p.title.clone()).unwrap_or_default();
            Err(LedgerImportError::OtherPlan {
                file,
                found: name(found),
                expected: name(chosen),
            })
        }
        (_, Some(found)) => Ok(found),
        (Some(chosen), None) => Ok((chosen, false)),
        (None, None) if ctx.plans.len() == 1 => Ok((ctx.plans[0].id, false)),
        (None, None) => {
            // The plan whose tasks the rows match best; the latest on a tie.
            let ids: Vec<i64> = ctx.plans.iter().map(|p| p.id).collect();
            let mut best = (0usize, ids[ids.len() - 1]);
            for pid in ids {
                let index = ctx.index(pid)?;
                let sure = tables
                    .iter()
                    .flat_map(|t| t.rows.iter())
                    .filter(|r| {
                        let m = match_row(&index, r, false);
                        m.task_id.is_some() && !m.doubtful
                    })
                    .count();
                if sure >= best.0 {
                    best = (sure, pid);
                }
            }
            Ok((best.1, false))
        }
    }
}

/// What the hidden identity, the header and the file name say about a file's 报送期次 or
/// 填报单位, as shown in the refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub file: String,
    /// 报送期次 / 填报单位.
    pub what: &'static str,
    pub identity: String,
    pub form: String,
    pub file_name: String,
    /// The CLI option that decides it.
    pub flag: &'static str,
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Disagreement {
            file,
            what,
            identity,
            form,
            file_name,
            flag,
        } = self;
        write!(
            f,
            "“{file}”的{what}前后不一致：隐藏标识为{identity}，表内“{what}”为{form}，文件名为{file_name}。为免记错，未导入。请核对后选择正确的{what}（命令行加 {flag}）。"
        )
    }
}

/// The refusal of a file whose sources disagree on `what` (报送期次 / 填报单位).
pub(super) fn conflict_error<T>(
    file: &str,
    what: &'static str,
    flag: &'static str,
    values: &Sources<T>,
    show: impl Fn(&T) -> String,
) -> LedgerImportError {
    let shown = |v: &Option<T>| {
        v.as_ref()
            .map(&show)
            .unwrap_or_else(|| "（无）".to_string())
    };
    LedgerImportError::IdentityConflict(Box::new(Disagreement {
        file: file.to_string(),
        what,
        identity: shown(&values.identity),
        form: shown(&values.form),
        file_name: shown(&values.file_name),
        flag,
    }))
}

/// The unit each of the identity, the 填报单位 line and the file name names (as far as it is
/// in the directory).
pub(super) fn unit_sources(ctx: &Context<'_>, hints: &UnitHints<'_>) -> Sources<i64> {
    let form = hints
        .form
        .iter()
        .find_map(|line| layout::unit_in_text(line))
        .and_then(|name| {
            ctx.find_unit(&name)
                .or_else(|| ctx.unit_in(&name).map(|(u, _)| u))
        });
    let stem = hints
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Sources {
        identity: identity_unit(ctx, hints),
        form,
        file_name: ctx.unit_in(&stem).map(|(u, _)| u),
    }
}

/// The unit our hidden identity names: by id when it is the same unit (or the ids are this
/// database's), else by name.
pub(super) fn identity_unit(ctx: &Context<'_>, hints: &UnitHints<'_>) -> Option<i64> {
    let id = hints.identity;
    if id.is_empty() {
        return None;
    }
    let name = id.get("unit_name").cloned().unwrap_or_default();
    let by_id: Option<i64> = id.get("unit_id").and_then(|v| v.parse().ok());
    if let Some(u) = by_id {
        // The same unit, or one renamed since the export of this very database.
        let same_name = ctx.units.get(&u).is_some_and(|(n, _)| *n == name);
        if same_name || (hints.ids_trusted && ctx.units.contains_key(&u)) {
            return Some(u);
        }
    }
    if name.is_empty() {
        None
    } else {
        ctx.find_unit(&name)
    }
}

/// What a file says about its unit.
pub(super) struct UnitHints<'a> {
    pub(super) identity: &'a HashMap<String, String>,
    /// The identity's ids refer to this database (the plan matched by id and title).
    pub(super) ids_trusted: bool,
    pub(super) form: &'a [String],
    pub(super) chosen: Option<&'a str>,
    pub(super) path: &'a Path,
}

/// The reporting unit: the clerk's choice, else our identity, else the 填报单位 line, else the
/// file name.
pub(super) fn resolve_unit(
    ctx: &Context<'_>,
    file: &str,
    hints: &UnitHints<'_>,
) -> Result<(i64, Source), LedgerImportError> {
    let (form, chosen, path) = (hints.form, hints.chosen, hints.path);
    if let Some(name) = chosen {
        // A group phrase (县直各有关部门) is no unit and never reports.
        if ctx.find_unit(name).is_none() && crate::group_phrase::is_group_phrase(name) {
            return Err(LedgerImportError::GroupUnit {
                file: file.to_string(),
                name: crate::limits::clip(name.trim(), crate::limits::MAX_NAME_CHARS),
            });
        }
        let unit_id = ctx
            .find_unit(name)
            .ok_or_else(|| LedgerImportError::UnknownUnit {
                file: file.to_string(),
                place: "导入时所选".to_string(),
                name: crate::limits::clip(name, crate::limits::MAX_NAME_CHARS),
            })?;
        return Ok((unit_id, Source::Chosen));
    }
    if let Some(u) = identity_unit(ctx, hints) {
        return Ok((u, Source::Identity));
    }
    for line in form {
        if let Some(name) = layout::unit_in_text(line) {
            return match ctx.find_unit(&name) {
                Some(u) => Ok((u, Source::Form)),
                None => match ctx.unit_in(&name) {
                    Some((u, _)) => Ok((u, Source::Form)),
                    None => Err(LedgerImportError::UnknownUnit {
                        file: file.to_string(),
                        place: "的“填报单位”一行".to_string(),
                        name: crate::limits::clip(&name, crate::limits::MAX_NAME_CHARS),
                    }),
                },
            };
        }
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some((u, _)) = ctx.unit_in(&stem) {
        return Ok((u, Source::FileName));
    }
    Err(LedgerImportError::NoUnit {
        file: file.to_string(),
    })
}

/// Several rows with the same hidden key (a row copied to insert a new one): the row whose
/// title fits the task keeps the key, the others are matched again by 序号 and title.
pub(super) fn resolve_duplicate_keys(index: &TaskIndex, rows: &mut [(RawRow, RowMatch, String)]) {
    let mut by_task: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, (_, m, _)) in rows.iter().enumerate() {
        if let (MatchKind::Key, Some(t)) = (m.kind, m.task_id) {
            by_task.entry(t).or_default().push(i);
        }
    }
    for (task_id, at) in by_task {
        if at.len() < 2 {
            continue;
        }
        let Some(task) = index.get(task_id) else {
            continue;
        };
        let best = at
            .iter()
            .copied()
            .max_by(|a, b| {
                similarity(&rows[*a].0.title, &task.title)
                    .total_cmp(&similarity(&rows[*b].0.title, &task.title))
                    .then(b.cmp(a))
            })
            .unwrap_or(at[0]);
        for i in at {
            if i != best && !same_text(&rows[i].0.title, &rows[best].0.title) {
                let rematched = match_row(index, &rows[i].0, false);
                rows[i].1 = rematched;
            }
        }
    }
}

/// The same task in several rows: identical progress is read once (the later rows are marked
/// duplicates); different progress is an error naming both rows.
pub(super) fn check_duplicates(fp: &mut FilePreview) -> Result<(), LedgerImportError> {
    let mut first: HashMap<i64, usize> = HashMap::new();
    let mut dup: HashSet<usize> = HashSet::new();
    for (i, r) in fp.rows.iter().enumerate() {
        let Some(task) = r.task_id.filter(|_| !r.doubtful) else {
            continue;
        };
        match first.get(&task) {
            None => {
                first.insert(task, i);
            }
            Some(&j) => {
                let a = &fp.rows[j];
                if same_text(&a.progress, &r.progress) || r.progress.trim().is_empty() {
                    dup.insert(i);
                } else if a.progress.trim().is_empty() {
                    // The first row was empty: the filled one counts.
                    dup.insert(j);
                    first.insert(task, i);
                } else {
                    return Err(LedgerImportError::DuplicateRows {
                        file: fp.file_name.clone(),
                        sheet: r.sheet.clone(),
                        first: a.row,
                        second: r.row,
                        task: short(&a.task_title, 40),
                    });
                }
            }
        }
    }
    for i in dup {
        fp.rows[i].state = RowState::Duplicate;
    }
    Ok(())
}

pub(super) fn count(rows: &[PreviewRow]) -> Counts {
    let mut c = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    for r in rows {
        if r.doubtful && r.task_id.is_some() {
            c.doubtful += 1;
            continue;
        }
        if r.copied.is_some() {
            c.copied += 1;
        }
        match r.state {
            RowState::New => c.new += 1,
            RowState::Unchanged => c.unchanged_from_previous += 1,
            RowState::Empty => c.empty += 1,
            RowState::Unmatched => c.unmatched += 1,
            RowState::Duplicate => {}
        }
        if matches!(
            r.state,
            RowState::New | RowState::Unchanged | RowState::Empty
        ) {
            c.matched += 1;
        }
    }
    c
}
