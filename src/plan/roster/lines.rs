//! Rosters written as lines: "组　长：张三（县长）", a label that lost characters (" 长:"), the
//! people of a role on one line or on the lines below it, and "成员单位：" listing bodies.

use super::names::{role_of, split_names, ROLES};
use super::people::{self, Context, Person};
use crate::assign;

/// What a labelled line introduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Label {
    /// People of a role in the group: 组长 / 副组长 / 成员 / 办公室主任 ….
    Role(String),
    /// Member bodies (成员单位), not people.
    Bodies,
}

/// Labels that introduce member bodies rather than people.
const BODY_LABELS: &[&str] = &[
    "成员单位",
    "组成单位",
    "成员单位为",
    "成员单位包括",
    "参加单位",
];

/// Roles a damaged label can be the end of, shortest first: " 长:" is 组长, "员:" is 成员.
const DAMAGED: &[&str] = &["组长", "成员", "副组长"];

/// The label of a roster line and the text after its colon: "组　长：张三" → (组长, 张三).
/// `office` says the line is inside the 办公室 block (主任 → 办公室主任). A label that lost its
/// first characters (" 长:") is read as the shortest role it ends (组长); the caller accepts it
/// only when people follow.
pub(super) fn label(line: &str, office: bool) -> Option<(Label, String, bool)> {
    let Some(colon) = line.find([':', '：']) else {
        return spaced_label(line, office);
    };
    let head: String = line[..colon]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let n = head.chars().count();
    if n == 0 || n > 8 {
        return None;
    }
    let width = line[colon..].chars().next().map_or(1, char::len_utf8);
    let rest = line[colon + width..].trim().to_string();
    if BODY_LABELS.contains(&head.as_str()) {
        return Some((Label::Bodies, rest, false));
    }
    if let Some(role) = role_of(&head, office) {
        return Some((Label::Role(role), rest, false));
    }
    let damaged = n <= 2 && line[..colon].starts_with(char::is_whitespace)
        || (n == 1 && !ROLES.contains(&head.as_str()));
    if damaged {
        if let Some(role) = DAMAGED.iter().find(|r| r.ends_with(head.as_str())) {
            return Some((Label::Role(role.to_string()), rest, true));
        }
    }
    None
}

/// A role and the people after it without a colon, as a table flattened into text writes them:
/// "组长　张三　县长". Only a whole role word followed by a space counts; the caller accepts it
/// only when people follow.
fn spaced_label(line: &str, office: bool) -> Option<(Label, String, bool)> {
    let line = line.trim_start();
    let end = line.find(char::is_whitespace)?;
    let role = role_of(&line[..end], office)?;
    let rest = line[end..].trim();
    (!rest.is_empty()).then(|| (Label::Role(role), rest.to_string(), true))
}

/// Suffixes after a body that name its people in general: 县司法局主要负责同志.
const PEOPLE_OF_BODY: &[&str] = &[
    "主要负责同志",
    "分管负责同志",
    "负责同志",
    "主要负责人",
    "分管负责人",
    "负责人",
    "分管领导",
    "主要领导",
    "分管副职",
];

/// The items of a list: split on 、，；and on 以及 / 及 / 和 between bodies, not inside brackets.
fn list_items(text: &str) -> Vec<String> {
    split_names(text)
        .into_iter()
        .flat_map(|p| {
            p.split("以及")
                .flat_map(|q| q.split('及'))
                .map(|q| q.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Member bodies listed in a text: the items that read as units, without group phrases
/// (各乡镇, 县直有关部门) and without "主要负责同志" after them.
pub(super) fn bodies(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches(['。', '；', ';', '，', ',']);
    list_items(text)
        .into_iter()
        .map(|item| {
            let mut item = item.trim_end_matches(['。', '；', ';']).to_string();
            for s in PEOPLE_OF_BODY {
                if let Some(body) = item.strip_suffix(s) {
                    item = body.trim_end_matches('的').to_string();
                    break;
                }
            }
            item
        })
        .filter(|b| assign::looks_like_unit(b) && !assign::is_group_phrase(b))
        .collect()
}

/// The people of `role` written on a line: "张三（县长）、李四（副县长）", "张三  县长",
/// "张三、李四", "县长张三".
pub(super) fn people(text: &str, role: &str, context: Context) -> Vec<Person> {
    let text = text.trim().trim_end_matches(['。', '；', ';']);
    if text.is_empty() {
        return Vec::new();
    }
    // "张三 李四 王五": names separated by spaces only.
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() >= 2
        && tokens
            .iter()
            .all(|t| t.chars().count() >= 2 && people::is_name(t, context))
    {
        return tokens
            .iter()
            .filter_map(|t| people::item(t, role, context))
            .collect();
    }
    let items = split_names(text);
    // "县委常委、政法委书记张三": a part with a title and no name belongs to the next person.
    let mut found: Vec<Person> = Vec::new();
    let mut carried: Vec<&str> = Vec::new();
    for i in &items {
        match people::item(i, role, context) {
            Some(mut p) => {
                if !carried.is_empty() {
                    let mut title = std::mem::take(&mut carried);
                    let own = format!("{}{}", p.member.org, p.member.title);
                    title.push(&own);
                    p.member.title = title.join("、");
                    p.member.org.clear();
                }
                found.push(p);
            }
            None if i.chars().count() <= 12 && !assign::looks_like_unit(i) => carried.push(i),
            None => carried.clear(),
        }
    }
    // "张三  县委副书记、县长": the list's later parts are the first person's titles.
    if found.len() == 1 && items.len() > 1 && tokens.len() >= 2 {
        if let Some(whole) = people::item(text, role, context) {
            return vec![whole];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_whole_spaced_and_damaged() {
        let role = |l: &str| label(l, false).map(|(k, rest, _)| (k, rest));
        assert_eq!(
            role("组　长：张三（县长）"),
            Some((Label::Role("组长".into()), "张三（县长）".into()))
        );
        assert_eq!(
            role(" 长:孙立(县委常委)"),
            Some((Label::Role("组长".into()), "孙立(县委常委)".into()))
        );
        assert_eq!(
            role("成员单位：县司法局、县财政局"),
            Some((Label::Bodies, "县司法局、县财政局".into()))
        );
        assert_eq!(
            label("主  任：王五", true).map(|(k, _, _)| k),
            Some(Label::Role("办公室主任".into()))
        );
        assert_eq!(
            role("副组长　李四　县政府副县长"),
            Some((Label::Role("副组长".into()), "李四　县政府副县长".into()))
        );
        assert_eq!(role("成员单位要按时报送。"), None);
        assert_eq!(role("联系电话：0123-5550001"), None);
        assert_eq!(role("局长：张三"), None);
    }

    #[test]
    fn bodies_are_units_not_phrases_nor_people() {
        assert_eq!(
            bodies("县委办、县政府办、县司法局及县财政局主要负责同志"),
            ["县委办", "县政府办", "县司法局", "县财政局"]
        );
        assert!(bodies(
            "各乡(镇)人民政府、县人民政府有关部门以及与群众利益密切相关的公共企事业单位"
        )
        .is_empty());
    }

    #[test]
    fn people_on_a_line() {
        let names = |t: &str| -> Vec<String> {
            people(t, "成员", Context::Labelled)
                .into_iter()
                .map(|p| p.member.name)
                .collect()
        };
        assert_eq!(names("张三（县长）、李四(副县长)"), ["张三", "李四"]);
        assert_eq!(names("张三  县委副书记、县长"), ["张三"]);
        assert_eq!(names("张三、李四、王五"), ["张三", "李四", "王五"]);
        assert_eq!(names("张三 李四 王五"), ["张三", "李四", "王五"]);
        assert!(names("县司法局、县财政局").is_empty());
    }
}
