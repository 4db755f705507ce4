//! 工作日日历: mainland China's public holidays and make-up working days (调休) as data.
//!
//! The program carries `assets/calendar/cn-workdays.json` (2020–2026, from the State Council
//! General Office's annual notices). The clerk can import a newer file of the same format; each
//! imported year replaces the built-in (or an earlier import's) same year. Days of years the
//! calendar does not cover count Monday to Friday as working days.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::deadline::format_cn;
use crate::error_kind::ErrorKind;
use crate::store::{audit, now_string, Db, StoreError};

/// The built-in calendar, compiled into the program.
pub const BUILTIN_JSON: &str = include_str!("../assets/calendar/cn-workdays.json");

/// The `format` value of a calendar file.
pub const FORMAT: &str = "taizhang-workdays/1";

/// Years a calendar file may name.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A calendar file is a few kilobytes; anything much larger is the wrong file.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// Errors of the calendar area.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("无法读取日历文件“{path}”：{source}。请确认文件存在且没有被其他程序占用。")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("“{path}”不是普通文件，而是{what}，不是节假日日历文件。请选择 cn-workdays.json 格式的日历文件。")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("文件“{path}”太大（{size} 字节），不是节假日日历文件。请选择 cn-workdays.json 格式的日历文件。")]
    TooLarge { path: PathBuf, size: u64 },
    #[error("日历文件不是 UTF-8 编码。请用记事本打开后“另存为”，编码选 UTF-8，再导入。当前日历未作改动。")]
    NotUtf8,
    #[error("日历文件格式有误（第{line}行第{column}列）：{detail}。请对照日历格式说明修改后再导入，当前日历未作改动。")]
    Json {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("日历文件的格式标记“{0}”无法识别，本程序只认 taizhang-workdays/1。当前日历未作改动。")]
    Format(String),
    #[error("日历文件中没有任何年份（years 为空）。当前日历未作改动。")]
    NoYears,
    #[error("日历文件中的年份“{0}”无效：应为 2000 到 2100 之间的四位年份，如 \"2026\"。当前日历未作改动。")]
    BadYear(String),
    #[error("{year}年有一组日期没有写节日名称（name），请补上。当前日历未作改动。")]
    EmptyName { year: i32 },
    #[error("{year}年“{name}”中的日期“{value}”无法识别，请写成 2026-01-01 这样的格式。当前日历未作改动。")]
    BadDate {
        year: i32,
        name: String,
        value: String,
    },
    #[error("“{name}”中的日期{date}不属于{year}年：每一年只能列出本年的日期，请把它移到对应的年份下。当前日历未作改动。")]
    WrongYear {
        year: i32,
        name: String,
        date: String,
    },
    #[error("{date}既被列为“{holiday}”放假，又被列为“{workday}”调休上班，请删去其中一处。当前日历未作改动。")]
    Conflict {
        date: String,
        holiday: String,
        workday: String,
    },
    #[error("{date}（{weekday}）被列为“{name}”调休上班，但调休上班日只能是周六或周日，请检查。当前日历未作改动。")]
    MakeupNotWeekend {
        date: String,
        weekday: String,
        name: String,
    },
    #[error("{0}年没有列出任何放假日期，请检查 holidays 是否写对。当前日历未作改动。")]
    NoHolidays(i32),
    #[error("日历中没有{0}年的节假日安排。请导入包含{0}年的日历文件；导入前该年按周一至周五为工作日计算。")]
    YearMissing(i32),
    #[error("没有导入过日历，当前使用的就是程序内置的日历。")]
    NothingToUndo,
    #[error(
        "已保存的日历（导入编号 {id}）无法读取：{detail}。请重新导入日历文件，或撤销该次导入。"
    )]
    Stored { id: i64, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(CalendarError);

impl CalendarError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CalendarError::Read { .. } => ErrorKind::Io,
            CalendarError::TooLarge { .. }
            | CalendarError::NotAFile { .. }
            | CalendarError::NotUtf8
            | CalendarError::Json { .. }
            | CalendarError::Format(_)
            | CalendarError::NoYears
            | CalendarError::BadYear(_)
            | CalendarError::EmptyName { .. }
            | CalendarError::BadDate { .. }
            | CalendarError::WrongYear { .. }
            | CalendarError::Conflict { .. }
            | CalendarError::MakeupNotWeekend { .. }
            | CalendarError::NoHolidays(_) => ErrorKind::Invalid,
            CalendarError::YearMissing(_) | CalendarError::NothingToUndo => ErrorKind::NotFound,
            CalendarError::Stored { .. } => ErrorKind::Database,
            CalendarError::Store(e) => e.kind(),
        }
    }
}

/// The file as written, before validation.
#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    format: Option<String>,
    years: BTreeMap<String, RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    #[serde(default)]
    notice: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    holidays: Vec<RawGroup>,
    #[serde(default)]
    workdays: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    #[serde(default)]
    name: String,
    dates: Vec<String>,
}

/// Where a year of the calendar comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Shipped with the program.
    Builtin,
    /// Imported by the clerk.
    Imported,
}

/// One festival's dates within a year: its days off, or its make-up working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayGroup {
    /// 春节, 国庆节、中秋节 …
    pub name: String,
    pub dates: Vec<NaiveDate>,
}

/// One year's arrangement (部分节假日安排).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearPlan {
    pub year: i32,
    /// The notice it follows, e.g. 国务院办公厅关于2025年部分节假日安排的通知.
    pub notice: String,
    pub note: String,
    /// Days off, by festival.
    pub holidays: Vec<DayGroup>,
    /// Make-up working days (调休上班), by festival.
    pub workdays: Vec<DayGroup>,
    pub source: Source,
}

/// The working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, YearPlan>,
    /// Day off → festival.
    off: BTreeMap<NaiveDate, String>,
    /// Make-up working day → festival.
    on: BTreeMap<NaiveDate, String>,
}

/// 周一 … 周日.
pub fn weekday_cn(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn json_error(e: &serde_json::Error) -> CalendarError {
    use serde_json::error::Category;
    let detail = match e.classify() {
        Category::Syntax => format!("不是有效的 JSON（可能缺少逗号、引号或括号；{e}）"),
        Category::Eof => "文件不完整，可能只复制了一部分".to_string(),
        Category::Data => format!("内容不符合日历格式（{e}）"),
        Category::Io => e.to_string(),
    };
    CalendarError::Json {
        line: e.line(),
        column: e.column(),
        detail,
    }
}

fn parse_group(year: i32, g: RawGroup) -> Result<DayGroup, CalendarError> {
    let name = g.name.trim().to_string();
    if name.is_empty() {
        return Err(CalendarError::EmptyName { year });
    }
    let mut dates = Vec::with_capacity(g.dates.len());
    for value in g.dates {
        let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
            CalendarError::BadDate {
                year,
                name: name.clone(),
                value: value.clone(),
            }
        })?;
        if date.year() != year {
            return Err(CalendarError::WrongYear {
                year,
                name,
                date: format_cn(date),
            });
        }
        dates.push(date);
    }
    dates.sort();
    dates.dedup();
    Ok(DayGroup { name, dates })
}

fn parse_year(key: &str, raw: RawYear, source: Source) -> Result<YearPlan, CalendarError> {
    let year: i32 = key
        .trim()
        .parse()
        .ok()
        .filter(|y| YEARS.contains(y) && key.trim().len() == 4)
        .ok_or_else(|| CalendarError::BadYear(key.to_string()))?;
    let holidays = raw
        .holidays
        .into_iter()
        .map(|g| parse_group(year, g))
        .collect::<Result<Vec<_>, _>>()?;
    let workdays = raw
        .workdays
        .into_iter()
        .map(|g| parse_group(year, g))
        .collect::<Result<Vec<_>, _>>()?;
    if holidays.iter().all(|g| g.dates.is_empty()) {
        return Err(CalendarError::NoHolidays(year));
    }
    for g in &workdays {
        if let Some(&d) = g.dates.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::MakeupNotWeekend {
                date: format_cn(d),
                weekday: weekday_cn(d).to_string(),
                name: g.name.clone(),
            });
        }
        for d in &g.dates {
            if let Some(h) = holidays.iter().find(|h| h.dates.contains(d)) {
                return Err(CalendarError::Conflict {
                    date: format_cn(*d),
                    holiday: h.name.clone(),
                    workday: g.name.clone(),
                });
            }
        }
    }
    Ok(YearPlan {
        year,
        notice: raw.notice.trim().to_string(),
        note: raw.note.trim().to_string(),
        holidays,
        workdays,
        source,
    })
}

fn parse_years(text: &str, source: Source) -> Result<Vec<YearPlan>, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawFile = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    if let Some(f) = raw.format.filter(|f| f.trim() != FORMAT) {
        return Err(CalendarError::Format(f));
    }
    if raw.years.is_empty() {
        return Err(CalendarError::NoYears);
    }
    raw.years
        .into_iter()
        .map(|(key, y)| parse_year(&key, y, source))
        .collect()
}

impl Calendar {
    fn from_years(years: impl IntoIterator<Item = YearPlan>) -> Calendar {
        let mut cal = Calendar {
            years: BTreeMap::new(),
            off: BTreeMap::new(),
            on: BTreeMap::new(),
        };
        cal.replace_years(years);
        cal
    }

    fn replace_years(&mut self, years: impl IntoIterator<Item = YearPlan>) {
        for y in years {
            self.years.insert(y.year, y);
        }
        self.off.clear();
        self.on.clear();
        for y in self.years.values() {
            for g in &y.holidays {
                for d in &g.dates {
                    self.off.insert(*d, g.name.clone());
                }
            }
            for g in &y.workdays {
                for d in &g.dates {
                    self.on.insert(*d, g.name.clone());
                }
            }
        }
    }

    /// Reads and validates a calendar file's text (the format of `cn-workdays.json`).
    pub fn parse(text: &str) -> Result<Calendar, CalendarError> {
        Ok(Calendar::from_years(parse_years(text, Source::Imported)?))
    }

    /// The calendar shipped with the program.
    pub fn builtin() -> Result<Calendar, CalendarError> {
        Ok(Calendar::from_years(parse_years(
            BUILTIN_JSON,
            Source::Builtin,
        )?))
    }

    /// Whether people work on `date`: a make-up working day, or a weekday that is no holiday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        if self.on.contains_key(&date) {
            return true;
        }
        !is_weekend(date) && !self.off.contains_key(&date)
    }

    /// The festival `date` is a day off for, if any.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.off.get(&date).map(String::as_str)
    }

    /// The festival `date` is a make-up working day for, if any.
    pub fn makeup_name(&self, date: NaiveDate) -> Option<&str> {
        self.on.get(&date).map(String::as_str)
    }

    /// `date` itself if people work that day, else the next working day.
    pub fn next_workday_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_workday(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
        d
    }

    /// Working days after `from` up to and including `to`; negative (the working days after
    /// `to` up to and including `from`) when `to` is before `from`.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_workday(*d))
            .count();
        sign * count as i64
    }

    /// Whether the calendar holds `year`'s arrangement.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// One year's arrangement.
    pub fn year(&self, year: i32) -> Option<&YearPlan> {
        self.years.get(&year)
    }

    /// Every year the calendar holds, oldest first.
    pub fn years(&self) -> impl Iterator<Item = &YearPlan> {
        self.years.values()
    }

    /// Working days in `year` by this calendar.
    pub fn workday_count(&self, year: i32) -> i64 {
        match (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) {
            (Some(first), Some(last)) => {
                self.workdays_between(first, last) + i64::from(self.is_workday(first))
            }
            _ => 0,
        }
    }
}

/// A calendar file the clerk imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub id: i64,
    pub file_name: String,
    pub imported_at: String,
    /// The years it holds.
    pub years: Vec<i32>,
    /// Of those, the years that replaced ones already in the calendar (set by the import itself;
    /// empty in [`imports`]).
    pub replaced: Vec<i32>,
}

/// The calendar in use: the built-in one with the clerk's imports laid over it, oldest first.
pub fn load(conn: &Connection) -> Result<Calendar, CalendarError> {
    let mut cal = Calendar::builtin()?;
    let mut stmt = conn.prepare_cached("SELECT id, content FROM calendar_import ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, content) in rows {
        let years = parse_years(&content, Source::Imported).map_err(|e| CalendarError::Stored {
            id,
            detail: e.to_string(),
        })?;
        cal.replace_years(years);
    }
    Ok(cal)
}

/// The calendar imports, newest first.
pub fn imports(conn: &Connection) -> Result<Vec<Imported>, CalendarError> {
    let mut stmt = conn.prepare(
        "SELECT id, file_name, imported_at, content FROM calendar_import ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(id, file_name, imported_at, content)| Imported {
            id,
            file_name,
            imported_at,
            years: parse_years(&content, Source::Imported)
                .map(|ys| ys.iter().map(|y| y.year).collect())
                .unwrap_or_default(),
            replaced: Vec::new(),
        })
        .collect())
}

/// Reads a calendar file, checks it and stores it; on any error nothing changes.
pub fn import_file(db: &mut Db, path: &Path) -> Result<Imported, CalendarError> {
    let read_err = |source| CalendarError::Read {
        path: path.to_path_buf(),
        source,
    };
    let (file, meta) = crate::user_file::open(path).map_err(|e| match e {
        crate::user_file::OpenError::NotRegular(s) => CalendarError::NotAFile {
            path: path.to_path_buf(),
            what: s.label(),
        },
        crate::user_file::OpenError::Io(e) => read_err(e),
    })?;
    let too_large = |size| CalendarError::TooLarge {
        path: path.to_path_buf(),
        size,
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    // A file growing while it is read stops at the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|_| CalendarError::NotUtf8)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_text(db, &text, &name)
}

/// Checks a calendar file's text and stores it as the newest import.
pub fn import_text(db: &mut Db, text: &str, file_name: &str) -> Result<Imported, CalendarError> {
    let years: BTreeSet<i32> = parse_years(text, Source::Imported)?
        .iter()
        .map(|y| y.year)
        .collect();
    let before = load(db.conn())?;
    let replaced = years
        .iter()
        .copied()
        .filter(|y| before.covers(*y))
        .collect();
    let imported_at = now_string(db.conn())?;
    let tx = db.transaction()?;
    tx.execute(
        "INSERT INTO calendar_import (file_name, content, imported_at) VALUES (?1, ?2, ?3)",
        params![file_name, text, imported_at],
    )?;
    let id = tx.last_insert_rowid();
    let summary = Imported {
        id,
        file_name: file_name.to_string(),
        imported_at,
        years: years.into_iter().collect(),
        replaced,
    };
    audit(
        &tx,
        "calendar",
        id,
        "import",
        None,
        serde_json::to_value(&summary).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(summary)
}

/// Removes the newest import, so that the one before it (or the built-in calendar) applies again.
pub fn undo_import(db: &mut Db) -> Result<Imported, CalendarError> {
    let newest = imports(db.conn())?
        .into_iter()
        .next()
        .ok_or(CalendarError::NothingToUndo)?;
    let tx = db.transaction()?;
    let content: Option<String> = tx
        .query_row(
            "SELECT content FROM calendar_import WHERE id = ?1",
            [newest.id],
            |r| r.get(0),
        )
        .optional()?;
    tx.execute("DELETE FROM calendar_import WHERE id = ?1", [newest.id])?;
    audit(
        &tx,
        "calendar",
        newest.id,
        "undo_import",
        content.map(serde_json::Value::String).as_ref(),
        None,
    )?;
    tx.commit()?;
    Ok(newest)
}

/// One year of the calendar in use, as `calendar show` and 设置 display it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearView {
    #[serde(flatten)]
    pub plan: YearPlan,
    /// Working days in the year.
    pub workday_count: i64,
}

/// The calendar in use for `year`, or a Chinese error when it does not cover the year.
pub fn show_year(conn: &Connection, year: i32) -> Result<YearView, CalendarError> {
    let cal = load(conn)?;
    let plan = cal
        .year(year)
        .cloned()
        .ok_or(CalendarError::YearMissing(year))?;
    Ok(YearView {
        workday_count: cal.workday_count(year),
        plan,
    })
}

#[cfg(test)]
mod tests;
