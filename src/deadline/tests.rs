use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn date_of(text: &str, plan_year: Option<i32>) -> Option<NaiveDate> {
    let parsed = parse(text, plan_year).unwrap();
    if parsed.kind == DeadlineKind::Date {
        assert!(parsed.date.is_some(), "{text}: Date without date");
    } else {
        assert!(parsed.date.is_none(), "{text}: date on non-Date kind");
    }
    parsed.date
}

#[test]
fn month_end_before_is_last_day_of_month() {
    for text in [
        "2024年6月底前",
        "2024年6月底",
        "2024年6月末",
        "2024年6月",
        "2024年6月份",
    ] {
        assert_eq!(date_of(text, None), Some(d(2024, 6, 30)), "{text}");
    }
    assert_eq!(date_of("2024年4月底前", None), Some(d(2024, 4, 30)));
}

#[test]
fn month_before_means_end_of_previous_month() {
    assert_eq!(date_of("2024年6月前", None), Some(d(2024, 5, 31)));
    assert_eq!(date_of("2024年6月以前", None), Some(d(2024, 5, 31)));
    assert_eq!(date_of("2024年3月前", None), Some(d(2024, 2, 29)));
    assert_eq!(date_of("2025年1月前", None), Some(d(2024, 12, 31)));
}

#[test]
fn february_end_respects_leap_years() {
    assert_eq!(date_of("2024年2月底前", None), Some(d(2024, 2, 29)));
    assert_eq!(date_of("2023年2月底前", None), Some(d(2023, 2, 28)));
    assert_eq!(date_of("2100年2月底", None), Some(d(2100, 2, 28)));
    assert_eq!(date_of("2000年2月底", None), Some(d(2000, 2, 29)));
}

#[test]
fn full_dates_in_every_written_form() {
    for text in [
        "2020年10月31日",
        "2020年10月31日前",
        "2020.10.31",
        "2020-10-31",
        "2020/10/31",
        "2020年10月31号",
    ] {
        assert_eq!(date_of(text, None), Some(d(2020, 10, 31)), "{text}");
    }
}

#[test]
fn spreadsheet_datetime_keeps_only_the_date() {
    assert_eq!(date_of("2020-10-31 00:00:00", None), Some(d(2020, 10, 31)));
    assert_eq!(date_of("2020/10/31 0:00", None), Some(d(2020, 10, 31)));
}

#[test]
fn dotted_month_day_uses_plan_year() {
    assert_eq!(date_of("10.31", Some(2020)), Some(d(2020, 10, 31)));
    assert_eq!(date_of("10.31前", Some(2021)), Some(d(2021, 10, 31)));
    assert_eq!(date_of("6/15", Some(2024)), Some(d(2024, 6, 15)));
}

#[test]
fn yearless_text_without_plan_year_is_not_guessed() {
    for text in ["10.31", "6月15日", "6月底前", "年底前", "二季度末"] {
        assert_eq!(parse(text, None).unwrap(), Deadline::none(), "{text}");
    }
}

#[test]
fn yearless_chinese_dates_use_plan_year() {
    assert_eq!(date_of("6月15日", Some(2024)), Some(d(2024, 6, 15)));
    assert_eq!(date_of("6月底前", Some(2024)), Some(d(2024, 6, 30)));
    assert_eq!(date_of("年底前", Some(2024)), Some(d(2024, 12, 31)));
    assert_eq!(date_of("9月底", Some(2020)), Some(d(2020, 9, 30)));
}

#[test]
fn year_end_forms() {
    for text in [
        "2024年底前",
        "2024年底",
        "2024年年底前",
        "2024 年年底前",
        "2024年末",
        "2024年",
    ] {
        assert_eq!(date_of(text, None), Some(d(2024, 12, 31)), "{text}");
    }
}

#[test]
fn half_years_and_quarters_end_on_their_last_day() {
    assert_eq!(date_of("2024年上半年", None), Some(d(2024, 6, 30)));
    assert_eq!(date_of("2024年下半年", None), Some(d(2024, 12, 31)));
    assert_eq!(date_of("2024年第一季度", None), Some(d(2024, 3, 31)));
    assert_eq!(date_of("2024年第三季度末", None), Some(d(2024, 9, 30)));
    assert_eq!(date_of("一季度", Some(2024)), Some(d(2024, 3, 31)));
    assert_eq!(date_of("二季度末", Some(2024)), Some(d(2024, 6, 30)));
    assert_eq!(date_of("四季度", Some(2024)), Some(d(2024, 12, 31)));
    assert_eq!(date_of("上半年", Some(2023)), Some(d(2023, 6, 30)));
}

#[test]
fn several_dates_take_the_last_one() {
    let text = "2024年6月底前完成初稿，2024年12月底前全面完成";
    assert_eq!(date_of(text, None), Some(d(2024, 12, 31)));
    let text = "2024年3月底前制定方案，9月底前完成整改";
    assert_eq!(date_of(text, None), Some(d(2024, 9, 30)));
    assert_eq!(date_of("2024年6月至8月", None), Some(d(2024, 8, 31)));
}

#[test]
fn later_yearless_date_inherits_the_written_year_not_the_plan_year() {
    let text = "2025年5月底前摸底，年底前完成";
    assert_eq!(date_of(text, Some(2024)), Some(d(2025, 12, 31)));
}

#[test]
fn ongoing_words_are_ongoing() {
    for text in [
        "长期坚持",
        "持续推进",
        "长期",
        "常态化",
        "持续开展",
        "全年",
        "常态化开展",
    ] {
        assert_eq!(
            parse(text, Some(2024)).unwrap(),
            Deadline::ongoing(),
            "{text}"
        );
    }
}

#[test]
fn recurring_words_give_recurrence_without_date() {
    let cases = [
        ("每月", Recurrence::Monthly),
        ("按月报送", Recurrence::Monthly),
        ("每月5日前报送上月进展", Recurrence::Monthly),
        ("每季度", Recurrence::Quarterly),
        ("按季度", Recurrence::Quarterly),
        ("每季度末", Recurrence::Quarterly),
        ("每半年", Recurrence::HalfYearly),
        ("每年", Recurrence::Yearly),
        ("每年第一季度", Recurrence::Yearly),
        ("每年6月底前", Recurrence::Yearly),
    ];
    for (text, recurrence) in cases {
        assert_eq!(
            parse(text, Some(2024)).unwrap(),
            Deadline::recurring(recurrence),
            "{text}"
        );
    }
}

#[test]
fn most_frequent_recurrence_wins() {
    assert_eq!(
        parse("每月调度，每季度通报", None).unwrap().recurrence,
        Some(Recurrence::Monthly)
    );
}

#[test]
fn date_beats_ongoing_words() {
    assert_eq!(
        date_of("2024年6月底前，长期坚持", None),
        Some(d(2024, 6, 30))
    );
    assert_eq!(date_of("2024年全年持续推进", None), Some(d(2024, 12, 31)));
}

#[test]
fn written_year_date_beats_recurrence() {
    let text = "2024年6月底前完成，此后每季度报送";
    assert_eq!(date_of(text, None), Some(d(2024, 6, 30)));
}

#[test]
fn year_starting_point_alone_is_not_a_date() {
    assert_eq!(
        parse("2024年起长期坚持", None).unwrap(),
        Deadline::ongoing()
    );
    assert_eq!(
        parse("2024年起每年6月底前", None).unwrap(),
        Deadline::recurring(Recurrence::Yearly)
    );
}

#[test]
fn full_width_digits_and_punctuation_are_understood() {
    assert_eq!(date_of("２０２４年６月底前", None), Some(d(2024, 6, 30)));
    assert_eq!(date_of("２０２０．１０．３１", None), Some(d(2020, 10, 31)));
    assert_eq!(date_of("１０．３１", Some(2020)), Some(d(2020, 10, 31)));
    assert_eq!(date_of(" 2024 年 6 月 底前 ", None), Some(d(2024, 6, 30)));
    assert_eq!(date_of("2024年6月底前\u{3000}", None), Some(d(2024, 6, 30)));
}

#[test]
fn chinese_numeral_months_and_days_are_understood() {
    assert_eq!(date_of("2024年十二月底前", None), Some(d(2024, 12, 31)));
    assert_eq!(date_of("2024年一月", None), Some(d(2024, 1, 31)));
    assert_eq!(date_of("2024年十月三十一日", None), Some(d(2024, 10, 31)));
    assert_eq!(date_of("二〇二四年十一月底", None), Some(d(2024, 11, 30)));
    assert_eq!(date_of("三月底前", Some(2024)), Some(d(2024, 3, 31)));
}

#[test]
fn numerals_inside_words_are_not_dates() {
    assert_eq!(
        parse("统一月度调度", Some(2024)).unwrap(),
        Deadline::recurring(Recurrence::Monthly)
    );
    assert_eq!(parse("一个月内完成", Some(2024)).unwrap(), Deadline::none());
}

#[test]
fn empty_and_whitespace_are_none() {
    assert_eq!(parse("", Some(2024)).unwrap(), Deadline::none());
    assert_eq!(parse("  \u{3000}\n", Some(2024)).unwrap(), Deadline::none());
}

#[test]
fn unrecognised_text_is_none_not_error() {
    for text in [
        "视情况而定",
        "按上级要求",
        "另行通知",
        "0.5",
        "完成率达到98.5%",
    ] {
        assert_eq!(parse(text, Some(2024)).unwrap(), Deadline::none(), "{text}");
    }
}

#[test]
fn decimals_in_running_text_are_not_dates() {
    assert_eq!(
        parse("培训不少于0.5天，长期坚持", Some(2024)).unwrap(),
        Deadline::ongoing()
    );
    assert_eq!(parse("人均12.5学时", Some(2024)).unwrap(), Deadline::none());
}

#[test]
fn impossible_month_is_refused_in_chinese() {
    let err = parse("2024年13月", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "完成时限“2024年13月”无法识别：月份应在1到12之间，请改为如“2024年6月底前”的写法"
    );
    assert!(parse("2024.13.01", None).is_err());
    assert!(parse("2024年0月底前", None).is_err());
}

#[test]
fn impossible_day_is_refused_in_chinese() {
    let err = parse("2024年2月30日", None).unwrap_err();
    assert_eq!(
        err,
        DeadlineError::InvalidDate {
            text: "2024年2月30日".to_string(),
            reason: "2月没有30日".to_string(),
        }
    );
    let err = parse("2023年2月29日", None).unwrap_err();
    assert!(err.to_string().contains("2023年2月没有29日"), "{err}");
    assert!(parse("2024-04-31", None).is_err());
}

#[test]
fn impossible_dotted_month_day_is_refused() {
    let err = parse("13.45", Some(2024)).unwrap_err();
    assert!(
        err.to_string().starts_with("完成时限“13.45”无法识别"),
        "{err}"
    );
    assert!(parse("2.30", Some(2024)).is_err());
    assert!(parse("2.29", Some(2023)).is_err());
    assert_eq!(date_of("2.29", Some(2024)), Some(d(2024, 2, 29)));
}

#[test]
fn impossible_quarter_is_refused() {
    assert!(parse("2024年第五季度", None).is_err());
}

#[test]
fn ten_day_periods_of_a_month() {
    assert_eq!(date_of("2024年6月上旬", None), Some(d(2024, 6, 10)));
    assert_eq!(date_of("2024年6月中旬", None), Some(d(2024, 6, 20)));
    assert_eq!(date_of("2024年6月下旬", None), Some(d(2024, 6, 30)));
}

#[test]
fn year_month_numeric_form_is_month_end() {
    assert_eq!(date_of("2024.6", None), Some(d(2024, 6, 30)));
    assert_eq!(date_of("2024-06底前", None), Some(d(2024, 6, 30)));
}

#[test]
fn two_digit_year_before_a_month_is_this_century() {
    assert_eq!(date_of("24年6月底前", Some(2023)), Some(d(2024, 6, 30)));
    assert_eq!(parse("近10年", Some(2024)).unwrap(), Deadline::none());
}

#[test]
fn list_of_months_or_quarters_takes_the_last() {
    assert_eq!(date_of("2024年6、7月", None), Some(d(2024, 7, 31)));
    assert_eq!(date_of("2024年第一、二季度", None), Some(d(2024, 6, 30)));
    assert_eq!(
        date_of("2024年6月30日至12月31日", None),
        Some(d(2024, 12, 31))
    );
}

#[test]
fn written_year_wins_over_plan_year() {
    assert_eq!(date_of("2025年6月底前", Some(2024)), Some(d(2025, 6, 30)));
    assert_eq!(date_of("6月前", Some(2024)), Some(d(2024, 5, 31)));
}

#[test]
fn excel_serial_number_is_a_date() {
    assert_eq!(date_of("44135", None), Some(d(2020, 10, 31)));
    assert_eq!(date_of("44135.0", None), Some(d(2020, 10, 31)));
}

#[test]
fn deadline_text_inside_a_sentence() {
    let text = "各乡镇于2024年4月底前将整治情况报县司法局";
    assert_eq!(date_of(text, None), Some(d(2024, 4, 30)));
}

#[test]
fn format_cn_has_no_zero_padding() {
    assert_eq!(format_cn(d(2024, 10, 8)), "2024年10月8日");
    assert_eq!(format_cn(d(2024, 1, 31)), "2024年1月31日");
}

#[test]
fn kind_and_recurrence_round_trip_through_strings() {
    for kind in [
        DeadlineKind::Date,
        DeadlineKind::Recurring,
        DeadlineKind::Ongoing,
        DeadlineKind::None,
    ] {
        assert_eq!(DeadlineKind::parse(kind.as_str()), Some(kind));
    }
    for r in [
        Recurrence::Monthly,
        Recurrence::Quarterly,
        Recurrence::HalfYearly,
        Recurrence::Yearly,
    ] {
        assert_eq!(Recurrence::parse(r.as_str()), Some(r));
        assert_eq!(Recurrence::parse(r.label()), Some(r));
    }
    assert_eq!(Recurrence::HalfYearly.label(), "每半年");
    assert_eq!(DeadlineKind::parse("weekly"), None);
}

#[test]
fn serde_uses_snake_case_identifiers() {
    let json = serde_json::to_string(&Deadline::recurring(Recurrence::HalfYearly)).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"recurring","date":null,"recurrence":"half_yearly"}"#
    );
    let json = serde_json::to_string(&Deadline::on(d(2024, 6, 30))).unwrap();
    assert!(json.contains(r#""date":"2024-06-30""#), "{json}");
}
