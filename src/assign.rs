//! Understanding responsible-unit phrases: who leads a task (牵头), who cooperates (配合) and
//! who is responsible (责任 / 负责).
//!
//! Plans write this in many ways: "（县司法局牵头，县委组织部、县直各有关部门配合）",
//! "牵头单位：县司法局；配合单位：县财政局", "责任单位：县发改局、各有关部门", or just a list.
//! Everything here is pure text handling; nothing fails, unrecognised text yields names as
//! written.

mod fields;
mod names;
mod roles;
#[cfg(test)]
mod tests;

pub use fields::is_deadline_text;
pub(crate) use fields::POSITIONS;
use fields::{deadline_field, is_bare_title, is_other_field, person_office};
use names::{clean_name, strip_outer_brackets, trim_end_punct, CLOSE_BRACKETS, OPEN_BRACKETS};
pub use names::{looks_like_unit, split_units};
use roles::{
    bracketed_role, join_broken_words, split_at_inner_roles, split_clauses, strip_label,
    strip_role_suffix, LABELS,
};
pub use roles::{ends_with_lead_or_co, find_labels};

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
                // "县司法局（牵头）": the role in brackets after the name.
                let (name, role) = match bracketed_role(&name) {
                    Some((bare, own)) => (bare, own),
                    None => (name, role),
                };
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

pub use crate::group_phrase::is_group_phrase;
