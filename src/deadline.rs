//! Understanding 完成时限 (deadline) text as written in plans and ledgers.
//!
//! A deadline is either a date (the last day by which the task must be done), a recurring
//! obligation (每月 / 每季度 …), an ongoing one (长期坚持 …) or nothing recognisable. Text that
//! is not understood is not an error: the caller keeps it as written. Only text that clearly
//! is a date but an impossible one (2024年13月, 2024年2月30日) is refused, with a Chinese
//! message that tells the clerk how to write it.

use chrono::{Datelike, NaiveDate};

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

/// One date expression found in the text, not yet tied to a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spec {
    /// Last day of the month (6月底 / 6月 / 6月份).
    MonthEnd(u32),
    /// Last day of the previous month (6月前).
    BeforeMonth(u32),
    /// A given day (6月15日, 6月上旬 = 10日, 6月中旬 = 20日).
    Day(u32, u32),
    /// 12月31日 (年底).
    YearEnd,
    /// 12月31日 of the previous year (2025年前).
    BeforeYear,
    /// 6月30日 (上半年).
    FirstHalf,
    /// 12月31日 (下半年).
    SecondHalf,
    /// Last day of the quarter (第一季度 / 二季度末).
    QuarterEnd(u32),
    /// Last day of the previous quarter (二季度前).
    BeforeQuarter(u32),
}

#[derive(Debug, Clone, Copy)]
struct Mention {
    /// The year written in the text (directly or by an earlier date in the same text).
    year: Option<i32>,
    spec: Spec,
}

const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2199;

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

/// Full-width to half-width, time-of-day tokens dropped, whitespace removed, Chinese
/// numerals before 年/月/日/季 turned into digits.
fn normalize(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '—' | '–' | '―' => '-',
            _ => c,
        })
        .collect();
    let joined: String = mapped
        .split_whitespace()
        .filter(|token| !is_time_token(token))
        .collect();
    convert_chinese_numerals(&joined)
}

/// `08:00`, `0:00:00`: the time part of a date-time written by a spreadsheet.
fn is_time_token(token: &str) -> bool {
    token.contains(':')
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

fn cn_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' | 'О' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn is_cn_numeral(c: char) -> bool {
    c == '十' || cn_digit(c).is_some()
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Value of a Chinese numeral such as 十二 / 三十一 / 六 (1 to 99).
fn cn_small_value(run: &[char]) -> Option<u32> {
    match run.iter().position(|&c| c == '十') {
        Some(pos) => {
            let tens = match &run[..pos] {
                [] => 1,
                [c] => cn_digit(*c)?,
                _ => return None,
            };
            let ones = match &run[pos + 1..] {
                [] => 0,
                [c] => cn_digit(*c)?,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
        None => match run {
            [c] => cn_digit(*c),
            _ => None,
        },
    }
}

/// Replaces Chinese numerals that are part of a date (二〇二四年, 十二月, 三十一日, 一季度) by
/// ASCII digits. Numerals inside words (统一月度) are left alone.
fn convert_chinese_numerals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_cn_numeral(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_cn_numeral(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        let prev_ok = match start.checked_sub(1).map(|p| chars[p]) {
            None => true,
            Some(p) => !is_cjk(p) || "年第至到于在前底末起月度及和或".contains(p),
        };
        let converted = match chars.get(i).copied() {
            Some('年') if prev_ok && run.len() == 4 && !run.contains(&'十') => run
                .iter()
                .map(|&c| cn_digit(c).map(|d| d.to_string()))
                .collect::<Option<String>>(),
            Some('月' | '日' | '号' | '季') if prev_ok => {
                cn_small_value(run).map(|v| v.to_string())
            }
            _ => None,
        };
        match converted {
            Some(digits) => out.push_str(&digits),
            None => out.extend(run.iter()),
        }
    }
    out
}

fn starts_at(chars: &[char], i: usize, pat: &str) -> bool {
    pat.chars()
        .enumerate()
        .all(|(k, p)| chars.get(i + k) == Some(&p))
}

/// Length of the first of `pats` found at `i`, if any.
fn match_any(chars: &[char], i: usize, pats: &[&str]) -> Option<usize> {
    pats.iter()
        .find(|p| starts_at(chars, i, p))
        .map(|p| p.chars().count())
}

fn read_digits(chars: &[char], i: usize) -> (u32, usize, usize) {
    let mut j = i;
    let mut value: u32 = 0;
    while j < chars.len() && chars[j].is_ascii_digit() {
        let digit = chars[j].to_digit(10).unwrap_or(0);
        value = value.saturating_mul(10).saturating_add(digit);
        j += 1;
    }
    (value, j - i, j)
}

const BEFORE: &[&str] = &["以前", "之前", "前"];

/// Skips 前 / 以前 / 之前 / 止 after a date that already names its last day.
fn skip_before(chars: &[char], i: usize) -> usize {
    match match_any(chars, i, &["以前", "之前", "前", "止"]) {
        Some(n) => i + n,
        None => i,
    }
}

/// Finds every date expression, left to right. Errors name an impossible date.
fn scan(chars: &[char]) -> Result<Vec<Mention>, String> {
    let mut mentions = Vec::new();
    let mut ctx_year: Option<i32> = None;
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_ascii_digit() {
            let after_decimal =
                i > 0 && chars[i - 1] == '.' && i > 1 && chars[i - 2].is_ascii_digit();
            let (value, len, j) = read_digits(chars, i);
            if after_decimal {
                i = j;
                continue;
            }
            let next = chars.get(j).copied();
            // 2024年… (also 24年6月, a two-digit year directly followed by a month)
            let short_year = len == 2 && next == Some('年') && {
                let (_, month_len, after) = read_digits(chars, j + 1);
                (1..=2).contains(&month_len) && chars.get(after) == Some(&'月')
            };
            if next == Some('年') && (len == 4 || short_year) {
                let year = if short_year {
                    2000 + value as i32
                } else {
                    value as i32
                };
                if (MIN_YEAR..=MAX_YEAR).contains(&year) {
                    let k = j + 1;
                    if let Some((spec, end)) = after_year(chars, k)? {
                        ctx_year = Some(year);
                        mentions.push(Mention {
                            year: Some(year),
                            spec,
                        });
                        i = end;
                        continue;
                    }
                    // A year directly followed by a month or quarter sets the year for them.
                    let attached = chars
                        .get(k)
                        .is_some_and(|c| c.is_ascii_digit() || *c == '第');
                    if attached {
                        ctx_year = Some(year);
                    }
                    i = k;
                    continue;
                }
                i = j + 1;
                continue;
            }
            // 2020-10-31 / 2020.10.31 / 2020/10/31 / 2024.6
            if len == 4 && matches!(next, Some('.' | '-' | '/')) {
                if let Some((spec, end)) = numeric_date(chars, i, value as i32)? {
                    ctx_year = Some(value as i32);
                    mentions.push(Mention {
                        year: Some(value as i32),
                        spec,
                    });
                    i = end;
                    continue;
                }
                i = j;
                continue;
            }
            // 6月…
            if next == Some('月') && len <= 2 {
                if !(1..=12).contains(&value) {
                    return Err("月份应在1到12之间".to_string());
                }
                let (spec, end) = after_month(chars, j + 1, value)?;
                mentions.push(Mention {
                    year: ctx_year,
                    spec,
                });
                i = end;
                continue;
            }
            // 1季度 / 第1季度
            if next == Some('季') && len == 1 {
                if !(1..=4).contains(&value) {
                    return Err("季度应在1到4之间".to_string());
                }
                let mut k = j + 1;
                if chars.get(k) == Some(&'度') {
                    k += 1;
                }
                let (spec, end) = if let Some(m) = match_any(chars, k, &["末", "底"]) {
                    (Spec::QuarterEnd(value), skip_before(chars, k + m))
                } else if let Some(m) = match_any(chars, k, BEFORE) {
                    (Spec::BeforeQuarter(value), k + m)
                } else {
                    (Spec::QuarterEnd(value), k)
                };
                mentions.push(Mention {
                    year: ctx_year,
                    spec,
                });
                i = end;
                continue;
            }
            i = j;
            continue;
        }
        // Yearless expressions that use the year of an earlier date, or the plan's year.
        if let Some(len) = match_any(chars, i, &["上半年"]) {
            mentions.push(Mention {
                year: ctx_year,
                spec: Spec::FirstHalf,
            });
            i = skip_before(chars, i + len);
            continue;
        }
        if let Some(len) = match_any(chars, i, &["下半年"]) {
            mentions.push(Mention {
                year: ctx_year,
                spec: Spec::SecondHalf,
            });
            i = skip_before(chars, i + len);
            continue;
        }
        if let Some(len) = match_any(chars, i, &["年底", "年末"]) {
            mentions.push(Mention {
                year: ctx_year,
                spec: Spec::YearEnd,
            });
            i = skip_before(chars, i + len);
            continue;
        }
        i += 1;
    }
    Ok(mentions)
}

/// What follows `2024年`. `None` when the year only introduces a month or quarter, or when
/// nothing date-like follows (2024年起).
fn after_year(chars: &[char], k: usize) -> Result<Option<(Spec, usize)>, String> {
    if let Some(n) = match_any(chars, k, &["年底", "年末", "底", "末"]) {
        return Ok(Some((Spec::YearEnd, skip_before(chars, k + n))));
    }
    if let Some(n) = match_any(chars, k, &["上半年"]) {
        return Ok(Some((Spec::FirstHalf, skip_before(chars, k + n))));
    }
    if let Some(n) = match_any(chars, k, &["下半年"]) {
        return Ok(Some((Spec::SecondHalf, skip_before(chars, k + n))));
    }
    if let Some(n) = match_any(chars, k, &["全年", "年度", "度", "年内", "内"]) {
        return Ok(Some((Spec::YearEnd, skip_before(chars, k + n))));
    }
    if let Some(n) = match_any(chars, k, BEFORE) {
        return Ok(Some((Spec::BeforeYear, k + n)));
    }
    let at_end = match chars.get(k) {
        None => true,
        Some(c) => "，,；;。.、)）".contains(*c) || starts_at(chars, k, "完成"),
    };
    if at_end {
        return Ok(Some((Spec::YearEnd, k)));
    }
    Ok(None)
}

/// What follows `6月`: 底 / 末 / 份 / 15日 / 前 / 上旬 ….
fn after_month(chars: &[char], k: usize, month: u32) -> Result<(Spec, usize), String> {
    let mut k = k;
    if chars.get(k) == Some(&'份') {
        k += 1;
    }
    if chars.get(k).is_some_and(|c| c.is_ascii_digit()) {
        let (day, len, j) = read_digits(chars, k);
        if len <= 2 && matches!(chars.get(j), Some('日' | '号')) {
            check_day_static(month, day)?;
            return Ok((Spec::Day(month, day), skip_before(chars, j + 1)));
        }
    }
    if let Some(n) = match_any(chars, k, &["底", "末", "下旬"]) {
        return Ok((Spec::MonthEnd(month), skip_before(chars, k + n)));
    }
    if let Some(n) = match_any(chars, k, &["上旬", "初"]) {
        return Ok((Spec::Day(month, 10), skip_before(chars, k + n)));
    }
    if let Some(n) = match_any(chars, k, &["中旬", "中"]) {
        return Ok((Spec::Day(month, 20), skip_before(chars, k + n)));
    }
    if let Some(n) = match_any(chars, k, BEFORE) {
        return Ok((Spec::BeforeMonth(month), k + n));
    }
    Ok((Spec::MonthEnd(month), k))
}

/// Rejects days no year can have (0日, 32日, 4月31日, 2月30日).
fn check_day_static(month: u32, day: u32) -> Result<(), String> {
    let max = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > max {
        return Err(format!("{month}月没有{day}日"));
    }
    Ok(())
}

/// `2020-10-31`, `2020.10.31`, `2020/10/31` (and `2024.6` for a month) starting at `i`.
fn numeric_date(chars: &[char], i: usize, year: i32) -> Result<Option<(Spec, usize)>, String> {
    let (_, _, j) = read_digits(chars, i);
    let sep = match chars.get(j) {
        Some(&s) => s,
        None => return Ok(None),
    };
    if !chars.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let (month, mlen, k) = read_digits(chars, j + 1);
    if mlen > 2 {
        return Ok(None);
    }
    let has_day =
        chars.get(k) == Some(&sep) && chars.get(k + 1).is_some_and(|c| c.is_ascii_digit());
    if has_day {
        let (day, dlen, end) = read_digits(chars, k + 1);
        if dlen > 2 {
            return Ok(None);
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Ok(None);
        }
        if !(1..=12).contains(&month) {
            return Err("月份应在1到12之间".to_string());
        }
        check_day_static(month, day)?;
        return Ok(Some((Spec::Day(month, day), skip_before(chars, end))));
    }
    // 2024.6 / 2024-06: a month, only when nothing numeric follows.
    if matches!(chars.get(k), Some(c) if c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '/')
        || !(MIN_YEAR..=MAX_YEAR).contains(&year)
        || !(1..=12).contains(&month)
    {
        return Ok(None);
    }
    let (spec, end) = after_month(chars, k, month)?;
    Ok(Some((spec, end)))
}

/// The whole text is `M.D` or `M/D` (optionally followed by 前 / 底前 / 以前): 10.31.
fn whole_month_day(norm: &str) -> Result<Option<(u32, u32)>, String> {
    let mut body = norm;
    for suffix in ["底前", "以前", "之前", "前", "止", "底"] {
        if let Some(stripped) = body.strip_suffix(suffix) {
            body = stripped;
            break;
        }
    }
    let Some((left, right)) = body.split_once(['.', '/']) else {
        return Ok(None);
    };
    let is_num = |s: &str| !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit());
    if !is_num(left) || !is_num(right) || left == "0" {
        return Ok(None);
    }
    let month: u32 = left.parse().map_err(|_| "月份应在1到12之间".to_string())?;
    let day: u32 = right.parse().map_err(|_| "日期应在1到31之间".to_string())?;
    if !(1..=12).contains(&month) {
        return Err("月份应在1到12之间".to_string());
    }
    check_day_static(month, day)?;
    Ok(Some((month, day)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn date_of(text: &str, plan_year: Option<i32>) -> Option<NaiveDate> {
        let parsed = parse(text, plan_year).unwrap();
        if parsed.kind == DeadlineKind::Date {
            assert!(parsed.date.is_some(), "{text}: Date without date");
        } else {
            assert!(parsed.date.is_none(), "{text}: date on non-Date kind");
        }
        parsed.date
    }

    #[test]
    fn month_end_before_is_last_day_of_month() {
        for text in [
            "2024年6月底前",
            "2024年6月底",
            "2024年6月末",
            "2024年6月",
            "2024年6月份",
        ] {
            assert_eq!(date_of(text, None), Some(d(2024, 6, 30)), "{text}");
        }
        assert_eq!(date_of("2024年4月底前", None), Some(d(2024, 4, 30)));
    }

    #[test]
    fn month_before_means_end_of_previous_month() {
        assert_eq!(date_of("2024年6月前", None), Some(d(2024, 5, 31)));
        assert_eq!(date_of("2024年6月以前", None), Some(d(2024, 5, 31)));
        assert_eq!(date_of("2024年3月前", None), Some(d(2024, 2, 29)));
        assert_eq!(date_of("2025年1月前", None), Some(d(2024, 12, 31)));
    }

    #[test]
    fn february_end_respects_leap_years() {
        assert_eq!(date_of("2024年2月底前", None), Some(d(2024, 2, 29)));
        assert_eq!(date_of("2023年2月底前", None), Some(d(2023, 2, 28)));
        assert_eq!(date_of("2100年2月底", None), Some(d(2100, 2, 28)));
        assert_eq!(date_of("2000年2月底", None), Some(d(2000, 2, 29)));
    }

    #[test]
    fn full_dates_in_every_written_form() {
        for text in [
            "2020年10月31日",
            "2020年10月31日前",
            "2020.10.31",
            "2020-10-31",
            "2020/10/31",
            "2020年10月31号",
        ] {
            assert_eq!(date_of(text, None), Some(d(2020, 10, 31)), "{text}");
        }
    }

    #[test]
    fn spreadsheet_datetime_keeps_only_the_date() {
        assert_eq!(date_of("2020-10-31 00:00:00", None), Some(d(2020, 10, 31)));
        assert_eq!(date_of("2020/10/31 0:00", None), Some(d(2020, 10, 31)));
    }

    #[test]
    fn dotted_month_day_uses_plan_year() {
        assert_eq!(date_of("10.31", Some(2020)), Some(d(2020, 10, 31)));
        assert_eq!(date_of("10.31前", Some(2021)), Some(d(2021, 10, 31)));
        assert_eq!(date_of("6/15", Some(2024)), Some(d(2024, 6, 15)));
    }

    #[test]
    fn yearless_text_without_plan_year_is_not_guessed() {
        for text in ["10.31", "6月15日", "6月底前", "年底前", "二季度末"] {
            assert_eq!(parse(text, None).unwrap(), Deadline::none(), "{text}");
        }
    }

    #[test]
    fn yearless_chinese_dates_use_plan_year() {
        assert_eq!(date_of("6月15日", Some(2024)), Some(d(2024, 6, 15)));
        assert_eq!(date_of("6月底前", Some(2024)), Some(d(2024, 6, 30)));
        assert_eq!(date_of("年底前", Some(2024)), Some(d(2024, 12, 31)));
        assert_eq!(date_of("9月底", Some(2020)), Some(d(2020, 9, 30)));
    }

    #[test]
    fn year_end_forms() {
        for text in [
            "2024年底前",
            "2024年底",
            "2024年年底前",
            "2024 年年底前",
            "2024年末",
            "2024年",
        ] {
            assert_eq!(date_of(text, None), Some(d(2024, 12, 31)), "{text}");
        }
    }

    #[test]
    fn half_years_and_quarters_end_on_their_last_day() {
        assert_eq!(date_of("2024年上半年", None), Some(d(2024, 6, 30)));
        assert_eq!(date_of("2024年下半年", None), Some(d(2024, 12, 31)));
        assert_eq!(date_of("2024年第一季度", None), Some(d(2024, 3, 31)));
        assert_eq!(date_of("2024年第三季度末", None), Some(d(2024, 9, 30)));
        assert_eq!(date_of("一季度", Some(2024)), Some(d(2024, 3, 31)));
        assert_eq!(date_of("二季度末", Some(2024)), Some(d(2024, 6, 30)));
        assert_eq!(date_of("四季度", Some(2024)), Some(d(2024, 12, 31)));
        assert_eq!(date_of("上半年", Some(2023)), Some(d(2023, 6, 30)));
    }

    #[test]
    fn several_dates_take_the_last_one() {
        let text = "2024年6月底前完成初稿，2024年12月底前全面完成";
        assert_eq!(date_of(text, None), Some(d(2024, 12, 31)));
        let text = "2024年3月底前制定方案，9月底前完成整改";
        assert_eq!(date_of(text, None), Some(d(2024, 9, 30)));
        assert_eq!(date_of("2024年6月至8月", None), Some(d(2024, 8, 31)));
    }

    #[test]
    fn later_yearless_date_inherits_the_written_year_not_the_plan_year() {
        let text = "2025年5月底前摸底，年底前完成";
        assert_eq!(date_of(text, Some(2024)), Some(d(2025, 12, 31)));
    }

    #[test]
    fn ongoing_words_are_ongoing() {
        for text in [
            "长期坚持",
            "持续推进",
            "长期",
            "常态化",
            "持续开展",
            "全年",
            "常态化开展",
        ] {
            assert_eq!(
                parse(text, Some(2024)).unwrap(),
                Deadline::ongoing(),
                "{text}"
            );
        }
    }

    #[test]
    fn recurring_words_give_recurrence_without_date() {
        let cases = [
            ("每月", Recurrence::Monthly),
            ("按月报送", Recurrence::Monthly),
            ("每月5日前报送上月进展", Recurrence::Monthly),
            ("每季度", Recurrence::Quarterly),
            ("按季度", Recurrence::Quarterly),
            ("每季度末", Recurrence::Quarterly),
            ("每半年", Recurrence::HalfYearly),
            ("每年", Recurrence::Yearly),
            ("每年第一季度", Recurrence::Yearly),
            ("每年6月底前", Recurrence::Yearly),
        ];
        for (text, recurrence) in cases {
            assert_eq!(
                parse(text, Some(2024)).unwrap(),
                Deadline::recurring(recurrence),
                "{text}"
            );
        }
    }

    #[test]
    fn most_frequent_recurrence_wins() {
        assert_eq!(
            parse("每月调度，每季度通报", None).unwrap().recurrence,
            Some(Recurrence::Monthly)
        );
    }

    #[test]
    fn date_beats_ongoing_words() {
        assert_eq!(
            date_of("2024年6月底前，长期坚持", None),
            Some(d(2024, 6, 30))
        );
        assert_eq!(date_of("2024年全年持续推进", None), Some(d(2024, 12, 31)));
    }

    #[test]
    fn written_year_date_beats_recurrence() {
        let text = "2024年6月底前完成，此后每季度报送";
        assert_eq!(date_of(text, None), Some(d(2024, 6, 30)));
    }

    #[test]
    fn year_starting_point_alone_is_not_a_date() {
        assert_eq!(
            parse("2024年起长期坚持", None).unwrap(),
            Deadline::ongoing()
        );
        assert_eq!(
            parse("2024年起每年6月底前", None).unwrap(),
            Deadline::recurring(Recurrence::Yearly)
        );
    }

    #[test]
    fn full_width_digits_and_punctuation_are_understood() {
        assert_eq!(date_of("２０２４年６月底前", None), Some(d(2024, 6, 30)));
        assert_eq!(date_of("２０２０．１０．３１", None), Some(d(2020, 10, 31)));
        assert_eq!(date_of("１０．３１", Some(2020)), Some(d(2020, 10, 31)));
        assert_eq!(date_of(" 2024 年 6 月 底前 ", None), Some(d(2024, 6, 30)));
        assert_eq!(date_of("2024年6月底前\u{3000}", None), Some(d(2024, 6, 30)));
    }

    #[test]
    fn chinese_numeral_months_and_days_are_understood() {
        assert_eq!(date_of("2024年十二月底前", None), Some(d(2024, 12, 31)));
        assert_eq!(date_of("2024年一月", None), Some(d(2024, 1, 31)));
        assert_eq!(date_of("2024年十月三十一日", None), Some(d(2024, 10, 31)));
        assert_eq!(date_of("二〇二四年十一月底", None), Some(d(2024, 11, 30)));
        assert_eq!(date_of("三月底前", Some(2024)), Some(d(2024, 3, 31)));
    }

    #[test]
    fn numerals_inside_words_are_not_dates() {
        assert_eq!(
            parse("统一月度调度", Some(2024)).unwrap(),
            Deadline::recurring(Recurrence::Monthly)
        );
        assert_eq!(parse("一个月内完成", Some(2024)).unwrap(), Deadline::none());
    }

    #[test]
    fn empty_and_whitespace_are_none() {
        assert_eq!(parse("", Some(2024)).unwrap(), Deadline::none());
        assert_eq!(parse("  \u{3000}\n", Some(2024)).unwrap(), Deadline::none());
    }

    #[test]
    fn unrecognised_text_is_none_not_error() {
        for text in [
            "视情况而定",
            "按上级要求",
            "另行通知",
            "0.5",
            "完成率达到98.5%",
        ] {
            assert_eq!(parse(text, Some(2024)).unwrap(), Deadline::none(), "{text}");
        }
    }

    #[test]
    fn decimals_in_running_text_are_not_dates() {
        assert_eq!(
            parse("培训不少于0.5天，长期坚持", Some(2024)).unwrap(),
            Deadline::ongoing()
        );
        assert_eq!(parse("人均12.5学时", Some(2024)).unwrap(), Deadline::none());
    }

    #[test]
    fn impossible_month_is_refused_in_chinese() {
        let err = parse("2024年13月", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "完成时限“2024年13月”无法识别：月份应在1到12之间，请改为如“2024年6月底前”的写法"
        );
        assert!(parse("2024.13.01", None).is_err());
        assert!(parse("2024年0月底前", None).is_err());
    }

    #[test]
    fn impossible_day_is_refused_in_chinese() {
        let err = parse("2024年2月30日", None).unwrap_err();
        assert_eq!(
            err,
            DeadlineError::InvalidDate {
                text: "2024年2月30日".to_string(),
                reason: "2月没有30日".to_string(),
            }
        );
        let err = parse("2023年2月29日", None).unwrap_err();
        assert!(err.to_string().contains("2023年2月没有29日"), "{err}");
        assert!(parse("2024-04-31", None).is_err());
    }

    #[test]
    fn impossible_dotted_month_day_is_refused() {
        let err = parse("13.45", Some(2024)).unwrap_err();
        assert!(
            err.to_string().starts_with("完成时限“13.45”无法识别"),
            "{err}"
        );
        assert!(parse("2.30", Some(2024)).is_err());
        assert!(parse("2.29", Some(2023)).is_err());
        assert_eq!(date_of("2.29", Some(2024)), Some(d(2024, 2, 29)));
    }

    #[test]
    fn impossible_quarter_is_refused() {
        assert!(parse("2024年第五季度", None).is_err());
    }

    #[test]
    fn ten_day_periods_of_a_month() {
        assert_eq!(date_of("2024年6月上旬", None), Some(d(2024, 6, 10)));
        assert_eq!(date_of("2024年6月中旬", None), Some(d(2024, 6, 20)));
        assert_eq!(date_of("2024年6月下旬", None), Some(d(2024, 6, 30)));
    }

    #[test]
    fn year_month_numeric_form_is_month_end() {
        assert_eq!(date_of("2024.6", None), Some(d(2024, 6, 30)));
        assert_eq!(date_of("2024-06底前", None), Some(d(2024, 6, 30)));
    }

    #[test]
    fn two_digit_year_before_a_month_is_this_century() {
        assert_eq!(date_of("24年6月底前", Some(2023)), Some(d(2024, 6, 30)));
        assert_eq!(parse("近10年", Some(2024)).unwrap(), Deadline::none());
    }

    #[test]
    fn list_of_months_or_quarters_takes_the_last() {
        assert_eq!(date_of("2024年6、7月", None), Some(d(2024, 7, 31)));
        assert_eq!(date_of("2024年第一、二季度", None), Some(d(2024, 6, 30)));
        assert_eq!(
            date_of("2024年6月30日至12月31日", None),
            Some(d(2024, 12, 31))
        );
    }

    #[test]
    fn written_year_wins_over_plan_year() {
        assert_eq!(date_of("2025年6月底前", Some(2024)), Some(d(2025, 6, 30)));
        assert_eq!(date_of("6月前", Some(2024)), Some(d(2024, 5, 31)));
    }

    #[test]
    fn excel_serial_number_is_a_date() {
        assert_eq!(date_of("44135", None), Some(d(2020, 10, 31)));
        assert_eq!(date_of("44135.0", None), Some(d(2020, 10, 31)));
    }

    #[test]
    fn deadline_text_inside_a_sentence() {
        let text = "各乡镇于2024年4月底前将整治情况报县司法局";
        assert_eq!(date_of(text, None), Some(d(2024, 4, 30)));
    }

    #[test]
    fn format_cn_has_no_zero_padding() {
        assert_eq!(format_cn(d(2024, 10, 8)), "2024年10月8日");
        assert_eq!(format_cn(d(2024, 1, 31)), "2024年1月31日");
    }

    #[test]
    fn kind_and_recurrence_round_trip_through_strings() {
        for kind in [
            DeadlineKind::Date,
            DeadlineKind::Recurring,
            DeadlineKind::Ongoing,
            DeadlineKind::None,
        ] {
            assert_eq!(DeadlineKind::parse(kind.as_str()), Some(kind));
        }
        for r in [
            Recurrence::Monthly,
            Recurrence::Quarterly,
            Recurrence::HalfYearly,
            Recurrence::Yearly,
        ] {
            assert_eq!(Recurrence::parse(r.as_str()), Some(r));
            assert_eq!(Recurrence::parse(r.label()), Some(r));
        }
        assert_eq!(Recurrence::HalfYearly.label(), "每半年");
        assert_eq!(DeadlineKind::parse("weekly"), None);
    }

    #[test]
    fn serde_uses_snake_case_identifiers() {
        let json = serde_json::to_string(&Deadline::recurring(Recurrence::HalfYearly)).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"recurring","date":null,"recurrence":"half_yearly"}"#
        );
        let json = serde_json::to_string(&Deadline::on(d(2024, 6, 30))).unwrap();
        assert!(json.contains(r#""date":"2024-06-30""#), "{json}");
    }
}
