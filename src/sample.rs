//! The fictional sample plan of 示例县 shipped in `assets/sample/plan.json`, loaded into an empty
//! database on the clerk's first run.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::group::{self, GroupError, MemberInput};
use crate::group_phrase;
use crate::plan::{self, Phase, PlanError, PlanInput};
use crate::store::{Db, StoreError};
use crate::task::{self, Status, TaskError, TaskInput};
use crate::unit::{self, UnitError, UnitInput, UnitKind};

/// The sample, compiled into the program so that it needs no files beside it.
pub const SAMPLE_JSON: &str = include_str!("../assets/sample/plan.json");

/// A whole plan as data: header, phases, units, sections, tasks and leadership group.
/// This is the format of `assets/sample/plan.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct PlanBundle {
    pub plan: PlanInput,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub units: Vec<BundleUnit>,
    #[serde(default)]
    pub sections: Vec<BundleSection>,
    #[serde(default)]
    pub tasks: Vec<BundleTask>,
    #[serde(default)]
    pub group: Vec<BundleMember>,
}

/// A unit of a [`PlanBundle`].
#[derive(Debug, Clone, Deserialize)]
pub struct BundleUnit {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub kind: UnitKind,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
}

/// A section of a [`PlanBundle`]; `parent` is another section's key (its code unless `key` is
/// given: codes may repeat when numbering restarts in each chapter).
#[derive(Debug, Clone, Deserialize)]
pub struct BundleSection {
    #[serde(default)]
    pub key: Option<String>,
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub parent: Option<String>,
}

/// A task of a [`PlanBundle`]; `section` is a section's key (see [`BundleSection`]).
#[derive(Debug, Clone, Deserialize)]
pub struct BundleTask {
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub requirements: String,
    #[serde(default)]
    pub deadline_text: String,
    #[serde(default)]
    pub lead: Vec<String>,
    #[serde(default)]
    pub co: Vec<String>,
    #[serde(default)]
    pub responsible: Vec<String>,
    #[serde(default)]
    pub status: Status,
}

/// A leadership-group member of a [`PlanBundle`].
#[derive(Debug, Clone, Deserialize)]
pub struct BundleMember {
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub org: String,
    pub role: String,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

/// Errors of loading a plan bundle.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("数据库中已有方案，示例方案只能载入空数据库。请新建一个数据库文件后再载入。")]
    NotEmpty,
    #[error("方案数据格式有误：{0}")]
    Format(String),
    #[error("方案数据中的任务“{task}”引用了不存在的章节“{section}”。")]
    UnknownSection { task: String, section: String },
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Group(#[from] GroupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(SampleError);

impl SampleError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> &'static str {
        match self {
            SampleError::NotEmpty => "conflict",
            SampleError::Format(_) | SampleError::UnknownSection { .. } => "invalid",
            SampleError::Plan(e) => e.kind(),
            SampleError::Task(e) => e.kind(),
            SampleError::Unit(e) => e.kind(),
            SampleError::Group(e) => e.kind(),
            SampleError::Store(e) => e.kind(),
        }
    }
}

/// Parses the bundled sample.
pub fn bundle() -> Result<PlanBundle, SampleError> {
    serde_json::from_str(SAMPLE_JSON).map_err(|e| SampleError::Format(e.to_string()))
}

/// Loads the sample plan into an empty database and returns the new plan's id.
pub fn load(db: &mut Db) -> Result<i64, SampleError> {
    if !plan::is_empty(db)? {
        return Err(SampleError::NotEmpty);
    }
    load_bundle(db, &bundle()?)
}

/// Writes a whole plan bundle in one transaction: units missing from the directory are added,
/// existing ones (by name or alias) are reused. Returns the new plan's id.
pub fn load_bundle(db: &mut Db, b: &PlanBundle) -> Result<i64, SampleError> {
    let tx = db.transaction()?;
    let written = write_bundle(&tx, b)?;
    crate::store::audit(&tx, "plan", written.plan_id, "load", None, None)?;
    tx.commit()?;
    Ok(written.plan_id)
}

/// What [`write_bundle`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleWritten {
    pub plan_id: i64,
    /// Units that were not in the directory and were added.
    pub created_units: Vec<i64>,
    /// Leadership-group members added.
    pub created_members: Vec<i64>,
}

/// Writes a whole plan bundle inside the caller's transaction (see [`load_bundle`]).
pub fn write_bundle(
    tx: &rusqlite::Transaction<'_>,
    b: &PlanBundle,
) -> Result<BundleWritten, SampleError> {
    let mut created_units = Vec::new();
    let mut created_members = Vec::new();
    for u in &b.units {
        // A group phrase (各乡镇人民政府) is its tasks' text, never a unit.
        let phrase = u.kind == UnitKind::Group || group_phrase::is_group_phrase(&u.name);
        if !phrase && unit::find_id(tx, &u.name)?.is_none() {
            let id = unit::insert(
                tx,
                &UnitInput {
                    name: u.name.clone(),
                    aliases: u.aliases.clone(),
                    kind: u.kind,
                    contact_name: u.contact_name.clone().unwrap_or_default(),
                    contact_phone: u.contact_phone.clone().unwrap_or_default(),
                },
            )?;
            created_units.push(id);
        }
    }
    let plan_id = plan::insert(tx, &b.plan, &b.phases)?;
    let mut sections: HashMap<&str, i64> = HashMap::new();
    for s in &b.sections {
        let parent = s.parent.as_deref().and_then(|p| sections.get(p).copied());
        let id = plan::insert_section(tx, plan_id, parent, &s.code, &s.title)?;
        sections.insert(s.key.as_deref().unwrap_or(&s.code), id);
    }
    for t in &b.tasks {
        let section_id = match t.section.as_deref().filter(|s| !s.is_empty()) {
            Some(code) => Some(
                *sections
                    .get(code)
                    .ok_or_else(|| SampleError::UnknownSection {
                        task: t.title.clone(),
                        section: code.to_string(),
                    })?,
            ),
            None => None,
        };
        task::insert(
            tx,
            &TaskInput {
                plan_id,
                section_id,
                code: t.code.clone(),
                title: t.title.clone(),
                requirements: t.requirements.clone(),
                deadline_text: t.deadline_text.clone(),
                status: t.status,
                lead_units: t.lead.clone(),
                co_units: t.co.clone(),
                responsible_units: t.responsible.clone(),
            },
        )?;
    }
    for m in &b.group {
        let id = group::insert(
            tx,
            &MemberInput {
                name: m.name.clone(),
                title: m.title.clone(),
                org: m.org.clone(),
                role: m.role.clone(),
                from: m.from,
                to: m.to,
                ..MemberInput::default()
            },
        )?;
        created_members.push(id);
    }
    Ok(BundleWritten {
        plan_id,
        created_units,
        created_members,
    })
}
