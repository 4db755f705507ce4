//! Unit names in a list: where one name ends and the next begins, and what is a name.

pub(super) const OPEN_BRACKETS: &str = "(（【〔[《“‘";
pub(super) const CLOSE_BRACKETS: &str = ")）】〕]》”’";

/// Characters that always separate two names in a list.
const HARD_SEPARATORS: &str = "、，,；;/／\n\r。|";

/// Conjunctions that separate two names only when both sides look like unit names.
const SOFT_JOINERS: &str = "和及与";

/// Endings that mark a unit name (县司法局, 县委, 各乡镇, 县融媒体中心 …).
const UNIT_SUFFIXES: &[&str] = &[
    "局",
    "委",
    "办",
    "部",
    "院",
    "室",
    "中心",
    "政府",
    "单位",
    "部门",
    "公司",
    "队",
    "所",
    "站",
    "会",
    "团",
    "区",
    "镇",
    "乡",
    "街道",
    "办事处",
    "处",
    "科",
    "厅",
    "署",
    "庭",
    "行",
    "社",
    "馆",
    "校",
    "组",
    "股",
    "联",
    "协",
    "支",
    "机关",
    "集团",
];

/// Splits a list such as "县发改局、县财政局，县司法局和县人社局" into names.
///
/// Separators are 、 ， , ； ; / 以及 and line breaks (full and half width); 和 / 及 / 与 and
/// spaces separate only when both sides look like unit names, so "县住房和城乡建设局" stays
/// whole. Nothing inside brackets is split ("各县（市、区）人民政府"). Names are trimmed, a
/// leading 由 and a trailing 等 are dropped, empty parts and duplicates are dropped, order kept.
pub fn split_units(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth: usize = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if OPEN_BRACKETS.contains(c) {
            depth += 1;
        } else if CLOSE_BRACKETS.contains(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            if HARD_SEPARATORS.contains(c) {
                parts.push(std::mem::take(&mut current));
                i += 1;
                continue;
            }
            if starts_at(&chars, i, "以及") {
                parts.push(std::mem::take(&mut current));
                i += 2;
                continue;
            }
            if c == '等' && deng_joins_a_group(&current, &until_hard_separator(&chars, i + 1)) {
                parts.push(std::mem::take(&mut current));
                i += 1;
                continue;
            }
            if SOFT_JOINERS.contains(c) || c.is_whitespace() {
                let left = clean_name(&current);
                let right = clean_name(&until_hard_separator(&chars, i + 1));
                if looks_like_unit(&left) && looks_like_unit(&right) {
                    parts.push(std::mem::take(&mut current));
                    i += 1;
                    continue;
                }
            }
        }
        current.push(c);
        i += 1;
    }
    parts.push(current);

    let mut names: Vec<String> = Vec::new();
    for part in parts {
        let name = clean_name(&part);
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

pub(super) fn starts_at(chars: &[char], i: usize, pat: &str) -> bool {
    pat.chars()
        .enumerate()
        .all(|(k, p)| chars.get(i + k) == Some(&p))
}

/// The text from `start` up to the next hard separator outside brackets.
fn until_hard_separator(chars: &[char], start: usize) -> String {
    let mut out = String::new();
    let mut depth: usize = 0;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if OPEN_BRACKETS.contains(c) {
            depth += 1;
        } else if CLOSE_BRACKETS.contains(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && (HARD_SEPARATORS.contains(c) || starts_at(chars, i, "以及")) {
            break;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// "各乡镇（街道）" → "各乡镇": the name without a bracketed tail.
pub(super) fn strip_trailing_bracket(name: &str) -> &str {
    let Some(last) = name.chars().last() else {
        return name;
    };
    if !CLOSE_BRACKETS.contains(last) {
        return name;
    }
    let mut depth: usize = 0;
    for (idx, c) in name.char_indices().rev() {
        if CLOSE_BRACKETS.contains(c) {
            depth += 1;
        } else if OPEN_BRACKETS.contains(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return name[..idx].trim_end();
            }
        }
    }
    name
}

/// Whether a piece of text ends like a unit name (县司法局, 各乡镇（街道）) and is more than a
/// bare suffix.
pub fn looks_like_unit(text: &str) -> bool {
    let core = strip_trailing_bracket(text.trim());
    core.chars().count() >= 2
        && (UNIT_SUFFIXES.iter().any(|s| core.ends_with(s))
            || crate::body_names::BodyNames::shipped().ends_with_body(core))
}

pub(super) fn trim_end_punct(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || "。.；;，,、：:".contains(c))
}

/// Trims a name and drops a leading 由, a trailing 等 / 等单位 / 等部门 and placeholders (无, —).
pub(super) fn clean_name(part: &str) -> String {
    let mut name = trim_end_punct(part.trim()).trim();
    if let Some(rest) = name.strip_prefix('由') {
        if rest.trim().chars().count() >= 2 {
            name = rest.trim();
        }
    }
    if let Some(rest) = strip_deng_tail(name) {
        name = rest;
    }
    let placeholder = matches!(name, "无" | "暂无" | "空" | "略")
        || name.chars().all(|c| "-—–/／\\_*·.。".contains(c));
    if placeholder {
        return String::new();
    }
    name.to_string()
}

/// "县政府办等县直各单位": 等 between a unit and a group of units that is a name of its own
/// (县直各单位, 县直有关部门, 各乡镇), not a generic word (等单位, 等相关部门).
fn deng_joins_a_group(left: &str, right: &str) -> bool {
    let (left, right) = (clean_name(left), clean_name(right));
    looks_like_unit(&left)
        && looks_like_unit(&right)
        && crate::group_phrase::is_group_phrase(&right)
        && strip_deng_tail(&format!("{left}等{right}")).is_none()
}

/// "市监察局等部门", "县审计局等相关单位", "县财政局等" → the name before 等.
fn strip_deng_tail(name: &str) -> Option<&str> {
    let at = name.rfind('等')?;
    let head = trim_end_punct(name[..at].trim()).trim();
    let mut tail = &name[at + '等'.len_utf8()..];
    for q in ["相关", "有关", "其他", "其它", "各", "多个", "职能"] {
        tail = tail.strip_prefix(q).unwrap_or(tail);
    }
    let tail_is_generic = matches!(
        tail,
        "" | "单位" | "部门" | "机构" | "机关" | "单位部门" | "部门单位" | "成员单位"
    );
    (tail_is_generic && !head.is_empty()).then_some(head)
}

/// "（县司法局牵头，县财政局配合）" → "县司法局牵头，县财政局配合", when the brackets enclose
/// the whole text.
pub(super) fn strip_outer_brackets(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let mut chars = text.chars();
        let (Some(first), Some(last)) = (chars.next(), text.chars().last()) else {
            return text;
        };
        if !OPEN_BRACKETS.contains(first) || !CLOSE_BRACKETS.contains(last) {
            return text;
        }
        // The opening bracket must close at the very end.
        let mut depth: usize = 0;
        let mut closes_at_end = false;
        for (idx, c) in text.char_indices() {
            if OPEN_BRACKETS.contains(c) {
                depth += 1;
            } else if CLOSE_BRACKETS.contains(c) {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    closes_at_end = idx + c.len_utf8() == text.len();
                    break;
                }
            }
        }
        if !closes_at_end {
            return text;
        }
        let inner = &text[first.len_utf8()..text.len() - last.len_utf8()];
        text = trim_end_punct(inner.trim()).trim();
    }
}
