//! Group phrases (统称): 县直各有关部门, 各乡镇, 各有关单位, 各成员单位 …. A plan names them
//! beside real units, but they are not units: they stay on the task as text
//! (`task_group_phrase`), are printed as written, and never report, are chased or charted. The
//! clerk may expand one into real units (see [`crate::task::expand_phrase`]).

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::assign::Role;

/// A group phrase on a task, with the role the plan gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupPhrase {
    /// As written: 县直各有关部门.
    pub phrase: String,
    pub role: Role,
}

/// Generic nouns a group phrase ends with (县直部门, 有关单位, 县直机关).
const GENERIC_ENDINGS: &[&str] = &[
    "部门",
    "单位",
    "机关",
    "乡镇",
    "乡镇政府",
    "乡镇人民政府",
    "镇街",
    "街道",
    "成员单位",
];

/// Words that make a name stand for several units wherever they appear.
const PLURAL_WORDS: &[&str] = &[
    "有关",
    "相关",
    "成员单位",
    "全县",
    "全市",
    "全区",
    "其他",
    "其它",
    "涉及",
];

/// Whether a name is a group phrase rather than one unit, recognised by its shape: 各… (各乡镇,
/// 各街道, 县政府各部门), 有关… / 相关… (有关部门, 县直各有关部门), 县直… / 市直… followed by a
/// generic noun (县直部门, 县直机关, 县直单位), or a bare generic noun with a plural word
/// (各成员单位, 其他部门). A name like 县直机关工委 or 县城关镇人民政府 is one unit.
pub fn is_group_phrase(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    if name.contains('各') || PLURAL_WORDS.iter().any(|w| name.contains(w)) {
        return true;
    }
    let core = strip_trailing_bracket(name);
    let generic_end = GENERIC_ENDINGS.iter().any(|s| core.ends_with(s));
    if !generic_end {
        return false;
    }
    // 县直部门, 市直机关, 区直单位: a level prefix and a generic noun, nothing proper between.
    let after_level = ["县直", "市直", "区直", "县级", "市级"]
        .iter()
        .find_map(|p| core.strip_prefix(p));
    match after_level {
        Some(rest) => GENERIC_ENDINGS.contains(&rest) || rest == "机关单位",
        // 部门, 单位, 乡镇 … alone, or a name that is nothing but generic words (乡镇街道).
        None => ["部门", "单位", "乡镇", "乡镇政府", "乡镇人民政府"]
            .iter()
            .any(|s| core.ends_with(s)),
    }
}

/// Whether a phrase means every township (各乡镇, 各乡镇人民政府, 各乡镇（街道）, 各街道, 各镇):
/// expanding it without a choice takes every unit of kind 乡镇.
pub fn means_every_township(phrase: &str) -> bool {
    let p = phrase.trim();
    p.starts_with('各')
        && ["乡镇", "镇", "乡", "街道", "镇街"]
            .iter()
            .any(|w| p.contains(w))
        && !p.contains("部门")
}

/// "各乡镇（街道）" → "各乡镇".
fn strip_trailing_bracket(name: &str) -> &str {
    match name.rfind(['（', '(']) {
        Some(i) if name.ends_with([')', '）']) && i > 0 => name[..i].trim_end(),
        _ => name,
    }
}

/// The phrases of one task with their place in the task's unit order, in that order.
pub(crate) fn of_task(
    conn: &Connection,
    task_id: i64,
) -> rusqlite::Result<Vec<(i64, Role, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, role, phrase FROM task_group_phrase WHERE task_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([task_id], |r| {
        let role: String = r.get(1)?;
        Ok((
            r.get(0)?,
            Role::parse(&role).unwrap_or(Role::Responsible),
            r.get(2)?,
        ))
    })?;
    rows.collect()
}

/// The phrases of every live task of a plan: (task id, seq, role, phrase).
pub(crate) fn of_plan(
    conn: &Connection,
    plan_id: i64,
) -> rusqlite::Result<Vec<(i64, i64, Role, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.task_id, g.seq, g.role, g.phrase FROM task_group_phrase g
         JOIN task t ON t.id = g.task_id WHERE t.plan_id = ?1 ORDER BY g.task_id, g.seq",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        let role: String = r.get(2)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            Role::parse(&role).unwrap_or(Role::Responsible),
            r.get(3)?,
        ))
    })?;
    rows.collect()
}

/// Replaces a task's phrases by `phrases` (seq, role, phrase), in the caller's transaction.
pub(crate) fn write(
    conn: &Connection,
    task_id: i64,
    phrases: &[(i64, Role, String)],
) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM task_group_phrase WHERE task_id = ?1",
        [task_id],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO task_group_phrase (task_id, phrase, role, seq) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (seq, role, phrase) in phrases {
        stmt.execute(params![task_id, phrase, role.as_str(), seq])?;
    }
    Ok(())
}

/// Adds one phrase to a task unless it is there already (any role), in the caller's transaction.
pub(crate) fn add(
    conn: &Connection,
    task_id: i64,
    phrase: &str,
    role: Role,
    seq: i64,
) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO task_group_phrase (task_id, phrase, role, seq) VALUES (?1, ?2, ?3, ?4)",
        params![task_id, phrase, role.as_str(), seq],
    )?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_phrases_are_recognised_by_shape() {
        for name in [
            "各乡镇",
            "各乡镇人民政府",
            "县直各有关部门",
            "各有关单位",
            "各县区政府",
            "县直各单位",
            "各成员单位",
            "有关部门",
            "县直部门",
            "县直机关",
            "市直单位",
            "相关单位",
            "各乡镇（街道）",
            "各街道",
            "各镇",
            "县政府各部门",
            "各行政执法部门",
            "县直各行政执法部门",
            "其他部门",
            "涉及单位",
        ] {
            assert!(is_group_phrase(name), "{name}");
        }
    }

    #[test]
    fn single_units_are_not_group_phrases() {
        for name in [
            "县司法局",
            "县委组织部",
            "县住房和城乡建设局",
            "县城关镇人民政府",
            "县融媒体中心",
            "县纪委监委机关",
            "县直机关工委",
            "城关镇",
            "县委宣传部",
            "",
        ] {
            assert!(!is_group_phrase(name), "{name}");
        }
    }

    #[test]
    fn township_phrases_mean_every_township() {
        for p in [
            "各乡镇",
            "各乡镇人民政府",
            "各乡镇（街道）",
            "各街道",
            "各镇",
        ] {
            assert!(means_every_township(p), "{p}");
        }
        for p in ["县直各有关部门", "各有关单位", "各乡镇各部门", "城关镇"] {
            assert!(!means_every_township(p), "{p}");
        }
    }
}
