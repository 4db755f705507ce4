//! The fictional sample plan of 示例县 shipped in `assets/sample/plan.json`, loaded into an empty
//! database on the clerk's first run.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::error_kind::ErrorKind;
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
    pub fn kind(&self) -> ErrorKind {
        match self {
            SampleError::NotEmpty => ErrorKind::Conflict,
            SampleError::Format(_) | SampleError::UnknownSection { .. } => ErrorKind::Invalid,
            SampleError::Plan(e) => e.kind(),
            SampleError::Task(e) => e.kind(),
            SampleError::Unit(e) => e.kind(),
            SampleError::Group(e) => e.kind(),
            SampleError::Store(e) => e.kind(),
        }
    }
}

/// The year the sample is written for; [`bundle_in`] moves it to another.
pub const SAMPLE_YEAR: i32 = 2025;

/// Parses the bundled sample as written (dated [`SAMPLE_YEAR`]).
pub fn bundle() -> Result<PlanBundle, SampleError> {
    serde_json::from_str(SAMPLE_JSON).map_err(|e| SampleError::Format(e.to_string()))
}

/// The sample dated in `year`: its title and 文号, its start and end, its phases, its tasks'
/// deadlines and its members' dates move by whole years, so that a clerk trying it sees the
/// months of this year (deadlines written without a year, such as 10.31, follow the plan's year).
pub fn bundle_in(year: i32) -> Result<PlanBundle, SampleError> {
    if year == SAMPLE_YEAR {
        return bundle();
    }
    let from = SAMPLE_YEAR.to_string();
    let to = year.to_string();
    // Every year in the bundle is written in one of these forms (a date, 2025年, 〔2025〕 and the
    // plan's "year"); digits elsewhere (phone numbers) are left alone.
    let json = SAMPLE_JSON
        .replace(&format!("\"{from}-"), &format!("\"{to}-"))
        .replace(&format!("{from}年"), &format!("{to}年"))
        .replace(&format!("〔{from}〕"), &format!("〔{to}〕"))
        .replace(&format!("\"year\": {from}"), &format!("\"year\": {to}"));
    serde_json::from_str(&json).map_err(|e| SampleError::Format(e.to_string()))
}

/// Loads the sample plan as written (dated [`SAMPLE_YEAR`]) into an empty database and returns
/// the new plan's id.
pub fn load(db: &mut Db) -> Result<i64, SampleError> {
    if !plan::is_empty(db)? {
        return Err(SampleError::NotEmpty);
    }
    load_bundle(db, &bundle()?)
}

/// Loads the sample plan dated in the year of `today` (the caller's today: the core never reads
/// the clock) into an empty database and returns the new plan's id.
pub fn load_in(db: &mut Db, today: NaiveDate) -> Result<i64, SampleError> {
    if !plan::is_empty(db)? {
        return Err(SampleError::NotEmpty);
    }
    load_bundle(db, &bundle_in(today.year())?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_sample_is_dated_in_the_year_of_today() -> Result<(), SampleError> {
        let written = bundle()?;
        let b = bundle_in(2027)?;
        assert_eq!(b.plan.year, Some(2027));
        assert_eq!(b.plan.start_date, Some(day(2027, 3, 1)));
        assert_eq!(b.plan.end_date, Some(day(2027, 12, 31)));
        assert!(b.plan.title.contains("2027年"), "{}", b.plan.title);
        assert!(b.plan.doc_no.contains("〔2027〕"), "{}", b.plan.doc_no);
        assert_eq!(b.phases.len(), written.phases.len());
        for (p, w) in b.phases.iter().zip(&written.phases) {
            assert_eq!(p.start.map(|d| d.year()), Some(2027));
            assert_eq!(
                p.start.map(|d| (d.month(), d.day())),
                w.start.map(|d| (d.month(), d.day()))
            );
            assert_eq!(
                p.end.map(|d| (d.month(), d.day())),
                w.end.map(|d| (d.month(), d.day()))
            );
        }
        for (t, w) in b.tasks.iter().zip(&written.tasks) {
            assert_eq!(t.deadline_text, w.deadline_text.replace("2025", "2027"));
            assert!(!t.deadline_text.contains("2025"), "{}", t.deadline_text);
        }
        for m in &b.group {
            assert!(m.from.is_none_or(|d| d.year() == 2027), "{m:?}");
            assert!(m.to.is_none_or(|d| d.year() == 2027), "{m:?}");
        }
        // Nothing else changed: the units and their phone numbers are as written.
        let phones = |b: &PlanBundle| -> Vec<Option<String>> {
            b.units.iter().map(|u| u.contact_phone.clone()).collect()
        };
        assert_eq!(phones(&b), phones(&written));
        Ok(())
    }

    #[test]
    fn loading_in_a_year_lands_the_plan_there() -> Result<(), SampleError> {
        let mut db = Db::open_in_memory()?;
        let id = load_in(&mut db, day(2026, 12, 7))?;
        let p = plan::get(db.conn(), id)?;
        assert_eq!(p.year, Some(2026));
        assert_eq!(p.start_date, Some(day(2026, 3, 1)));
        assert!(matches!(
            load_in(&mut db, day(2026, 12, 7)),
            Err(SampleError::NotEmpty)
        ));
        Ok(())
    }
}
