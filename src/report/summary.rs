//! 汇总台账: every task of the plan with each unit's latest report in the range, grouped by
//! section.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Bucket, Head, PlanData, Range, ReportError, ReportKind};
use crate::period::Period;
use crate::store::Db;
use crate::task::Status;

/// One unit's report on a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRow {
    pub unit: String,
    /// The month of the report shown: the unit's latest in the range.
    pub period: Period,
    /// The unit's status on the task as of the end of the range.
    pub status: Bucket,
    /// 已完成 / 推进中 / 长期坚持 / 未启动 / 逾期.
    pub status_label: String,
    /// The status the unit wrote (a row without a status word: 推进中).
    pub task_status: Status,
    pub text: String,
}

/// One task with its reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryTask {
    pub task_id: i64,
    pub code: String,
    pub title: String,
    pub deadline_text: String,
    /// 牵头单位 (the responsible units when the task names no lead).
    pub lead_units: Vec<String>,
    pub co_units: Vec<String>,
    /// The task's status as of the end of the range.
    pub status: Bucket,
    /// 已完成 / 推进中 / 长期坚持 / 未启动 / 逾期.
    pub status_label: String,
    /// The task's status as of the end of the range, as 任务清单 shows it for that month
    /// (see [`crate::status`]).
    pub task_status: Status,
    /// The units that reported on the task in the range, in directory order.
    pub rows: Vec<SummaryRow>,
}

/// A section heading and the tasks right under it; a heading whose tasks all sit in its
/// subsections (二、重点任务 over (一)…(六)) comes with no tasks, just before them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummarySection {
    pub section: String,
    /// 1 for 一、, 2 for (一) under it.
    pub level: i64,
    pub tasks: Vec<SummaryTask>,
    #[serde(skip)]
    pub(crate) section_id: Option<i64>,
}

/// 汇总台账 of a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    #[serde(flatten)]
    pub head: Head,
    /// Units with tasks in the plan that reported for some month of the range.
    pub units_reported: Vec<String>,
    /// Units with tasks in the plan that reported for no month of the range.
    pub units_missing: Vec<String>,
    pub sections: Vec<SummarySection>,
}

/// The 汇总台账 of `range`: every live task with each unit's latest report in the range.
pub fn summary(
    db: &Db,
    plan_id: i64,
    range: Range,
    today: NaiveDate,
) -> Result<Summary, ReportError> {
    let data = PlanData::load(db, plan_id, range, today)?;
    let mut out = build(&data);
    // 未报送单位: only units that owed a report for some month of the range (the window and
    // the month a unit joined decide, as everywhere: `remind::due_units`).
    let mut owed = std::collections::HashSet::new();
    for p in range.months() {
        owed.extend(crate::remind::due_units(db, plan_id, p)?);
    }
    let owing: std::collections::HashSet<&str> = data
        .plan_units()
        .into_iter()
        .filter(|u| owed.contains(&u.id))
        .map(|u| u.name.as_str())
        .collect();
    out.units_missing.retain(|n| owing.contains(n.as_str()));
    Ok(out)
}

pub(crate) fn build(data: &PlanData) -> Summary {
    let to = data.range.to;
    let mut sections: Vec<SummarySection> = Vec::new();
    for t in &data.tasks {
        let rows = data
            .units
            .iter()
            .filter_map(|u| {
                let e = data.latest(u.id, t.id, to, Some(data.range.from))?;
                let status = data.unit_bucket(t, u.id, to);
                let task_status = data.unit_status(t, u.id, to);
                Some(SummaryRow {
                    unit: u.name.clone(),
                    period: e.period,
                    status,
                    status_label: status.label_for(task_status).to_string(),
                    task_status,
                    text: e.text.clone(),
                })
            })
            .collect();
        let status = data.task_bucket(t, to);
        let task_status = data.task_status(t, to);
        let mut lead_units = t.lead_units.clone();
        lead_units.extend(t.responsible_units.iter().cloned());
        let task = SummaryTask {
            task_id: t.id,
            code: t.code.clone(),
            title: t.title.clone(),
            deadline_text: t.deadline_text.clone(),
            lead_units,
            co_units: t.co_units.clone(),
            status,
            status_label: status.label_for(task_status).to_string(),
            task_status,
            rows,
        };
        for (id, label, level) in data.section_chain(t) {
            let open = sections.last().is_some_and(|s| s.section_id == id);
            let written = id.is_some() && sections.iter().any(|s| s.section_id == id);
            if !open && (!written || id == t.section_id) {
                sections.push(SummarySection {
                    section: label,
                    level,
                    tasks: Vec::new(),
                    section_id: id,
                });
            }
        }
        if let Some(s) = sections.last_mut() {
            s.tasks.push(task);
        }
    }
    let reported = data.reported_in_range();
    let (done, missing): (Vec<_>, Vec<_>) = data
        .plan_units()
        .into_iter()
        .partition(|u| reported.contains(&u.id));
    let mut head = data.head(ReportKind::Summary);
    if reported.is_empty() {
        head.empty = true;
        head.note = Some(format!(
            "{}尚无单位报送工作台账，汇总表为空。",
            data.range.label()
        ));
    }
    Summary {
        head,
        units_reported: done.into_iter().map(|u| u.name.clone()).collect(),
        units_missing: missing.into_iter().map(|u| u.name.clone()).collect(),
        sections,
    }
}

/// A page of the 汇总台账 as the window draws it, and how many tasks the whole report has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryPage {
    #[serde(flatten)]
    pub report: Summary,
    pub total_tasks: usize,
}

impl Summary {
    /// How many tasks the report lists.
    pub fn task_count(&self) -> usize {
        self.sections.iter().map(|s| s.tasks.len()).sum()
    }

    /// The report with only its tasks `offset..offset + limit` (the window shows a page at a
    /// time; print and Excel take the whole report). Each task keeps its section's heading, and
    /// a heading without tasks of its own (一、 before its (一)) comes with its first
    /// subsection's first task.
    pub fn page(mut self, offset: usize, limit: usize) -> SummaryPage {
        let total_tasks = self.task_count();
        let end = offset.saturating_add(limit);
        let mut sections = Vec::new();
        let mut heads = Vec::new();
        let mut seen = 0;
        for mut s in std::mem::take(&mut self.sections) {
            if s.tasks.is_empty() {
                heads.push(s);
                continue;
            }
            let count = s.tasks.len();
            let from = offset.saturating_sub(seen).min(count);
            let to = end.saturating_sub(seen).min(count);
            if from < to {
                if from == 0 {
                    sections.append(&mut heads);
                }
                s.tasks.truncate(to);
                s.tasks.drain(..from);
                sections.push(s);
            }
            heads.clear();
            seen += count;
        }
        self.sections = sections;
        SummaryPage {
            report: self,
            total_tasks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Bucket, Head, ReportKind};

    fn task(n: i64) -> SummaryTask {
        SummaryTask {
            task_id: n,
            code: n.to_string(),
            title: format!("示例任务{n}"),
            deadline_text: "长期坚持".to_string(),
            lead_units: vec!["示例县司法局".to_string()],
            co_units: Vec::new(),
            status: Bucket::InProgress,
            status_label: "推进中".to_string(),
            task_status: Status::InProgress,
            rows: Vec::new(),
        }
    }

    fn section(name: &str, level: i64, tasks: &[i64]) -> SummarySection {
        SummarySection {
            section: name.to_string(),
            level,
            tasks: tasks.iter().copied().map(task).collect(),
            section_id: None,
        }
    }

    fn report() -> Summary {
        let sep = Period::parse("2025-09").expect("period");
        Summary {
            head: Head {
                kind: ReportKind::Summary,
                plan_id: 1,
                plan_title: "示例县方案".to_string(),
                from: sep,
                to: sep,
                label: "2025年9月".to_string(),
                generated_on: NaiveDate::from_ymd_opt(2025, 10, 8).expect("date"),
                empty: false,
                note: None,
            },
            units_reported: vec!["示例县司法局".to_string()],
            units_missing: vec!["示例县财政局".to_string()],
            sections: vec![
                section("一、总体要求", 1, &[]),
                section("（一）依法决策", 2, &[1, 2, 3]),
                section("（二）执法监督", 2, &[4, 5]),
                section("二、保障措施", 1, &[6]),
            ],
        }
    }

    fn shown(p: &SummaryPage) -> Vec<String> {
        p.report
            .sections
            .iter()
            .map(|s| {
                let codes: Vec<&str> = s.tasks.iter().map(|t| t.code.as_str()).collect();
                format!("{}:{}", s.section, codes.join(","))
            })
            .collect()
    }

    #[test]
    fn the_first_page_keeps_the_heading_without_tasks_before_its_first_subsection() {
        let p = report().page(0, 2);
        assert_eq!(p.total_tasks, 6);
        assert_eq!(shown(&p), ["一、总体要求:", "（一）依法决策:1,2"]);
    }

    #[test]
    fn a_page_across_sections_keeps_each_task_under_its_heading() {
        assert_eq!(
            shown(&report().page(2, 3)),
            ["（一）依法决策:3", "（二）执法监督:4,5"]
        );
        assert_eq!(
            shown(&report().page(4, 4)),
            ["（二）执法监督:5", "二、保障措施:6"]
        );
    }

    #[test]
    fn past_the_end_no_tasks_and_the_rest_of_the_report_unchanged() {
        let whole = report();
        let p = report().page(6, 2);
        assert!(p.report.sections.is_empty());
        assert_eq!(p.total_tasks, 6);
        assert_eq!(p.report.units_missing, whole.units_missing);
        assert_eq!(p.report.head, whole.head);
        // a limit that would overflow is the rest of the report
        assert_eq!(shown(&report().page(5, usize::MAX)), ["二、保障措施:6"]);
    }

    #[test]
    fn the_page_travels_as_the_report_with_the_task_count() {
        let json = serde_json::to_value(report().page(0, 1)).expect("json");
        assert_eq!(json["total_tasks"], 6);
        assert_eq!(json["kind"], "summary");
        assert_eq!(json["units_missing"][0], "示例县财政局");
        assert_eq!(json["sections"][1]["tasks"][0]["code"], "1");
    }
}
