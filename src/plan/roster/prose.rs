//! Rosters written as sentences: "由县委书记张三、县长李四任组长" (双组长), "县政府办副主任王五
//! 同志兼任办公室主任", "组长由县长李四担任", "成立以县长张三为组长、副县长李四为副组长的…",
//! and "成员由县委办、县司法局…主要负责同志组成" (bodies, not people).

use super::lines;
use super::people::{self, Context, Person};

/// Roles a sentence gives, longest first so that 副组长 is not read as 组长.
const ROLE_WORDS: &[&str] = &[
    "办公室常务副主任",
    "办公室副主任",
    "办公室主任",
    "常务副组长",
    "执行副组长",
    "第一组长",
    "执行组长",
    "副组长",
    "组长",
    "常务副主任",
    "副主任",
    "主任",
    "成员",
    "秘书长",
];

/// Verbs that give a role: 任 / 担任 / 兼任 / 为 (longest first).
const VERBS: &[&str] = &["兼任", "担任", "出任", "任", "为"];

/// What a sentence says about the group: people with roles, and member bodies.
#[derive(Debug, Default)]
pub(super) struct Said {
    pub(super) people: Vec<Person>,
    pub(super) bodies: Vec<String>,
}

/// The role a role word stands for in a sentence about the 办公室 (主任 → 办公室主任); `None` for
/// 主任 in a sentence that does not name the 办公室.
fn role_in(word: &str, office: bool) -> Option<String> {
    if word.contains("组长") || word.starts_with("办公室") || word == "成员" || word == "秘书长"
    {
        return Some(word.to_string());
    }
    office.then(|| format!("办公室{word}"))
}

/// The role word at the start of `text`, if any.
fn role_word_at(text: &str) -> Option<&'static str> {
    ROLE_WORDS.iter().copied().find(|w| text.starts_with(w))
}

/// The people of a list in a sentence: "县委书记张三、县长李四" → two people; a part with a
/// title and no name ("县委常委、常务副县长张三") belongs to the next person's title.
fn people_list(text: &str, role: &str, note: &str) -> Vec<Person> {
    let text = text.trim().trim_start_matches(['，', ',', '、', '；', ';']);
    let mut out = Vec::new();
    let mut carried = String::new();
    for part in text.split(['、', '和', '及']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let joined = if carried.is_empty() {
            part.to_string()
        } else {
            format!("{carried}、{part}")
        };
        let found = people::title_then_name(&joined, Context::Loose)
            .map(|(title, name)| (name, title))
            .or_else(|| {
                let bare = part.strip_suffix("同志").unwrap_or(part);
                people::is_name(bare, Context::Loose).then(|| (bare.to_string(), carried.clone()))
            });
        match found {
            Some((name, title)) => {
                carried.clear();
                let mut p = people::item(&format!("{name}（{title}）"), role, Context::Loose)
                    .unwrap_or_default();
                if p.member.name.is_empty() {
                    p.member.name = name;
                    p.member.role = role.to_string();
                }
                p.note = note.to_string();
                out.push(p);
            }
            None if part.chars().count() <= 20 => carried = joined,
            None => return Vec::new(),
        }
    }
    out
}

/// The text before a role's verb that names its people: after the last 由 / 以, without a
/// leading 、.
fn subject(text: &str) -> &str {
    let text = match (text.rfind('由'), text.rfind('以')) {
        (Some(a), Some(b)) => &text[a.max(b) + 3..],
        (Some(a), None) | (None, Some(a)) => &text[a + 3..],
        (None, None) => text,
    };
    text.trim_start_matches(['、', '，', ',', '和', '及'])
}

/// What one sentence (a paragraph's clause) says about the group.
pub(super) fn read(line: &str) -> Said {
    let mut said = Said::default();
    let office = line.contains("办公室");
    for clause in line.split(['，', ',', '；', ';', '。', '：', ':']) {
        read_clause(clause.trim(), office, &mut said);
    }
    said
}

fn read_clause(clause: &str, office: bool, said: &mut Said) {
    // "组长由县长李四担任", "办公室主任由县司法局局长王五同志兼任".
    for (at, _) in clause.match_indices('由') {
        let before = &clause[..at];
        let Some(word) = ROLE_WORDS.iter().find(|w| before.ends_with(*w)) else {
            continue;
        };
        let after = &clause[at + '由'.len_utf8()..];
        let Some((verb, end)) = ["兼任", "担任", "兼", "出任"]
            .iter()
            .find_map(|v| after.rfind(v).map(|e| (*v, e)))
        else {
            // "成员由县委办、县司法局…主要负责同志组成".
            if *word == "成员" && after.ends_with("组成") {
                said.bodies
                    .extend(lines::bodies(after.trim_end_matches("组成")));
            }
            continue;
        };
        let Some(role) = role_in(word, office) else {
            continue;
        };
        let note = if verb.starts_with('兼') { "兼" } else { "" };
        said.people.extend(people_list(&after[..end], &role, note));
        return;
    }
    // "由县委书记张三、县长李四任组长", "王五同志兼任办公室主任", "以县长张三为组长、…为副组长".
    let mut from = 0;
    let mut k = 0;
    let bytes_len = clause.len();
    while k < bytes_len {
        let rest = &clause[k..];
        let verb = VERBS
            .iter()
            .find(|v| rest.starts_with(*v) && role_word_at(&rest[v.len()..]).is_some());
        if let Some(verb) = verb {
            let after = &rest[verb.len()..];
            let word = role_word_at(after).unwrap_or_default();
            if let Some(role) = role_in(word, office) {
                let note = if verb.starts_with('兼') { "兼" } else { "" };
                said.people
                    .extend(people_list(subject(&clause[from..k]), &role, note));
            }
            k += verb.len() + word.len();
            from = k;
            continue;
        }
        k += rest.chars().next().map_or(1, char::len_utf8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(line: &str) -> Vec<(String, String, String, String)> {
        read(line)
            .people
            .into_iter()
            .map(|p| (p.member.role, p.member.name, p.member.title, p.note))
            .collect()
    }

    fn four(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
        (a.into(), b.into(), c.into(), d.into())
    }

    #[test]
    fn roles_given_in_sentences() {
        assert_eq!(
            roles("由县委书记张三、县长李四任组长，县委副书记王五、常务副县长赵六任副组长。"),
            [
                four("组长", "张三", "书记", ""),
                four("组长", "李四", "县长", ""),
                four("副组长", "王五", "副书记", ""),
                four("副组长", "赵六", "常务副县长", ""),
            ]
        );
        assert_eq!(
            roles("领导小组办公室设在县政府办公室，县政府办副主任王五同志兼任办公室主任，日常工作由县政府办承担。"),
            [four("办公室主任", "王五", "副主任", "兼")]
        );
        assert_eq!(
            roles("组长由县长李四担任，办公室主任由县司法局局长钱明同志兼任。"),
            [
                four("组长", "李四", "县长", ""),
                four("办公室主任", "钱明", "局长", "兼"),
            ]
        );
        assert_eq!(
            roles(
                "县政府决定成立以县长张三为组长、副县长李四为副组长的示例县法治政府建设领导小组。"
            ),
            [
                four("组长", "张三", "县长", ""),
                four("副组长", "李四", "副县长", "")
            ]
        );
        assert_eq!(
            roles("由县委常委、常务副县长孙立任组长。"),
            [four("组长", "孙立", "县委常委、常务副县长", "")]
        );
    }

    #[test]
    fn sentences_that_name_nobody() {
        assert!(roles("工作会议由组长召集，也可由组长委托副组长召集。").is_empty());
        assert!(roles("联络员由各成员单位相关股室负责同志担任。").is_empty());
        assert!(roles("各乡镇要明确一名分管领导为联络员。").is_empty());
        assert!(roles("县司法局为牵头单位，县财政局为成员单位。").is_empty());
        assert_eq!(
            read("成员由县委办、县政府办、县司法局主要负责同志组成。").bodies,
            ["县委办", "县政府办", "县司法局"]
        );
    }
}
