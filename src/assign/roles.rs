//! Role words and labels: 牵头单位：…, …配合, …按职责分工负责, and clauses cut by them.

use super::fields::is_other_field;
use super::names::{
    starts_at, strip_trailing_bracket, trim_end_punct, CLOSE_BRACKETS, OPEN_BRACKETS,
};
use super::Role;

/// Removes a line break or spaces that cut a label or role word in two ("牵头\n单位："), as
/// text copied from a PDF often does. Breaks between names are kept.
pub(super) fn join_broken_words(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let words: Vec<Vec<char>> = LABELS
        .iter()
        .map(|(label, _)| *label)
        .chain(["牵头", "配合", "负责"])
        .map(|w| w.chars().collect())
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_whitespace() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let before = &chars[..start];
        let after = &chars[i..];
        let cuts_a_word = words
            .iter()
            .any(|w| (1..w.len()).any(|p| before.ends_with(&w[..p]) && after.starts_with(&w[p..])));
        if !cuts_a_word {
            out.extend(&chars[start..i]);
        }
    }
    out
}

/// Labels such as 牵头单位 that introduce a list, with the role they give.
pub(super) const LABELS: &[(&str, Role)] = &[
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("主办单位", Role::Lead),
    ("主责单位", Role::Lead),
    ("主责部门", Role::Lead),
    ("配合单位", Role::Co),
    ("配合部门", Role::Co),
    ("协办单位", Role::Co),
    ("协办部门", Role::Co),
    ("协助单位", Role::Co),
    ("协同单位", Role::Co),
    ("参与单位", Role::Co),
    ("责任单位", Role::Responsible),
    ("责任部门", Role::Responsible),
    ("负责单位", Role::Responsible),
    ("责任科室", Role::Responsible),
    ("实施单位", Role::Responsible),
    ("承办单位", Role::Responsible),
    ("责任主体", Role::Responsible),
    // Short forms, labels only before a colon: "（牵头：县司法局；配合：县教育局）".
    ("牵头", Role::Lead),
    ("配合", Role::Co),
];

/// Whether a label is one of the short forms (牵头, 配合), which are role words in prose
/// ("县司法局牵头") unless a colon follows.
fn is_short_label(label: &str) -> bool {
    label.chars().count() <= 2
}

/// If a label (牵头单位：) starts at `i`, its role and the length including 为/是 and the colon.
fn label_at(chars: &[char], i: usize) -> Option<(Role, usize)> {
    for (label, role) in LABELS {
        if !starts_at(chars, i, label) {
            continue;
        }
        let mut k = i + label.chars().count();
        if matches!(chars.get(k), Some('为' | '是')) && !is_short_label(label) {
            k += 1;
        }
        while chars.get(k).is_some_and(|c| *c == ' ' || *c == '\u{3000}') {
            k += 1;
        }
        if matches!(chars.get(k), Some(':' | '：')) {
            return Some((*role, k + 1 - i));
        }
        // A label followed by a space and a name, at the start of a clause.
        if k > i + label.chars().count() && chars.get(k).is_some() && !is_short_label(label) {
            return Some((*role, k - i));
        }
    }
    None
}

/// Every label followed by a colon in `text` (牵头单位：, 配合部门:, 责任单位 ：), as byte ranges
/// of the label with its colon, with the role each gives. A label without a colon is ordinary
/// prose ("明确责任单位和完成时限") and is not reported.
pub fn find_labels(text: &str) -> Vec<(std::ops::Range<usize>, Role)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let plain: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < plain.len() {
        match label_at(&plain, i) {
            Some((role, len)) if matches!(plain.get(i + len - 1), Some(':' | '：')) => {
                let start = chars[i].0;
                let end = chars.get(i + len).map(|(b, _)| *b).unwrap_or(text.len());
                found.push((start..end, role));
                i += len;
            }
            _ => i += 1,
        }
    }
    found
}

/// Splits a phrase into clauses at ；;，,。 and line breaks outside brackets, and before each
/// label (so "牵头单位：X 配合单位：Y" gives two clauses).
pub(super) fn split_clauses(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut clauses = Vec::new();
    let mut current = String::new();
    let mut depth: usize = 0;
    for (i, &c) in chars.iter().enumerate() {
        if OPEN_BRACKETS.contains(c) {
            depth += 1;
        } else if CLOSE_BRACKETS.contains(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            if "；;，,。\n\r".contains(c) {
                clauses.push(std::mem::take(&mut current));
                continue;
            }
            // "责任单位：A、B　完成时限：…": a label, or another field, after a space starts a
            // clause of its own.
            // The longest label wins: 完成时限： starts there, not at its 时限.
            let field_at =
                |j: usize| is_other_field(&chars[j..].iter().take(8).collect::<String>());
            let field_starts = || field_at(i) && !(1..=3).any(|d| i >= d && field_at(i - d));
            if !current.trim().is_empty() && (label_at(&chars, i).is_some() || field_starts()) {
                clauses.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    clauses.push(current);
    clauses
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Removes a leading label and returns the rest with the label's role.
pub(super) fn strip_label(clause: &str) -> (&str, Option<Role>) {
    let chars: Vec<char> = clause.chars().collect();
    match label_at(&chars, 0) {
        Some((role, len)) => {
            let byte = clause
                .char_indices()
                .nth(len)
                .map(|(b, _)| b)
                .unwrap_or(clause.len());
            (clause[byte..].trim(), Some(role))
        }
        None => (clause, None),
    }
}

const LEAD_SUFFIXES: &[&str] = &[
    "牵头负责",
    "牵头抓总",
    "牵头落实",
    "负责牵头",
    "为牵头单位",
    "为牵头部门",
    "牵头",
];
const CO_SUFFIXES: &[&str] = &[
    "协助配合",
    "积极配合",
    "协同配合",
    "共同配合",
    "配合落实",
    "为配合单位",
    "为配合部门",
    "配合",
    "协助",
    "协办",
    "参与",
    "协同",
];
const RESPONSIBLE_SUFFIXES: &[&str] = &[
    "为责任单位",
    "为责任部门",
    "负责落实",
    "抓好落实",
    "具体落实",
    "负责",
    "落实",
];
/// Qualifiers between the names and the role word: "各乡镇按职责分工负责".
const QUALIFIERS: &[&str] = &[
    "按照职责分工",
    "按职责分工",
    "根据职责分工",
    "按照职能分工",
    "按职能分工",
    "按照职责",
    "按职责",
    "依职责",
    "依据职责",
    "各自",
    "分别",
    "共同",
    "具体",
    "积极",
    "全面",
];

/// "县司法局（牵头）" → ("县司法局", Lead): a name followed by nothing but its role in brackets
/// (牵头, 配合, 负责, 牵头单位).
pub(super) fn bracketed_role(name: &str) -> Option<(String, Role)> {
    let bare = strip_trailing_bracket(name);
    let mut bracket = name.get(bare.len()..)?.trim().chars();
    bracket.next();
    bracket.next_back();
    let inner = bracket.as_str().trim();
    let role = match LABELS.iter().find(|(label, _)| *label == inner) {
        Some((_, role)) => *role,
        None => match strip_role_suffix(inner) {
            (rest, Some(role)) if rest.is_empty() => role,
            _ => return None,
        },
    };
    (bare != name && !bare.is_empty()).then(|| (bare.to_string(), role))
}

/// "县司法局牵头" → ("县司法局", Some(Lead)); "县司法局" → ("县司法局", None).
pub(super) fn strip_role_suffix(piece: &str) -> (String, Option<Role>) {
    let text = trim_end_punct(piece.trim()).trim();
    let text = text.strip_prefix('由').unwrap_or(text);
    let groups: [(&[&str], Role); 3] = [
        (LEAD_SUFFIXES, Role::Lead),
        (CO_SUFFIXES, Role::Co),
        (RESPONSIBLE_SUFFIXES, Role::Responsible),
    ];
    for (suffixes, role) in groups {
        for suffix in suffixes {
            if let Some(rest) = text.strip_suffix(suffix) {
                return (strip_qualifiers(rest).to_string(), Some(role));
            }
        }
    }
    (text.to_string(), None)
}

fn strip_qualifiers(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        for q in QUALIFIERS {
            if let Some(rest) = text.strip_suffix(q) {
                text = rest.trim();
            }
        }
        if text == before {
            return text;
        }
    }
}

/// Whether a clause ends with a lead or co-operating role word (…牵头, …配合).
pub fn ends_with_lead_or_co(text: &str) -> bool {
    let text = trim_end_punct(text.trim());
    LEAD_SUFFIXES
        .iter()
        .chain(CO_SUFFIXES)
        .any(|s| text.ends_with(s))
}

fn ends_with_role_word(text: &str) -> bool {
    let text = trim_end_punct(text.trim());
    LEAD_SUFFIXES
        .iter()
        .chain(CO_SUFFIXES)
        .chain(RESPONSIBLE_SUFFIXES)
        .any(|s| text.ends_with(s))
}

/// Splits "县司法局牵头县财政局配合" (no punctuation) after 牵头 / 配合 when what follows is
/// itself a phrase ending with a role word.
pub(super) fn split_at_inner_roles(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text.trim();
    'outer: loop {
        let chars: Vec<char> = rest.chars().collect();
        for i in 1..chars.len() {
            let marker_len = if starts_at(&chars, i, "牵头") || starts_at(&chars, i, "配合") {
                2
            } else {
                continue;
            };
            let mut end = i + marker_len;
            if starts_at(&chars, end, "负责") {
                end += 2;
            }
            let tail: String = chars[end..].iter().collect();
            let tail = tail.trim();
            if tail.is_empty()
                || tail.starts_with("单位")
                || tail.starts_with("部门")
                || tail.starts_with([':', '：'])
                || !ends_with_role_word(tail)
            {
                continue;
            }
            let head: String = chars[..end].iter().collect();
            pieces.push(head);
            rest = rest
                .char_indices()
                .nth(end)
                .map(|(b, _)| rest[b..].trim())
                .unwrap_or("");
            continue 'outer;
        }
        break;
    }
    if !rest.is_empty() {
        pieces.push(rest.to_string());
    }
    pieces
}
