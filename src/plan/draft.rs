//! The draft of an imported plan: what the parser extracted, shown in the preview and edited by
//! the clerk before anything is written.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assign;
use crate::period::Period;
use crate::plan::Covers;
use crate::unit::UnitKind;

pub mod edit;

/// Everything extracted from a plan document. Serialises to JSON for the preview; the preview
/// sends the edited draft back to [`crate::plan::import::commit`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanDraft {
    /// The file the draft came from.
    pub source: String,
    /// 方案标题.
    pub title: String,
    /// 文号, e.g. 示政发〔2025〕6号.
    pub doc_no: String,
    /// 发文机关.
    pub issuer: String,
    /// The plan's year, used for dates written without one (6月5日).
    pub year: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Sections in document order; `parent` links give the tree.
    pub sections: Vec<DraftSection>,
    /// Tasks in document order.
    pub tasks: Vec<DraftTask>,
    /// The monthly reporting rule, when the plan states one.
    pub report_rule: Option<DraftRule>,
    /// 工作步骤.
    pub phases: Vec<DraftPhase>,
    /// 领导小组 members, when listed.
    pub group: Vec<DraftMember>,
    /// Every unit named by a task, matched to the directory or proposed as new.
    pub units: Vec<DraftUnit>,
    /// Things the clerk should look at (e.g. a second task list that was not used).
    pub warnings: Vec<String>,
    /// Some text is in traditional characters: the preview offers 转为简体.
    pub traditional: bool,
}

/// A section heading (一、 / (一) / 1.) that holds tasks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftSection {
    /// Unique within the draft; tasks and child sections refer to it.
    pub key: String,
    /// The parent section's key.
    pub parent: Option<String>,
    /// 序号 as written, without the trailing 、 or . (一, (一), 1).
    pub code: String,
    pub title: String,
    /// 1 for the top level.
    pub level: u32,
}

/// A task (重点任务) of the draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftTask {
    /// The key of the section it belongs to.
    pub section: Option<String>,
    /// 序号 as written, without the trailing 、 or . ("1", "(一)").
    pub code: String,
    /// The heading sentence.
    pub title: String,
    /// 任务要求: the rest of the item.
    pub requirements: String,
    /// 牵头单位.
    pub lead: Vec<String>,
    /// 配合单位.
    pub co: Vec<String>,
    /// 责任单位 (named without a lead/co role, or "按职责分工负责").
    pub responsible: Vec<String>,
    /// The lead was not written as such: it is the first unit of a 责任单位 list, by the usual
    /// rule that the unit listed first leads. The preview should show it as a guess.
    pub lead_inferred: bool,
    /// 完成时限 as written; several dates found in the text are joined with "；".
    pub deadline_text: String,
    /// Units its text names that it does not have, offered in the preview as chips (filled in
    /// when the draft's units are matched; never written).
    pub text_units: Vec<TextUnit>,
}

/// The monthly reporting rule found in the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftRule {
    /// Day of the month the report is due.
    pub day: Option<u32>,
    /// Due at the end of the month (每月底).
    pub month_end: bool,
    pub covers: Covers,
    /// The sentence as written (每月5日前向…报告上一个月的有关情况).
    pub text: String,
    /// First period reported on, when the plan states it (8月开始 / 自2023年8月起).
    pub from: Option<Period>,
    /// Last period reported on, when the plan states it (至年底 / 截至12月).
    pub until: Option<Period>,
}

/// A phase (工作步骤) with its dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftPhase {
    /// As written: 组织动员阶段.
    pub name: String,
    /// The dates as written: 6月5日—6月15日, 2023年4月1日至7月31日, 长期坚持.
    pub range_text: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// What the plan says is done in the phase.
    pub description: String,
}

/// A member of the 领导小组.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftMember {
    pub name: String,
    /// 职务.
    pub title: String,
    /// 单位.
    pub org: String,
    /// 组长 / 副组长 / 成员 / 办公室主任 …
    pub role: String,
}

/// A unit named in the draft's tasks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftUnit {
    /// The name as the tasks write it.
    pub name: String,
    /// The directory unit it is, when it matched by name or alias (or the clerk chose one).
    /// `None` means the import will add it as a new unit.
    pub unit_id: Option<i64>,
    /// The directory's name of that unit.
    pub unit_name: Option<String>,
    /// A directory unit that looks like the same one (政府办公室 ↔ 政府办) for the clerk to
    /// confirm; not used unless copied into `unit_id`.
    pub suggestion: Option<(i64, String)>,
    /// Whether the name stands for several units (县直各有关部门).
    pub is_group: bool,
    /// The kind a new unit gets.
    pub kind: UnitKind,
    /// How many tasks name it.
    pub tasks: usize,
    /// The clerk mapped it to a directory unit that does not know this name yet: the import
    /// adds the name as that unit's alias.
    pub becomes_alias: bool,
}

impl PlanDraft {
    /// Number of units that the import will add to the directory (group phrases stay text).
    pub fn new_unit_count(&self) -> usize {
        self.units
            .iter()
            .filter(|u| u.unit_id.is_none() && !u.is_group)
            .count()
    }

    /// The names of every unit the tasks use, in first-use order, without repeats.
    pub fn unit_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for t in &self.tasks {
            for n in t.lead.iter().chain(&t.co).chain(&t.responsible) {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        names
    }
}

pub(crate) fn kind_of(name: &str) -> UnitKind {
    let core = name.split(['(', '（']).next().unwrap_or(name);
    if assign::is_group_phrase(name) {
        UnitKind::Group
    } else if ["镇", "乡", "街道", "街道办事处", "镇人民政府", "乡人民政府"]
        .iter()
        .any(|s| core.ends_with(s))
    {
        UnitKind::Township
    } else {
        UnitKind::Department
    }
}

/// The units the draft's tasks name, in first-use order, none matched yet.
pub fn units_of(draft: &PlanDraft) -> Vec<DraftUnit> {
    draft
        .unit_names()
        .into_iter()
        .map(|name| {
            let tasks = draft
                .tasks
                .iter()
                .filter(|t| {
                    t.lead
                        .iter()
                        .chain(&t.co)
                        .chain(&t.responsible)
                        .any(|n| *n == name)
                })
                .count();
            DraftUnit {
                is_group: assign::is_group_phrase(&name),
                kind: kind_of(&name),
                tasks,
                name,
                ..DraftUnit::default()
            }
        })
        .collect()
}

/// A unit a task's text names but the task does not have, offered as a chip.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TextUnit {
    pub name: String,
    /// The role the text gives it (由X牵头 → lead), when it says.
    pub role: Option<crate::assign::Role>,
}
