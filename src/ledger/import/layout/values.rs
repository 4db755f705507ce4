//! The values read from a ledger's cells and form lines: a 序号 as compared with a task's code,
//! the status a department wrote, and the 填报单位 and 报送期次 named above the table.

use crate::period::Period;
use crate::task::Status;
use crate::text::{compare_key, fold_width};

/// A 序号 as compared with a task's code: width folded, brackets and trailing 、. dropped:
/// （一） → 一, 1、 → 1, 1.1 → 1.1, 3.0 → 3.
pub fn normalize_code(code: &str) -> String {
    let t: String = fold_width(code)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t
        .trim_matches(|c: char| matches!(c, '(' | ')' | '（' | '）' | '[' | ']' | '【' | '】'))
        .trim_end_matches(['、', '.', '．', '。', ',', '，']);
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.to_string()
}

/// The status a department wrote, in the dropdown's words or their own.
pub fn parse_status(text: &str) -> Option<Status> {
    let key = compare_key(text);
    if key.is_empty() {
        return None;
    }
    if let Some(s) = Status::parse(&key) {
        return Some(s);
    }
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    if has(&["未完成", "未启动", "未开展", "未开始", "尚未", "暂未"]) {
        Some(Status::NotStarted)
    } else if has(&["已完成", "完成", "办结", "已结"]) && !has(&["推进", "正在"]) {
        Some(Status::Done)
    } else if has(&["长期", "持续", "常态", "坚持"]) {
        Some(Status::Ongoing)
    } else if has(&["推进", "进行", "正在", "实施中", "开展中", "落实中"]) {
        Some(Status::InProgress)
    } else {
        None
    }
}

/// The unit named on a 填报单位 line: the text after 填报单位： (or 报送单位：, 单位名称：) up to
/// the next label or a wide gap.
pub(crate) fn unit_in_text(text: &str) -> Option<String> {
    const LABELS: &[&str] = &["填报单位", "报送单位", "单位名称", "责任单位", "填报部门"];
    let squeezed = text.replace('\u{3000}', "  ");
    for label in LABELS {
        let Some(p) = memchr::memmem::find(squeezed.as_bytes(), label.as_bytes()) else {
            continue;
        };
        let rest = &squeezed[p + label.len()..];
        let rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '：' | '（' | '(' | ')' | '）')
        });
        let rest = rest
            .trim_start_matches("盖章")
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ')' | '）' | ':' | '：')
            });
        let mut end = rest.len();
        for stop in [
            "  ",
            "\t",
            "\n",
            "报送期次",
            "填报人",
            "填报时间",
            "填报日期",
            "联系",
            "时间",
            "日期",
            "期次",
            "（盖章）",
            "(盖章)",
        ] {
            if let Some(i) = rest.find(stop) {
                end = end.min(i);
            }
        }
        let name = rest[..end]
            .trim()
            .trim_end_matches(['，', ',', '；', ';', '。']);
        if !name.is_empty() && name.chars().count() <= 40 {
            return Some(name.to_string());
        }
    }
    None
}

/// The first month named in a text: 2025年9月, 2025-09, 2025.9, 2025/09 or 202509.
pub fn period_in_text(text: &str) -> Option<Period> {
    let chars: Vec<char> = fold_width(text).chars().collect();
    let digits_at = |i: usize, n: usize| -> Option<u32> {
        let s: String = chars.get(i..i + n)?.iter().collect();
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let mut i = 0;
    while i + 4 <= chars.len() {
        let before_ok = i == 0 || !chars[i - 1].is_ascii_digit();
        if let (true, Some(year)) = (before_ok, digits_at(i, 4)) {
            if (2000..=2099).contains(&year) {
                let mut j = i + 4;
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                let sep = chars.get(j).copied();
                if matches!(sep, Some('年' | '-' | '.' | '/')) {
                    let mut k = j + 1;
                    while chars.get(k) == Some(&' ') {
                        k += 1;
                    }
                    let two = digits_at(k, 2);
                    let (month, len) = match two {
                        Some(m) => (Some(m), 2),
                        None => (digits_at(k, 1), 1),
                    };
                    let after = chars.get(k + len).copied();
                    let month_ok = match sep {
                        Some('年') => after == Some('月') || after == Some('份'),
                        _ => !after.is_some_and(|c| c.is_ascii_digit()),
                    };
                    if let (Some(m), true) = (month, month_ok) {
                        if (1..=12).contains(&m) {
                            return Some(Period {
                                year: year as i32,
                                month: m,
                            });
                        }
                    }
                } else if let Some(m) = digits_at(i + 4, 2) {
                    let after = chars.get(i + 6);
                    if (1..=12).contains(&m) && !after.is_some_and(|c| c.is_ascii_digit()) {
                        return Some(Period {
                            year: year as i32,
                            month: m,
                        });
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// The period on a form line labelled 报送期次 / 填报期次 / 报送月份, if any.
pub(crate) fn labelled_period(text: &str) -> Option<Period> {
    for label in ["报送期次", "填报期次", "报送月份", "填报月份", "期次"] {
        if let Some(p) = memchr::memmem::find(text.as_bytes(), label.as_bytes()) {
            if let Some(period) = period_in_text(&text[p..]) {
                return Some(period);
            }
        }
    }
    None
}
