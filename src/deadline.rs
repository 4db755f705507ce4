//! Understanding 完成时限 (deadline) text as written in plans and ledgers.
//!
//! A deadline is either a date (the last day by which the task must be done), a recurring
//! obligation (每月 / 每季度 …), an ongoing one (长期坚持 …) or nothing recognisable. Text that
//! is not understood is not an error: the caller keeps it as written. Only text that clearly
//! is a date but an impossible one (2024年13月, 2024年2月30日) is refused, with a Chinese
//! message that tells the clerk how to write it.

mod numerals;
mod scan;
#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate};
use numerals::normalize;
use scan::{scan, whole_month_day, Spec};

/// What kind of deadline a 完成时限 text expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A fixed last day (see [`Deadline::date`]).
    Date,
    /// A periodic obligation (see [`Deadline::recurrence`]).
    Recurring,
    /// 长期坚持 / 持续推进 / 常态化 …: no end date.
    Ongoing,
    /// Empty or not understood.
    None,
}

impl DeadlineKind {
    /// Stable identifier used in storage: `date`, `recurring`, `ongoing`, `none`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DeadlineKind::Date => "date",
            DeadlineKind::Recurring => "recurring",
            DeadlineKind::Ongoing => "ongoing",
            DeadlineKind::None => "none",
        }
    }

    /// Inverse of [`DeadlineKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "date" => Some(DeadlineKind::Date),
            "recurring" => Some(DeadlineKind::Recurring),
            "ongoing" => Some(DeadlineKind::Ongoing),
            "none" => Some(DeadlineKind::None),
            _ => None,
        }
    }
}

/// How often a recurring task falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// 每月
    Monthly,
    /// 每季度
    Quarterly,
    /// 每半年
    HalfYearly,
    /// 每年
    Yearly,
}

impl Recurrence {
    /// Stable identifier used in storage: `monthly`, `quarterly`, `half_yearly`, `yearly`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::HalfYearly => "half_yearly",
            Recurrence::Yearly => "yearly",
        }
    }

    /// Accepts the identifier from [`Recurrence::as_str`] or the Chinese label (每月 …).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "monthly" | "每月" => Some(Recurrence::Monthly),
            "quarterly" | "每季度" => Some(Recurrence::Quarterly),
            "half_yearly" | "每半年" => Some(Recurrence::HalfYearly),
            "yearly" | "每年" => Some(Recurrence::Yearly),
            _ => None,
        }
    }

    /// Label shown to people: 每月, 每季度, 每半年, 每年.
    pub fn label(&self) -> &'static str {
        match self {
            Recurrence::Monthly => "每月",
            Recurrence::Quarterly => "每季度",
            Recurrence::HalfYearly => "每半年",
            Recurrence::Yearly => "每年",
        }
    }
}

/// The meaning of a 完成时限 text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deadline {
    /// Which kind of deadline this is.
    pub kind: DeadlineKind,
    /// The last day, set only when `kind` is [`DeadlineKind::Date`].
    pub date: Option<NaiveDate>,
    /// The period, set only when `kind` is [`DeadlineKind::Recurring`].
    pub recurrence: Option<Recurrence>,
}

impl Deadline {
    /// No deadline (empty or unrecognised text).
    pub fn none() -> Self {
        Deadline {
            kind: DeadlineKind::None,
            date: None,
            recurrence: None,
        }
    }

    /// A fixed last day.
    pub fn on(date: NaiveDate) -> Self {
        Deadline {
            kind: DeadlineKind::Date,
            date: Some(date),
            recurrence: None,
        }
    }

    /// A recurring obligation.
    pub fn recurring(recurrence: Recurrence) -> Self {
        Deadline {
            kind: DeadlineKind::Recurring,
            date: None,
            recurrence: Some(recurrence),
        }
    }

    /// An ongoing obligation (长期坚持).
    pub fn ongoing() -> Self {
        Deadline {
            kind: DeadlineKind::Ongoing,
            date: None,
            recurrence: None,
        }
    }
}

/// A 完成时限 text that looks like a date but cannot be one.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeadlineError {
    /// The text names an impossible date (month 13, 2月30日 …).
    #[error("完成时限“{text}”无法识别：{reason}，请改为如“2024年6月底前”的写法")]
    InvalidDate {
        /// The text as the user wrote it (trimmed).
        text: String,
        /// Why it is impossible, in Chinese.
        reason: String,
    },
}

/// Formats a date for people: `2024年10月8日` (no zero padding).
pub fn format_cn(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Understands a 完成时限 text.
///
/// `plan_year` supplies the year for texts without one (10.31, 6月15日, 年底前). When the
/// text has no year and `plan_year` is `None`, the result is kind `None` rather than a guess.
/// Several dates in one text: the last one mentioned wins. A date beats 长期坚持; a recurrence
/// (每月 …) beats a date without its own year (每年6月底前).
pub fn parse(text: &str, plan_year: Option<i32>) -> Result<Deadline, DeadlineError> {
    let original = text.trim();
    if original.is_empty() {
        return Ok(Deadline::none());
    }
    let invalid = |reason: String| DeadlineError::InvalidDate {
        text: original.to_string(),
        reason,
    };
    let norm = normalize(original);
    if norm.is_empty() {
        return Ok(Deadline::none());
    }

    if let Some(date) = excel_serial(&norm) {
        return Ok(Deadline::on(date));
    }
    if let Some((month, day)) = whole_month_day(&norm).map_err(invalid)? {
        return match plan_year {
            Some(year) => resolve(Spec::Day(month, day), year)
                .map(Deadline::on)
                .map_err(invalid),
            None => Ok(Deadline::none()),
        };
    }

    let chars: Vec<char> = norm.chars().collect();
    let mentions = scan(&chars).map_err(invalid)?;
    let recurrence = detect_recurrence(&norm);
    let has_text_year = mentions.iter().any(|m| m.year.is_some());

    if let (false, Some(recurrence)) = (has_text_year, recurrence) {
        return Ok(Deadline::recurring(recurrence));
    }
    if !mentions.is_empty() {
        let mut last = None;
        for mention in &mentions {
            match mention.year.or(plan_year) {
                Some(year) => last = Some(resolve(mention.spec, year).map_err(invalid)?),
                None => last = None,
            }
        }
        return Ok(last.map(Deadline::on).unwrap_or_else(Deadline::none));
    }
    if is_ongoing(&norm) {
        return Ok(Deadline::ongoing());
    }
    Ok(Deadline::none())
}

/// The last day of a month (None for an impossible year or month).
pub(crate) fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1).and_then(|d| d.pred_opt())
}

fn resolve(spec: Spec, year: i32) -> Result<NaiveDate, String> {
    let date = match spec {
        Spec::MonthEnd(m) => last_day_of_month(year, m),
        Spec::BeforeMonth(m) => NaiveDate::from_ymd_opt(year, m, 1).and_then(|d| d.pred_opt()),
        Spec::Day(m, d) => {
            return NaiveDate::from_ymd_opt(year, m, d)
                .ok_or_else(|| format!("{year}年{m}月没有{d}日"));
        }
        Spec::YearEnd | Spec::SecondHalf => NaiveDate::from_ymd_opt(year, 12, 31),
        Spec::BeforeYear => NaiveDate::from_ymd_opt(year - 1, 12, 31),
        Spec::FirstHalf => NaiveDate::from_ymd_opt(year, 6, 30),
        Spec::QuarterEnd(q) => last_day_of_month(year, q * 3),
        Spec::BeforeQuarter(q) => {
            if q <= 1 {
                NaiveDate::from_ymd_opt(year - 1, 12, 31)
            } else {
                last_day_of_month(year, (q - 1) * 3)
            }
        }
    };
    date.ok_or_else(|| format!("{year}年不是可用的年份"))
}

/// A whole-text Excel date serial (44135 or 44135.0), as spreadsheets store dates.
fn excel_serial(norm: &str) -> Option<NaiveDate> {
    let body = norm.strip_suffix(".0").unwrap_or(norm);
    if body.len() != 5 || !body.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let serial: i64 = body.parse().ok()?;
    if !(20_000..=80_000).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

/// The most frequent period named in the text (每月 beats 每季度 …).
fn detect_recurrence(norm: &str) -> Option<Recurrence> {
    const TABLE: &[(Recurrence, &[&str])] = &[
        (
            Recurrence::Monthly,
            &["每月", "按月", "逐月", "每个月", "月度"],
        ),
        (Recurrence::Quarterly, &["每季", "按季", "逐季", "每个季度"]),
        (Recurrence::HalfYearly, &["每半年", "半年一次"]),
        (Recurrence::Yearly, &["每年", "按年度", "逐年", "每个年度"]),
    ];
    TABLE
        .iter()
        .find(|(_, words)| words.iter().any(|w| norm.contains(w)))
        .map(|(r, _)| *r)
}

fn is_ongoing(norm: &str) -> bool {
    [
        "长期",
        "持续",
        "常态化",
        "常态",
        "全年",
        "长效",
        "常年",
        "经常性",
    ]
    .iter()
    .any(|w| norm.contains(w))
}
