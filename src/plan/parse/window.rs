//! The reporting window as a plan states it: the first and the last period reported on
//! (自2023年8月起 / 从8月份开始 / 8月至12月 / 至年底 / 截至12月 …).
//!
//! The text is read as a row of month marks; each mark is a start when it is followed by 起 /
//! 开始 / 以来 or preceded by 自 / 从 / 由, an end when it is preceded by 至 / 到 / 截至 / 截止 /
//! 直至 or followed by 止 / 为止 / 结束, and the left mark of "8月至12月" is a start. A mark
//! that is neither (a deadline such as 12月底前完成) says nothing about the window.

use crate::period::Period;
use crate::text::{fold_width, squeeze_date_spaces};

const START_AFTER: &[&str] = &["起", "开始", "始", "以来", "以后"];
const START_BEFORE: &[&str] = &["自", "从", "由"];
const END_BEFORE: &[&str] = &[
    "截至",
    "截止到",
    "截止至",
    "截止",
    "直至",
    "直到",
    "至",
    "到",
];
const END_AFTER: &[&str] = &["止", "为止", "结束"];
const RANGE_JOIN: &[&str] = &["至", "到", "-", "—", "–", "~", "～"];

/// One month mark in the text: 2023年8月, 8月份, 八月, 年底.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// Byte offsets of the mark in the text.
    start: usize,
    end: usize,
    year: Option<i32>,
    /// `None` for 年底 / 年末 (December of the year).
    month: Option<u32>,
    /// Written as 次年 / 翌年 / 明年 (the year after the mark before it).
    next_year: bool,
}

const NEXT_YEAR: &[&str] = &["次年", "翌年", "明年"];

fn month_number(s: &str) -> Option<u32> {
    let v = s
        .parse::<u32>()
        .ok()
        .or_else(|| super::phases::cn_small_number(s))?;
    (1..=12).contains(&v).then_some(v)
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇一二三四五六七八九十".contains(c)
}

/// Every month mark of `text` (already folded to half-width), in order.
fn marks(text: &str) -> Vec<Mark> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |(o, _)| *o);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        // An optional 4-digit year with 年.
        let mut year = None;
        let digits = chars[i..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        if digits == 4 && at(i + 4) == Some('年') {
            year = text[offset(i)..offset(i + 4)].parse::<i32>().ok();
            i += 5;
        }
        // 年底 / 年末 / 年终, with or without the year.
        let year_end_at = if year.is_some() { i } else { i + 1 };
        if (year.is_some() || at(i) == Some('年'))
            && matches!(at(year_end_at), Some('底' | '末' | '终'))
            && (year.is_some() || i == 0 || !at(i - 1).is_some_and(is_numeral))
        {
            // 本年底 / 今年底: the plan's year; 明年底 is not a plan's window (left alone).
            if year.is_some() || !matches!(i.checked_sub(1).and_then(at), Some('明' | '去')) {
                out.push(Mark {
                    start: offset(start),
                    end: offset(year_end_at + 1),
                    year,
                    month: None,
                    next_year: false,
                });
                i = year_end_at + 1;
                continue;
            }
        }
        let n = chars[i..]
            .iter()
            .take_while(|(_, c)| is_numeral(*c))
            .count();
        let preceded_by_numeral = i > 0 && year.is_none() && at(i - 1).is_some_and(is_numeral);
        if n > 0 && n <= 2 && at(i + n) == Some('月') && !preceded_by_numeral {
            if let Some(month) = month_number(&text[offset(i)..offset(i + n)]) {
                let mut end = i + n + 1;
                if at(end) == Some('份') {
                    end += 1;
                }
                // A day (8月1日起) belongs to the mark.
                let d = chars[end..]
                    .iter()
                    .take_while(|(_, c)| is_numeral(*c))
                    .count();
                if d > 0 && d <= 3 && matches!(at(end + d), Some('日' | '号')) {
                    end += d + 1;
                }
                let before = &text[..offset(start)];
                out.push(Mark {
                    start: offset(start),
                    end: offset(end),
                    year,
                    month: Some(month),
                    next_year: year.is_none() && ends_with_any(before, NEXT_YEAR).is_some(),
                });
                i = end;
                continue;
            }
        }
        i = start + 1;
    }
    out
}

fn ends_with_any<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| text.ends_with(w))
}

fn starts_with_any<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| text.starts_with(w))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Start,
    End,
}

/// The window's first and last period as `text` states them; a mark without a year takes the
/// year of the mark before it, else `year`; an end month before the start month is in the next
/// year (自11月起至次年2月).
pub(crate) fn report_window(text: &str, year: Option<i32>) -> (Option<Period>, Option<Period>) {
    let text = squeeze_date_spaces(&fold_width(text));
    let text = text.as_str();
    let marks = marks(text);
    let mut sides: Vec<Option<Side>> = vec![None; marks.len()];
    for (k, m) in marks.iter().enumerate() {
        let mut before = text[..m.start].trim_end();
        if m.next_year {
            if let Some(w) = ends_with_any(before, NEXT_YEAR) {
                before = before[..before.len() - w.len()].trim_end();
            }
        }
        let after = text[m.end..].trim_start();
        // A month mark "8月" directly followed by a second one: "8月至12月".
        let joined_to_next = marks.get(k + 1).is_some_and(|n| {
            let between = text[m.end..n.start].trim();
            RANGE_JOIN.contains(&between)
        });
        let starts = starts_with_any(after, START_AFTER).is_some()
            || ends_with_any(before, START_BEFORE).is_some();
        sides[k] = if m.month.is_some() && starts {
            Some(Side::Start)
        } else if ends_with_any(before, END_BEFORE).is_some()
            || starts_with_any(after, END_AFTER).is_some()
        {
            Some(Side::End)
        } else if joined_to_next && m.month.is_some() {
            Some(Side::Start)
        } else {
            None
        };
    }
    let mut from = None;
    let mut until = None;
    let mut last_year = year;
    for (m, side) in marks.iter().zip(&sides) {
        let mark_year = m.year.or(last_year);
        let Some(side) = side else {
            if m.year.is_some() {
                last_year = m.year;
            }
            continue;
        };
        let Some(mut y) = mark_year else { continue };
        if m.next_year {
            y += 1;
        }
        let month = m.month.unwrap_or(12);
        let mut p = Period { year: y, month };
        match side {
            Side::Start if from.is_none() => {
                from = Some(p);
                last_year = Some(y);
            }
            Side::End if until.is_none() => {
                if let (Some(f), None) = (from, m.year) {
                    if p < f {
                        p.year += 1;
                    }
                }
                until = Some(p);
            }
            _ => {}
        }
    }
    if let (Some(f), Some(u)) = (from, until) {
        if u < f {
            return (Some(f), None);
        }
    }
    (from, until)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> (Option<String>, Option<String>) {
        let (f, u) = report_window(text, Some(2025));
        (f.map(|p| p.to_string()), u.map(|p| p.to_string()))
    }

    fn some(f: Option<&str>, u: Option<&str>) -> (Option<String>, Option<String>) {
        (f.map(str::to_string), u.map(str::to_string))
    }

    #[test]
    fn starts_in_their_many_phrasings() {
        for text in [
            "8月开始，各单位每月5日前报送上月工作进展",
            "从8月份起，每月5日前报送上月进展情况",
            "自8月起每月5日前报送",
            "自八月份开始，每月5日前报送上月进展",
            "8月1日起，各责任单位每月5日前报送",
            "从 8 月起，每月 5 日前报送",
        ] {
            assert_eq!(w(text), some(Some("2025-08"), None), "{text}");
        }
        assert_eq!(
            w("自2023年8月起，各单位每月5日前报送上月工作进展"),
            some(Some("2023-08"), None)
        );
    }

    #[test]
    fn ends_and_ranges() {
        assert_eq!(
            w("自2023年8月起至年底，每月5日前报送上月进展"),
            some(Some("2023-08"), Some("2023-12"))
        );
        assert_eq!(
            w("8月开始，每月5日前报送上月进展，至年底结束"),
            some(Some("2025-08"), Some("2025-12"))
        );
        assert_eq!(w("截至12月，每月5日前报送"), some(None, Some("2025-12")));
        assert_eq!(
            w("8月至12月，每月5日前报送上月进展"),
            some(Some("2025-08"), Some("2025-12"))
        );
        assert_eq!(
            w("自2025年11月起至2026年3月止，每月5日前报送"),
            some(Some("2025-11"), Some("2026-03"))
        );
        assert_eq!(
            w("自11月起至次年2月，每月5日前报送"),
            some(Some("2025-11"), Some("2026-02"))
        );
        assert_eq!(
            w("每月5日前报送，到10月份为止"),
            some(None, Some("2025-10"))
        );
    }

    #[test]
    fn deadlines_and_other_dates_are_not_a_window() {
        for text in [
            "各单位每月5日前报送上月工作进展",
            "2025年12月底前完成，每月5日前报送",
            "每月25日前填报本月进展",
            "明年底前全面完成",
            "12月31日前报送全年总结",
        ] {
            assert_eq!(w(text), some(None, None), "{text}");
        }
        // A month without a year and no plan year gives nothing.
        assert_eq!(report_window("8月开始，每月5日前报送", None), (None, None));
        // An end before the start (with both years written) is not taken.
        assert_eq!(
            w("自2025年8月起至2024年12月，每月5日前报送"),
            some(Some("2025-08"), None)
        );
    }
}
