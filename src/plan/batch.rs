//! The record of the imports that can be undone: an Excel import into existing data
//! (`import_batch`) and a plan created from a file (`plan_import`), each with its rows of the one
//! change log (`change_log`): every row it inserted and every row it updated, with the row as it
//! was (the owner module's snapshot as JSON), so that undo is exact.

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::now_string;

/// What a batch imported into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    /// Tasks re-imported into an existing plan.
    Plan,
    /// A 领导小组名单.
    Roster,
}

impl BatchKind {
    fn as_str(self) -> &'static str {
        match self {
            BatchKind::Plan => "plan",
            BatchKind::Roster => "roster",
        }
    }
}

/// Whether a change added a row or changed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Insert,
    Update,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Insert => "insert",
            Action::Update => "update",
        }
    }
}

/// What a change was made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Unit,
    Section,
    Task,
    GroupMember,
}

impl Entity {
    /// The value stored in `change_log.entity`.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Unit => "unit",
            Entity::Section => "section",
            Entity::Task => "task",
            Entity::GroupMember => "group_member",
        }
    }

    /// As the clerk reads it in a message.
    pub fn label(self) -> &'static str {
        match self {
            Entity::Unit => "单位",
            Entity::Section => "章节",
            Entity::Task => "任务",
            Entity::GroupMember => "领导小组成员",
        }
    }

    fn parse(text: &str) -> Option<Entity> {
        [
            Entity::Unit,
            Entity::Section,
            Entity::Task,
            Entity::GroupMember,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }
}

/// Reads a stored entity or action, refusing a value the schema does not allow.
fn stored<T>(
    r: &rusqlite::Row<'_>,
    idx: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = r.get(idx)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("“{text}”不是导入记录的对象或动作").into(),
        )
    })
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub entity: Entity,
    pub entity_id: i64,
    pub action: Action,
    /// The row before an update, as JSON: the owner's snapshot ([`crate::task::TaskSnapshot`],
    /// [`crate::group::MemberSnapshot`]).
    pub before: Option<String>,
}

impl Change {
    /// The row as it was before an update, read by its owner's `from_json`; why not (in
    /// Chinese) when the snapshot is missing or damaged.
    pub fn before_as<T>(
        &self,
        from_json: impl FnOnce(&str) -> Result<T, serde_json::Error>,
    ) -> Result<T, &'static str> {
        let json = self.before.as_deref().ok_or("没有保存原样")?;
        from_json(json).map_err(|_| "内容不完整或格式不对")
    }
}

/// Starts a batch inside the caller's transaction.
pub fn begin(
    conn: &Connection,
    kind: BatchKind,
    plan_id: Option<i64>,
    file: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO import_batch (kind, plan_id, file_name, imported_at) VALUES (?1, ?2, ?3, ?4)",
        params![kind.as_str(), plan_id, file, now_string(conn)?],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records a change of the batch; `before` is the row as it was (a snapshot as JSON).
pub fn record(
    conn: &Connection,
    batch: i64,
    entity: Entity,
    entity_id: i64,
    action: Action,
    before: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO change_log (batch_id, seq, entity, entity_id, action, before)
         VALUES (?1, (SELECT ifnull(max(seq), 0) + 1 FROM change_log WHERE batch_id = ?1),
                 ?2, ?3, ?4, ?5)",
        params![batch, entity.as_str(), entity_id, action.as_str(), before],
    )?;
    Ok(())
}

/// Records a row that the import creating a plan (`plan_import`) added.
pub fn record_created(
    conn: &Connection,
    plan_import: i64,
    entity: Entity,
    entity_id: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO change_log (plan_import_id, seq, entity, entity_id, action)
         VALUES (?1, (SELECT ifnull(max(seq), 0) + 1 FROM change_log WHERE plan_import_id = ?1),
                 ?2, ?3, 'insert')",
        params![plan_import, entity.as_str(), entity_id],
    )?;
    Ok(())
}

/// The rows of an entity that the import creating a plan added, by id.
pub fn created(conn: &Connection, plan_import: i64, entity: Entity) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT entity_id FROM change_log WHERE plan_import_id = ?1 AND entity = ?2
         ORDER BY entity_id",
    )?;
    let rows = stmt.query_map(params![plan_import, entity.as_str()], |r| r.get(0))?;
    rows.collect()
}

/// The newest batch of a kind (for a plan, that plan's), with its file name.
pub fn latest(
    conn: &Connection,
    kind: BatchKind,
    plan_id: Option<i64>,
) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT id, file_name FROM import_batch
         WHERE kind = ?1 AND (?2 IS NULL OR plan_id = ?2) ORDER BY id DESC LIMIT 1",
        params![kind.as_str(), plan_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// A batch's changes, newest first (the order to undo them in).
pub fn changes(conn: &Connection, batch: i64) -> rusqlite::Result<Vec<Change>> {
    let mut stmt = conn.prepare(
        "SELECT entity, entity_id, action, before FROM change_log
         WHERE batch_id = ?1 ORDER BY seq DESC",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok(Change {
            entity: stored(r, 0, Entity::parse)?,
            entity_id: r.get(1)?,
            action: stored(r, 2, |a| match a {
                "insert" => Some(Action::Insert),
                "update" => Some(Action::Update),
                _ => None,
            })?,
            before: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// Removes a batch and its changes (after undoing them).
pub fn forget(conn: &Connection, batch: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM change_log WHERE batch_id = ?1", [batch])?;
    conn.execute("DELETE FROM import_batch WHERE id = ?1", [batch])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::error_kind::ErrorKind;
    use crate::plan::{import, roster};
    use crate::store::{old_database, Db};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// A plan created from a file (its first unit added by the import), then a task list
    /// imported into it (a unit and a task added, a task changed) and a roster (a member added,
    /// one changed), recorded as the program did before the one change log: in
    /// `plan_import_created` and `import_change`, the snapshots without 统称 phrases or note.
    const BEFORE_THE_CHANGE_LOG: &str = r#"
        INSERT INTO plan (id, title, created_at) VALUES (1, '示例县法治政府建设工作方案', '2025-01-02 09:00:00');
        INSERT INTO unit (id, name, seq) VALUES (1, '县司法局', 1), (2, '县档案馆', 2);
        INSERT INTO task (id, plan_id, seq, code, title, deadline_text, deadline_kind, deadline, created_at, updated_at)
        VALUES (1, 1, 1, '1', '建立规范性文件动态清理机制', '2025年11月30日前', 'date', '2025-11-30', '2025-01-02 09:00:00', '2025-02-01 10:00:00'),
               (2, 1, 2, '2', '开展法治工作人员轮训', '全年', 'ongoing', NULL, '2025-02-01 10:00:00', '2025-02-01 10:00:00');
        INSERT INTO assignment (task_id, unit_id, role, seq) VALUES (1, 1, 'lead', 0), (1, 2, 'co', 1), (2, 1, 'lead', 0);
        INSERT INTO group_member (id, name, title, org, role, seq, from_date, note)
        VALUES (1, '王明', '副县长', '县人民政府', '组长', 1, NULL, '分管法治'),
               (2, '李华', '局长', '县司法局', '副组长', 2, '2025-03-01', '');
        INSERT INTO plan_import (id, plan_id, file_name, imported_at) VALUES (1, 1, '方案.docx', '2025-01-02 09:00:00');
        INSERT INTO plan_import_created (import_id, entity, entity_id) VALUES (1, 'unit', 1);
        INSERT INTO import_batch (id, kind, plan_id, file_name, imported_at)
        VALUES (1, 'plan', 1, '任务分解表.xlsx', '2025-02-01 10:00:00'),
               (2, 'roster', NULL, '领导小组名单.xlsx', '2025-03-01 10:00:00');
        INSERT INTO import_change (batch_id, seq, entity, entity_id, action, before) VALUES
            (1, 1, 'unit', 2, 'insert', NULL),
            (1, 2, 'task', 1, 'update', '{"code":"1","deadline":"2025-10-31","deadline_kind":"date","deadline_text":"10.31","recurrence":null,"requirements":"","section_id":null,"status":"not_started","title":"建立规范性文件动态清理机制","units":[[1,"lead",0]],"updated_at":"2025-01-02 09:00:00"}'),
            (1, 3, 'task', 2, 'insert', NULL),
            (2, 1, 'group_member', 2, 'insert', NULL),
            (2, 2, 'group_member', 1, 'update', '{"from_date":null,"name":"王明","org":"县人民政府","role":"组长","title":"县委常委、副县长","to_date":null}');
    "#;

    /// The schema version just before `change_log`.
    fn version_before_change_log(
        dir: &std::path::Path,
    ) -> Result<usize, Box<dyn std::error::Error>> {
        for n in 1..=crate::store::schema_version() as usize {
            let path = dir.join(format!("v{n}.db"));
            old_database(&path, n, false, "")?;
            let conn = rusqlite::Connection::open(&path)?;
            let has: i64 = conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'change_log'",
                [],
                |r| r.get(0),
            )?;
            if has > 0 {
                return Ok(n - 1);
            }
        }
        Err("no migration creates change_log".into())
    }

    #[test]
    fn imports_recorded_before_the_one_change_log_are_undone_after_the_upgrade() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("台账.db");
        let old = version_before_change_log(dir.path())?;
        old_database(&path, old, true, BEFORE_THE_CHANGE_LOG)?;
        let mut db = Db::open(&path)?;
        let logged: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
        assert_eq!(logged, 6);

        let r = roster::undo(&mut db, None)?;
        assert_eq!((r.batch_id, r.removed, r.restored), (2, 1, 1));
        let (title, note): (String, String) = db.conn().query_row(
            "SELECT title, note FROM group_member WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // A snapshot from before members had a note leaves the note as it is.
        assert_eq!(
            (title.as_str(), note.as_str()),
            ("县委常委、副县长", "分管法治")
        );

        let r = import::undo(&mut db, 1)?;
        assert!(!r.plan_removed);
        assert_eq!((r.tasks, r.tasks_restored), (1, 1));
        assert_eq!(r.units_removed, vec!["县档案馆"]);
        let (text, deadline): (String, String) = db.conn().query_row(
            "SELECT deadline_text, deadline FROM task WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        assert_eq!((text.as_str(), deadline.as_str()), ("10.31", "2025-10-31"));
        let units: i64 = db.conn().query_row(
            "SELECT count(*) FROM assignment WHERE task_id = 1",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(units, 1);

        let r = import::undo(&mut db, 1)?;
        assert!(r.plan_removed);
        assert_eq!(r.units_removed, vec!["县司法局"]);
        let left: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
        assert_eq!(left, 0);
        Ok(())
    }

    /// Every row of every table, to tell that nothing was written.
    fn dump(db: &Db) -> Result<Vec<String>, rusqlite::Error> {
        let conn = db.conn();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let n = stmt.column_count();
            let rows = stmt.query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })?;
            for row in rows {
                out.push(format!("{table}: {}", row?.join(", ")));
            }
        }
        Ok(out)
    }

    #[test]
    fn a_damaged_snapshot_refuses_the_undo_and_writes_nothing() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("台账.db");
        let old = version_before_change_log(dir.path())?;
        old_database(&path, old, true, BEFORE_THE_CHANGE_LOG)?;
        let mut db = Db::open(&path)?;
        // A task's snapshot cut short (no title): read as it was, undo would blank the task.
        db.conn().execute(
            "UPDATE change_log SET before = '{\"code\":\"1\"}' WHERE entity = 'task' AND action = 'update'",
            [],
        )?;
        db.conn().execute(
            "UPDATE change_log SET before = '{\"name\":\"王明\",\"title\":' WHERE entity = 'group_member' AND action = 'update'",
            [],
        )?;
        let before = dump(&db)?;

        let err = import::undo(&mut db, 1).err().ok_or("undo went ahead")?;
        assert_eq!(err.kind(), ErrorKind::Database);
        let message = err.to_string();
        assert!(
            message.contains("撤销导入未执行") && message.contains("任务（编号 1）"),
            "{message}"
        );
        assert!(message.contains("数据没有任何改动"), "{message}");
        assert_eq!(before, dump(&db)?);

        let err = roster::undo(&mut db, None).err().ok_or("undo went ahead")?;
        assert_eq!(err.kind(), ErrorKind::Database);
        assert!(err.to_string().contains("领导小组成员（编号 1）"), "{err}");
        assert_eq!(before, dump(&db)?);
        Ok(())
    }
}
