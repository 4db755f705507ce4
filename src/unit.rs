//! 责任单位: the directory of departments, townships and group phrases, with aliases and liaisons.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::group_phrase;
use crate::limits::{self, TooLong, MAX_NAME_CHARS};
use crate::store::{audit, audit_edit, Db, StoreError};

/// What kind of entry a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A county department (县直部门).
    #[default]
    Department,
    /// A township or sub-district (乡镇/街道).
    Township,
    /// A group phrase kept as written, such as 县直各有关部门.
    Group,
}

impl UnitKind {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Township => "township",
            UnitKind::Group => "group",
        }
    }

    /// Parses the stored value or a Chinese label (部门 / 乡镇 / 统称).
    pub fn parse(s: &str) -> Option<UnitKind> {
        match s.trim() {
            "department" | "部门" | "县直部门" => Some(UnitKind::Department),
            "township" | "乡镇" | "乡镇街道" => Some(UnitKind::Township),
            "group" | "统称" | "泛指" => Some(UnitKind::Group),
            _ => None,
        }
    }
}

/// A responsible unit as listed and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: UnitKind,
    pub contact_name: String,
    pub contact_phone: String,
    /// Live tasks the unit is assigned to, in any role.
    pub task_count: i64,
}

/// What the clerk enters to add or edit a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitInput {
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: UnitKind,
    pub contact_name: String,
    pub contact_phone: String,
}

/// Errors of the unit area.
#[derive(Debug, thiserror::Error)]
pub enum UnitError {
    #[error("未找到责任单位“{0}”。请先在“责任单位”中添加该单位，或检查名称和别名是否写对。")]
    Unknown(String),
    #[error("未找到编号为 {0} 的责任单位，可能已被删除。")]
    NotFound(i64),
    #[error("单位名称不能为空。")]
    EmptyName,
    #[error("“{0}”是统称（泛指多个单位，如各乡镇、县直各有关部门），不是一个单位：不加入单位名录，也不单独报送、催报。它作为任务的文字保留；如需落实到具体单位，请在任务中“展开统称”（命令行：taizhang task expand）。")]
    GroupPhrase(String),
    #[error("名称或别名“{name}”已被“{owner}”使用。同一名称只能对应一个单位，请改用其他写法。")]
    Taken { name: String, owner: String },
    #[error("联系电话“{0}”格式不对：只能包含数字、空格、“-”“+”和括号，例如 0433-1234567 或 13800000000。")]
    BadPhone(String),
    #[error("“{name}”还承担着 {tasks} 项任务，不能删除。请先在任务中改换责任单位。")]
    InUse { name: String, tasks: i64 },
    #[error("“{name}”已有 {reports} 份报送，不能删除：删除单位会同时删去这些报送。")]
    HasReports { name: String, reports: i64 },
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(UnitError);

impl UnitError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            UnitError::Unknown(_) | UnitError::NotFound(_) => ErrorKind::NotFound,
            UnitError::EmptyName
            | UnitError::GroupPhrase(_)
            | UnitError::BadPhone(_)
            | UnitError::TooLong(_) => ErrorKind::Invalid,
            UnitError::Taken { .. } | UnitError::InUse { .. } | UnitError::HasReports { .. } => {
                ErrorKind::Conflict
            }
            UnitError::Store(e) => e.kind(),
        }
    }
}

const SELECT_UNIT: &str = "SELECT u.id, u.name, u.kind, u.contact_name, u.contact_phone
     FROM unit u";

fn row_to_unit(conn: &Connection, row: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    let id: i64 = row.get(0)?;
    let kind: String = row.get(2)?;
    Ok(Unit {
        id,
        name: row.get(1)?,
        aliases: aliases_of(conn, id)?,
        kind: UnitKind::parse(&kind).unwrap_or_default(),
        contact_name: row.get(3)?,
        contact_phone: row.get(4)?,
        task_count: crate::task::assignment::live_task_count(conn, id)?,
    })
}

fn aliases_of(conn: &Connection, unit_id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT alias FROM unit_alias WHERE unit_id = ?1 ORDER BY rowid")?;
    let rows = stmt.query_map([unit_id], |r| r.get(0))?;
    rows.collect()
}

/// All units, departments first, in the order they were entered.
pub fn list(db: &Db) -> Result<Vec<Unit>, UnitError> {
    let conn = db.conn();
    let sql = format!(
        "{SELECT_UNIT} ORDER BY CASE u.kind WHEN 'department' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, u.seq, u.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| row_to_unit(conn, r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One unit by id.
pub fn get(conn: &Connection, id: i64) -> Result<Unit, UnitError> {
    let sql = format!("{SELECT_UNIT} WHERE u.id = ?1");
    conn.query_row(&sql, [id], |r| row_to_unit(conn, r))
        .optional()?
        .ok_or(UnitError::NotFound(id))
}

/// The units a group phrase stands for without the clerk choosing: for 各乡镇 (and 各街道 …)
/// every unit of kind 乡镇, in directory order; for any other phrase none (the clerk chooses).
pub fn phrase_members(conn: &Connection, phrase: &str) -> Result<Vec<String>, UnitError> {
    if !group_phrase::means_every_township(phrase) {
        return Ok(Vec::new());
    }
    let mut stmt =
        conn.prepare("SELECT name FROM unit WHERE kind = 'township' ORDER BY seq, id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Normalises a unit name as typed: trims and folds inner whitespace away.
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Finds a unit by name or alias, also trying with and without the county prefix 县.
pub fn find_id(conn: &Connection, name: &str) -> Result<Option<i64>, UnitError> {
    let name = normalize_name(name);
    if name.is_empty() {
        return Ok(None);
    }
    let mut candidates = vec![name.clone()];
    match name.strip_prefix('县') {
        Some(rest) if !rest.is_empty() => candidates.push(rest.to_string()),
        _ => candidates.push(format!("县{name}")),
    }
    for c in &candidates {
        let id: Option<i64> = conn
            .query_row(
                "SELECT id FROM unit WHERE name = ?1
                 UNION ALL SELECT unit_id FROM unit_alias WHERE alias = ?1 LIMIT 1",
                [c],
                |r| r.get(0),
            )
            .optional()?;
        if id.is_some() {
            return Ok(id);
        }
    }
    Ok(None)
}

/// Finds a unit by name or alias, or says in Chinese that it is unknown.
pub fn resolve(conn: &Connection, name: &str) -> Result<i64, UnitError> {
    match find_id(conn, name)? {
        Some(id) => Ok(id),
        None if group_phrase::is_group_phrase(name) => Err(UnitError::GroupPhrase(limits::clip(
            name.trim(),
            MAX_NAME_CHARS,
        ))),
        None => Err(UnitError::Unknown(limits::clip(name, MAX_NAME_CHARS))),
    }
}

/// Refuses texts longer than their fields allow (see [`crate::limits`]).
pub fn check_lengths(input: &UnitInput) -> Result<(), TooLong> {
    limits::check("单位名称", input.name.trim(), MAX_NAME_CHARS)?;
    for a in &input.aliases {
        limits::check("单位别名", a.trim(), MAX_NAME_CHARS)?;
    }
    limits::check("联络员", input.contact_name.trim(), MAX_NAME_CHARS)?;
    limits::check("联系电话", input.contact_phone.trim(), MAX_NAME_CHARS)?;
    Ok(())
}

fn validate(input: &UnitInput) -> Result<UnitInput, UnitError> {
    check_lengths(input)?;
    let name = normalize_name(&input.name);
    if name.is_empty() {
        return Err(UnitError::EmptyName);
    }
    let phone = input.contact_phone.trim().to_string();
    let phone_ok = phone.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '（' | '）' | '转' | '、')
    });
    if !phone_ok {
        return Err(UnitError::BadPhone(phone));
    }
    let mut aliases: Vec<String> = Vec::new();
    for a in &input.aliases {
        let a = normalize_name(a);
        if !a.is_empty() && a != name && !aliases.contains(&a) {
            aliases.push(a);
        }
    }
    Ok(UnitInput {
        name,
        aliases,
        kind: input.kind,
        contact_name: input.contact_name.trim().to_string(),
        contact_phone: phone,
    })
}

/// Refuses a name or alias that already belongs to another unit.
fn check_free(conn: &Connection, names: &[&String], except: Option<i64>) -> Result<(), UnitError> {
    for n in names {
        let owner: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, name FROM unit WHERE name = ?1
                 UNION ALL SELECT u.id, u.name FROM unit_alias a JOIN unit u ON u.id = a.unit_id
                  WHERE a.alias = ?1 LIMIT 1",
                [n],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, owner)) = owner {
            if Some(id) != except {
                return Err(UnitError::Taken {
                    name: (*n).clone(),
                    owner,
                });
            }
        }
    }
    Ok(())
}

fn write_aliases(conn: &Connection, id: i64, aliases: &[String]) -> Result<(), UnitError> {
    conn.execute("DELETE FROM unit_alias WHERE unit_id = ?1", [id])?;
    for a in aliases {
        conn.execute(
            "INSERT INTO unit_alias (alias, unit_id) VALUES (?1, ?2)",
            params![a, id],
        )?;
    }
    Ok(())
}

/// Inserts a unit inside the caller's transaction; used by `add`, the sample and imports.
pub fn insert(conn: &Connection, input: &UnitInput) -> Result<i64, UnitError> {
    let input = validate(input)?;
    if group_phrase::is_group_phrase(&input.name) {
        return Err(UnitError::GroupPhrase(input.name));
    }
    let mut names: Vec<&String> = vec![&input.name];
    names.extend(input.aliases.iter());
    check_free(conn, &names, None)?;
    conn.execute(
        "INSERT INTO unit (name, kind, contact_name, contact_phone, seq)
         VALUES (?1, ?2, ?3, ?4, (SELECT ifnull(max(seq), 0) + 1 FROM unit))",
        params![
            input.name,
            input.kind.as_str(),
            input.contact_name,
            input.contact_phone
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_aliases(conn, id, &input.aliases)?;
    Ok(id)
}

/// Gives a unit one more alias inside the caller's transaction (a name a plan wrote for it).
/// `false` when the name is already the unit's, or is empty; refused when another unit has it.
pub fn add_alias(conn: &Connection, id: i64, alias: &str) -> Result<bool, UnitError> {
    let alias = normalize_name(alias);
    limits::check("单位别名", &alias, MAX_NAME_CHARS)?;
    let unit = get(conn, id)?;
    if alias.is_empty() || alias == unit.name || unit.aliases.contains(&alias) {
        return Ok(false);
    }
    check_free(conn, &[&alias], Some(id))?;
    conn.execute(
        "INSERT INTO unit_alias (alias, unit_id) VALUES (?1, ?2)",
        params![alias, id],
    )?;
    Ok(true)
}

/// Removes one alias of a unit inside the caller's transaction; `false` when it had none such.
pub fn remove_alias(conn: &Connection, id: i64, alias: &str) -> Result<bool, UnitError> {
    let n = conn.execute(
        "DELETE FROM unit_alias WHERE unit_id = ?1 AND alias = ?2",
        params![id, alias],
    )?;
    Ok(n > 0)
}

/// Adds a unit to the directory.
pub fn add(db: &mut Db, input: &UnitInput) -> Result<Unit, UnitError> {
    let tx = db.transaction()?;
    let id = insert(&tx, input)?;
    let unit = get(&tx, id)?;
    audit(
        &tx,
        "unit",
        id,
        "add",
        None,
        serde_json::to_value(&unit).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(unit)
}

/// Changes a unit's name, aliases, kind or liaison.
pub fn edit(db: &mut Db, id: i64, input: &UnitInput) -> Result<Unit, UnitError> {
    let input = validate(input)?;
    let tx = db.transaction()?;
    let before = get(&tx, id)?;
    if input.name != before.name && group_phrase::is_group_phrase(&input.name) {
        return Err(UnitError::GroupPhrase(input.name));
    }
    let mut names: Vec<&String> = vec![&input.name];
    names.extend(input.aliases.iter());
    check_free(&tx, &names, Some(id))?;
    tx.execute(
        "UPDATE unit SET name = ?1, kind = ?2, contact_name = ?3, contact_phone = ?4 WHERE id = ?5",
        params![
            input.name,
            input.kind.as_str(),
            input.contact_name,
            input.contact_phone,
            id
        ],
    )?;
    write_aliases(&tx, id, &input.aliases)?;
    let after = get(&tx, id)?;
    audit_edit(&tx, "unit", id, &before, &after)?;
    tx.commit()?;
    Ok(after)
}

/// Removes a unit an import added, unless a task names it or it has reported (or sent 佐证材料)
/// since; says
/// whether it was removed.
pub(crate) fn remove_unused(conn: &Connection, id: i64) -> Result<bool, UnitError> {
    if crate::task::assignment::count_of_unit(conn, id)? > 0
        || crate::progress::submissions::unit_has_reported(conn, id)?
    {
        return Ok(false);
    }
    let removed = conn.execute(
        "DELETE FROM unit WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM evidence WHERE unit_id = ?1)",
        [id],
    )?;
    Ok(removed > 0)
}

/// Deletes a unit that no task names and that has sent no report (its reports would go with it).
pub fn delete(db: &mut Db, id: i64) -> Result<(), UnitError> {
    let tx = db.transaction()?;
    let unit = get(&tx, id)?;
    let any = crate::task::assignment::count_of_unit(&tx, id)?;
    if any > 0 {
        return Err(UnitError::InUse {
            name: unit.name,
            tasks: unit.task_count.max(any),
        });
    }
    // Submissions cascade with their unit: a unit that has reported is never deleted.
    let reports = crate::progress::submissions::current_count_of_unit(&tx, id)?;
    if reports > 0 {
        return Err(UnitError::HasReports {
            name: unit.name,
            reports,
        });
    }
    tx.execute("DELETE FROM unit WHERE id = ?1", [id])?;
    audit(
        &tx,
        "unit",
        id,
        "delete",
        serde_json::to_value(&unit).ok().as_ref(),
        None,
    )?;
    tx.commit()?;
    Ok(())
}

/// A group phrase that was a unit, and what [`repair_group_units`] did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupUnitRepair {
    pub name: String,
    /// Live tasks that named it.
    pub tasks: i64,
    /// Reports (submissions and progress entries) it has; a unit with reports is kept.
    pub reports: i64,
}

/// What [`repair_group_units`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupRepair {
    /// Units that were group phrases and are now their tasks' text again.
    pub turned_into_text: Vec<GroupUnitRepair>,
    /// Group-phrase units kept because they have reports (deleting them would lose the reports).
    pub kept_with_reports: Vec<GroupUnitRepair>,
}

/// Turns every unit that is a group phrase (kind 统称, or a name like 县直各有关部门) back into
/// the text of its tasks, in the same role and place, and removes it from the directory. A unit
/// with reports is kept, and listed, so that no report is lost. One transaction.
pub fn repair_group_units(db: &mut Db) -> Result<GroupRepair, UnitError> {
    let tx = db.transaction()?;
    let candidates: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare("SELECT id, name, kind FROM unit ORDER BY seq, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut out = GroupRepair::default();
    for (id, name, kind) in candidates {
        if kind != UnitKind::Group.as_str() && !group_phrase::is_group_phrase(&name) {
            continue;
        }
        let unit = get(&tx, id)?;
        let reports = crate::progress::submissions::rows_of_unit(&tx, id)?;
        let entry = GroupUnitRepair {
            name: name.clone(),
            tasks: unit.task_count,
            reports,
        };
        if reports > 0 {
            out.kept_with_reports.push(entry);
            continue;
        }
        for (task_id, role, seq) in crate::task::assignment::of_unit(&tx, id)? {
            group_phrase::add(&tx, task_id, &name, role, seq)?;
        }
        crate::task::assignment::remove_unit(&tx, id)?;
        tx.execute("DELETE FROM unit WHERE id = ?1", [id])?;
        audit(
            &tx,
            "unit",
            id,
            "to_group_phrase",
            serde_json::to_value(&unit).ok().as_ref(),
            None,
        )?;
        out.turned_into_text.push(entry);
    }
    tx.commit()?;
    Ok(out)
}
