//! The reminder settings (设置 → 提醒): warning days and the 催报 template.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::store::{audit, Db};

use super::RemindError;

/// Working days before the due date from which a unit that has not reported shows yellow.
pub const DEFAULT_SOON_DAYS: u32 = 3;
/// Working days ahead that a task deadline shows on the board.
pub const DEFAULT_TASK_SOON_DAYS: u32 = 10;
/// The 催报 message used until the clerk edits it in 设置.
pub const DEFAULT_CHASE_TEMPLATE: &str = "【催报提醒】{单位}：《{方案}》{期次}工作台账应于{截止日期}前报送，{状态}。请尽快填报并报送县依法治县办；如已报送，请忽略本提醒。";
/// The placeholders a 催报 template may use.
pub const PLACEHOLDERS: [&str; 6] = ["单位", "联络员", "期次", "截止日期", "方案", "状态"];

const SETTING_SOON_DAYS: &str = "remind.soon_days";
const SETTING_TASK_SOON_DAYS: &str = "remind.task_soon_days";
const SETTING_TEMPLATE: &str = "remind.chase_template";
const MAX_SOON_DAYS: u32 = 30;
const MAX_TASK_SOON_DAYS: u32 = 120;
const MAX_TEMPLATE_CHARS: usize = 1000;

/// The clerk's reminder settings (设置 → 报送提醒).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemindSettings {
    /// A unit that has not reported shows yellow from this many working days before the due date.
    pub soon_days: u32,
    /// Task deadlines show on the board this many working days ahead.
    pub task_soon_days: u32,
    /// The 催报 message with placeholders {单位} {联络员} {期次} {截止日期} {方案} {状态}.
    pub chase_template: String,
}

impl Default for RemindSettings {
    fn default() -> Self {
        RemindSettings {
            soon_days: DEFAULT_SOON_DAYS,
            task_soon_days: DEFAULT_TASK_SOON_DAYS,
            chase_template: DEFAULT_CHASE_TEMPLATE.to_string(),
        }
    }
}

fn setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
}

/// The reminder settings; defaults where the clerk set nothing (or something unreadable).
pub fn settings(conn: &Connection) -> Result<RemindSettings, RemindError> {
    let d = RemindSettings::default();
    let days = |key, default, max| -> rusqlite::Result<u32> {
        Ok(setting(conn, key)?
            .and_then(|v| v.trim().parse().ok())
            .filter(|v| *v <= max)
            .unwrap_or(default))
    };
    Ok(RemindSettings {
        soon_days: days(SETTING_SOON_DAYS, d.soon_days, MAX_SOON_DAYS)?,
        task_soon_days: days(SETTING_TASK_SOON_DAYS, d.task_soon_days, MAX_TASK_SOON_DAYS)?,
        chase_template: setting(conn, SETTING_TEMPLATE)?
            .filter(|t| check_template(t).is_ok())
            .unwrap_or(d.chase_template),
    })
}

/// Checks a 催报 template: not empty, not too long, only known placeholders. Returns it with
/// full-width braces made half-width.
pub fn check_template(text: &str) -> Result<String, RemindError> {
    let text = text.trim().replace('｛', "{").replace('｝', "}");
    if text.is_empty() {
        return Err(RemindError::EmptyTemplate);
    }
    let chars = text.chars().count();
    if chars > MAX_TEMPLATE_CHARS {
        return Err(RemindError::TemplateTooLong(chars));
    }
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(RemindError::UnpairedBrace);
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(RemindError::UnpairedBrace)?;
        let name = &after[..close];
        if name.contains('{') {
            return Err(RemindError::UnpairedBrace);
        }
        if !PLACEHOLDERS.contains(&name) {
            return Err(RemindError::UnknownPlaceholder(name.to_string()));
        }
        rest = &after[close + 1..];
    }
    Ok(text)
}

/// Saves the reminder settings after checking them; returns them as stored.
pub fn save_settings(db: &mut Db, s: &RemindSettings) -> Result<RemindSettings, RemindError> {
    for (name, value, max) in [
        ("临近提醒天数", s.soon_days, MAX_SOON_DAYS),
        ("任务到期提前天数", s.task_soon_days, MAX_TASK_SOON_DAYS),
    ] {
        if value > max {
            return Err(RemindError::BadDays { name, value, max });
        }
    }
    let template = check_template(&s.chase_template)?;
    let before = settings(db.conn())?;
    let tx = db.transaction()?;
    for (key, value) in [
        (SETTING_SOON_DAYS, s.soon_days.to_string()),
        (SETTING_TASK_SOON_DAYS, s.task_soon_days.to_string()),
        (SETTING_TEMPLATE, template),
    ] {
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    let after = settings(&tx)?;
    audit(
        &tx,
        "setting",
        0,
        "remind",
        serde_json::to_value(&before).ok().as_ref(),
        serde_json::to_value(&after).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(after)
}
