//! The plans, units, task indexes and earlier reports the preview looks up, read once per
//! preview (its SQL lives here).

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::{Connection, OptionalExtension};

use crate::copied;
use crate::plan;
use crate::progress::{self, Period};
use crate::text::squeeze;
use crate::unit::{self, UnitKind};

use super::error::LedgerImportError;
use super::matching::TaskIndex;
use super::types::{Conflict, PriorImport};

/// The plans, units and task indexes the preview looks things up in, read once.
pub(super) struct Context<'a> {
    pub(super) conn: &'a Connection,
    pub(super) plans: Vec<plan::Plan>,
    pub(super) indexes: HashMap<i64, Rc<TaskIndex>>,
    /// (name or alias, unit id, kind), longest names first.
    pub(super) unit_names: Vec<(String, i64, UnitKind)>,
    /// Unit id → (name, kind).
    pub(super) units: HashMap<i64, (String, UnitKind)>,
    /// (plan, period) → unit → task → what the unit reported, read once per period.
    pub(super) reports: HashMap<(i64, Period), Rc<UnitReports>>,
    /// (plan, period) → unit → its current submission, read once per period.
    pub(super) current: HashMap<(i64, Period), Rc<HashMap<i64, Conflict>>>,
    /// The earlier import of a file's content, asked once per file.
    pub(super) prior: rusqlite::Statement<'a>,
    /// The working-day calendar, for due dates.
    pub(super) cal: crate::calendar::Calendar,
    /// The clerk's table of status words.
    pub(super) words: crate::status::Words,
    /// 照抄 threshold (设置 → 照抄识别).
    pub(super) threshold: f64,
    /// (plan, period) → every unit's current report on each task, to find identical texts.
    pub(super) peers: HashMap<(i64, Period), Rc<copied::Peers>>,
}

/// Unit id → task id → the unit's report on it.
pub(super) type UnitReports = HashMap<i64, HashMap<i64, progress::Reported>>;

impl<'a> Context<'a> {
    pub(super) fn new(conn: &'a Connection) -> Result<Context<'a>, LedgerImportError> {
        let mut plans = Vec::new();
        {
            let mut stmt = conn.prepare("SELECT id FROM plan ORDER BY id")?;
            let ids: Vec<i64> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                plans.push(plan::get(conn, id)?);
            }
        }
        let mut unit_names = Vec::new();
        let mut units = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT name, id, kind, 1 FROM unit
                 UNION ALL SELECT a.alias, u.id, u.kind, 0 FROM unit_alias a JOIN unit u ON u.id = a.unit_id",
            )?;
            let rows = stmt.query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    UnitKind::parse(&kind).unwrap_or_default(),
                    r.get::<_, bool>(3)?,
                ))
            })?;
            for row in rows {
                let (name, id, kind, is_name) = row?;
                if is_name {
                    units.insert(id, (name.clone(), kind));
                }
                unit_names.push((name, id, kind));
            }
        }
        unit_names.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.chars().count()));
        Ok(Context {
            conn,
            plans,
            indexes: HashMap::new(),
            unit_names,
            units,
            reports: HashMap::new(),
            current: HashMap::new(),
            prior: conn.prepare(
                "SELECT f.batch_id, b.imported_at, f.file_name
                 FROM ledger_import_file f JOIN ledger_import b ON b.id = f.batch_id
                 WHERE f.file_hash = ?1 ORDER BY f.id LIMIT 1",
            )?,
            cal: crate::calendar::load(conn)?,
            words: crate::status::Words::load(conn)?,
            threshold: copied::threshold(conn)?,
            peers: HashMap::new(),
        })
    }

    /// Every unit's current report for the plan's `period`, by task and print, read once.
    pub(super) fn peers(
        &mut self,
        plan_id: i64,
        period: Period,
    ) -> Result<Rc<copied::Peers>, LedgerImportError> {
        if let Some(p) = self.peers.get(&(plan_id, period)) {
            return Ok(Rc::clone(p));
        }
        let units = &self.units;
        let name = |id: i64| units.get(&id).map(|(n, _)| n.clone()).unwrap_or_default();
        let peers = Rc::new(copied::Peers::load(self.conn, plan_id, period, &name)?);
        self.peers.insert((plan_id, period), Rc::clone(&peers));
        Ok(peers)
    }

    /// The earlier import of the same content, if any.
    pub(super) fn prior_import(
        &mut self,
        hash: &str,
    ) -> Result<Option<PriorImport>, LedgerImportError> {
        Ok(self
            .prior
            .query_row([hash], |r| {
                Ok(PriorImport {
                    batch_id: r.get(0)?,
                    imported_at: r.get(1)?,
                    file_name: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// What each unit reported for the plan's `period` (its current submissions).
    pub(super) fn reports(
        &mut self,
        plan_id: i64,
        period: Period,
    ) -> Result<Rc<UnitReports>, LedgerImportError> {
        if let Some(r) = self.reports.get(&(plan_id, period)) {
            return Ok(Rc::clone(r));
        }
        let mut by_unit: UnitReports = HashMap::new();
        for r in progress::reported(self.conn, plan_id, period, None)? {
            by_unit.entry(r.unit_id).or_default().insert(r.task_id, r);
        }
        let by_unit = Rc::new(by_unit);
        self.reports.insert((plan_id, period), Rc::clone(&by_unit));
        Ok(by_unit)
    }

    /// Each unit's current submission for the plan's `period`, with its entry count.
    pub(super) fn current(
        &mut self,
        plan_id: i64,
        period: Period,
    ) -> Result<Rc<HashMap<i64, Conflict>>, LedgerImportError> {
        if let Some(c) = self.current.get(&(plan_id, period)) {
            return Ok(Rc::clone(c));
        }
        let mut by_unit = HashMap::new();
        // The latest submission of a unit wins.
        for s in progress::submissions::current(self.conn, plan_id, period, period, true)? {
            by_unit.insert(
                s.unit_id,
                Conflict {
                    submission_id: Some(s.id),
                    file_name: s.file_name,
                    received_on: s.received_on,
                    received_at: s.received_at,
                    rows: s.rows,
                },
            );
        }
        let by_unit = Rc::new(by_unit);
        self.current.insert((plan_id, period), Rc::clone(&by_unit));
        Ok(by_unit)
    }

    pub(super) fn plan(&self, id: i64) -> Option<&plan::Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    pub(super) fn index(&mut self, plan_id: i64) -> Result<Rc<TaskIndex>, LedgerImportError> {
        if let Some(index) = self.indexes.get(&plan_id) {
            return Ok(Rc::clone(index));
        }
        let index = Rc::new(load_index(self.conn, plan_id)?);
        self.indexes.insert(plan_id, Rc::clone(&index));
        Ok(index)
    }

    /// The unit named `name` (or with that alias), also with or without the county prefix 县,
    /// as [`unit::find_id`] finds it.
    pub(super) fn find_unit(&self, name: &str) -> Option<i64> {
        let name = unit::normalize_name(name);
        if name.is_empty() {
            return None;
        }
        let other = match name.strip_prefix('县') {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => format!("县{name}"),
        };
        [name, other].iter().find_map(|n| {
            self.unit_names
                .iter()
                .find(|(u, _, _)| u == n)
                .map(|(_, id, _)| *id)
        })
    }

    /// The unit whose name or alias appears in `text` (the longest one), also without 县.
    pub(super) fn unit_in(&self, text: &str) -> Option<(i64, UnitKind)> {
        let squeezed = squeeze(text);
        for (name, id, kind) in &self.unit_names {
            if *kind == UnitKind::Group {
                continue;
            }
            let short = name.strip_prefix('县').filter(|s| s.chars().count() >= 2);
            let within = |part: &str| memchr::memmem::find(squeezed.as_bytes(), part.as_bytes());
            if within(name).is_some() || short.is_some_and(|s| within(s).is_some()) {
                return Some((*id, *kind));
            }
        }
        None
    }
}

/// The live tasks of a plan, indexed for matching.
pub(super) fn load_index(conn: &Connection, plan_id: i64) -> Result<TaskIndex, LedgerImportError> {
    let mut units: HashMap<i64, Vec<i64>> = HashMap::new();
    {
        for a in crate::task::assignment::of_plan(conn, plan_id)? {
            units.entry(a.task_id).or_default().push(a.unit_id);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.code, t.title, ifnull(s.code || s.title, '')
         FROM task t LEFT JOIN section s ON s.id = t.section_id
         WHERE t.plan_id = ?1 AND t.deleted_at IS NULL ORDER BY t.seq, t.id",
    )?;
    let tasks = stmt
        .query_map([plan_id], |r| {
            let id: i64 = r.get(0)?;
            Ok((id, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, String, String)>>>()?;
    Ok(TaskIndex::new(
        tasks
            .into_iter()
            .map(|(id, code, title, section)| {
                let u = units.remove(&id).unwrap_or_default();
                (id, code, title, section, u)
            })
            .collect(),
    ))
}
