//! Understanding responsible-unit phrases: who leads a task (牵头), who cooperates (配合) and
//! who is responsible (责任 / 负责).
//!
//! Plans write this in many ways: "（县司法局牵头，县委组织部、县直各有关部门配合）",
//! "牵头单位：县司法局；配合单位：县财政局", "责任单位：县发改局、各有关部门", or just a list.
//! Everything here is pure text handling; nothing fails, unrecognised text yields names as
//! written.

/// The part a unit plays in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 牵头单位
    Lead,
    /// 配合单位
    Co,
    /// 责任单位 (负责)
    Responsible,
}

impl Role {
    /// Stable identifier used in storage: `lead`, `co`, `responsible`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Co => "co",
            Role::Responsible => "responsible",
        }
    }

    /// Accepts the identifier from [`Role::as_str`] or a Chinese word (牵头, 配合单位, 责任单位 …).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "lead" | "牵头" | "牵头单位" | "牵头部门" | "主办单位" => {
                Some(Role::Lead)
            }
            "co" | "配合" | "配合单位" | "配合部门" | "协办单位" | "协办" => {
                Some(Role::Co)
            }
            "responsible" | "责任" | "负责" | "责任单位" | "责任部门" | "负责单位" => {
                Some(Role::Responsible)
            }
            _ => None,
        }
    }

    /// Label shown to people: 牵头单位, 配合单位, 责任单位.
    pub fn label(&self) -> &'static str {
        match self {
            Role::Lead => "牵头单位",
            Role::Co => "配合单位",
            Role::Responsible => "责任单位",
        }
    }
}

/// One unit (or group of units) named in a responsibility phrase.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnitRef {
    /// The name as written, trimmed (县司法局, 县直各有关部门).
    pub name: String,
    /// Its part in the task.
    pub role: Role,
    /// Whether the name stands for several units (各乡镇, 县直各有关部门).
    pub is_group: bool,
}

const OPEN_BRACKETS: &str = "(（【〔[《“‘";
const CLOSE_BRACKETS: &str = ")）】〕]》”’";

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

/// Understands a whole responsibility phrase, with or without surrounding （）/() brackets.
///
/// Handles "X牵头，Y配合，Z按职责分工负责", "牵头单位：X；配合单位：Y、Z", "责任单位：X、Y",
/// "X、Y负责" and a bare list (责任单位). A name listed twice keeps its first role.
pub fn parse_assignment(text: &str) -> Vec<UnitRef> {
    read_assignment(text).units
}

/// What a responsibility phrase holds besides its units: a deadline written in the same
/// brackets ("6月底完成", "完成时限：2026年6月底前") and the people named as leads
/// ("由副县长、县公安局局长张三牵头" → 责任领导 "副县长、县公安局局长张三", unit 县公安局).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    pub units: Vec<UnitRef>,
    /// Deadlines as written.
    pub deadlines: Vec<String>,
    /// People (with their titles) as written, one entry per role clause.
    pub leaders: Vec<String>,
}

/// [`parse_assignment`] with the deadlines and people found among the names. A unit never
/// contains a colon, an unbalanced bracket or a deadline.
pub fn read_assignment(text: &str) -> Assignment {
    let joined = join_broken_words(text);
    let body = strip_outer_brackets(trim_end_punct(joined.trim()));
    let mut out = Assignment::default();
    let mut label_role: Option<Role> = None;
    for clause in split_clauses(body) {
        if let Some(value) = deadline_field(&clause) {
            if !value.is_empty() {
                out.deadlines.push(value.to_string());
            }
            continue;
        }
        if is_other_field(&clause) {
            // e.g. "责任人：张三" inside the same brackets: not a unit.
            continue;
        }
        let (rest, role_from_label) = strip_label(&clause);
        if let Some(role) = role_from_label {
            label_role = Some(role);
        }
        for piece in split_at_inner_roles(rest) {
            let (names_text, suffix_role) = strip_role_suffix(&piece);
            let role = suffix_role.or(label_role).unwrap_or(Role::Responsible);
            let mut titles: Vec<String> = Vec::new();
            for name in split_units(&names_text) {
                let name = clean_name(&cut_at_unbalanced_close(&name));
                if name.is_empty() || name.contains([':', '：']) {
                    continue;
                }
                if is_deadline_text(&name) {
                    out.deadlines.push(name);
                    continue;
                }
                if let Some(office) = person_office(&name) {
                    titles.push(name.clone());
                    out.leaders.push(titles.join("、"));
                    titles.clear();
                    let Some(org) = office else { continue };
                    push_unit(&mut out.units, org, role);
                    continue;
                }
                if is_bare_title(&name) {
                    // "副县长" before "县公安局局长张三": part of the person's titles.
                    titles.push(name);
                    continue;
                }
                push_unit(&mut out.units, name, role);
            }
            if !titles.is_empty() {
                // Titles without a person ("分管副县长牵头") name no unit.
                out.leaders.push(titles.join("、"));
            }
        }
    }
    out
}

fn push_unit(units: &mut Vec<UnitRef>, name: String, role: Role) {
    let bare_label = LABELS.iter().any(|(label, _)| *label == name);
    if bare_label || units.iter().any(|r| r.name == name) {
        return;
    }
    units.push(UnitRef {
        is_group: is_group_phrase(&name),
        name,
        role,
    });
}

/// "B）完成时限" → "B": a name ends where a bracket closes that it did not open.
fn cut_at_unbalanced_close(name: &str) -> String {
    let mut depth: usize = 0;
    for (i, c) in name.char_indices() {
        if OPEN_BRACKETS.contains(c) {
            depth += 1;
        } else if CLOSE_BRACKETS.contains(c) {
            if depth == 0 {
                return trim_end_punct(name[..i].trim()).to_string();
            }
            depth -= 1;
        }
    }
    name.to_string()
}

/// Whether a list item is a deadline rather than a name: "6月底完成", "2026年6月底前",
/// "长期坚持", "每季度".
pub fn is_deadline_text(text: &str) -> bool {
    let text = text.trim();
    if TIMING_WORDS.iter().any(|w| text.starts_with(w)) && text.chars().count() <= 8 {
        return true;
    }
    if text.is_empty() || looks_like_unit(text) {
        return false;
    }
    matches!(
        crate::deadline::parse(text, Some(2000)).map(|d| d.kind),
        Ok(crate::deadline::DeadlineKind::Date
            | crate::deadline::DeadlineKind::Recurring
            | crate::deadline::DeadlineKind::Ongoing)
    ) || text.chars().any(|c| c.is_ascii_digit()) && (text.contains('月') || text.contains('年'))
}

/// Words that open a deadline which names no date (即时办结, 立行立改, 年内完成).
const TIMING_WORDS: &[&str] = &[
    "即时",
    "立即",
    "随时",
    "立行立改",
    "长期",
    "持续",
    "常态",
    "年内",
    "本年度",
    "全年",
];

/// Positions that follow an office in a person's title (县公安局局长张三).
pub(crate) const POSITIONS: &[&str] = &[
    "副县长",
    "县长",
    "副市长",
    "市长",
    "副区长",
    "区长",
    "局长",
    "副局长",
    "主任",
    "副主任",
    "书记",
    "副书记",
    "部长",
    "副部长",
    "院长",
    "副院长",
    "检察长",
    "副检察长",
    "主席",
    "副主席",
    "镇长",
    "乡长",
    "队长",
    "所长",
    "站长",
    "行长",
    "秘书长",
    "政委",
    "经理",
];

/// A person written with an office: "县公安局局长张三" → Some(Some("县公安局")),
/// "副县长张三" → Some(None); anything else → None.
fn person_office(name: &str) -> Option<Option<String>> {
    for (i, _) in name.char_indices() {
        let rest = &name[i..];
        for p in POSITIONS {
            let Some(person) = rest.strip_prefix(p) else {
                continue;
            };
            let n = person.chars().count();
            let is_name = (2..=4).contains(&n)
                && person
                    .chars()
                    .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
                && !looks_like_unit(person);
            if !is_name {
                continue;
            }
            let org = &name[..i];
            let org = org.strip_suffix('副').unwrap_or(org);
            return Some(looks_like_unit(org).then(|| org.to_string()));
        }
    }
    None
}

/// A title without a person: "县政府副县长", "副县长".
fn is_bare_title(name: &str) -> bool {
    POSITIONS.iter().any(|p| name.ends_with(p))
}

/// Labels of fields that share the units' brackets but name no unit (完成时限：…, 责任人：…).
const OTHER_FIELDS: [&str; 9] = [
    "完成时限",
    "完成时间",
    "时间节点",
    "时限",
    "截止时间",
    "责任人",
    "联系人",
    "联系电话",
    "备注",
];

/// The value of a deadline field written beside the units ("完成时限：2026年6月底前").
fn deadline_field(clause: &str) -> Option<&str> {
    let c = clause.trim();
    OTHER_FIELDS[..5].iter().find_map(|label| {
        let rest = c.strip_prefix(label)?.trim_start();
        let value = rest.strip_prefix(['：', ':'])?;
        Some(trim_end_punct(value.trim()))
    })
}

/// Whether a clause is another field written beside the units, such as "完成时限：2026年6月底前".
fn is_other_field(clause: &str) -> bool {
    let c = clause.trim();
    OTHER_FIELDS.iter().any(|label| {
        c.strip_prefix(label)
            .is_some_and(|rest| rest.trim_start().starts_with(['：', ':']))
    })
}

/// Removes a line break or spaces that cut a label or role word in two ("牵头\n单位："), as
/// text copied from a PDF often does. Breaks between names are kept.
fn join_broken_words(text: &str) -> String {
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

pub use crate::group_phrase::is_group_phrase;

fn starts_at(chars: &[char], i: usize, pat: &str) -> bool {
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
fn strip_trailing_bracket(name: &str) -> &str {
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

fn trim_end_punct(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || "。.；;，,、：:".contains(c))
}

/// Trims a name and drops a leading 由, a trailing 等 / 等单位 / 等部门 and placeholders (无, —).
fn clean_name(part: &str) -> String {
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
fn strip_outer_brackets(text: &str) -> &str {
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

/// Labels such as 牵头单位 that introduce a list, with the role they give.
const LABELS: &[(&str, Role)] = &[
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("主办单位", Role::Lead),
    ("主责单位", Role::Lead),
    ("配合单位", Role::Co),
    ("配合部门", Role::Co),
    ("协办单位", Role::Co),
    ("协助单位", Role::Co),
    ("协同单位", Role::Co),
    ("参与单位", Role::Co),
    ("责任单位", Role::Responsible),
    ("责任部门", Role::Responsible),
    ("负责单位", Role::Responsible),
    ("责任科室", Role::Responsible),
    ("实施单位", Role::Responsible),
    ("承办单位", Role::Responsible),
];

/// If a label (牵头单位：) starts at `i`, its role and the length including 为/是 and the colon.
fn label_at(chars: &[char], i: usize) -> Option<(Role, usize)> {
    for (label, role) in LABELS {
        if !starts_at(chars, i, label) {
            continue;
        }
        let mut k = i + label.chars().count();
        if matches!(chars.get(k), Some('为' | '是')) {
            k += 1;
        }
        while chars.get(k).is_some_and(|c| *c == ' ' || *c == '\u{3000}') {
            k += 1;
        }
        if matches!(chars.get(k), Some(':' | '：')) {
            return Some((*role, k + 1 - i));
        }
        // A label followed by a space and a name, at the start of a clause.
        if k > i + label.chars().count() && chars.get(k).is_some() {
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
fn split_clauses(text: &str) -> Vec<String> {
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
            if !current.trim().is_empty() && label_at(&chars, i).is_some() {
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
fn strip_label(clause: &str) -> (&str, Option<Role>) {
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

/// "县司法局牵头" → ("县司法局", Some(Lead)); "县司法局" → ("县司法局", None).
fn strip_role_suffix(piece: &str) -> (String, Option<Role>) {
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
fn split_at_inner_roles(text: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(refs: &[UnitRef], role: Role) -> Vec<&str> {
        refs.iter()
            .filter(|r| r.role == role)
            .map(|r| r.name.as_str())
            .collect()
    }

    #[test]
    fn split_units_on_every_separator() {
        assert_eq!(
            split_units("县发改局、县财政局，县司法局和县人社局"),
            vec!["县发改局", "县财政局", "县司法局", "县人社局"]
        );
        assert_eq!(
            split_units("县教育局;县民政局；县农业农村局,县水利局/县林业局"),
            vec![
                "县教育局",
                "县民政局",
                "县农业农村局",
                "县水利局",
                "县林业局"
            ]
        );
        assert_eq!(
            split_units("县审计局\n县统计局\r\n县信访局"),
            vec!["县审计局", "县统计局", "县信访局"]
        );
    }

    #[test]
    fn split_units_on_ji_yu_yiji_between_units() {
        assert_eq!(
            split_units("县政府各部门及各乡镇政府"),
            vec!["县政府各部门", "各乡镇政府"]
        );
        assert_eq!(split_units("县法院与县检察院"), vec!["县法院", "县检察院"]);
        assert_eq!(
            split_units("县委宣传部以及县融媒体中心"),
            vec!["县委宣传部", "县融媒体中心"]
        );
    }

    #[test]
    fn he_inside_proper_names_is_not_split() {
        for name in [
            "县住房和城乡建设局",
            "县人力资源和社会保障局",
            "县文化广电和旅游局",
        ] {
            assert_eq!(split_units(name), vec![name], "{name}");
        }
        assert_eq!(
            split_units("县发改局和县住房和城乡建设局"),
            vec!["县发改局", "县住房和城乡建设局"]
        );
        assert_eq!(
            split_units("县人力资源和社会保障局和县财政局"),
            vec!["县人力资源和社会保障局", "县财政局"]
        );
    }

    #[test]
    fn separators_inside_brackets_do_not_split() {
        assert_eq!(
            split_units("各县（市、区）人民政府、县司法局"),
            vec!["各县（市、区）人民政府", "县司法局"]
        );
        assert_eq!(
            split_units("各乡镇(街道)和县直各部门"),
            vec!["各乡镇(街道)", "县直各部门"]
        );
    }

    #[test]
    fn split_units_trims_and_drops_empty_and_duplicates() {
        assert_eq!(
            split_units("  县司法局 、、县财政局，县司法局，  "),
            vec!["县司法局", "县财政局"]
        );
        assert!(split_units("").is_empty());
        assert!(split_units(" 、，； ").is_empty());
        assert!(split_units("无").is_empty());
    }

    #[test]
    fn split_units_strips_you_and_deng() {
        assert_eq!(
            split_units("由县司法局、县财政局等"),
            vec!["县司法局", "县财政局"]
        );
        assert_eq!(split_units("县应急局等单位。"), vec!["县应急局"]);
    }

    #[test]
    fn spaces_between_units_split_but_not_inside_a_name() {
        assert_eq!(
            split_units("县司法局 县财政局"),
            vec!["县司法局", "县财政局"]
        );
        assert_eq!(split_units("县 司法局"), vec!["县 司法局"]);
    }

    #[test]
    fn lead_co_and_responsible_in_one_phrase() {
        let refs = parse_assignment("县司法局牵头，县财政局配合，各乡镇按职责分工负责");
        assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
        assert_eq!(names(&refs, Role::Responsible), vec!["各乡镇"]);
    }

    #[test]
    fn several_leads_and_cos() {
        let refs = parse_assignment("县政府办、县政数局牵头,县委网信办、县融媒体中心配合");
        assert_eq!(names(&refs, Role::Lead), vec!["县政府办", "县政数局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县委网信办", "县融媒体中心"]);
        assert!(names(&refs, Role::Responsible).is_empty());
    }

    #[test]
    fn bracketed_phrase_with_group_co_unit() {
        let refs = parse_assignment("（县司法局牵头，县委组织部、县直各有关部门配合）");
        assert_eq!(
            refs,
            vec![
                UnitRef {
                    name: "县司法局".into(),
                    role: Role::Lead,
                    is_group: false
                },
                UnitRef {
                    name: "县委组织部".into(),
                    role: Role::Co,
                    is_group: false
                },
                UnitRef {
                    name: "县直各有关部门".into(),
                    role: Role::Co,
                    is_group: true
                },
            ]
        );
    }

    #[test]
    fn half_width_brackets_and_trailing_full_stop() {
        let refs = parse_assignment("(县信访局牵头,县直各有关部门配合)。");
        assert_eq!(names(&refs, Role::Lead), vec!["县信访局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县直各有关部门"]);
    }

    #[test]
    fn labelled_lists_with_colons() {
        let refs = parse_assignment("牵头单位：县发改局；配合单位：县财政局、县统计局");
        assert_eq!(names(&refs, Role::Lead), vec!["县发改局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县财政局", "县统计局"]);

        let refs = parse_assignment("牵头部门:县应急局;配合部门:县公安局,县消防救援大队");
        assert_eq!(names(&refs, Role::Lead), vec!["县应急局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县公安局", "县消防救援大队"]);
    }

    #[test]
    fn labelled_list_continues_after_comma() {
        let refs = parse_assignment("牵头单位：县司法局，县总工会；协办单位：县妇联");
        assert_eq!(names(&refs, Role::Lead), vec!["县司法局", "县总工会"]);
        assert_eq!(names(&refs, Role::Co), vec!["县妇联"]);
    }

    #[test]
    fn labels_on_separate_lines_or_after_spaces() {
        let refs = parse_assignment("责任部门：县市场监管局\n配合部门：县商务局");
        assert_eq!(names(&refs, Role::Responsible), vec!["县市场监管局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县商务局"]);

        let refs = parse_assignment("牵头单位：县卫健局 配合单位：县医保局");
        assert_eq!(names(&refs, Role::Lead), vec!["县卫健局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县医保局"]);
    }

    #[test]
    fn responsible_label_gives_responsible_role() {
        let refs = parse_assignment("责任单位：县委编办、县司法局、各有关部门。");
        assert_eq!(
            names(&refs, Role::Responsible),
            vec!["县委编办", "县司法局", "各有关部门"]
        );
        assert_eq!(
            refs.iter().map(|r| r.is_group).collect::<Vec<_>>(),
            vec![false, false, true]
        );
    }

    #[test]
    fn fuze_suffix_gives_responsible_role() {
        let refs = parse_assignment("县交通运输局、县公安局负责");
        assert_eq!(
            names(&refs, Role::Responsible),
            vec!["县交通运输局", "县公安局"]
        );
        let refs = parse_assignment("县自然资源局负责");
        assert_eq!(names(&refs, Role::Responsible), vec!["县自然资源局"]);
    }

    #[test]
    fn bare_list_is_responsible() {
        let refs = parse_assignment("县审计局、县财政局");
        assert_eq!(
            names(&refs, Role::Responsible),
            vec!["县审计局", "县财政局"]
        );
        let refs = parse_assignment("县司法局");
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].role, Role::Responsible);
    }

    #[test]
    fn group_units_by_duty_are_responsible_groups() {
        let refs = parse_assignment("各乡镇人民政府、县直各有关部门按职责分工负责");
        assert_eq!(refs.len(), 2);
        assert!(refs
            .iter()
            .all(|r| r.role == Role::Responsible && r.is_group));
        assert_eq!(refs[0].name, "各乡镇人民政府");
        assert_eq!(refs[1].name, "县直各有关部门");
    }

    #[test]
    fn ji_between_groups_in_responsible_clause() {
        let refs = parse_assignment("（县行政审批局牵头，县政府各部门及各乡镇政府按职责分工负责）");
        assert_eq!(names(&refs, Role::Lead), vec!["县行政审批局"]);
        assert_eq!(
            names(&refs, Role::Responsible),
            vec!["县政府各部门", "各乡镇政府"]
        );
    }

    #[test]
    fn you_prefix_and_deng_suffix_are_stripped() {
        let refs = parse_assignment("由县发改局牵头，县财政局等配合");
        assert_eq!(names(&refs, Role::Lead), vec!["县发改局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
    }

    #[test]
    fn proper_names_with_he_survive_in_phrases() {
        let refs = parse_assignment(
            "县住房和城乡建设局牵头，县人力资源和社会保障局、县文化广电和旅游局配合",
        );
        assert_eq!(names(&refs, Role::Lead), vec!["县住房和城乡建设局"]);
        assert_eq!(
            names(&refs, Role::Co),
            vec!["县人力资源和社会保障局", "县文化广电和旅游局"]
        );
    }

    #[test]
    fn roles_without_punctuation_between_clauses() {
        let refs = parse_assignment("县司法局牵头县财政局配合");
        assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
    }

    #[test]
    fn lead_variants_are_lead() {
        let refs = parse_assignment("县发改委牵头负责，县工信局参与");
        assert_eq!(names(&refs, Role::Lead), vec!["县发改委"]);
        assert_eq!(names(&refs, Role::Co), vec!["县工信局"]);
        let refs = parse_assignment("县司法局为牵头单位");
        assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    }

    #[test]
    fn name_listed_twice_keeps_first_role() {
        let refs = parse_assignment("县司法局牵头，县司法局、县财政局配合");
        assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
    }

    #[test]
    fn label_cut_by_a_line_break_is_joined() {
        let refs = parse_assignment("（牵头\n单位：县司法局、县人社局）");
        assert_eq!(names(&refs, Role::Lead), vec!["县司法局", "县人社局"]);
        let refs = parse_assignment("县发改局牵\n头，县财政局配合");
        assert_eq!(names(&refs, Role::Lead), vec!["县发改局"]);
        assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
    }

    #[test]
    fn empty_phrase_gives_nothing() {
        assert!(parse_assignment("").is_empty());
        assert!(parse_assignment("（）").is_empty());
        assert!(parse_assignment("牵头单位：").is_empty());
        assert!(parse_assignment("配合单位：无").is_empty());
    }

    #[test]
    fn role_round_trips_and_labels() {
        for role in [Role::Lead, Role::Co, Role::Responsible] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(Role::parse(role.label()), Some(role));
        }
        assert_eq!(Role::parse("牵头"), Some(Role::Lead));
        assert_eq!(Role::parse("负责"), Some(Role::Responsible));
        assert_eq!(Role::parse("组长"), None);
        assert_eq!(Role::Co.label(), "配合单位");
    }

    #[test]
    fn role_serializes_in_snake_case() {
        let unit = UnitRef {
            name: "县司法局".into(),
            role: Role::Responsible,
            is_group: false,
        };
        assert_eq!(
            serde_json::to_string(&unit).unwrap(),
            r#"{"name":"县司法局","role":"responsible","is_group":false}"#
        );
    }

    #[test]
    fn full_width_and_half_width_colons_and_semicolons_alike() {
        let a = parse_assignment("牵头单位：县民政局；配合单位：县残联");
        let b = parse_assignment("牵头单位:县民政局;配合单位:县残联");
        assert_eq!(a, b);
        assert_eq!(names(&a, Role::Co), vec!["县残联"]);
    }

    #[test]
    fn a_deadline_field_in_the_same_brackets_is_not_a_unit() {
        let refs =
            parse_assignment("（牵头单位：县司法局；配合单位：县财政局；完成时限：2026年6月底前）");
        let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["县司法局", "县财政局"]);
        let refs = parse_assignment("责任单位：县发改局、县统计局；完成时限: 长期坚持");
        let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["县发改局", "县统计局"]);
    }
}

#[cfg(test)]
mod deadline_words {
    use super::*;

    #[test]
    fn deadlines_as_people_write_them_are_not_units() {
        for d in [
            "全年",
            "四月份",
            "二季度",
            "上半年",
            "6月中旬",
            "年底前",
            "每半年",
            "即时",
            "长期坚持",
            "持续推进",
            "2026年6月底前",
            "6月底完成",
            "10月31日前",
            "立即执行",
            "常态化",
            "下半年完成",
            "第三季度末",
        ] {
            assert!(is_deadline_text(d), "{d}");
        }
        for u in [
            "县司法局",
            "各乡镇",
            "县委政法委",
            "县12345热线中心",
            "县第一中学",
        ] {
            assert!(!is_deadline_text(u), "{u}");
        }
    }
}
