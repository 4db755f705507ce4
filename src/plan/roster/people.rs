//! One person as a roster writes them: 张三, 张三（县长）, 张三(县长)（兼）, 张三 县长, 县长张三,
//! 县政府办副主任张三同志, and 张三县政府办副主任) whose opening parenthesis was lost.

use super::names::{is_person_name, read_name, split_org, BRACKETS};
use crate::assign;
use crate::plan::draft::DraftMember;

/// How sure the context is that a person is named here: after a role label anything shaped like
/// a name is one; elsewhere (a continuation line, a sentence) the name must start with a surname.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Labelled,
    Loose,
}

/// A person found in a roster text, with the annotation written beside the name (兼, 挂职).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Person {
    pub(super) member: DraftMember,
    pub(super) note: String,
}

/// Words that end a 职务 besides [`assign::POSITIONS`] (县长, 局长 …), for telling a title from
/// the name after it.
const MORE_TITLE_ENDS: &[&str] = &[
    "常委",
    "委员",
    "馆长",
    "会长",
    "组长",
    "科长",
    "股长",
    "处长",
    "庭长",
    "社长",
    "总经理",
    "董事长",
    "负责人",
    "调研员",
    "督学",
    "总师",
];

/// Whether a text ends in a 职务 word.
fn ends_with_title(text: &str) -> bool {
    assign::POSITIONS
        .iter()
        .chain(MORE_TITLE_ENDS)
        .any(|e| text.ends_with(e))
}

/// Annotations written in brackets after a name that are no 职务.
const ANNOTATIONS: &[&str] = &[
    "兼", "兼职", "挂职", "常务", "女", "正", "副", "代", "待定", "列席",
];

/// Where an organisation's name starts: 县政府办, 市司法局, 中共示例县委, 省…
const ORG_STARTS: &[char] = &[
    '县', '市', '区', '乡', '镇', '省', '州', '旗', '盟', '中', '共',
];

/// Common Chinese surnames (百家姓 and frequent others), the first character of a name.
const SURNAMES: &str = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公付肖闫岳佟覃冼麦练原植招粟邝揭晋帅仝兰谌";

/// Two-character surnames (欧阳, 司马 …).
const DOUBLE_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "夏侯", "诸葛", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容", "长孙",
    "宇文", "司徒", "司空", "申屠", "轩辕", "端木", "独孤", "南宫",
];

/// Whether `name` is a person's name: 2–4 Chinese characters; in a loose context it must also
/// start with a surname.
pub(super) fn is_name(name: &str, context: Context) -> bool {
    is_person_name(name)
        && !ends_with_title(name)
        && !assign::looks_like_unit(name)
        && (context == Context::Labelled
            || DOUBLE_SURNAMES.iter().any(|s| name.starts_with(s))
            || name.chars().next().is_some_and(|c| SURNAMES.contains(c)))
}

/// Whether a bracket's text is a 职务 (县长, 县司法局局长) rather than an annotation (兼, 挂职).
fn is_title(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && !ANNOTATIONS.contains(&t) && (t.chars().count() > 2 || ends_with_title(t))
}

/// A member of `role` with a name, a 职务 (split into 单位 and 职务 where it reads so) and a note.
fn person(name: String, title: &str, note: String, role: &str) -> Person {
    let title = title
        .trim()
        .trim_matches(|c: char| "，,、；;。".contains(c));
    let (org, title) = split_org(title);
    Person {
        member: DraftMember {
            name,
            title,
            org,
            role: role.to_string(),
        },
        note,
    }
}

/// Drops a trailing 同志 / 等同志 from a person's text.
fn without_comrade(text: &str) -> &str {
    let t = text.trim();
    let t = t.strip_suffix("同志").unwrap_or(t).trim_end();
    t.strip_suffix('等').unwrap_or(t).trim_end()
}

/// "县政府办副主任张三" → (县政府办副主任, 张三): a title ending in a known 职务, then a name.
pub(super) fn title_then_name(text: &str, context: Context) -> Option<(String, String)> {
    let text: String = without_comrade(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let chars: Vec<char> = text.chars().collect();
    for len in [3, 2, 4] {
        if chars.len() <= len {
            continue;
        }
        let title: String = chars[..chars.len() - len].iter().collect();
        let name: String = chars[chars.len() - len..].iter().collect();
        if ends_with_title(&title) && is_name(&name, context) {
            return Some((title, name));
        }
    }
    None
}

/// "张三县政府办公室副主任" → (张三, 县政府办公室副主任): a name, then a title that starts like
/// an organisation or ends in a known 职务.
fn name_then_title(text: &str, context: Context) -> Option<(String, String)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let split = |len: usize| -> Option<(String, String)> {
        if chars.len() <= len + 1 {
            return None;
        }
        let name: String = chars[..len].iter().collect();
        let title: String = chars[len..].iter().collect();
        is_name(&name, context).then_some((name, title))
    };
    let org_start = |t: &str| t.starts_with(ORG_STARTS) || assign::looks_like_unit(t);
    [3, 2]
        .into_iter()
        .filter_map(split)
        .find(|(_, t)| org_start(t) && ends_with_title(t))
        .or_else(|| {
            [3, 2]
                .into_iter()
                .filter_map(split)
                .find(|(_, t)| ends_with_title(t))
        })
}

/// One item of a roster list read as a person of `role`.
pub(super) fn item(text: &str, role: &str, context: Context) -> Option<Person> {
    let text = text.trim().trim_end_matches(['。', '；', ';', '，', ',']);
    if text.is_empty() {
        return None;
    }
    // 张三（县长）（兼）: the name before the first bracket; a bracket holding a 职务 is the
    // title, the others are notes.
    if let Some(open) = text.find(|c: char| BRACKETS.iter().any(|(o, _)| *o == c)) {
        if open > 0 {
            let name: String = text[..open]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let name = without_comrade(&name).to_string();
            // 副县长吴丽娟（兼）: the title before the name, the bracket a note.
            let titled = title_then_name(&name, Context::Loose);
            if is_name(&name, context) || titled.is_some() {
                let (mut title, name) = titled.unwrap_or((String::new(), name));
                let mut notes: Vec<String> = Vec::new();
                for part in bracket_parts(&text[open..]) {
                    if title.is_empty() && is_title(&part) {
                        title = part;
                    } else if !part.is_empty() {
                        notes.push(part);
                    }
                }
                return Some(person(name, &title, notes.join("；"), role));
            }
        }
    }
    // 张三县政府办公室副主任) — the opening bracket lost.
    let closing = BRACKETS.iter().any(|(_, c)| text.ends_with(*c))
        && !BRACKETS.iter().any(|(o, _)| text.contains(*o));
    let bare = if closing {
        text[..text.len() - text.chars().last().map_or(0, char::len_utf8)].trim()
    } else {
        text
    };
    if let Some((title, name)) = title_then_name(bare, Context::Loose) {
        return Some(person(name, &title, String::new(), role));
    }
    if let Some((name, note)) = read_name(bare) {
        if is_name(&name, context) {
            return Some(person(name, "", note, role));
        }
    }
    let spaced: Vec<&str> = bare.split_whitespace().collect();
    if spaced.len() >= 2 {
        // "李  华  县人民政府县长": single characters are one spaced name.
        let mut k = 0;
        let mut name = String::new();
        while k < spaced.len() && name.chars().count() < 3 && spaced[k].chars().count() == 1 {
            name.push_str(spaced[k]);
            k += 1;
        }
        if name.chars().count() < 2 {
            name = spaced[0].to_string();
            k = 1;
        }
        if is_name(&name, context) && k < spaced.len() {
            return Some(person(name, &spaced[k..].join(""), String::new(), role));
        }
    }
    if let Some((name, title)) = name_then_title(bare, context) {
        return Some(person(name, &title, String::new(), role));
    }
    if let Some((title, name)) = title_then_name(bare, context) {
        return Some(person(name, &title, String::new(), role));
    }
    None
}

/// The texts of the brackets of "（县长）（兼）" in order.
fn bracket_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        if BRACKETS.iter().any(|(o, _)| *o == c) {
            if depth > 0 {
                current.push(c);
            }
            depth += 1;
        } else if BRACKETS.iter().any(|(_, cl)| *cl == c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                parts.push(std::mem::take(&mut current).trim().to_string());
            } else {
                current.push(c);
            }
        } else if depth > 0 {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, String, String, String)> {
        item(text, "组长", Context::Labelled)
            .map(|p| (p.member.name, p.member.org, p.member.title, p.note))
    }

    fn four(a: &str, b: &str, c: &str, d: &str) -> Option<(String, String, String, String)> {
        Some((a.into(), b.into(), c.into(), d.into()))
    }

    #[test]
    fn a_person_in_every_written_form() {
        assert_eq!(read("张三（县长）"), four("张三", "", "县长", ""));
        assert_eq!(
            read("张三(县司法局局长)"),
            four("张三", "县司法局", "局长", "")
        );
        assert_eq!(read("陈立新（兼）"), four("陈立新", "", "", "兼"));
        assert_eq!(
            read("王强（县政府副县长）（兼）"),
            four("王强", "县政府", "副县长", "兼")
        );
        assert_eq!(
            read("李  华  县人民政府县长"),
            four("李华", "县人民政府", "县长", "")
        );
        assert_eq!(
            read("赵敏  县财政局局长"),
            four("赵敏", "县财政局", "局长", "")
        );
        assert_eq!(
            read("滕合方县政府办公室副主任)"),
            four("滕合方", "县政府办公室", "副主任", "")
        );
        assert_eq!(read("县长李四"), four("李四", "", "县长", ""));
        assert_eq!(
            read("县政府办副主任王五同志"),
            four("王五", "县政府办", "副主任", "")
        );
        assert_eq!(read("县司法局"), None);
        assert_eq!(read("各乡镇人民政府"), None);
    }

    #[test]
    fn loose_names_start_with_a_surname() {
        assert!(is_name("欧阳明", Context::Loose));
        assert!(is_name("滕合方", Context::Loose));
        assert!(!is_name("分管领导", Context::Loose));
        assert!(!is_name("负责", Context::Loose));
        assert!(is_name("负责", Context::Labelled));
        assert_eq!(
            title_then_name("各成员单位相关股室负责同志", Context::Loose),
            None
        );
    }
}
