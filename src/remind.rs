//! 报送提醒: when each period's report is due, who has reported, the 工作台 board and 催报.
//!
//! A plan's [`ReportRule`](crate::plan::ReportRule) and the working-day
//! [`Calendar`](crate::calendar::Calendar) give every reporting period its due date; the
//! submissions (see [`crate::progress::status`]) say who reported and when. Everything here takes
//! `today` as a parameter and never reads the clock.
//!
//! - `due`: due dates and the plan's reporting periods;
//! - `settings`: warning days and the 催报 template (设置 → 提醒);
//! - `context`: one plan read once ([`PlanContext`](context::PlanContext)), the board's source;
//! - `board`: each unit's state per period, the 工作台 board, 下一期 and report-from;
//! - `items`: reminder items for the CLI and notifications;
//! - `chase`: 催报 messages and the chase log.

use crate::calendar::CalendarError;
use crate::error_kind::ErrorKind;
use crate::plan::PlanError;
use crate::progress::ProgressError;
use crate::store::StoreError;
use crate::task::TaskError;
use crate::unit::UnitError;

/// Errors of the reminders area.
#[derive(Debug, thiserror::Error)]
pub enum RemindError {
    #[error("{period}不是该方案的报送期次。该方案的报送期次：{known}。")]
    NotAReportPeriod { period: String, known: String },
    #[error("方案“{0}”没有设定报送日期（如每月5日前、每月30日前或月底），无法计算报送截止日。请先在方案的报送规则中填写。")]
    NoRule(String),
    #[error("“{0}”不承担该方案的任务，不在报送单位之列。")]
    UnitNotInPlan(String),
    #[error("催报模板中的“{{{0}}}”无法识别。可用的占位符：{{单位}} {{联络员}} {{期次}} {{截止日期}} {{方案}} {{状态}}。")]
    UnknownPlaceholder(String),
    #[error("催报模板中有未配对的花括号，请检查占位符是否写成 {{单位}} 这样的形式。")]
    UnpairedBrace,
    #[error("催报模板不能为空。")]
    EmptyTemplate,
    #[error("催报模板太长（{0} 字），请控制在 1000 字以内。")]
    TemplateTooLong(usize),
    #[error("“{name}”应为 0 到 {max} 之间的工作日天数，现为 {value}。")]
    BadDays {
        name: &'static str,
        value: u32,
        max: u32,
    },
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Copied(#[from] crate::copied::CopiedError),
}
crate::impl_from_sqlite!(RemindError);

impl RemindError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RemindError::NotAReportPeriod { .. }
            | RemindError::NoRule(_)
            | RemindError::UnknownPlaceholder(_)
            | RemindError::UnpairedBrace
            | RemindError::EmptyTemplate
            | RemindError::TemplateTooLong(_)
            | RemindError::BadDays { .. } => ErrorKind::Invalid,
            RemindError::UnitNotInPlan(_) => ErrorKind::NotFound,
            RemindError::Calendar(e) => e.kind(),
            RemindError::Plan(e) => e.kind(),
            RemindError::Progress(e) => e.kind(),
            RemindError::Task(e) => e.kind(),
            RemindError::Unit(e) => e.kind(),
            RemindError::Store(e) => e.kind(),
            RemindError::Copied(e) => e.kind(),
        }
    }
}

mod board;
mod chase;
mod context;
mod due;
mod items;
mod settings;

pub use board::{
    board, due_units, move_on, period_status, set_unit_report_from, Board, Count, Level,
    PeriodStatus, TaskAlert, UnitState, UnitStatus,
};
pub use chase::{
    chase_list, chase_log, fill_template, mark_chased, unit_in_plan, ChaseList, ChaseMessage,
    ChaseRecord, MessageFields,
};
pub use due::{
    current_period, due_date, opens_on, periods, plan_periods, report_range, Cycle, Due,
    ReportPeriod,
};
pub use items::{board_items, countdown_text, reminders, Item, ItemKind, Reminders};
pub use settings::{
    check_template, save_settings, settings, RemindSettings, DEFAULT_CHASE_TEMPLATE,
    DEFAULT_SOON_DAYS, DEFAULT_TASK_SOON_DAYS, PLACEHOLDERS,
};

#[cfg(test)]
mod tests;
