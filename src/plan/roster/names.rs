//! A name cell read as people: roles, names with their annotations, vacant seats.

use crate::assign;
use crate::text::{compare_key, squeeze};

/// Roles in the group a roster line can be labelled with.
pub(crate) const ROLES: &[&str] = &[
    "第一组长",
    "常务副组长",
    "副组长",
    "组长",
    "成员",
    "办公室主任",
    "办公室副主任",
    "秘书长",
];

/// A person's name as a plan writes it: 2–4 Chinese characters (or with the middle dot ·).
pub(crate) fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n)
        && s.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
}

/// "县司法局局长" → ("县司法局", "局长"); a title with 、 or without a known position stays whole.
pub(crate) fn split_org(title: &str) -> (String, String) {
    if title.contains(['、', '，', ',']) {
        return (String::new(), title.to_string());
    }
    for p in assign::POSITIONS {
        if let Some(org) = title.strip_suffix(p) {
            if assign::looks_like_unit(org) {
                return (org.to_string(), p.to_string());
            }
        }
    }
    (String::new(), title.to_string())
}

pub(super) const ROLE_HEADERS: &[&str] = &[
    "组内职务",
    "小组职务",
    "组内职责",
    "领导小组职务",
    "小组内职务",
    "组内分工",
    "组内任职",
    "小组任职",
    "职责",
    "分工",
    "任职",
];

/// Whether a text opens the 办公室 block (领导小组办公室, 办公室, 领导小组下设办公室…).
pub(super) fn is_office_block(text: &str) -> bool {
    let key = compare_key(text);
    key == "办公室" || (key.contains("办公室") && !key.ends_with("主任") && key.chars().count() > 5)
}

/// A role in the group: 组长 / 副组长 / 成员 …; inside the 办公室 block 主任 → 办公室主任.
pub(super) fn role_of(text: &str, office: bool) -> Option<String> {
    let key = compare_key(text);
    if office {
        match key.as_str() {
            "主任" | "副主任" | "成员" | "联络员" | "工作人员" => {
                return Some(format!("办公室{key}"))
            }
            _ => {}
        }
    }
    if let Some(r) = ROLES.iter().find(|r| **r == key) {
        return Some(r.to_string());
    }
    match key.as_str() {
        "办公室成员" | "联络员" | "顾问" | "第一副组长" | "执行组长" => {
            Some(key)
        }
        _ => None,
    }
}

/// A person's name: spaces folded, 2–5 Chinese characters (or with the middle dot ·).
pub(super) fn person_name(text: &str) -> Option<String> {
    let name = squeeze(text);
    let n = name.chars().count();
    let ok = (2..=5).contains(&n)
        && name
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·' || c == '•');
    ok.then_some(name)
}

/// Brackets an annotation is written in: 陈立新（兼）, 王强(挂职), 李明【常务】.
pub(super) const BRACKETS: &[(char, char)] = &[
    ('（', '）'),
    ('(', ')'),
    ('【', '】'),
    ('[', ']'),
    ('〔', '〕'),
    ('［', '］'),
];

/// Marks written after a name to point at a footnote: 刘海燕*.
pub(super) const MARKS: &[char] = &['*', '＊', '※', '★', '☆', '#', '＃', '△', '▲', '◆', '√'];

/// Texts that stand for a vacant seat rather than a person.
pub(super) const VACANT: &[&str] = &["待定", "空缺", "暂缺", "暂空", "无", "略"];

/// A name cell's part read as a person: the name and the annotations written around it
/// (`陈立新（兼）` → 陈立新, 兼; `刘海燕*` → 刘海燕, *; `李明 （常务）` → 李明, 常务).
pub(super) fn read_name(text: &str) -> Option<(String, String)> {
    let mut rest: Vec<char> = squeeze(text).chars().collect();
    let mut notes: Vec<String> = Vec::new();
    loop {
        if let Some(&last) = rest.last() {
            if MARKS.contains(&last) {
                let n = rest.iter().rev().take_while(|c| MARKS.contains(c)).count();
                notes.insert(0, rest[rest.len() - n..].iter().collect());
                rest.truncate(rest.len() - n);
                continue;
            }
            if let Some(&(open, _)) = BRACKETS.iter().find(|(_, close)| *close == last) {
                if let Some(at) = rest.iter().rposition(|c| *c == open) {
                    let inner: String = rest[at + 1..rest.len() - 1].iter().collect();
                    if !inner.is_empty() {
                        notes.insert(0, inner);
                    }
                    rest.truncate(at);
                    continue;
                }
            }
        }
        if let Some(&first) = rest.first() {
            if let Some(&(_, close)) = BRACKETS.iter().find(|(open, _)| *open == first) {
                if let Some(at) = rest.iter().position(|c| *c == close) {
                    let inner: String = rest[1..at].iter().collect();
                    if !inner.is_empty() {
                        notes.push(inner);
                    }
                    rest.drain(..=at);
                    continue;
                }
            }
        }
        break;
    }
    let name = person_name(&rest.iter().collect::<String>())?;
    Some((name, notes.join("；")))
}

/// Whether a name cell's part only says the seat is vacant: （待定）, 空缺, —.
pub(super) fn is_vacant(text: &str) -> bool {
    let key: String = squeeze(text)
        .chars()
        .filter(|c| !BRACKETS.iter().any(|(o, cl)| c == o || c == cl))
        .collect();
    key.is_empty()
        || key.chars().all(|c| "-—－/／、.。…".contains(c))
        || VACANT.contains(&key.as_str())
}

/// The parts of a names cell (张三、李四), not split inside brackets (陈立新（兼，常务）).
pub(super) fn split_names(cell: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in cell.chars() {
        if BRACKETS.iter().any(|(open, _)| *open == c) {
            depth += 1;
        } else if BRACKETS.iter().any(|(_, close)| *close == c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && ['、', '，', ',', '；', ';', '\n', '/'].contains(&c) {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, String)> {
        read_name(text)
    }

    #[test]
    fn annotations_beside_a_name_become_its_note() {
        let pair = |n: &str, note: &str| Some((n.to_string(), note.to_string()));
        assert_eq!(read("陈立新（兼）"), pair("陈立新", "兼"));
        assert_eq!(read("刘海燕*"), pair("刘海燕", "*"));
        assert_eq!(read("王强(挂职)"), pair("王强", "挂职"));
        assert_eq!(read("李明 （常务）"), pair("李明", "常务"));
        assert_eq!(read("（女）王芳"), pair("王芳", "女"));
        assert_eq!(read("赵  刚【兼】※"), pair("赵刚", "兼；※"));
        assert_eq!(read("王  伟"), pair("王伟", ""));
        assert_eq!(read("阿依古丽·买买提"), None);
        assert_eq!(read("Liu Haiyan"), None);
        assert_eq!(read("（空缺）"), None);
    }

    #[test]
    fn names_split_outside_brackets_only() {
        assert_eq!(
            split_names("陈立新（兼，常务）、刘海燕*，王强"),
            ["陈立新（兼，常务）", "刘海燕*", "王强"]
        );
    }

    #[test]
    fn vacant_seats_are_no_people() {
        for t in ["（待定）", "空缺", "—", "（暂缺）", "/"] {
            assert!(is_vacant(t), "{t}");
        }
        assert!(!is_vacant("王强"));
        assert!(!is_vacant("Liu"));
    }
}
