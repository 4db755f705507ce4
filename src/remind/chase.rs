//! 催报: the messages to the units that have not reported, and the chase log.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::deadline::format_cn;
use crate::plan;
use crate::progress::Period;
use crate::store::{audit, Db};
use crate::unit;

use super::context::PlanContext;
use super::{countdown_text, RemindError, UnitState};

/// A ready-to-send 催报 message for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaseMessage {
    pub plan_id: i64,
    pub period: Period,
    pub unit_id: i64,
    pub unit: String,
    /// 联络员.
    pub contact_name: String,
    pub contact_phone: String,
    pub state: UnitState,
    pub due: NaiveDate,
    pub workdays_left: i64,
    /// The template filled for this unit.
    pub message: String,
    /// When it was last chased for this period.
    pub chased_at: Option<String>,
    pub chase_count: i64,
    /// Rows of the unit's report for the period before that repeat its own earlier reports
    /// (照抄); when any, `message` ends with a polite line asking for new progress.
    #[serde(default)]
    pub repeated_rows: usize,
}

/// The values a 催报 template is filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFields<'a> {
    pub unit: &'a str,
    pub contact_name: &'a str,
    pub period_label: &'a str,
    pub due: NaiveDate,
    pub plan_title: &'a str,
    /// e.g. 目前尚未收到，已逾期2个工作日.
    pub state_text: &'a str,
}

/// Fills a 催报 template; unknown placeholders stay as written.
pub fn fill_template(template: &str, f: &MessageFields<'_>) -> String {
    let due = format_cn(f.due);
    let mut out = template.replace('｛', "{").replace('｝', "}");
    for (name, value) in [
        ("单位", f.unit),
        ("联络员", f.contact_name),
        ("期次", f.period_label),
        ("截止日期", due.as_str()),
        ("方案", f.plan_title),
        ("状态", f.state_text),
    ] {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// 目前尚未收到，已逾期2个工作日 / 今天截止，目前尚未收到 / 目前尚未收到，距截止还有3个工作日.
fn state_text(today: NaiveDate, due: NaiveDate, workdays_left: i64) -> String {
    if today > due {
        format!(
            "目前尚未收到，{}",
            countdown_text(today, due, workdays_left)
        )
    } else if today == due {
        "今天截止，目前尚未收到".to_string()
    } else {
        format!("目前尚未收到，距截止还有{workdays_left}个工作日")
    }
}

/// The 催报 of one period: a message per unit that has not reported, and one for all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaseList {
    pub plan_id: i64,
    pub period: Period,
    /// 2025年9月 …
    pub label: String,
    pub due: NaiveDate,
    /// Working days after today up to the due date (negative once past).
    pub workdays_left: i64,
    pub units: Vec<ChaseMessage>,
    /// The template filled with every unit not reported (for a group chat); empty when none.
    pub message_all: String,
}

/// The units that have not reported for `period` — all, or just `unit_id` — each with its
/// liaison, phone and the 催报 message filled from the template in 设置.
pub fn chase_list(
    db: &Db,
    plan_id: i64,
    period: Period,
    today: NaiveDate,
    unit_id: Option<i64>,
) -> Result<ChaseList, RemindError> {
    let ctx = PlanContext::load(db, plan_id)?;
    let rp = ctx.find_period(period)?.clone();
    if let Some(id) = unit_id {
        if !unit_in_plan(db, plan_id, id)? {
            return Err(RemindError::UnitNotInPlan(unit::get(db.conn(), id)?.name));
        }
    }
    let status = ctx.status(db, &rp, today)?;
    let state = state_text(today, rp.due, status.workdays_left);
    let fill = |unit: &str, contact_name: &str| {
        fill_template(
            &ctx.settings.chase_template,
            &MessageFields {
                unit,
                contact_name,
                period_label: &rp.label,
                due: rp.due,
                plan_title: &ctx.plan.title,
                state_text: &state,
            },
        )
    };
    let repeated = crate::copied::repeating_units(db.conn(), plan_id, period.prev())?;
    let units: Vec<ChaseMessage> = status
        .units
        .into_iter()
        .filter(|u| !u.state.reported() && unit_id.is_none_or(|id| id == u.unit_id))
        .map(|u| ChaseMessage {
            repeated_rows: repeated.get(&u.unit_id).copied().unwrap_or(0),
            message: fill(&u.unit, &u.contact_name)
                + &repeated
                    .get(&u.unit_id)
                    .map(|&n| repeat_line(period.prev(), n))
                    .unwrap_or_default(),
            plan_id,
            period,
            unit_id: u.unit_id,
            unit: u.unit,
            contact_name: u.contact_name,
            contact_phone: u.contact_phone,
            state: u.state,
            due: rp.due,
            workdays_left: status.workdays_left,
            chased_at: u.chased_at,
            chase_count: u.chase_count,
        })
        .collect();
    let message_all = match units.as_slice() {
        [] => String::new(),
        [one] => one.message.clone(),
        many => {
            let names: Vec<&str> = many.iter().map(|m| m.unit.as_str()).collect();
            fill(&names.join("、"), "各单位联络员")
        }
    };
    Ok(ChaseList {
        plan_id,
        period,
        label: rp.label,
        due: rp.due,
        workdays_left: status.workdays_left,
        units,
        message_all,
    })
}

/// The polite line for a unit whose last report repeated its earlier ones.
fn repeat_line(last: Period, rows: usize) -> String {
    format!(
        "\n另：贵单位{}报送的进展中有{rows}项与此前报送基本相同，本期填报时请写明新的工作进展，谢谢。",
        last.label()
    )
}

/// One 已催报 record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaseRecord {
    pub id: i64,
    pub plan_id: i64,
    pub unit_id: i64,
    pub unit: String,
    pub period: Period,
    pub chased_at: String,
    pub message: String,
}

/// Records that the clerk chased `unit_id` for `period` at `at` (已催报), with the message sent.
pub fn mark_chased(
    db: &mut Db,
    plan_id: i64,
    unit_id: i64,
    period: Period,
    at: NaiveDateTime,
    message: &str,
) -> Result<ChaseRecord, RemindError> {
    plan::get(db.conn(), plan_id)?;
    let unit = unit::get(db.conn(), unit_id)?;
    let chased_at = at.format("%Y-%m-%d %H:%M:%S").to_string();
    let tx = db.transaction()?;
    tx.execute(
        "INSERT INTO chase_log (plan_id, unit_id, period, chased_at, message)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![plan_id, unit_id, period.to_string(), chased_at, message],
    )?;
    let record = ChaseRecord {
        id: tx.last_insert_rowid(),
        plan_id,
        unit_id,
        unit: unit.name,
        period,
        chased_at,
        message: message.to_string(),
    };
    audit(
        &tx,
        "chase_log",
        record.id,
        "chase",
        None,
        serde_json::to_value(&record).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(record)
}

/// The 催报 records of a plan's period, newest first.
pub fn chase_log(
    conn: &Connection,
    plan_id: i64,
    period: Period,
) -> Result<Vec<ChaseRecord>, RemindError> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.unit_id, u.name, c.chased_at, c.message
         FROM chase_log c JOIN unit u ON u.id = c.unit_id
         WHERE c.plan_id = ?1 AND c.period = ?2 ORDER BY c.chased_at DESC, c.id DESC",
    )?;
    let rows = stmt.query_map(params![plan_id, period.to_string()], |r| {
        Ok(ChaseRecord {
            id: r.get(0)?,
            plan_id,
            unit_id: r.get(1)?,
            unit: r.get(2)?,
            period,
            chased_at: r.get(3)?,
            message: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a unit is among the plan's reporting units (assigned to a live task).
pub fn unit_in_plan(db: &Db, plan_id: i64, unit_id: i64) -> Result<bool, RemindError> {
    Ok(crate::task::assignment::unit_in_plan(
        db.conn(),
        plan_id,
        unit_id,
    )?)
}
