//! The reporting rule and the phases (工作步骤) with their dates.

use chrono::NaiveDate;

use super::window;
use crate::period::Period;
use crate::plan::draft::{DraftPhase, DraftRule};
use crate::plan::Covers;
use crate::text::{fold_width, heading, squeeze_date_spaces, Marker};

pub(super) fn cn_small_number(s: &str) -> Option<u32> {
    let digits = "〇一二三四五六七八九";
    let val = |c: char| digits.chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => val(*c),
        ['十', o] => Some(10 + val(*o)?),
        [t, '十'] => Some(val(*t)? * 10),
        [t, '十', o] => Some(val(*t)? * 10 + val(*o)?),
        _ => None,
    }
}

/// The sentence of `text` around byte `at`, and the sentences before and after it.
fn sentences_around(text: &str, at: usize) -> [&str; 3] {
    const ENDS: [char; 4] = ['。', '；', ';', '!'];
    let start = text[..at]
        .rfind(ENDS)
        .map(|p| p + text[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let end = text[at..].find(ENDS).map_or(text.len(), |p| at + p);
    let before = &text[..start];
    let before = before
        .trim_end_matches(ENDS)
        .rfind(ENDS)
        .map_or(before, |p| &before[p..]);
    let after = &text[end..];
    let after = after
        .char_indices()
        .skip(1)
        .find(|(_, c)| ENDS.contains(c))
        .map_or(after, |(p, _)| &after[..p]);
    [&text[start..end], before, after]
}

/// The reporting window stated with the rule at byte `at` of `line`: in the rule's sentence,
/// else in a neighbouring sentence about reporting (从2025年8月起实行月报。每月5日前报送…).
fn window_near(line: &str, at: usize, year: Option<i32>) -> (Option<Period>, Option<Period>) {
    let [own, before, after] = sentences_around(line, at);
    let about_reporting = |t: &str| {
        ["报送", "报告", "填报", "月报", "台账", "上报"]
            .iter()
            .any(|w| t.contains(w))
    };
    let mut text = String::new();
    if about_reporting(before) {
        text.push_str(before);
    }
    text.push_str(own);
    if about_reporting(after) {
        text.push_str(after);
    }
    window::report_window(&text, year)
}

/// The first 每月…日前…报送/填报/报告 clause of the document, with the reporting window it
/// states (months without a year are in `year`, the plan's year).
pub(crate) fn report_rule(lines: &[String], year: Option<i32>) -> Option<DraftRule> {
    const VERBS: &[&str] = &["报送", "填报", "报告", "上报", "报", "提交", "反馈"];
    for line in lines {
        let folded = fold_width(line);
        let mut from = 0;
        while let Some(pos) = folded[from..].find("每月") {
            let at = from + pos;
            from = at + "每月".len();
            let after = &folded[from..];
            let chars: Vec<char> = after.chars().collect();
            let mut k;
            let (day, month_end) = if after.starts_with("底") || after.starts_with("末") {
                k = 1;
                (None, true)
            } else {
                let n = chars
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(**c))
                    .count();
                let num: String = chars[..n].iter().collect();
                let value = num.parse::<u32>().ok().or_else(|| cn_small_number(&num));
                k = n;
                if chars.get(k).is_some_and(|c| *c == '日' || *c == '号') {
                    k += 1;
                }
                (value.filter(|d| (1..=31).contains(d)), false)
            };
            if day.is_none() && !month_end {
                continue;
            }
            // The clause: from the last delimiter before 每月 to the sentence end or a bracket.
            let start = folded[..at]
                .rfind(['，', ',', '。', '；', ';', ':', '：'])
                .map(|p| p + folded[p..].chars().next().map(char::len_utf8).unwrap_or(1))
                .unwrap_or(0);
            let end = folded[at..]
                .find(['。', '；', ';', '(', '（'])
                .map(|p| at + p)
                .unwrap_or(folded.len());
            let clause = folded[start..end].trim();
            let clause = match heading(clause) {
                Some(h) if h.marker == Marker::Arabic || h.marker == Marker::ParenArabic => h.rest,
                _ => clause.to_string(),
            };
            let tail: String = chars[k..].iter().collect();
            if !VERBS.iter().any(|v| tail.contains(v)) {
                continue;
            }
            let covers = if ["上月", "上一个月", "上个月", "前一个月", "上一月"]
                .iter()
                .any(|w| clause.contains(w))
            {
                Covers::Previous
            } else if ["本月", "当月"].iter().any(|w| clause.contains(w))
                // Unsaid: a report due late in the month covers that month, an early one the
                // month before.
                || month_end
                || day.is_some_and(|d| d >= 15)
            {
                Covers::Current
            } else {
                Covers::Previous
            };
            let (from, until) = window_near(&folded, at, year);
            return Some(DraftRule {
                day,
                month_end,
                covers,
                text: clause,
                from,
                until,
            });
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Phases

/// A phase from an item such as "组织动员阶段(2023年4月1日至7月31日)。…" or
/// "动员部署：6月5日—6月15日，…". Outside a 工作步骤 chapter (`in_chapter` false) the dates must
/// be in brackets right after the name.
pub(super) fn phase_from_text(
    text: &str,
    year: Option<i32>,
    in_chapter: bool,
) -> Option<DraftPhase> {
    let text = text.trim();
    let name_end = text.find(['(', '（', ':', '：', '，', ',', '。'])?;
    let name = text[..name_end].trim();
    let n = name.chars().count();
    if !(2..=14).contains(&n) || name.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let delim = text[name_end..].chars().next()?;
    let after = &text[name_end + delim.len_utf8()..];
    let (range, rest) = if delim == '(' || delim == '（' {
        let close = after.find([')', '）'])?;
        let c = after[close..]
            .chars()
            .next()
            .map(char::len_utf8)
            .unwrap_or(1);
        (after[..close].trim(), &after[close + c..])
    } else if in_chapter && (delim == ':' || delim == '：' || delim == '，' || delim == ',') {
        let end = after
            .find(['，', ',', '。', '；', ';'])
            .unwrap_or(after.len());
        (after[..end].trim(), &after[end..])
    } else {
        return None;
    };
    let ongoing = ["长期", "持续", "常态"].iter().any(|w| range.contains(w));
    let has_date = range.contains('月')
        && range
            .chars()
            .any(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    if !(ongoing || has_date) {
        return None;
    }
    let (start, end) = if has_date {
        date_range(range, year)
    } else {
        (None, None)
    };
    Some(DraftPhase {
        name: name.to_string(),
        range_text: range.to_string(),
        start,
        end,
        description: rest
            .trim_start_matches(|c: char| c.is_whitespace() || "。，,；;".contains(c))
            .trim()
            .to_string(),
    })
}

/// One end of a range: (year, month, day, month-end) where written.
fn date_point(text: &str) -> (Option<i32>, Option<u32>, Option<u32>, bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let mut month_end = false;
    let mut i = 0;
    while i < chars.len() {
        let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            if chars[i] == '底' || chars[i] == '末' {
                month_end = true;
            }
            i += 1;
            continue;
        }
        let v: String = chars[i..i + n].iter().collect();
        let v: i64 = v.parse().unwrap_or(0);
        match chars.get(i + n) {
            Some('年') => year = i32::try_from(v).ok(),
            Some('月') => month = u32::try_from(v).ok(),
            Some('日' | '号') => day = u32::try_from(v).ok(),
            _ => {}
        }
        i += n + 1;
    }
    (year, month, day, month_end)
}

/// Dates of a range such as "6月5日—6月15日", "2023年12月10日至2024年3月31日", "4月至6月".
pub(super) fn date_range(
    text: &str,
    plan_year: Option<i32>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let text = squeeze_date_spaces(&fold_width(text));
    let split = text
        .char_indices()
        .find(|(_, c)| "-—–~～至到".contains(*c))
        .map(|(i, c)| (i, c.len_utf8()));
    let (left, right) = match split {
        Some((i, len)) => (
            &text[..i],
            text[i + len..].trim_start_matches(|c: char| "-—–~～".contains(c)),
        ),
        None => (text.as_str(), text.as_str()),
    };
    let (ly, lm, ld, _) = date_point(left);
    let (ry, rm, rd, r_end) = date_point(right);
    let Some(start_year) = ly.or(plan_year) else {
        return (None, None);
    };
    let start = lm.and_then(|m| NaiveDate::from_ymd_opt(start_year, m, ld.unwrap_or(1)));
    let end_month = rm.or(lm);
    let mut end_year = ry.unwrap_or(start_year);
    let end_of = |y: i32| {
        end_month.and_then(|m| match rd {
            Some(d) if !r_end => NaiveDate::from_ymd_opt(y, m, d),
            _ => crate::deadline::last_day_of_month(y, m),
        })
    };
    let mut end = end_of(end_year);
    if let (Some(s), Some(e), None) = (start, end, ry) {
        if e < s {
            end_year += 1;
            end = end_of(end_year);
        }
    }
    (start, end)
}

// ---------------------------------------------------------------------------------------------
// 领导小组
