//! What shares the units' brackets but is no unit: deadlines, people with their titles and
//! other fields (完成时限：…, 责任人：…).

use super::names::{looks_like_unit, trim_end_punct};

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
    "常委",
];

/// A person written with an office: "县公安局局长张三" → Some(Some("县公安局")),
/// "副县长张三" → Some(None); anything else → None.
pub(super) fn person_office(name: &str) -> Option<Option<String>> {
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
pub(super) fn is_bare_title(name: &str) -> bool {
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
pub(super) fn deadline_field(clause: &str) -> Option<&str> {
    let c = clause.trim();
    OTHER_FIELDS[..5].iter().find_map(|label| {
        let rest = c.strip_prefix(label)?.trim_start();
        let value = rest.strip_prefix(['：', ':'])?;
        Some(trim_end_punct(value.trim()))
    })
}

/// Whether a clause is another field written beside the units, such as "完成时限：2026年6月底前".
pub(super) fn is_other_field(clause: &str) -> bool {
    let c = clause.trim();
    OTHER_FIELDS.iter().any(|label| {
        c.strip_prefix(label)
            .is_some_and(|rest| rest.trim_start().starts_with(['：', ':']))
    })
}
