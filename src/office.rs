//! The office's own names on what it prints (设置 → 发文单位): the 发文机关 under a 通报 and the
//! leadership group's name over its roster. Kept in the `setting` table; where the clerk set
//! nothing, a default is read from the plan's issuer (示例县人民政府 → 示例县法治政府建设工作领导小组
//! and its 办公室), marked as such so that the window can ask the clerk to check it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::limits::{self, TooLong, MAX_NAME_CHARS};
use crate::store::{audit, Db, StoreError};

const SETTING_ISSUER: &str = "office.issuer";
const SETTING_GROUP_NAME: &str = "office.group_name";

/// The group's name when the plan names no county.
const GROUP_SUFFIX: &str = "法治政府建设工作领导小组";

/// Errors of the office's names.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(OfficeError);

impl OfficeError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            OfficeError::TooLong(_) => ErrorKind::Invalid,
            OfficeError::Plan(e) => e.kind(),
            OfficeError::Store(e) => e.kind(),
        }
    }
}

/// What the clerk entered; `None` (or empty) means "use the default".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficeSettings {
    /// 发文机关, e.g. 示例县依法治县办.
    pub issuer: Option<String>,
    /// 领导小组名称, e.g. 示例县法治政府建设工作领导小组.
    pub group_name: Option<String>,
}

/// Where a name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// Entered by the clerk.
    Set,
    /// Read from the plan; the clerk should check it.
    Default,
}

/// The names as printed, each with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Office {
    pub issuer: String,
    pub issuer_source: NameSource,
    pub group_name: String,
    pub group_name_source: NameSource,
}

fn setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
}

/// What the clerk entered (nothing where nothing was entered).
pub fn settings(conn: &Connection) -> Result<OfficeSettings, OfficeError> {
    let read = |key| -> rusqlite::Result<Option<String>> {
        Ok(setting(conn, key)?
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()))
    };
    Ok(OfficeSettings {
        issuer: read(SETTING_ISSUER)?,
        group_name: read(SETTING_GROUP_NAME)?,
    })
}

/// The county a plan issued by its government belongs to: 示例县人民政府(办公室) → 示例县.
fn county(plan_issuer: &str) -> Option<&str> {
    let t = plan_issuer.trim();
    let t = t.strip_suffix("办公室").unwrap_or(t);
    t.strip_suffix("人民政府").filter(|c| !c.is_empty())
}

impl OfficeSettings {
    /// The names as printed for a plan issued by `plan_issuer` (its 发文机关, may be empty).
    pub fn resolve(&self, plan_issuer: &str) -> Office {
        let (group_name, group_name_source) = match &self.group_name {
            Some(n) => (n.clone(), NameSource::Set),
            None => (
                format!("{}{GROUP_SUFFIX}", county(plan_issuer).unwrap_or_default()),
                NameSource::Default,
            ),
        };
        let (issuer, issuer_source) = match &self.issuer {
            Some(n) => (n.clone(), NameSource::Set),
            None => (format!("{group_name}办公室"), NameSource::Default),
        };
        Office {
            issuer,
            issuer_source,
            group_name,
            group_name_source,
        }
    }
}

/// The names as printed for a plan issued by `plan_issuer`.
pub fn office(conn: &Connection, plan_issuer: &str) -> Result<Office, OfficeError> {
    Ok(settings(conn)?.resolve(plan_issuer))
}

/// The names as printed for `plan_id`, or for the latest plan (none: the defaults without a
/// county).
pub fn of_plan(db: &Db, plan_id: Option<i64>) -> Result<Office, OfficeError> {
    let id = match plan_id {
        Some(id) => Some(id),
        None => match crate::plan::latest_id(db) {
            Ok(id) => Some(id),
            Err(crate::plan::PlanError::NoPlan) => None,
            Err(e) => return Err(e.into()),
        },
    };
    let issuer = match id {
        Some(id) => crate::plan::get(db.conn(), id)?.issuer,
        None => String::new(),
    };
    office(db.conn(), &issuer)
}

/// Saves the clerk's names (an empty one goes back to the default), audited; returns them as
/// stored.
pub fn save(db: &mut Db, s: &OfficeSettings) -> Result<OfficeSettings, OfficeError> {
    let clean = |v: &Option<String>| -> Option<String> {
        v.as_deref()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
    };
    let wanted = OfficeSettings {
        issuer: clean(&s.issuer),
        group_name: clean(&s.group_name),
    };
    if let Some(t) = &wanted.issuer {
        limits::check("发文机关", t, MAX_NAME_CHARS)?;
    }
    if let Some(t) = &wanted.group_name {
        limits::check("领导小组名称", t, MAX_NAME_CHARS)?;
    }
    let before = settings(db.conn())?;
    let tx = db.transaction()?;
    for (key, value) in [
        (SETTING_ISSUER, &wanted.issuer),
        (SETTING_GROUP_NAME, &wanted.group_name),
    ] {
        match value {
            Some(v) => tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )?,
            None => tx.execute("DELETE FROM setting WHERE key = ?1", [key])?,
        };
    }
    let after = settings(&tx)?;
    audit(
        &tx,
        "setting",
        0,
        "office",
        serde_json::to_value(&before).ok().as_ref(),
        serde_json::to_value(&after).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_come_from_the_plans_issuer_and_say_so() {
        let o = OfficeSettings::default().resolve("示例县人民政府");
        assert_eq!(o.group_name, "示例县法治政府建设工作领导小组");
        assert_eq!(o.issuer, "示例县法治政府建设工作领导小组办公室");
        assert_eq!(o.issuer_source, NameSource::Default);
        let o = OfficeSettings::default().resolve("示例县人民政府办公室");
        assert_eq!(o.group_name, "示例县法治政府建设工作领导小组");
        let o = OfficeSettings::default().resolve("中共示例县委全面依法治县委员会");
        assert_eq!(o.group_name, "法治政府建设工作领导小组");
    }

    #[test]
    fn names_the_clerk_set_win_and_empty_ones_go_back_to_the_default() -> Result<(), OfficeError> {
        let mut db = Db::open_in_memory()?;
        let saved = save(
            &mut db,
            &OfficeSettings {
                issuer: Some("  示例县依法治县办 ".into()),
                group_name: None,
            },
        )?;
        assert_eq!(saved.issuer.as_deref(), Some("示例县依法治县办"));
        let o = office(db.conn(), "示例县人民政府")?;
        assert_eq!(o.issuer, "示例县依法治县办");
        assert_eq!(o.issuer_source, NameSource::Set);
        assert_eq!(o.group_name_source, NameSource::Default);
        save(
            &mut db,
            &OfficeSettings {
                issuer: Some(" ".into()),
                group_name: Some("示例县全面依法治县委员会".into()),
            },
        )?;
        let o = office(db.conn(), "示例县人民政府")?;
        assert_eq!(o.issuer, "示例县全面依法治县委员会办公室");
        assert_eq!(o.issuer_source, NameSource::Default);
        assert_eq!(o.group_name_source, NameSource::Set);
        let long = "办".repeat(MAX_NAME_CHARS + 1);
        let err = save(
            &mut db,
            &OfficeSettings {
                issuer: Some(long),
                group_name: None,
            },
        );
        assert!(matches!(err, Err(OfficeError::TooLong(_))));
        assert_eq!(
            office(db.conn(), "")?.group_name,
            "示例县全面依法治县委员会"
        );
        Ok(())
    }
}
