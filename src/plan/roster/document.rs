//! The roster of a document (a 关于成立…领导小组的通知, or a plan's 组织领导 part): its lines,
//! sentences and tables read into people with roles, and 成员单位 listed as bodies.

use super::lines::{self, Label};
use super::people::{Context, Person};
use super::{prose, table, RosterEntry, UnreadableRow};
use crate::text::compare_key;

/// The sheet name given to entries read from a document's paragraphs.
pub const BODY_TEXT: &str = "正文";

/// What a document says about its leadership group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentRoster {
    /// People with their roles, in document order, each (name, role) once.
    pub entries: Vec<RosterEntry>,
    /// 成员单位 listed as bodies (县司法局), not people; group phrases left out.
    pub bodies: Vec<String>,
    /// Rows of a roster table whose name could not be read.
    pub unreadable: Vec<UnreadableRow>,
    pub warnings: Vec<String>,
}

impl DocumentRoster {
    /// The people as plan-draft members.
    pub fn members(&self) -> Vec<crate::plan::draft::DraftMember> {
        self.entries.iter().map(|e| e.member.clone()).collect()
    }
}

/// Whether a line is a heading (一、 / （二） / 3.) that ends a roster block.
fn is_heading(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('（' | '(') => chars
            .next()
            .is_some_and(|c| "一二三四五六七八九十".contains(c)),
        Some(c) if "一二三四五六七八九十".contains(c) => {
            t.chars()
                .take_while(|c| "一二三四五六七八九十".contains(*c))
                .count()
                < t.chars().count()
                && t.chars()
                    .find(|c| !"一二三四五六七八九十".contains(*c))
                    .is_some_and(|c| c == '、' || c == '.' || c == '．')
        }
        _ => false,
    }
}

/// Whether a short line (a heading, or a line of its own) opens the group's 办公室 block:
/// 领导小组办公室, 下设办公室, 办公室 — not an issuer such as 示例县人民政府办公室.
fn opens_office(line: &str) -> bool {
    let key = compare_key(line);
    line.chars().count() <= 20
        && (key == "办公室"
            || key.ends_with("、办公室")
            || key.contains("小组办公室")
            || key.contains("下设办公室"))
}

/// Reads the roster of a document from its lines (paragraphs, cleaned) and tables.
pub fn read(lines: &[String], tables: &[&Vec<Vec<String>>]) -> DocumentRoster {
    let mut out = DocumentRoster::default();
    let mut people: Vec<(usize, Person)> = Vec::new();
    let mut current: Option<Label> = None;
    let mut office = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if is_heading(line) {
            current = None;
            office = opens_office(line);
            continue;
        }
        if let Some((label, rest, damaged)) = lines::label(line, office) {
            match &label {
                Label::Role(role) => {
                    // A tentative label (lost characters, no colon) needs names with surnames.
                    let context = if damaged {
                        Context::Loose
                    } else {
                        Context::Labelled
                    };
                    let found = lines::people(&rest, role, context);
                    if !found.is_empty() {
                        people.extend(found.into_iter().map(|p| (i, p)));
                        current = Some(label);
                        continue;
                    }
                    let bodies = lines::bodies(&rest);
                    if !damaged && role == "成员" && !bodies.is_empty() {
                        out.bodies.extend(bodies);
                        current = Some(Label::Bodies);
                        continue;
                    }
                    if !damaged && rest.is_empty() {
                        // "成员：" with the people on the lines below.
                        current = Some(label);
                        continue;
                    }
                }
                Label::Bodies => {
                    out.bodies.extend(lines::bodies(&rest));
                    current = Some(label);
                    continue;
                }
            }
        }
        // A continuation line: more people of the role above, or more bodies.
        let short = line.chars().count() <= 60 && !line.contains('。');
        match (&current, short) {
            (Some(Label::Role(role)), true) => {
                let found = lines::people(line, role, Context::Loose);
                if !found.is_empty() {
                    people.extend(found.into_iter().map(|p| (i, p)));
                    continue;
                }
            }
            (Some(Label::Bodies), true) => {
                let found = lines::bodies(line);
                if !found.is_empty() {
                    out.bodies.extend(found);
                    continue;
                }
            }
            _ => {}
        }
        current = None;
        if opens_office(line) {
            office = true;
            continue;
        }
        let said = prose::read(line);
        people.extend(said.people.into_iter().map(|p| (i, p)));
        out.bodies.extend(said.bodies);
    }
    for (i, p) in people {
        out.entries.push(RosterEntry {
            member: p.member,
            sheet: BODY_TEXT.to_string(),
            row: i + 1,
            note: p.note,
            ..RosterEntry::default()
        });
    }
    for (n, rows) in tables.iter().enumerate() {
        if let Some(found) = table::read(rows, &format!("表格{}", n + 1)) {
            out.entries.extend(found.entries);
            out.unreadable.extend(found.unreadable);
            out.warnings.extend(found.warnings);
        }
    }
    super::dedupe(&mut out.entries);
    let mut bodies: Vec<String> = Vec::new();
    for b in out.bodies.drain(..) {
        if !bodies.contains(&b) {
            bodies.push(b);
        }
    }
    out.bodies = bodies;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(text: &str) -> DocumentRoster {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        read(&lines, &[])
    }

    fn people(r: &DocumentRoster) -> Vec<(String, String, String)> {
        r.entries
            .iter()
            .map(|e| (e.member.role.clone(), e.member.name.clone(), e.note.clone()))
            .collect()
    }

    fn three(a: &str, b: &str, c: &str) -> (String, String, String) {
        (a.into(), b.into(), c.into())
    }

    #[test]
    fn a_notice_with_two_leaders_an_office_block_and_bodies() {
        let r = roster(
            "示例县人民政府办公室\n\
             示例县人民政府关于成立示例县普法依法治理工作领导小组的通知\n\
             一、领导小组组成人员\n\
             组　长：张志远　县委书记\n\
             \u{3000}\u{3000}\u{3000}\u{3000}李卫东　县长\n\
             副组长：县委常委、政法委书记周建平，副县长吴丽娟（兼）\n\
             成　员：县委办、县政府办、县司法局、县教育局主要负责同志\n\
             成　员：王海涛（县司法局副局长）\n\
             二、领导小组办公室\n\
             主　任：钱立军（县司法局局长）\n\
             副主任：孙晓燕（县司法局副局长）\n\
             三、工作职责\n\
             领导小组负责统筹全县普法工作，组长由县委书记担任。\n",
        );
        assert_eq!(
            people(&r),
            [
                three("组长", "张志远", ""),
                three("组长", "李卫东", ""),
                three("副组长", "周建平", ""),
                three("副组长", "吴丽娟", "兼"),
                three("成员", "王海涛", ""),
                three("办公室主任", "钱立军", ""),
                three("办公室副主任", "孙晓燕", ""),
            ]
        );
        assert_eq!(r.bodies, ["县委办", "县政府办", "县司法局", "县教育局"]);
    }

    #[test]
    fn a_table_flattened_into_text_lines() {
        let r = roster(
            "组长　周明远　县长\n\
             副组长　吴建国　常务副县长\n\
             成员　王立群　县政府办公室主任\n\
             \u{3000}\u{3000}陈立新　县司法局局长\n",
        );
        assert_eq!(
            people(&r),
            [
                three("组长", "周明远", ""),
                three("副组长", "吴建国", ""),
                three("成员", "王立群", ""),
                three("成员", "陈立新", ""),
            ]
        );
    }

    #[test]
    fn a_plan_s_task_lines_name_nobody() {
        let r = roster(
            "一、重点任务\n\
             1.完善行政执法公示制度。（县司法局牵头）\n\
             2.各乡镇要明确一名分管领导为联络员，县司法局为牵头单位。\n\
             3.工作会议由组长召集，也可由组长委托副组长召集。\n\
             注：各单位于每月5日前报送。\n\
             组长　负责　全面工作\n\
             成员　要按时参加会议\n",
        );
        assert!(r.entries.is_empty(), "{:?}", people(&r));
        assert!(r.bodies.is_empty(), "{:?}", r.bodies);
    }
}
