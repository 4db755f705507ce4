//! The plan's title, 文号, year and issuer, read from the preamble.

use super::tree::Tree;
use crate::plan::draft::PlanDraft;
use crate::text::{fold_width, heading, squeeze_date_spaces, trim_end_punct};

pub(super) fn meta(tree: &Tree, lines: &[String], draft: &mut PlanDraft) {
    // The preamble: lines before the first top-level heading of the plan body.
    let first_body = tree.first_body_heading();
    let end = first_body
        .and_then(|head| {
            lines
                .iter()
                .position(|l| heading(l).is_some_and(|h| h.rest == head))
        })
        .unwrap_or(lines.len().min(40));
    let preamble = &lines[..end];

    draft.doc_no = preamble.iter().find_map(|l| doc_no(l)).unwrap_or_default();
    draft.title = plan_title(preamble)
        .or_else(|| {
            lines
                .iter()
                .find_map(|l| plan_title(std::slice::from_ref(l)))
        })
        .unwrap_or_else(|| {
            std::path::Path::new(&draft.source)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    draft.issuer = issuer(preamble).unwrap_or_default();
    draft.year = year_of(&draft.doc_no)
        .or_else(|| year_of(&draft.title))
        .or_else(|| preamble.iter().find_map(|l| standalone_date_year(l)))
        .or_else(|| lines.iter().find_map(|l| year_of(l)));
}

/// The first 4-digit year followed by 年 or inside 〔〕.
pub(crate) fn year_of(text: &str) -> Option<i32> {
    let text = squeeze_date_spaces(&fold_width(text));
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        if chars.len() >= i + 5 && chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) {
            let next = chars[i + 4];
            if next == '年' || next == '〕' || next == ']' || next == '-' || next == '—' {
                let y: String = chars[i..i + 4].iter().collect();
                if let Ok(y) = y.parse::<i32>() {
                    if (1990..=2100).contains(&y) {
                        return Some(y);
                    }
                }
            }
        }
    }
    None
}

/// A line that is only a date (the 成文日期): 2024年3月2日.
/// Whether a line is only a date (the 成文日期 of a signature).
pub(super) fn is_date_line(line: &str) -> bool {
    standalone_date_year(line).is_some()
}

fn standalone_date_year(line: &str) -> Option<i32> {
    let squeezed = squeeze_date_spaces(line.trim());
    let is_date = squeezed.ends_with('日')
        && squeezed.chars().count() <= 12
        && squeezed
            .chars()
            .all(|c| c.is_ascii_digit() || "年月日".contains(c));
    if is_date {
        year_of(&squeezed)
    } else {
        None
    }
}

/// 文号: 汪政发〔2023〕10号, 示政办发[2025]3号.
pub(super) fn doc_no(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !"〔[［【(（".contains(c) {
            continue;
        }
        let prefix_len = chars[..i]
            .iter()
            .rev()
            .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(*c))
            .count();
        if prefix_len == 0 || prefix_len > 10 {
            continue;
        }
        let digits = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits != 4 || !chars.get(i + 5).is_some_and(|c| "〕]］】)）".contains(*c)) {
            continue;
        }
        let num = chars[i + 6..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if num == 0 || chars.get(i + 6 + num) != Some(&'号') {
            continue;
        }
        return Some(chars[i - prefix_len..i + 7 + num].iter().collect());
    }
    None
}

const PLAN_WORDS: &[&str] = &[
    "方案",
    "措施",
    "计划",
    "要点",
    "规划",
    "意见",
    "清单",
    "办法",
    "细则",
    "行动",
    "台账",
    "任务",
    "安排",
    "分工",
    "分解表",
    "任务表",
    "一览表",
];

/// The plan's title: a stand-alone line naming a plan (nearest the body), else a 《…》 named in
/// the covering notice.
fn plan_title(preamble: &[String]) -> Option<String> {
    let plain = |l: &str| {
        let n = l.chars().count();
        (4..=60).contains(&n)
            && !l.contains('。')
            && !l.ends_with([':', '：'])
            && heading(l).is_none()
            && !l.contains(['|', '\t'])
    };
    let names_plan = |l: &str| {
        let t = trim_end_punct(l).trim_end_matches([')', '）']);
        let t = t.split(['(', '（']).next().unwrap_or(t);
        PLAN_WORDS.iter().any(|w| t.ends_with(w))
    };
    if let Some(l) = preamble
        .iter()
        .rev()
        .find(|l| plain(l) && names_plan(l) && !l.contains("通知") && !l.contains("印发"))
    {
        return Some(l.trim().to_string());
    }
    for l in preamble {
        let mut rest = l.as_str();
        while let Some(start) = rest.find('《') {
            let after = &rest[start + '《'.len_utf8()..];
            let Some(end) = after.find('》') else { break };
            let inner = &after[..end];
            if PLAN_WORDS.iter().any(|w| inner.ends_with(w)) && inner.chars().count() >= 4 {
                return Some(inner.to_string());
            }
            rest = &after[end..];
        }
    }
    preamble
        .iter()
        .find(|l| plain(l) && l.contains("通知"))
        .map(|l| l.trim().to_string())
}

/// 发文机关: a 发文机关： label, else a stand-alone organisation line in the preamble.
fn issuer(preamble: &[String]) -> Option<String> {
    for l in preamble {
        let squeezed: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(rest) = squeezed
            .strip_prefix("发文机关:")
            .or_else(|| squeezed.strip_prefix("发文机关："))
        {
            let name: String = rest.chars().take_while(|c| *c != '成').collect();
            if !name.is_empty() {
                return Some(name);
            }
        }
    }
    preamble
        .iter()
        .map(|l| l.trim())
        .find(|l| {
            let n = l.chars().count();
            (4..=25).contains(&n)
                && !l
                    .chars()
                    .any(|c| c.is_ascii_digit() || crate::text::is_punct(c) || c == ' ')
                && ["人民政府", "办公室", "委员会", "局", "委", "厅", "政府"]
                    .iter()
                    .any(|s| l.ends_with(s))
        })
        .map(str::to_string)
}

// ---------------------------------------------------------------------------------------------
// Reporting rule
