//! Finding the date expressions in a normalised 完成时限 text (2024年6月底, 6月15日前, 二季度末,
//! 2020-10-31, 10.31, 上半年, 年底前 …), not yet tied to a year.

/// One date expression found in the text, not yet tied to a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Spec {
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
pub(super) struct Mention {
    /// The year written in the text (directly or by an earlier date in the same text).
    pub(super) year: Option<i32>,
    pub(super) spec: Spec,
}

const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2199;

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
pub(super) fn scan(chars: &[char]) -> Result<Vec<Mention>, String> {
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
pub(super) fn whole_month_day(norm: &str) -> Result<Option<(u32, u32)>, String> {
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
