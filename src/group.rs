//! 领导小组: the leadership group's members with the dates they joined and left, so the roster
//! on any date can be printed.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::limits::{self, TooLong, MAX_NAME_CHARS, MAX_TITLE_CHARS};
use crate::store::{audit, audit_edit, now_string, Db, StoreError};
use crate::text::squeeze;

/// A member of the leadership group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    /// 职务, e.g. 县委副书记、县长.
    pub title: String,
    /// 单位.
    pub org: String,
    /// 组内职务: 组长, 常务副组长, 副组长, 成员, 办公室主任, 办公室副主任…
    pub role: String,
    /// Sort order of the role (组长 first).
    pub role_rank: i64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The annotation a roster wrote beside the name (兼, 挂职, 常务, *), or the clerk's note.
    pub note: String,
}

/// What the clerk enters to add or edit a member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub title: String,
    pub org: String,
    pub role: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// 备注 (兼, 挂职 …).
    pub note: String,
}

impl From<Member> for MemberInput {
    /// The member as they are, to be edited.
    fn from(m: Member) -> Self {
        MemberInput {
            name: m.name,
            title: m.title,
            org: m.org,
            role: m.role,
            from: m.from,
            to: m.to,
            note: m.note,
        }
    }
}

/// Errors of the leadership-group area.
#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    #[error("姓名不能为空。")]
    EmptyName,
    #[error("请填写组内职务（如 组长、副组长、成员、办公室主任）。")]
    EmptyRole,
    #[error("离任日期（{to}）早于任职日期（{from}），请检查日期。")]
    DatesReversed { from: String, to: String },
    #[error("未找到编号为 {0} 的领导小组成员，可能已被删除。")]
    NotFound(i64),
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(GroupError);

impl GroupError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            GroupError::EmptyName
            | GroupError::EmptyRole
            | GroupError::DatesReversed { .. }
            | GroupError::TooLong(_) => ErrorKind::Invalid,
            GroupError::NotFound(_) => ErrorKind::NotFound,
            GroupError::Store(e) => e.kind(),
        }
    }
}

/// Sort rank of a role: 组长 < 常务副组长 < 副组长 < 成员 < 办公室主任 < 办公室副主任 < others.
pub fn role_rank(role: &str) -> i64 {
    let role: String = role.chars().filter(|c| !c.is_whitespace()).collect();
    match role.as_str() {
        "组长" => 0,
        "第一组长" => 0,
        "常务副组长" => 1,
        "副组长" => 2,
        "成员" => 3,
        "办公室主任" => 4,
        "办公室副主任" => 5,
        r if r.starts_with("办公室") => 6,
        _ => 7,
    }
}

const SELECT_MEMBER: &str =
    "SELECT id, name, title, org, role, from_date, to_date, note FROM group_member";

fn row_to_member(row: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    let role: String = row.get(4)?;
    Ok(Member {
        id: row.get(0)?,
        name: row.get(1)?,
        title: row.get(2)?,
        org: row.get(3)?,
        role_rank: role_rank(&role),
        role,
        from: row.get(5)?,
        to: row.get(6)?,
        note: row.get(7)?,
    })
}

/// The roster: every current member, or those in office on `on` (joined on or before, not yet
/// left), ordered by role then entry order.
pub fn list(db: &Db, on: Option<NaiveDate>) -> Result<Vec<Member>, GroupError> {
    let conn = db.conn();
    let mut members = match on {
        Some(day) => {
            let sql = format!(
                "{SELECT_MEMBER} WHERE deleted_at IS NULL
                   AND (from_date IS NULL OR from_date <= ?1)
                   AND (to_date IS NULL OR to_date >= ?1)
                 ORDER BY seq, id"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([day], row_to_member)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
        None => {
            let sql = format!("{SELECT_MEMBER} WHERE deleted_at IS NULL ORDER BY seq, id");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([], row_to_member)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    members.sort_by_key(|m| m.role_rank);
    Ok(members)
}

/// One member by id (also a deleted one, for undo).
pub fn get(conn: &Connection, id: i64) -> Result<Member, GroupError> {
    let sql = format!("{SELECT_MEMBER} WHERE id = ?1");
    conn.query_row(&sql, [id], row_to_member)
        .optional()?
        .ok_or(GroupError::NotFound(id))
}

/// Refuses a member's texts longer than their fields allow (see [`crate::limits`]); the
/// roster import checks the same fields.
pub fn check_lengths(name: &str, role: &str, title: &str, org: &str) -> Result<(), TooLong> {
    limits::check("姓名", name.trim(), MAX_NAME_CHARS)?;
    limits::check("组内职务", role.trim(), MAX_NAME_CHARS)?;
    limits::check("职务", title.trim(), MAX_TITLE_CHARS)?;
    limits::check("单位", org.trim(), MAX_TITLE_CHARS)?;
    Ok(())
}

fn validate(input: &MemberInput) -> Result<MemberInput, GroupError> {
    check_lengths(&input.name, &input.role, &input.title, &input.org)?;
    limits::check("备注", input.note.trim(), MAX_TITLE_CHARS)?;
    let name = squeeze(&input.name);
    if name.is_empty() {
        return Err(GroupError::EmptyName);
    }
    let role = squeeze(&input.role);
    if role.is_empty() {
        return Err(GroupError::EmptyRole);
    }
    if let (Some(from), Some(to)) = (input.from, input.to) {
        if to < from {
            return Err(GroupError::DatesReversed {
                from: crate::deadline::format_cn(from),
                to: crate::deadline::format_cn(to),
            });
        }
    }
    Ok(MemberInput {
        name,
        title: input.title.trim().to_string(),
        org: input.org.trim().to_string(),
        role,
        from: input.from,
        to: input.to,
        note: input.note.trim().to_string(),
    })
}

/// Inserts a member inside the caller's transaction.
pub fn insert(conn: &Connection, input: &MemberInput) -> Result<i64, GroupError> {
    let m = validate(input)?;
    conn.execute(
        "INSERT INTO group_member (name, title, org, role, from_date, to_date, note, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT ifnull(max(seq), 0) + 1 FROM group_member))",
        params![m.name, m.title, m.org, m.role, m.from, m.to, m.note],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Adds a member to the leadership group.
pub fn add(db: &mut Db, input: &MemberInput) -> Result<Member, GroupError> {
    let tx = db.transaction()?;
    let id = insert(&tx, input)?;
    let member = get(&tx, id)?;
    audit(
        &tx,
        "group_member",
        id,
        "add",
        None,
        serde_json::to_value(&member).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(member)
}

/// Changes a member's details or dates.
pub fn edit(db: &mut Db, id: i64, input: &MemberInput) -> Result<Member, GroupError> {
    let m = validate(input)?;
    let tx = db.transaction()?;
    let before = get(&tx, id)?;
    tx.execute(
        "UPDATE group_member SET name = ?1, title = ?2, org = ?3, role = ?4, from_date = ?5,
                to_date = ?6, note = ?7 WHERE id = ?8",
        params![m.name, m.title, m.org, m.role, m.from, m.to, m.note, id],
    )?;
    let after = get(&tx, id)?;
    audit_edit(&tx, "group_member", id, &before, &after)?;
    tx.commit()?;
    Ok(after)
}

/// Removes a member from the roster (undoable with [`undelete`]).
pub fn delete(db: &mut Db, id: i64) -> Result<(), GroupError> {
    set_deleted(db, id, Some(now_string(db.conn())?), "delete").map(|_| ())
}

/// Deleted members with the time each was deleted, most recent first (回收站).
pub fn deleted(conn: &Connection) -> Result<Vec<(Member, String)>, GroupError> {
    let mut stmt = conn.prepare(
        "SELECT id, name, title, org, role, from_date, to_date, note, deleted_at FROM group_member
         WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |r| Ok((row_to_member(r)?, r.get::<_, String>(8)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Brings back a member removed by [`delete`].
pub fn undelete(db: &mut Db, id: i64) -> Result<Member, GroupError> {
    set_deleted(db, id, None, "undelete")
}

fn set_deleted(
    db: &mut Db,
    id: i64,
    at: Option<String>,
    action: &str,
) -> Result<Member, GroupError> {
    let tx = db.transaction()?;
    let member = get(&tx, id)?;
    tx.execute(
        "UPDATE group_member SET deleted_at = ?1 WHERE id = ?2",
        params![at, id],
    )?;
    audit(&tx, "group_member", id, action, None, None)?;
    tx.commit()?;
    Ok(member)
}

/// A member as they were before a roster import changed them, kept in the change log (as JSON)
/// so that undo gives back their 职务, 单位, dates and note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSnapshot {
    pub name: String,
    pub title: String,
    pub org: String,
    pub role: String,
    pub from_date: Option<String>,
    pub to_date: Option<String>,
    /// Snapshots taken before members had a note have none: undo then keeps the note.
    pub note: Option<String>,
}

impl MemberSnapshot {
    /// Reads a snapshot back from the change log; a damaged one is an error, never a blank
    /// member.
    pub fn from_json(json: &str) -> Result<MemberSnapshot, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The snapshot as stored in the change log.
    pub fn to_json(&self) -> rusqlite::Result<String> {
        serde_json::to_string(self).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
    }
}

/// The member as they are now, to put back with [`restore`].
pub fn snapshot(conn: &Connection, id: i64) -> rusqlite::Result<MemberSnapshot> {
    conn.query_row(
        "SELECT name, title, org, role, from_date, to_date, note FROM group_member WHERE id = ?1",
        [id],
        |r| {
            Ok(MemberSnapshot {
                name: r.get(0)?,
                title: r.get(1)?,
                org: r.get(2)?,
                role: r.get(3)?,
                from_date: r.get(4)?,
                to_date: r.get(5)?,
                note: r.get(6)?,
            })
        },
    )
}

/// Gives a member back the 职务, 单位, dates and note of a [`snapshot`].
pub fn restore(conn: &Connection, id: i64, snap: &MemberSnapshot) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE group_member SET title = ?1, org = ?2, from_date = ?3, to_date = ?4,
                note = coalesce(?5, note)
         WHERE id = ?6",
        params![
            snap.title,
            snap.org,
            snap.from_date,
            snap.to_date,
            snap.note,
            id
        ],
    )?;
    Ok(())
}
