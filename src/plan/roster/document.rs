//! The roster of a document (a 关于成立…领导小组的通知, or a plan's 组织领导 part): its lines,
//! sentences and tables read into people with roles, and 成员单位 listed as bodies.

use super::lines::{self, Label};
use super::names::is_office_block;
use super::people::{Context, Person};
use super::{prose, table, RosterEntry, UnreadableRow};

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
            office = is_office_block(line) && line.chars().count() <= 20;
            continue;
        }
        if let Some((label, rest, damaged)) = lines::label(line, office) {
            match &label {
                Label::Role(role) => {
                    let found = lines::people(&rest, role, Context::Labelled);
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
        if is_office_block(line) && line.chars().count() <= 20 {
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
