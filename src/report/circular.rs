//! 报送情况通报: per unit over a range of reporting periods — on time, late, missing, the on-time
//! rate and the ranking — and the paragraph of the 通报 written from those numbers.
//!
//! Whether a report was on time, late or is missing is decided by [`crate::remind`] (due dates
//! on the working-day calendar, units that start reporting later).

use chrono::NaiveDate;
use serde::Serialize;

use super::{name_list, percent, rate, Head, PlanData, Range, ReportError, ReportKind};
use crate::deadline::format_cn;
use crate::office::NameSource;
use crate::period::Period;
use crate::remind::{self, RemindError, UnitState};
use crate::store::Db;

/// A reporting period of the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CircularPeriod {
    pub period: Period,
    /// The day its report was due.
    pub due: NaiveDate,
    /// Whether the due date has passed, so that the period counts; a period still open is
    /// shown but not counted.
    pub counted: bool,
}

/// A unit's report for one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// 按时: received on or before the due date.
    OnTime,
    /// 迟报: received after the due date.
    Late,
    /// 未报: not received and the due date has passed.
    Missing,
    /// Not received and not yet due.
    Pending,
    /// The unit does not report for this period (it starts later).
    NotRequired,
}

impl CellState {
    /// The mark in the printed table: √ / 迟 / 未 / —.
    pub fn mark(self) -> &'static str {
        match self {
            CellState::OnTime => "√",
            CellState::Late => "迟",
            CellState::Missing => "未",
            CellState::Pending | CellState::NotRequired => "—",
        }
    }
}

/// One unit's cell for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CircularCell {
    pub period: Period,
    pub state: CellState,
    /// When the report was imported.
    pub received_at: Option<String>,
    /// The day it arrived, by which it is 按时 or 迟报.
    pub received_on: Option<NaiveDate>,
}

/// One unit's line of the 通报.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CircularUnit {
    /// 1 is best; units with equal numbers share a rank.
    pub rank: usize,
    pub unit: String,
    /// Reports due in the counted periods.
    pub required: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    /// on_time / required (0 when nothing was required), rounded to 4 decimals.
    pub on_time_rate: f64,
    pub cells: Vec<CircularCell>,
}

/// The whole range's numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CircularTotals {
    pub required: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub on_time_rate: f64,
}

/// The parts of the 通报 as an official document (公文): title, 文号, 主送, 发文机关, 成文日期.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CircularDocument {
    /// 关于2025年9月工作台账报送情况的通报.
    pub title: String,
    /// 文号 (示法治办〔2025〕3号), when the clerk gives one.
    pub doc_no: Option<String>,
    /// 主送: 各责任单位：
    pub addressee: String,
    /// 发文机关, from 设置 or read from the plan (see [`crate::office`]).
    pub issuer: String,
    pub issuer_source: NameSource,
    /// 成文日期: the day the 通报 is made.
    pub dated: NaiveDate,
    /// 成文日期 as printed: 2025年10月12日.
    pub dated_label: String,
}

/// 主送 of every 通报: the units it is about.
pub const ADDRESSEE: &str = "各责任单位：";

/// 报送情况通报 of a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Circular {
    #[serde(flatten)]
    pub head: Head,
    /// Title, 文号, 主送, 发文机关 and 成文日期.
    pub document: CircularDocument,
    /// The reporting periods in the range.
    pub periods: Vec<CircularPeriod>,
    /// Units with tasks in the plan, best first.
    pub units: Vec<CircularUnit>,
    pub totals: CircularTotals,
    /// The 通报 text filled from the numbers (the note, when there is nothing to report).
    pub paragraph: String,
}

/// The 报送情况通报 of `range` as of `today`.
pub fn circular(
    db: &Db,
    plan_id: i64,
    range: Range,
    today: NaiveDate,
) -> Result<Circular, ReportError> {
    let data = PlanData::load(db, plan_id, range, today)?;
    if !data.plan.report_rule.has_due_day() {
        return Err(RemindError::NoRule(data.plan.title.clone()).into());
    }
    let report_periods: Vec<remind::ReportPeriod> = remind::plan_periods(db, plan_id)?
        .into_iter()
        .filter(|p| range.contains(p.period))
        .collect();
    let mut statuses = Vec::with_capacity(report_periods.len());
    for rp in &report_periods {
        statuses.push(remind::period_status(db, plan_id, rp.period, today)?);
    }
    let periods: Vec<CircularPeriod> = report_periods
        .iter()
        .map(|rp| CircularPeriod {
            period: rp.period,
            due: rp.due,
            counted: today > rp.due,
        })
        .collect();

    let mut units: Vec<(usize, CircularUnit)> = Vec::new();
    for (order, u) in data.plan_units().into_iter().enumerate() {
        let mut line = CircularUnit {
            rank: 0,
            unit: u.name.clone(),
            required: 0,
            on_time: 0,
            late: 0,
            missing: 0,
            on_time_rate: 0.0,
            cells: Vec::with_capacity(periods.len()),
        };
        for (cp, status) in periods.iter().zip(&statuses) {
            let found = status.units.iter().find(|s| s.unit_id == u.id);
            let state = match found.map(|s| s.state) {
                None => CellState::NotRequired,
                Some(UnitState::Reported) => CellState::OnTime,
                Some(UnitState::Late) => CellState::Late,
                Some(UnitState::Overdue) => CellState::Missing,
                Some(UnitState::Waiting | UnitState::DueSoon) => CellState::Pending,
            };
            if cp.counted {
                match state {
                    CellState::OnTime => line.on_time += 1,
                    CellState::Late => line.late += 1,
                    CellState::Missing => line.missing += 1,
                    CellState::Pending | CellState::NotRequired => {}
                }
            }
            line.cells.push(CircularCell {
                period: cp.period,
                state,
                received_at: found.and_then(|s| s.received_at.clone()),
                received_on: found.and_then(|s| s.received_on),
            });
        }
        line.required = line.on_time + line.late + line.missing;
        line.on_time_rate = rate(line.on_time, line.required);
        units.push((order, line));
    }
    rank(&mut units);
    let units: Vec<CircularUnit> = units.into_iter().map(|(_, u)| u).collect();

    let mut totals = CircularTotals::default();
    for u in &units {
        totals.required += u.required;
        totals.on_time += u.on_time;
        totals.late += u.late;
        totals.missing += u.missing;
    }
    totals.on_time_rate = rate(totals.on_time, totals.required);

    let mut head = data.head(ReportKind::Circular);
    let paragraph = match empty_note(&data, &periods, &units, &totals) {
        Some(note) => {
            head.empty = true;
            head.note = Some(note.clone());
            note
        }
        None => paragraph(&range, &periods, &units, &totals),
    };
    let office = crate::office::office(db.conn(), &data.plan.issuer)?;
    let document = CircularDocument {
        title: format!("关于{}工作台账报送情况的通报", head.label),
        doc_no: None,
        addressee: ADDRESSEE.to_string(),
        issuer: office.issuer,
        issuer_source: office.issuer_source,
        dated: today,
        dated_label: format_cn(today),
    };
    Ok(Circular {
        head,
        document,
        periods,
        units,
        totals,
        paragraph,
    })
}

impl Circular {
    /// The 通报 with the 文号 the clerk gave (none when empty).
    pub fn numbered(mut self, doc_no: Option<&str>) -> Result<Circular, ReportError> {
        let doc_no = doc_no.map(str::trim).filter(|d| !d.is_empty());
        if let Some(d) = doc_no {
            crate::limits::check("文号", d, crate::limits::MAX_NAME_CHARS)
                .map_err(crate::office::OfficeError::from)?;
        }
        self.document.doc_no = doc_no.map(str::to_string);
        Ok(self)
    }
}

/// Sorts best first — on-time rate, then fewest missing, then fewest late, then directory
/// order; units with nothing required last — and numbers them, ties sharing a rank.
fn rank(units: &mut [(usize, CircularUnit)]) {
    let key = |u: &CircularUnit| {
        (
            u.required == 0,
            std::cmp::Reverse((u.on_time_rate * 10_000.0).round() as i64),
            u.missing,
            u.late,
        )
    };
    units.sort_by_key(|(order, u)| (key(u), *order));
    let mut previous = None;
    for (i, (_, u)) in units.iter_mut().enumerate() {
        let k = key(u);
        u.rank = match previous {
            Some((pk, r)) if pk == k => r,
            _ => i + 1,
        };
        previous = Some((k, u.rank));
    }
}

/// What to say instead of a 通报 when nothing in the range can be counted yet.
fn empty_note(
    data: &PlanData,
    periods: &[CircularPeriod],
    units: &[CircularUnit],
    totals: &CircularTotals,
) -> Option<String> {
    if totals.required > 0 {
        return None;
    }
    let label = data.range.label();
    Some(if periods.is_empty() {
        format!("{label}不是该方案的报送期次，暂无报送情况可通报。")
    } else if units.is_empty() {
        "该方案的任务尚未分配到责任单位，暂无报送情况可通报。".to_string()
    } else if let [one] = periods {
        if one.counted {
            format!("{label}没有需要报送工作台账的责任单位，暂无报送情况可通报。")
        } else {
            format!(
                "{label}工作台账的报送截止日为{}，尚未到期，暂无报送情况可通报。",
                format_cn(one.due)
            )
        }
    } else {
        let first = periods.iter().find(|p| !p.counted).map(|p| p.due);
        match first {
            Some(due) if periods.iter().all(|p| !p.counted) => format!(
                "{label}各期工作台账均未到报送截止日（最早为{}），暂无报送情况可通报。",
                format_cn(due)
            ),
            _ => format!("{label}没有需要报送工作台账的责任单位，暂无报送情况可通报。"),
        }
    })
}

/// The 通报 paragraph: the totals, who was late, who did not report, who always reported on
/// time, and which periods are not counted yet.
fn paragraph(
    range: &Range,
    periods: &[CircularPeriod],
    units: &[CircularUnit],
    totals: &CircularTotals,
) -> String {
    let counted: Vec<&CircularUnit> = units.iter().filter(|u| u.required > 0).collect();
    let mut out = format!(
        "{}，应报送工作台账的责任单位{}个，应报送{}次，",
        counted_label(range, periods),
        counted.len(),
        totals.required
    );
    if totals.late == 0 && totals.missing == 0 {
        out.push_str(&format!(
            "均按时报送，按时报送率{}。",
            percent(totals.on_time_rate)
        ));
    } else {
        out.push_str(&format!("其中按时报送{}次", totals.on_time));
        if totals.late > 0 {
            out.push_str(&format!("、迟报{}次", totals.late));
        }
        if totals.missing > 0 {
            out.push_str(&format!("、未报送{}次", totals.missing));
        }
        out.push_str(&format!("，按时报送率{}。", percent(totals.on_time_rate)));
        let names = |f: &dyn Fn(&CircularUnit) -> bool| -> Vec<String> {
            counted
                .iter()
                .filter(|u| f(u))
                .map(|u| u.unit.clone())
                .collect()
        };
        let late = names(&|u| u.late > 0 && u.missing == 0);
        let missing = names(&|u| u.missing > 0 && u.late == 0);
        let both = names(&|u| u.late > 0 && u.missing > 0);
        let mut clauses = Vec::new();
        if !late.is_empty() {
            clauses.push(format!("{}存在迟报情况", name_list(&late)));
        }
        if !missing.is_empty() {
            clauses.push(format!("{}未按要求报送", name_list(&missing)));
        }
        if !both.is_empty() {
            clauses.push(format!("{}存在迟报、未报情况", name_list(&both)));
        }
        out.push_str(&clauses.join("，"));
        out.push_str("。请上述单位高度重视，严格落实按时报送要求。");
        let good = names(&|u| u.late == 0 && u.missing == 0);
        match good.len() {
            0 => {}
            1 => out.push_str(&format!("{}按时报送。", good[0])),
            _ => out.push_str(&format!("{}均按时报送。", name_list(&good))),
        }
    }
    let open: Vec<&CircularPeriod> = periods.iter().filter(|p| !p.counted).collect();
    match open.as_slice() {
        [] => {}
        [one] => out.push_str(&format!(
            "{}工作台账报送截止日为{}，尚未到期，不计入本次通报。",
            one.period.label(),
            format_cn(one.due)
        )),
        [first, .., last] => out.push_str(&format!(
            "{}工作台账尚未到报送截止日，不计入本次通报。",
            Range {
                from: first.period,
                to: last.period,
            }
            .label()
        )),
    }
    out
}

/// The months the totals count: the range, less the open periods at its end.
fn counted_label(range: &Range, periods: &[CircularPeriod]) -> String {
    let counted: Vec<Period> = periods
        .iter()
        .filter(|p| p.counted)
        .map(|p| p.period)
        .collect();
    match (counted.first(), counted.last()) {
        (Some(first), Some(last)) if periods.iter().any(|p| !p.counted) => Range {
            from: *first,
            to: *last,
        }
        .label(),
        _ => range.label(),
    }
}
