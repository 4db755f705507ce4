use super::*;

use chrono::{NaiveDate, NaiveDateTime};

use crate::calendar::Calendar;
use crate::plan::{self, Covers, Phase, Plan, PlanInput, ReportRule};
use crate::progress::{self, Period, Submission};
use crate::store::Db;
use crate::task::{self, TaskInput};
use crate::unit::{self, UnitInput};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn p(y: i32, m: u32) -> Period {
    Period { year: y, month: m }
}

fn noon(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(12, 0, 0).unwrap_or_default()
}

fn day_rule(day: u32, covers: Covers) -> ReportRule {
    ReportRule {
        day: Some(day),
        covers,
        ..Default::default()
    }
}

fn month_end_rule(covers: Covers) -> ReportRule {
    ReportRule {
        month_end: true,
        covers,
        ..Default::default()
    }
}

fn no_shift(rule: ReportRule) -> ReportRule {
    ReportRule {
        shift_to_workday: false,
        ..rule
    }
}

#[test]
fn due_dates_over_rules_months_and_the_calendar() -> TestResult {
    use Covers::{Current, Previous};
    let cal = Calendar::builtin()?;
    #[rustfmt::skip]
    let table: Vec<(&str, ReportRule, Period, NaiveDate)> = vec![
        // 每月5日前报送上月
        ("国庆节顺延",       day_rule(5, Previous),  p(2024, 9),  d(2024, 10, 8)),
        ("普通周一",         day_rule(5, Previous),  p(2024, 1),  d(2024, 2, 5)),
        ("跨年遇周日",       day_rule(5, Previous),  p(2024, 12), d(2025, 1, 6)),
        ("2025国庆中秋",     day_rule(5, Previous),  p(2025, 9),  d(2025, 10, 9)),
        ("春节刚过",         day_rule(5, Previous),  p(2025, 1),  d(2025, 2, 5)),
        ("2020国庆中秋八天", day_rule(5, Previous),  p(2020, 9),  d(2020, 10, 9)),
        ("清明遇周六",       day_rule(5, Previous),  p(2025, 3),  d(2025, 4, 7)),
        ("劳动节五天",       day_rule(5, Previous),  p(2025, 4),  d(2025, 5, 6)),
        // 春节 into a make-up Sunday / Saturday
        ("春节顺延到调休周日", day_rule(10, Previous), p(2024, 1),  d(2024, 2, 18)),
        ("调休周六照常",     day_rule(8, Previous),  p(2025, 1),  d(2025, 2, 8)),
        ("除夕放假",         day_rule(28, Current),  p(2025, 1),  d(2025, 2, 5)),
        ("国庆调休周六",     day_rule(12, Current),  p(2024, 10), d(2024, 10, 12)),
        // 每月30日前填报本月: clamped to the month's end
        ("闰年2月",          day_rule(30, Current),  p(2024, 2),  d(2024, 2, 29)),
        ("平年2月",          day_rule(30, Current),  p(2025, 2),  d(2025, 2, 28)),
        ("2023年2月",        day_rule(30, Current),  p(2023, 2),  d(2023, 2, 28)),
        ("30日遇周日",       day_rule(30, Current),  p(2024, 6),  d(2024, 7, 1)),
        ("节前工作日",       day_rule(30, Current),  p(2024, 9),  d(2024, 9, 30)),
        ("劳动节前",         day_rule(30, Current),  p(2025, 4),  d(2025, 4, 30)),
        ("31日遇小月",       day_rule(31, Current),  p(2024, 4),  d(2024, 4, 30)),
        ("31日遇2月",        day_rule(31, Current),  p(2023, 2),  d(2023, 2, 28)),
        ("29日闰年",         day_rule(29, Previous), p(2024, 1),  d(2024, 2, 29)),
        ("29日平年",         day_rule(29, Previous), p(2023, 1),  d(2023, 2, 28)),
        ("29日平年周五",     day_rule(29, Previous), p(2025, 1),  d(2025, 2, 28)),
        // 月底
        ("月底遇中秋国庆到调休周六", month_end_rule(Current), p(2023, 9), d(2023, 10, 7)),
        ("年底",             month_end_rule(Current),  p(2024, 12), d(2024, 12, 31)),
        ("月底遇端午",       month_end_rule(Current),  p(2025, 5),  d(2025, 6, 3)),
        ("次月月底闰年",     month_end_rule(Previous), p(2024, 1),  d(2024, 2, 29)),
        ("次月月底遇周日",   month_end_rule(Previous), p(2020, 12), d(2021, 2, 1)),
        // 不顺延
        ("不顺延国庆",       no_shift(day_rule(5, Previous)),  p(2024, 9), d(2024, 10, 5)),
        ("不顺延月底",       no_shift(month_end_rule(Current)), p(2023, 9), d(2023, 9, 30)),
        ("不顺延仍取月末",   no_shift(day_rule(30, Current)),  p(2024, 2), d(2024, 2, 29)),
        // Beyond the calendar: weekends only.
        ("日历以外的年份",   day_rule(5, Previous),  p(2027, 5),  d(2027, 6, 7)),
    ];
    for (name, rule, period, want) in table {
        let due = due_date(&rule, period, &cal).ok_or(name)?;
        assert_eq!(due.date, want, "{name}: {period}");
        assert!(due.nominal <= due.date, "{name}");
    }
    assert_eq!(due_date(&ReportRule::default(), p(2024, 9), &cal), None);
    Ok(())
}

#[test]
fn nominal_due_keeps_the_day_the_rule_names() -> TestResult {
    let cal = Calendar::builtin()?;
    let due = due_date(&day_rule(5, Covers::Previous), p(2024, 9), &cal).ok_or("no due")?;
    assert_eq!(due.nominal, d(2024, 10, 5));
    assert_eq!(due.date, d(2024, 10, 8));
    Ok(())
}

fn plan_with(rule: ReportRule) -> Plan {
    Plan {
        id: 1,
        title: "示例县2024年行政执法规范化提升行动方案".into(),
        doc_no: String::new(),
        issuer: String::new(),
        year: Some(2024),
        start_date: Some(d(2024, 1, 1)),
        end_date: Some(d(2024, 12, 31)),
        report_rule: rule,
        report_rule_text: String::new(),
        phases: Vec::new(),
    }
}

#[test]
fn quarterly_and_half_yearly_periods() -> TestResult {
    let cal = Calendar::builtin()?;
    let quarterly = plan_with(ReportRule {
        monthly: false,
        quarterly: true,
        ..month_end_rule(Covers::Current)
    });
    let got: Vec<(String, String, NaiveDate)> = periods(&quarterly, &cal)
        .into_iter()
        .map(|r| (r.period.to_string(), r.label, r.due))
        .collect();
    assert_eq!(
        got,
        [
            ("2024-03".into(), "2024年第一季度".into(), d(2024, 4, 1)),
            ("2024-06".into(), "2024年第二季度".into(), d(2024, 7, 1)),
            ("2024-09".into(), "2024年第三季度".into(), d(2024, 9, 30)),
            ("2024-12".into(), "2024年第四季度".into(), d(2024, 12, 31)),
        ]
    );
    let monthly_half = plan_with(ReportRule {
        half_yearly: true,
        ..day_rule(5, Covers::Previous)
    });
    let all = periods(&monthly_half, &cal);
    assert_eq!(all.len(), 12);
    assert_eq!(all[5].label, "2024年6月（含上半年）");
    assert_eq!(all[5].cycles, [Cycle::Monthly, Cycle::HalfYearly]);
    assert_eq!(all[11].label, "2024年12月（含下半年）");
    assert_eq!(all[11].due, d(2025, 1, 6));
    let both = plan_with(ReportRule {
        monthly: false,
        quarterly: true,
        half_yearly: true,
        ..day_rule(10, Covers::Previous)
    });
    let labels: Vec<String> = periods(&both, &cal).into_iter().map(|r| r.label).collect();
    assert_eq!(
        labels,
        [
            "2024年第一季度",
            "2024年第二季度（含上半年）",
            "2024年第三季度",
            "2024年第四季度（含下半年）"
        ]
    );
    Ok(())
}

#[test]
fn active_range_from_dates_phases_year_or_rule() {
    let mut plan = plan_with(day_rule(5, Covers::Previous));
    assert_eq!(report_range(&plan), Some((p(2024, 1), p(2024, 12))));
    plan.start_date = None;
    plan.end_date = None;
    plan.phases = vec![
        Phase {
            id: 1,
            name: "组织动员".into(),
            start: Some(d(2024, 4, 1)),
            end: Some(d(2024, 7, 31)),
            description: String::new(),
        },
        Phase {
            id: 2,
            name: "总结评估".into(),
            start: Some(d(2024, 12, 10)),
            end: Some(d(2025, 3, 31)),
            description: String::new(),
        },
    ];
    assert_eq!(report_range(&plan), Some((p(2024, 4), p(2025, 3))));
    plan.report_rule.from = Some(p(2024, 8));
    plan.report_rule.until = Some(p(2024, 12));
    assert_eq!(report_range(&plan), Some((p(2024, 8), p(2024, 12))));
    plan.phases.clear();
    plan.report_rule.from = None;
    plan.report_rule.until = None;
    assert_eq!(report_range(&plan), Some((p(2024, 1), p(2024, 12))));
    plan.year = None;
    assert_eq!(report_range(&plan), None);
}

// ---------------------------------------------------------------------------------------------
// The board on a small fictional plan.

const JUSTICE: &str = "示例县司法局";
const FINANCE: &str = "示例县财政局";
const EDUCATION: &str = "示例县教育局";
const HEALTH: &str = "示例县卫健委";

struct Fixture {
    db: Db,
    plan_id: i64,
}

impl Fixture {
    fn new(rule: ReportRule) -> Result<Fixture, Box<dyn std::error::Error>> {
        let mut db = Db::open_in_memory()?;
        let tx = db.transaction()?;
        for (name, contact, phone) in [
            (JUSTICE, "林小燕", "0123-6523316"),
            (FINANCE, "郭淑芬", "0123-6524390"),
            (EDUCATION, "王建国", "0123-6527001"),
            (HEALTH, "陈晓东", "0123-6527202"),
        ] {
            unit::insert(
                &tx,
                &UnitInput {
                    name: name.into(),
                    contact_name: contact.into(),
                    contact_phone: phone.into(),
                    ..Default::default()
                },
            )?;
        }
        let phases = [
            ("部署启动", d(2024, 1, 1), d(2024, 3, 31)),
            ("集中推进", d(2024, 4, 1), d(2024, 10, 31)),
            ("总结验收", d(2024, 11, 1), d(2024, 12, 31)),
        ]
        .map(|(name, start, end)| Phase {
            id: 0,
            name: name.into(),
            start: Some(start),
            end: Some(end),
            description: String::new(),
        });
        let plan_id = plan::insert(
            &tx,
            &PlanInput {
                title: "示例县2024年行政执法规范化提升行动方案".into(),
                year: Some(2024),
                start_date: Some(d(2024, 1, 1)),
                end_date: Some(d(2024, 12, 31)),
                report_rule: rule,
                report_rule_text: "各责任单位每月5日前报送上月进展".into(),
                ..Default::default()
            },
            &phases,
        )?;
        for (code, title, deadline, lead, co) in [
            (
                "1",
                "梳理行政执法事项清单",
                "2024年6月底前",
                JUSTICE,
                FINANCE,
            ),
            ("2", "开展执法案卷评查", "长期坚持", EDUCATION, JUSTICE),
        ] {
            task::insert(
                &tx,
                &TaskInput {
                    plan_id,
                    code: code.into(),
                    title: title.into(),
                    deadline_text: deadline.into(),
                    lead_units: vec![lead.into()],
                    co_units: vec![co.into()],
                    ..Default::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(Fixture { db, plan_id })
    }

    fn unit(&self, name: &str) -> Result<i64, UnitError> {
        unit::resolve(self.db.conn(), name)
    }

    fn submit(&mut self, name: &str, period: Period, at: &str) -> TestResult {
        let unit_id = self.unit(name)?;
        let tx = self.db.transaction()?;
        progress::record_submission(
            &tx,
            &Submission {
                plan_id: self.plan_id,
                unit_id,
                period,
                file_name: "台账.xlsx",
                file_hash: "",
                received_at: at,
            },
            &[],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn board(&self, today: NaiveDate) -> Result<Board, RemindError> {
        board(&self.db, self.plan_id, today)
    }

    fn states(
        &self,
        period: Period,
        today: NaiveDate,
    ) -> Result<Vec<(String, UnitState)>, RemindError> {
        Ok(period_status(&self.db, self.plan_id, period, today)?
            .units
            .into_iter()
            .map(|u| (u.unit, u.state))
            .collect())
    }
}

fn from_september() -> ReportRule {
    ReportRule {
        from: Some(p(2024, 9)),
        ..day_rule(5, Covers::Previous)
    }
}

#[test]
fn board_counts_down_in_working_days_to_the_national_day_due_date() -> TestResult {
    let fx = Fixture::new(from_september())?;
    // (today, working days left for 2024-09, state of every unit)
    let table = [
        (d(2024, 9, 20), 8, UnitState::Waiting, Level::Green),
        (d(2024, 9, 26), 4, UnitState::Waiting, Level::Green),
        (d(2024, 9, 27), 3, UnitState::DueSoon, Level::Yellow),
        (d(2024, 10, 1), 1, UnitState::DueSoon, Level::Yellow),
        (d(2024, 10, 8), 0, UnitState::DueSoon, Level::Yellow),
    ];
    for (today, left, state, level) in table {
        let b = fx.board(today)?;
        let cur = b.current.as_ref().ok_or("no current period")?;
        assert_eq!(cur.report.period, p(2024, 9), "{today}");
        assert_eq!(cur.report.due, d(2024, 10, 8));
        assert_eq!(cur.workdays_left, left, "{today}");
        assert_eq!(cur.level, level, "{today}");
        assert_eq!(cur.units.len(), 3, "{today}");
        assert!(cur.units.iter().all(|u| u.state == state), "{today}");
        assert_eq!(cur.missing, 3);
        let next = b.next.as_ref().ok_or("no next period")?;
        assert_eq!(
            (next.report.period, next.report.due),
            (p(2024, 10), d(2024, 11, 5))
        );
        assert!(b.overdue.is_empty());
    }
    let b = fx.board(d(2024, 10, 9))?;
    assert_eq!(
        b.current.as_ref().map(|c| c.report.period),
        Some(p(2024, 10))
    );
    assert_eq!(b.overdue.len(), 1);
    assert_eq!(b.overdue[0].level, Level::Red);
    assert_eq!(b.overdue[0].workdays_left, -1);
    assert!(b.overdue[0]
        .units
        .iter()
        .all(|u| u.state == UnitState::Overdue));
    Ok(())
}

#[test]
fn reported_late_and_missing_units() -> TestResult {
    let mut fx = Fixture::new(from_september())?;
    fx.submit(JUSTICE, p(2024, 9), "2024-10-07 16:20:00")?;
    fx.submit(FINANCE, p(2024, 9), "2024-10-09 09:30:00")?;
    let before_due = fx.states(p(2024, 9), d(2024, 10, 8))?;
    assert_eq!(
        before_due,
        [
            (JUSTICE.to_string(), UnitState::Reported),
            (FINANCE.to_string(), UnitState::Late),
            (EDUCATION.to_string(), UnitState::DueSoon),
        ]
    );
    let b = fx.board(d(2024, 10, 10))?;
    let sept = b.overdue.first().ok_or("September should be overdue")?;
    assert_eq!((sept.reported, sept.late, sept.missing), (2, 1, 1));
    assert_eq!(sept.missing_units(), [EDUCATION]);
    assert_eq!(sept.level, Level::Red);
    assert_eq!(
        sept.units.iter().map(|u| u.state).collect::<Vec<_>>(),
        [UnitState::Reported, UnitState::Late, UnitState::Overdue]
    );
    // The unit grid stays on September (逾期 red, 迟报) while October's report is not open yet.
    let focus = b.focus.as_ref().ok_or("a focus period")?;
    assert_eq!(focus, sept);
    assert_eq!(
        b.current.as_ref().map(|c| c.report.period),
        Some(p(2024, 10))
    );
    fx.submit(EDUCATION, p(2024, 9), "2024-10-11 08:00:00")?;
    let b = fx.board(d(2024, 10, 12))?;
    assert!(
        b.overdue.is_empty(),
        "a fully reported period leaves the board"
    );
    assert_eq!(
        fx.states(p(2024, 9), d(2024, 10, 12))?
            .into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>(),
        [UnitState::Reported, UnitState::Late, UnitState::Late]
    );
    let focus = |b: &Board| b.focus.as_ref().map(|f| (f.report.period, f.missing));
    assert_eq!(
        focus(&b),
        Some((p(2024, 9), 0)),
        "all in, two late: still shown"
    );
    // The late units stay in sight after October's report opens, until the clerk moves on.
    assert_eq!(focus(&fx.board(d(2024, 10, 31))?), Some((p(2024, 9), 0)));
    assert_eq!(focus(&fx.board(d(2024, 11, 1))?), Some((p(2024, 9), 0)));
    move_on(
        &mut fx.db,
        fx.plan_id,
        Some(p(2024, 9)),
        noon(d(2024, 11, 1)),
    )?;
    let nov = fx.board(d(2024, 11, 1))?;
    assert_eq!(nov.moved_on, Some(p(2024, 9)));
    assert_eq!(focus(&nov), Some((p(2024, 10), 3)));
    assert_eq!(nov.focus, nov.current);
    // Received on the due date itself is on time.
    fx.submit(FINANCE, p(2024, 10), "2024-11-05 17:59:00")?;
    let oct = period_status(&fx.db, fx.plan_id, p(2024, 10), d(2024, 11, 6))?;
    assert_eq!(oct.units[1].state, UnitState::Reported);
    Ok(())
}

#[test]
fn the_main_card_stays_on_a_missed_month_until_the_clerk_moves_on() -> TestResult {
    // 每月30日前填报: October's report opens on October 1st, yet the day after September's due
    // date the main card stays on September, whose units have not reported, until the clerk
    // moves on; September stays listed as overdue either way.
    let mut fx = Fixture::new(day_rule(30, Covers::Current))?;
    let b = fx.board(d(2024, 10, 1))?;
    let focus = b.focus.as_ref().ok_or("a focus period")?;
    assert_eq!(focus.report.period, p(2024, 9));
    assert_eq!(focus.missing, 3);
    assert_eq!(
        b.current.as_ref().map(|c| c.report.period),
        Some(p(2024, 10))
    );
    assert_eq!(b.overdue.first().map(|s| s.report.period), Some(p(2024, 9)));
    move_on(
        &mut fx.db,
        fx.plan_id,
        Some(p(2024, 9)),
        noon(d(2024, 10, 12)),
    )?;
    let b = fx.board(d(2024, 10, 12))?;
    assert_eq!(b.focus, b.current);
    assert_eq!(b.overdue.first().map(|s| s.report.period), Some(p(2024, 9)));
    // A later month missed takes the card again; clearing brings back the newest missed month.
    let b = fx.board(d(2024, 11, 1))?;
    assert_eq!(b.focus.as_ref().map(|f| f.report.period), Some(p(2024, 10)));
    move_on(&mut fx.db, fx.plan_id, None, noon(d(2024, 11, 1)))?;
    assert_eq!(
        fx.board(d(2024, 10, 12))?.focus.map(|f| f.report.period),
        Some(p(2024, 9))
    );
    // Only a reporting period of the plan can be moved on from.
    let err = move_on(
        &mut fx.db,
        fx.plan_id,
        Some(p(2023, 5)),
        noon(d(2024, 11, 1)),
    );
    assert!(
        matches!(err, Err(RemindError::NotAReportPeriod { .. })),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn the_month_after_an_on_time_month_takes_the_main_card_at_once() -> TestResult {
    let mut fx = Fixture::new(ReportRule {
        from: Some(p(2024, 9)),
        ..day_rule(30, Covers::Current)
    })?;
    for unit in [JUSTICE, FINANCE, EDUCATION] {
        fx.submit(unit, p(2024, 9), "2024-09-27 10:00:00")?;
    }
    let b = fx.board(d(2024, 10, 1))?;
    assert_eq!(b.focus.as_ref().map(|f| f.report.period), Some(p(2024, 10)));
    assert_eq!(b.focus, b.current);
    Ok(())
}

#[test]
fn board_counts_add_up_across_on_time_late_and_missing() -> TestResult {
    let mut fx = Fixture::new(from_september())?;
    // September (due 2024-10-08): on time, late, missing; October: two late, one on time.
    fx.submit(JUSTICE, p(2024, 9), "2024-10-08 17:00:00")?;
    fx.submit(FINANCE, p(2024, 9), "2024-10-09 09:00:00")?;
    fx.submit(JUSTICE, p(2024, 10), "2024-11-04 09:00:00")?;
    fx.submit(FINANCE, p(2024, 10), "2024-11-06 09:00:00")?;
    fx.submit(EDUCATION, p(2024, 10), "2024-11-07 09:00:00")?;
    for today in [
        d(2024, 9, 20),
        d(2024, 10, 8),
        d(2024, 10, 9),
        d(2024, 11, 8),
        d(2025, 2, 1),
    ] {
        let b = fx.board(today)?;
        let cards = [&b.current, &b.next, &b.focus];
        for s in cards.into_iter().flatten().chain(&b.overdue) {
            let label = &s.report.label;
            assert_eq!(
                s.on_time + s.late + s.missing,
                s.required,
                "{today} {label}: 已报 + 迟报 + 未报 = 应报"
            );
            assert_eq!(s.required, s.units.len(), "{today} {label}");
            assert_eq!(s.reported, s.on_time + s.late, "{today} {label}");
            for (count, n) in [
                (Count::OnTime, s.on_time),
                (Count::Late, s.late),
                (Count::Missing, s.missing),
            ] {
                let listed = s.units.iter().filter(|u| u.state.count() == count).count();
                assert_eq!(listed, n, "{today} {label} {count:?}");
            }
        }
    }
    let sept = period_status(&fx.db, fx.plan_id, p(2024, 9), d(2024, 11, 8))?;
    assert_eq!(
        (sept.on_time, sept.late, sept.missing, sept.required),
        (1, 1, 1, 3)
    );
    let oct = period_status(&fx.db, fx.plan_id, p(2024, 10), d(2024, 11, 8))?;
    assert_eq!(
        (oct.on_time, oct.late, oct.missing, oct.required),
        (1, 2, 0, 3)
    );
    // The card the clerk sees after October's due date: October, with its two late units.
    let b = fx.board(d(2024, 11, 8))?;
    assert_eq!(b.focus.map(|f| f.report.period), Some(p(2024, 10)));
    Ok(())
}

#[test]
fn months_outside_the_reporting_window_are_never_due() -> TestResult {
    // Reporting from August to November 2024 in a plan that runs the whole year.
    let rule = ReportRule {
        from: Some(p(2024, 8)),
        until: Some(p(2024, 11)),
        ..day_rule(5, Covers::Previous)
    };
    let fx = Fixture::new(rule)?;
    let b = fx.board(d(2024, 7, 20))?;
    assert_eq!(
        b.current.as_ref().map(|c| c.report.period),
        Some(p(2024, 8))
    );
    assert!(b.overdue.is_empty(), "nothing before August is overdue");
    let items = reminders(&fx.db, Some(fx.plan_id), d(2025, 3, 1))?.items;
    let periods: Vec<Period> = items.iter().filter_map(|i| i.period).collect();
    assert_eq!(periods, [p(2024, 8), p(2024, 9), p(2024, 10), p(2024, 11)]);
    assert!(due_units(&fx.db, fx.plan_id, p(2024, 7))?.is_empty());
    assert!(due_units(&fx.db, fx.plan_id, p(2024, 12))?.is_empty());
    assert_eq!(due_units(&fx.db, fx.plan_id, p(2024, 8))?.len(), 3);
    assert!(matches!(
        chase_list(&fx.db, fx.plan_id, p(2024, 7), d(2024, 8, 20), None),
        Err(RemindError::NotAReportPeriod { .. })
    ));
    Ok(())
}

#[test]
fn the_current_period_is_the_boards_without_reading_reports() -> TestResult {
    let mut fx = Fixture::new(from_september())?;
    fx.submit(JUSTICE, p(2024, 9), "2024-10-09 10:00:00")?;
    // before the first due date, on it (2024-10-08, after the National Day shift), the day
    // after, a month later, and after the plan's last report
    for today in [
        d(2024, 9, 20),
        d(2024, 10, 8),
        d(2024, 10, 9),
        d(2024, 11, 6),
        d(2026, 6, 1),
    ] {
        let board = fx.board(today)?;
        assert_eq!(
            current_period(&fx.db, fx.plan_id, today)?,
            board.current.map(|c| c.report),
            "{today}"
        );
    }
    assert_eq!(
        current_period(&fx.db, fx.plan_id, d(2024, 10, 9))?.map(|c| c.period),
        Some(p(2024, 10))
    );
    assert_eq!(current_period(&fx.db, fx.plan_id, d(2026, 6, 1))?, None);
    Ok(())
}

#[test]
fn after_the_last_report_no_period_is_in_focus() -> TestResult {
    let fx = Fixture::new(from_september())?;
    let mut fx = fx;
    let b = fx.board(d(2026, 6, 1))?;
    assert_eq!(b.current, None, "the plan has no report left to come");
    assert!(
        !b.overdue.is_empty(),
        "what is still missing is listed as overdue"
    );
    // The last month still missing reports holds the card until the clerk moves on.
    assert_eq!(b.focus.map(|f| f.report.period), Some(p(2024, 12)));
    move_on(
        &mut fx.db,
        fx.plan_id,
        Some(p(2024, 12)),
        noon(d(2026, 6, 1)),
    )?;
    assert_eq!(fx.board(d(2026, 6, 1))?.focus, None);
    Ok(())
}

#[test]
fn earlier_periods_pile_up_as_overdue_newest_first() -> TestResult {
    let fx = Fixture::new(day_rule(5, Covers::Previous))?;
    let b = fx.board(d(2024, 4, 10))?;
    let overdue: Vec<Period> = b.overdue.iter().map(|s| s.report.period).collect();
    assert_eq!(overdue, [p(2024, 3), p(2024, 2), p(2024, 1)]);
    assert_eq!(b.current.map(|c| c.report.due), Some(d(2024, 5, 6)));
    Ok(())
}

/// The window's board keeps the unit states of the main card's period only, and every count.
#[test]
fn the_brief_board_keeps_counts_everywhere_and_units_on_the_main_card_only() -> TestResult {
    let fx = Fixture::new(day_rule(5, Covers::Previous))?;
    let full = fx.board(d(2024, 4, 10))?;
    assert_eq!(full.overdue.len(), 3);
    assert!(full.overdue.iter().all(|p| !p.units.is_empty()));
    let main = full.focus.as_ref().ok_or("a main card")?.report.period;
    assert_eq!(main, p(2024, 3));
    let brief = full.clone().brief();
    for (a, b) in full.overdue.iter().zip(&brief.overdue) {
        assert_eq!(
            (a.required, a.on_time, a.late, a.missing),
            (b.required, b.on_time, b.late, b.missing)
        );
        assert_eq!(
            b.units.is_empty(),
            b.report.period != main,
            "{}",
            b.report.period
        );
    }
    assert_eq!(brief.focus, full.focus, "the main card keeps its units");
    let current = brief.current.as_ref().ok_or("a current period")?;
    assert!(current.units.is_empty());
    assert_eq!(
        current.required,
        full.current.as_ref().map_or(0, |c| c.required)
    );
    Ok(())
}

#[test]
fn units_added_mid_year_report_from_when_they_joined() -> TestResult {
    let mut fx = Fixture::new(day_rule(5, Covers::Previous))?;
    // Units entered with the plan count from the start, whatever the clock says.
    let joined: i64 = fx.db.conn().query_row(
        "SELECT count(*) FROM plan_unit WHERE plan_id = ?1 AND first_seen IS NOT NULL",
        [fx.plan_id],
        |r| r.get(0),
    )?;
    assert_eq!(joined, 3);
    assert_eq!(fx.states(p(2024, 1), d(2024, 2, 6))?.len(), 3);
    // The plan was entered in January; 卫健委 got its first task on 2024-07-15.
    task::add(
        &mut fx.db,
        &TaskInput {
            plan_id: fx.plan_id,
            code: "3".into(),
            title: "推进卫生健康领域执法监督".into(),
            deadline_text: "长期坚持".into(),
            lead_units: vec![HEALTH.into()],
            ..Default::default()
        },
    )?;
    let health = fx.unit(HEALTH)?;
    fx.db.conn().execute(
        "UPDATE plan SET created_at = '2024-01-02 09:00:00' WHERE id = ?1",
        [fx.plan_id],
    )?;
    fx.db.conn().execute(
        "UPDATE plan_unit SET first_seen = CASE unit_id WHEN ?1 THEN '2024-07-15' ELSE '2024-01-02' END",
        [health],
    )?;
    let names = |fx: &Fixture, period| -> Result<Vec<String>, RemindError> {
        Ok(fx
            .states(period, d(2024, 12, 20))?
            .into_iter()
            .map(|(n, _)| n)
            .collect())
    };
    assert_eq!(names(&fx, p(2024, 1))?, [JUSTICE, FINANCE, EDUCATION]);
    assert!(
        !names(&fx, p(2024, 6))?.contains(&HEALTH.to_string()),
        "due 7-05, before joining"
    );
    assert!(
        names(&fx, p(2024, 7))?.contains(&HEALTH.to_string()),
        "due 8-05, after joining"
    );
    // Editing its task later does not move the day it joined.
    let t = task::list(
        &fx.db,
        &crate::task::TaskFilter {
            plan_id: Some(fx.plan_id),
            ..Default::default()
        },
    )?;
    let id = t
        .iter()
        .find(|t| t.code == "3")
        .map(|t| t.id)
        .ok_or("task 3")?;
    task::edit(
        &mut fx.db,
        id,
        &TaskInput {
            plan_id: fx.plan_id,
            code: "3".into(),
            title: "推进卫生健康领域行政执法监督".into(),
            deadline_text: "长期坚持".into(),
            lead_units: vec![HEALTH.into()],
            ..Default::default()
        },
    )?;
    assert!(!names(&fx, p(2024, 6))?.contains(&HEALTH.to_string()));
    // The clerk says: from September.
    set_unit_report_from(&mut fx.db, fx.plan_id, health, Some(p(2024, 9)))?;
    assert!(!names(&fx, p(2024, 8))?.contains(&HEALTH.to_string()));
    assert!(names(&fx, p(2024, 9))?.contains(&HEALTH.to_string()));
    // A report it sent anyway still shows.
    fx.submit(HEALTH, p(2024, 8), "2024-09-03 10:00:00")?;
    assert!(names(&fx, p(2024, 8))?.contains(&HEALTH.to_string()));
    Ok(())
}

#[test]
fn task_deadlines_near_or_past_and_phases() -> TestResult {
    let fx = Fixture::new(from_september())?;
    assert!(
        fx.board(d(2024, 6, 1))?.tasks.is_empty(),
        "19 working days ahead"
    );
    let soon = fx.board(d(2024, 6, 20))?;
    assert_eq!(soon.tasks.len(), 1);
    assert_eq!(soon.tasks[0].deadline, d(2024, 6, 30));
    assert_eq!(soon.tasks[0].workdays_left, 6);
    assert_eq!(soon.tasks[0].level, Level::Yellow);
    assert_eq!(soon.tasks[0].lead_units, [JUSTICE]);
    let late = fx.board(d(2024, 7, 1))?;
    assert!(late.tasks[0].overdue);
    assert_eq!(late.tasks[0].level, Level::Red);
    let b = fx.board(d(2024, 10, 9))?;
    assert_eq!(
        b.current_phase.map(|p| p.name),
        Some("集中推进".to_string())
    );
    assert_eq!(b.next_phase.map(|p| p.name), Some("总结验收".to_string()));
    Ok(())
}

#[test]
fn board_items_put_red_first_with_missing_units() -> TestResult {
    let mut fx = Fixture::new(from_september())?;
    fx.submit(JUSTICE, p(2024, 9), "2024-10-08 10:00:00")?;
    let items = board_items(&fx.board(d(2024, 10, 9))?);
    let kinds: Vec<(ItemKind, Level, NaiveDate)> =
        items.iter().map(|i| (i.kind, i.level, i.due)).collect();
    assert_eq!(
        kinds,
        [
            (ItemKind::TaskDeadline, Level::Red, d(2024, 6, 30)),
            (ItemKind::ReportOverdue, Level::Red, d(2024, 10, 8)),
            (ItemKind::Phase, Level::Green, d(2024, 10, 31)),
            (ItemKind::Phase, Level::Green, d(2024, 11, 1)),
            (ItemKind::ReportDue, Level::Green, d(2024, 11, 5)),
            (ItemKind::ReportDue, Level::Green, d(2024, 12, 5)),
        ]
    );
    let overdue = &items[1];
    assert_eq!(overdue.period, Some(p(2024, 9)));
    assert_eq!(
        overdue.units_missing.as_deref(),
        Some(&[FINANCE.to_string(), EDUCATION.to_string()][..])
    );
    assert!(overdue.title.contains("2024年9月"), "{}", overdue.title);
    assert!(
        overdue.title.contains("已逾期1个工作日"),
        "{}",
        overdue.title
    );
    assert_eq!(items[2].period, None);
    let json = serde_json::to_value(&items[1])?;
    let keys: Vec<&String> = json.as_object().ok_or("object")?.keys().collect();
    assert_eq!(keys.len(), 6);
    assert_eq!(json["kind"], "report_overdue");
    assert_eq!(json["due"], "2024-10-08");
    assert_eq!(json["period"], "2024-09");
    assert_eq!(json["level"], "red");
    Ok(())
}

#[test]
fn turning_the_shift_off_keeps_the_named_day() -> TestResult {
    let mut fx = Fixture::new(from_september())?;
    let plan = plan::get(fx.db.conn(), fx.plan_id)?;
    assert!(plan.report_rule.shift_to_workday);
    plan::set_report_rule(
        &mut fx.db,
        fx.plan_id,
        &ReportRule {
            shift_to_workday: false,
            ..plan.report_rule
        },
    )?;
    let b = fx.board(d(2024, 10, 6))?;
    assert_eq!(b.current.map(|c| c.report.period), Some(p(2024, 10)));
    assert_eq!(b.overdue[0].report.due, d(2024, 10, 5));
    Ok(())
}

#[test]
fn settings_change_the_warning_window_and_check_the_template() -> TestResult {
    let mut fx = Fixture::new(from_september())?;
    assert_eq!(settings(fx.db.conn())?, RemindSettings::default());
    let s = save_settings(
        &mut fx.db,
        &RemindSettings {
            soon_days: 5,
            task_soon_days: 10,
            chase_template: "｛单位｝：请于{截止日期}前报送{期次}台账。".into(),
        },
    )?;
    assert_eq!(s.chase_template, "{单位}：请于{截止日期}前报送{期次}台账。");
    let cur = fx.board(d(2024, 9, 26))?.current.ok_or("current")?;
    assert_eq!(cur.units[0].state, UnitState::DueSoon);
    for (template, kind) in [
        ("", "EmptyTemplate"),
        ("{单 位}请报送", "UnknownPlaceholder"),
        ("{部门}请报送", "UnknownPlaceholder"),
        ("{单位请报送", "UnpairedBrace"),
        ("单位}请报送", "UnpairedBrace"),
    ] {
        let err = check_template(template).err().ok_or(template)?;
        assert!(format!("{err:?}").starts_with(kind), "{template}: {err:?}");
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }
    let too_many = RemindSettings {
        soon_days: 31,
        ..RemindSettings::default()
    };
    assert!(matches!(
        save_settings(&mut fx.db, &too_many),
        Err(RemindError::BadDays { value: 31, .. })
    ));
    assert_eq!(
        settings(fx.db.conn())?.soon_days,
        5,
        "refused settings change nothing"
    );
    Ok(())
}

#[test]
fn chase_messages_for_missing_units_and_marking_them() -> TestResult {
    let mut fx = Fixture::new(from_september())?;
    fx.submit(JUSTICE, p(2024, 9), "2024-10-07 16:20:00")?;
    fx.submit(FINANCE, p(2024, 9), "2024-10-09 09:30:00")?;
    let list = chase_list(&fx.db, fx.plan_id, p(2024, 9), d(2024, 10, 10), None)?;
    assert_eq!(list.units.len(), 1);
    assert_eq!(list.message_all, list.units[0].message);
    let m = &list.units[0];
    assert_eq!(
        (m.unit.as_str(), m.contact_name.as_str()),
        (EDUCATION, "王建国")
    );
    assert_eq!(m.contact_phone, "0123-6527001");
    assert_eq!(m.state, UnitState::Overdue);
    assert_eq!(
        m.message,
        "【催报提醒】示例县教育局：《示例县2024年行政执法规范化提升行动方案》2024年9月工作台账应于2024年10月8日前报送，目前尚未收到，已逾期2个工作日。请尽快填报并报送县依法治县办；如已报送，请忽略本提醒。"
    );
    let before = chase_list(&fx.db, fx.plan_id, p(2024, 10), d(2024, 11, 5), None)?;
    assert_eq!(before.units.len(), 3);
    assert!(before.units[0].message.contains("今天截止，目前尚未收到"));
    assert!(before
        .message_all
        .starts_with("【催报提醒】示例县司法局、示例县财政局、示例县教育局：《"));
    let one = chase_list(
        &fx.db,
        fx.plan_id,
        p(2024, 10),
        d(2024, 11, 5),
        Some(m.unit_id),
    )?;
    assert_eq!(one.units.len(), 1);
    assert_eq!(one.units[0].unit, EDUCATION);
    let at = d(2024, 10, 10).and_hms_opt(10, 0, 0).ok_or("time")?;
    let rec = mark_chased(
        &mut fx.db,
        fx.plan_id,
        m.unit_id,
        p(2024, 9),
        at,
        &m.message,
    )?;
    assert_eq!(rec.chased_at, "2024-10-10 10:00:00");
    let again = chase_list(&fx.db, fx.plan_id, p(2024, 9), d(2024, 10, 11), None)?;
    assert_eq!(
        again.units[0].chased_at.as_deref(),
        Some("2024-10-10 10:00:00")
    );
    assert_eq!(again.units[0].chase_count, 1);
    let b = fx.board(d(2024, 10, 11))?;
    let edu = b.overdue[0]
        .units
        .iter()
        .find(|u| u.unit == EDUCATION)
        .ok_or("edu")?;
    assert_eq!(edu.chased_at.as_deref(), Some("2024-10-10 10:00:00"));
    let log = chase_log(fx.db.conn(), fx.plan_id, p(2024, 9))?;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].unit, EDUCATION);
    Ok(())
}

#[test]
fn chasing_outside_the_plan_is_refused() -> TestResult {
    let fx = Fixture::new(from_september())?;
    let err = chase_list(&fx.db, fx.plan_id, p(2024, 3), d(2024, 4, 10), None).err();
    assert!(matches!(err, Some(RemindError::NotAReportPeriod { .. })));
    assert!(err.is_some_and(|e| e.to_string().contains("2024年9月至2024年12月，共4期")));
    let health = fx.unit(HEALTH)?;
    let err = chase_list(
        &fx.db,
        fx.plan_id,
        p(2024, 9),
        d(2024, 10, 10),
        Some(health),
    )
    .err();
    assert!(matches!(err, Some(RemindError::UnitNotInPlan(ref n)) if n == HEALTH));
    let mut db = Db::open_in_memory()?;
    let tx = db.transaction()?;
    let id = plan::insert(
        &tx,
        &PlanInput {
            title: "示例县无报送规则的方案".into(),
            year: Some(2024),
            ..Default::default()
        },
        &[],
    )?;
    tx.commit()?;
    assert!(matches!(
        chase_list(&db, id, p(2024, 3), d(2024, 4, 10), None),
        Err(RemindError::NoRule(_))
    ));
    let b = board(&db, id, d(2024, 4, 10))?;
    assert!(b.current.is_none());
    assert_eq!(b.warnings.len(), 1);
    Ok(())
}

#[test]
fn a_year_outside_the_calendar_is_warned_about() -> TestResult {
    let mut db = Db::open_in_memory()?;
    let tx = db.transaction()?;
    let id = plan::insert(
        &tx,
        &PlanInput {
            title: "示例县2027年法治政府建设实施方案".into(),
            year: Some(2027),
            report_rule: day_rule(5, Covers::Previous),
            ..Default::default()
        },
        &[],
    )?;
    tx.commit()?;
    let b = board(&db, id, d(2027, 3, 1))?;
    assert!(
        b.warnings.iter().any(|w| w.contains("2027年")),
        "{:?}",
        b.warnings
    );
    Ok(())
}

#[test]
fn a_rule_whose_window_ends_before_it_starts_is_refused_against_the_plan_dates() -> TestResult {
    // The plan runs through 2024; reporting from February 2025 would leave no period at all.
    let mut fx = Fixture::new(day_rule(5, Covers::Previous))?;
    let before = plan::get(fx.db.conn(), fx.plan_id)?;
    let rule = ReportRule {
        from: Some(p(2025, 2)),
        ..before.report_rule
    };
    let err = plan::set_report_rule(&mut fx.db, fx.plan_id, &rule);
    assert!(
        matches!(err, Err(PlanError::WindowReversed { .. })),
        "{err:?}"
    );
    assert_eq!(plan::get(fx.db.conn(), fx.plan_id)?, before);
    let rule = ReportRule {
        from: Some(p(2024, 8)),
        ..before.report_rule
    };
    let after = plan::set_report_rule(&mut fx.db, fx.plan_id, &rule)?;
    assert_eq!(after.report_window(), Some((p(2024, 8), p(2024, 12))));
    Ok(())
}
