//! The CLI's subcommands, one module per area, over the core API.

pub mod backup;
pub mod evidence;
pub mod group;
pub mod import;
pub mod inbox;
pub mod ledger;
pub mod office;
pub mod plan;
pub mod remind;
pub mod report;
pub mod task;
pub mod unit;
pub mod usage;

use chrono::NaiveDate;
use serde::Serialize;

use taizhang::task::Status;
use taizhang::{Db, Error};

pub(crate) fn print_json<T: Serialize>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Invalid(format!("无法输出 JSON：{e}")))?;
    say!("{text}");
    Ok(())
}

/// Reads a day written as 2025-08-01, 2025/8/1 or 2025年8月1日.
pub(crate) fn parse_day(s: &str) -> Result<NaiveDate, Error> {
    let t = s.trim();
    let normalized: String = t
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    NaiveDate::parse_from_str(&normalized, "%Y-%m-%d").map_err(|_| {
        Error::Invalid(format!(
            "日期“{}”无法识别，请写成 2025-08-01 或 2025年8月1日 这样的格式。",
            taizhang::limits::preview(t)
        ))
    })
}

/// `--today`, else `TAIZHANG_TODAY`, else this computer's date.
pub(crate) fn today_arg(arg: Option<&str>) -> Result<NaiveDate, Error> {
    if let Some(s) = arg {
        return parse_day(s);
    }
    match std::env::var("TAIZHANG_TODAY") {
        Ok(s) if !s.trim().is_empty() => parse_day(&s),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

pub(crate) fn parse_status(s: &str) -> Result<Status, Error> {
    Status::parse(s).ok_or_else(|| {
        Error::Invalid(format!(
            "状态“{}”无效，请用：未启动、推进中、已完成、长期坚持。",
            taizhang::limits::preview(s)
        ))
    })
}

pub(crate) fn default_plan(db: &Db, plan: Option<i64>) -> Result<i64, Error> {
    match plan {
        Some(id) => Ok(id),
        None => Ok(taizhang::plan::latest_id(db)?),
    }
}

pub(crate) fn report<T: Serialize>(
    value: &T,
    json: bool,
    text: impl FnOnce() -> String,
) -> Result<(), Error> {
    if json {
        print_json(value)
    } else {
        say!("{}", text());
        Ok(())
    }
}

/// An empty date argument clears the date.
pub(crate) fn optional_day(s: &str) -> Result<Option<NaiveDate>, Error> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_day(s).map(Some)
    }
}

/// `--replace` as the core's choice for files already there.
pub(crate) fn existing(replace: bool) -> taizhang::ledger::Existing {
    if replace {
        taizhang::ledger::Existing::Replace
    } else {
        taizhang::ledger::Existing::KeepBoth
    }
}

/// `（同名文件“X”已存在，未覆盖，新文件另起名）` after a file written under another name.
pub(crate) fn kept_note(kept: Option<&std::path::Path>) -> String {
    kept.and_then(|k| k.file_name())
        .map(|n| {
            format!(
                "（同名文件“{}”已存在，未覆盖，新文件另起名）",
                n.to_string_lossy()
            )
        })
        .unwrap_or_default()
}

/// `clause(n)` (such as "，新增责任单位 3 个") when there is any, nothing when `n` is zero: the
/// optional tail of a one-line summary.
pub(crate) fn if_any<N: Copy + PartialOrd + Default>(
    n: N,
    clause: impl FnOnce(N) -> String,
) -> String {
    if n > N::default() {
        clause(n)
    } else {
        String::new()
    }
}

/// The automatic backup before `change` (plan import, undo), dated by `TAIZHANG_TODAY` or this
/// computer; when it fails the command stops before changing anything.
pub(crate) fn backup_before(db: &Db, change: taizhang::backup::Change) -> Result<(), Error> {
    taizhang::backup::before(db, change, today_arg(None)?)?;
    Ok(())
}
