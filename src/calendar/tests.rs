use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn builtin() -> Result<Calendar, CalendarError> {
    Calendar::builtin()
}

#[test]
fn builtin_calendar_covers_2020_to_2026() -> Result<(), CalendarError> {
    let cal = builtin()?;
    let years: Vec<i32> = cal.years().map(|y| y.year).collect();
    assert_eq!(years, (2020..=2026).collect::<Vec<_>>());
    for y in cal.years() {
        assert!(y.notice.contains(&format!("{}年部分节假日安排", y.year)));
        assert_eq!(y.source, Source::Builtin);
        for g in &y.workdays {
            assert!(
                g.dates.iter().all(|d| is_weekend(*d)),
                "{} {}",
                y.year,
                g.name
            );
        }
    }
    Ok(())
}

#[test]
fn holidays_and_make_up_days_by_the_notices() -> Result<(), CalendarError> {
    let cal = builtin()?;
    // (date, is a working day)
    let table = [
        // 2020: Spring Festival extended to 2月2日; 1月19日 (Sunday) stays a working day.
        (d(2020, 1, 19), true),
        (d(2020, 1, 31), false),
        (d(2020, 2, 1), false),
        (d(2020, 2, 3), true),
        (d(2020, 10, 8), false),
        (d(2020, 10, 10), true),
        (d(2021, 9, 18), true),
        (d(2022, 4, 2), true),
        (d(2022, 10, 9), true),
        (d(2023, 1, 2), false),
        (d(2023, 10, 7), true),
        // 2024: 除夕 (2月9日) is only "encouraged" off; 2月18日 (Sunday) is worked.
        (d(2024, 2, 9), true),
        (d(2024, 2, 18), true),
        (d(2024, 9, 29), true),
        (d(2024, 10, 7), false),
        (d(2024, 10, 8), true),
        (d(2024, 10, 12), true),
        // 2025: 除夕 and 5月2日 are holidays from 2025 on.
        (d(2025, 1, 26), true),
        (d(2025, 1, 28), false),
        (d(2025, 2, 4), false),
        (d(2025, 2, 8), true),
        (d(2025, 5, 2), false),
        (d(2025, 5, 5), false),
        (d(2025, 4, 27), true),
        (d(2025, 10, 8), false),
        (d(2025, 10, 11), true),
        (d(2026, 1, 4), true),
        (d(2026, 2, 23), false),
        // Ordinary days.
        (d(2025, 3, 3), true),
        (d(2025, 3, 8), false),
        // Beyond the calendar: Monday to Friday.
        (d(2027, 10, 1), true),
        (d(2027, 10, 2), false),
    ];
    for (day, work) in table {
        assert_eq!(cal.is_workday(day), work, "{day}");
    }
    assert_eq!(cal.holiday_name(d(2024, 10, 5)), Some("国庆节"));
    assert_eq!(cal.makeup_name(d(2024, 10, 12)), Some("国庆节"));
    assert_eq!(cal.holiday_name(d(2025, 10, 6)), Some("国庆节、中秋节"));
    Ok(())
}

#[test]
fn working_days_per_year() -> Result<(), CalendarError> {
    let cal = builtin()?;
    let counts: Vec<i64> = (2020..=2026).map(|y| cal.workday_count(y)).collect();
    assert_eq!(counts, [249, 250, 249, 249, 251, 248, 248]);
    Ok(())
}

#[test]
fn next_working_day_skips_weekends_and_holidays_but_not_make_up_days() -> Result<(), CalendarError>
{
    let cal = builtin()?;
    let table = [
        (d(2024, 10, 5), d(2024, 10, 8)),
        (d(2024, 10, 8), d(2024, 10, 8)),
        (d(2024, 10, 12), d(2024, 10, 12)),
        (d(2025, 1, 28), d(2025, 2, 5)),
        (d(2025, 2, 8), d(2025, 2, 8)),
        (d(2024, 2, 10), d(2024, 2, 18)),
        (d(2023, 9, 30), d(2023, 10, 7)),
        (d(2025, 3, 8), d(2025, 3, 10)),
    ];
    for (from, want) in table {
        assert_eq!(cal.next_workday_on_or_after(from), want, "{from}");
    }
    Ok(())
}

#[test]
fn working_days_between_counts_after_the_first_day() -> Result<(), CalendarError> {
    let cal = builtin()?;
    // Friday 2024-09-27 → Tuesday 2024-10-08: Sun 9-29 (make-up), Mon 9-30, Tue 10-8.
    assert_eq!(cal.workdays_between(d(2024, 9, 27), d(2024, 10, 8)), 3);
    assert_eq!(cal.workdays_between(d(2024, 10, 8), d(2024, 9, 27)), -3);
    assert_eq!(cal.workdays_between(d(2025, 3, 3), d(2025, 3, 3)), 0);
    // A Saturday after a Friday due date: zero working days, yet past.
    assert_eq!(cal.workdays_between(d(2025, 3, 7), d(2025, 3, 8)), 0);
    Ok(())
}

fn one_year(year: &str, body: &str) -> String {
    format!(r#"{{"format": "taizhang-workdays/1", "years": {{"{year}": {body}}}}}"#)
}

#[test]
fn bad_calendar_files_are_refused_with_a_reason() {
    let good_holidays = r#""holidays": [{"name": "元旦", "dates": ["2027-01-01"]}]"#;
    let cases: Vec<(String, ErrorKind)> = vec![
        ("{ not json".into(), ErrorKind::Invalid),
        ("".into(), ErrorKind::Invalid),
        (r#"{"years": {}}"#.into(), ErrorKind::Invalid),
        (
            r#"{"format": "other/2", "years": {"2027": {}}}"#.into(),
            ErrorKind::Invalid,
        ),
        (r#"{"holidays": []}"#.into(), ErrorKind::Invalid),
        (
            one_year("27", &format!("{{{good_holidays}}}")),
            ErrorKind::Invalid,
        ),
        (
            one_year("二〇二七", &format!("{{{good_holidays}}}")),
            ErrorKind::Invalid,
        ),
        (
            one_year("1999", &format!("{{{good_holidays}}}")),
            ErrorKind::Invalid,
        ),
        (
            one_year(
                "2027",
                r#"{"holidays": [{"name": "元旦", "dates": ["2027-13-01"]}]}"#,
            ),
            ErrorKind::Invalid,
        ),
        (
            one_year(
                "2027",
                r#"{"holidays": [{"name": "元旦", "dates": ["2026-01-01"]}]}"#,
            ),
            ErrorKind::Invalid,
        ),
        (
            one_year(
                "2027",
                r#"{"holidays": [{"name": "国庆节", "dates": ["2027-10-02"]}],
                    "workdays": [{"name": "国庆节", "dates": ["2027-10-02"]}]}"#,
            ),
            ErrorKind::Invalid,
        ),
        (
            one_year(
                "2027",
                &format!(
                    r#"{{{good_holidays}, "workdays": [{{"name": "国庆节", "dates": ["2027-10-04"]}}]}}"#
                ),
            ),
            ErrorKind::Invalid,
        ),
        (one_year("2027", r#"{"holidays": []}"#), ErrorKind::Invalid),
        (one_year("2027", r#"{"holiday": []}"#), ErrorKind::Invalid),
        (
            one_year(
                "2027",
                r#"{"holidays": [{"name": " ", "dates": ["2027-01-01"]}]}"#,
            ),
            ErrorKind::Invalid,
        ),
    ];
    for (text, kind) in cases {
        match Calendar::parse(&text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => {
                assert_eq!(e.kind(), kind, "{text}: {e}");
                let msg = e.to_string();
                assert!(
                    msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{msg}"
                );
            }
        }
    }
}

#[test]
fn conflict_and_weekday_make_up_name_the_day() {
    let text = one_year(
        "2027",
        r#"{"holidays": [{"name": "国庆节", "dates": ["2027-10-02"]}],
            "workdays": [{"name": "国庆节", "dates": ["2027-10-02"]}]}"#,
    );
    let msg = Calendar::parse(&text).err().map(|e| e.to_string());
    assert!(msg.is_some_and(|m| m.contains("2027年10月2日") && m.contains("调休上班")));
    let text = one_year(
        "2027",
        r#"{"holidays": [{"name": "元旦", "dates": ["2027-01-01"]}],
            "workdays": [{"name": "国庆节", "dates": ["2027-10-08"]}]}"#,
    );
    let msg = Calendar::parse(&text).err().map(|e| e.to_string());
    assert!(msg.is_some_and(|m| m.contains("2027年10月8日（周五）")));
}

#[test]
fn a_file_with_bom_and_one_year_is_accepted() -> Result<(), CalendarError> {
    let text = format!(
        "\u{feff}{}",
        one_year(
            "2027",
            r#"{"notice": "示例", "holidays": [{"name": "元旦", "dates": ["2027-01-01"]}],
                "workdays": [{"name": "春节", "dates": ["2027-02-07"]}]}"#,
        )
    );
    let cal = Calendar::parse(&text)?;
    assert!(cal.covers(2027));
    assert!(!cal.is_workday(d(2027, 1, 1)));
    assert!(cal.is_workday(d(2027, 2, 7)));
    Ok(())
}

#[test]
fn an_import_replaces_its_years_and_can_be_undone() -> Result<(), CalendarError> {
    let mut db = Db::open_in_memory()?;
    assert!(load(db.conn())?.is_workday(d(2026, 10, 10)));
    // A corrected 2026 and a new 2027.
    let text = r#"{"years": {
        "2026": {"holidays": [{"name": "国庆节", "dates": ["2026-10-01", "2026-10-02"]}]},
        "2027": {"holidays": [{"name": "元旦", "dates": ["2027-01-01"]}]}
    }}"#;
    let summary = import_text(&mut db, text, "新日历.json")?;
    assert_eq!(summary.years, [2026, 2027]);
    assert_eq!(summary.replaced, [2026]);
    let cal = load(db.conn())?;
    assert!(!cal.is_workday(d(2026, 10, 10)));
    assert!(cal.is_workday(d(2026, 10, 5)));
    assert!(!cal.is_workday(d(2025, 10, 6)), "other years stay built in");
    assert_eq!(cal.year(2026).map(|y| y.source), Some(Source::Imported));
    assert_eq!(show_year(db.conn(), 2027)?.plan.holidays.len(), 1);
    let undone = undo_import(&mut db)?;
    assert_eq!(undone.id, summary.id);
    assert!(load(db.conn())?.is_workday(d(2026, 10, 10)));
    assert!(matches!(
        show_year(db.conn(), 2027),
        Err(CalendarError::YearMissing(2027))
    ));
    assert!(matches!(
        undo_import(&mut db),
        Err(CalendarError::NothingToUndo)
    ));
    Ok(())
}

#[test]
fn a_refused_import_leaves_the_calendar_alone() -> Result<(), CalendarError> {
    let mut db = Db::open_in_memory()?;
    let bad = r#"{"years": {"2027": {"holidays": [{"name": "元旦", "dates": ["2027-02-30"]}]}}}"#;
    assert!(matches!(
        import_text(&mut db, bad, "bad.json"),
        Err(CalendarError::BadDate { year: 2027, .. })
    ));
    assert!(imports(db.conn())?.is_empty());
    assert!(!load(db.conn())?.covers(2027));
    Ok(())
}
