use super::*;
use crate::period::Period;
use crate::task::Status;

fn row(index: u32, cells: &[&str]) -> Row {
    Row {
        index,
        cells: cells.iter().map(|c| c.to_string()).collect(),
    }
}

#[test]
fn header_names_in_their_many_forms() {
    assert_eq!(field_of("主要任务"), Some(Field::Title));
    assert_eq!(field_of("工作任务"), Some(Field::Title));
    assert_eq!(field_of("任务内容"), Some(Field::Title));
    assert_eq!(field_of("进 展 情 况"), Some(Field::Progress));
    assert_eq!(field_of("工作进展"), Some(Field::Progress));
    assert_eq!(field_of("落实情况"), Some(Field::Progress));
    assert_eq!(field_of("2025年9月工作进展"), Some(Field::Progress));
    assert_eq!(field_of("进展情况（请如实填写）"), Some(Field::Progress));
    assert_eq!(field_of("时间节点"), Some(Field::Deadline));
    assert_eq!(field_of("责任单位"), Some(Field::Section));
    assert_eq!(field_of("责任科室"), Some(Field::Section));
    assert_eq!(field_of("上期进展"), Some(Field::Previous));
    assert_eq!(field_of("完成状态"), Some(Field::Status));
    assert_eq!(field_of("任务标识"), Some(Field::Key));
    assert_eq!(field_of("存在问题"), Some(Field::Extra));
    assert_eq!(field_of("合计"), None);
}

#[test]
fn codes_in_every_numbering_style() {
    assert_eq!(normalize_code("1"), "1");
    assert_eq!(normalize_code("一、"), "一");
    assert_eq!(normalize_code("（一）"), "一");
    assert_eq!(normalize_code("(一)"), "一");
    assert_eq!(normalize_code("1.1"), "1.1");
    assert_eq!(normalize_code("１２、"), "12");
    assert_eq!(normalize_code("3.0"), "3");
}

#[test]
fn statuses_in_departments_words() {
    assert_eq!(parse_status("已完成"), Some(Status::Done));
    assert_eq!(parse_status("推进中"), Some(Status::InProgress));
    assert_eq!(parse_status("正在推进"), Some(Status::InProgress));
    assert_eq!(parse_status("未完成"), Some(Status::NotStarted));
    assert_eq!(parse_status("长期坚持"), Some(Status::Ongoing));
    assert_eq!(parse_status("持续推进"), Some(Status::Ongoing));
    assert_eq!(parse_status("很好"), None);
}

#[test]
fn unit_and_period_from_form_lines() {
    assert_eq!(
        unit_in_text("填报单位：县司法局　　报送期次：2025年9月").as_deref(),
        Some("县司法局")
    );
    assert_eq!(
        unit_in_text("填报单位（盖章）：  示例镇人民政府   填报时间：").as_deref(),
        Some("示例镇人民政府")
    );
    assert_eq!(unit_in_text("填报人："), None);
    let p = |y, m| Some(Period { year: y, month: m });
    assert_eq!(
        labelled_period("填报单位：县司法局　　报送期次：2025年9月"),
        p(2025, 9)
    );
    assert_eq!(
        period_in_text("县司法局_2025年09月_工作台账.xlsx"),
        p(2025, 9)
    );
    assert_eq!(period_in_text("台账-2025-10.xlsx"), p(2025, 10));
    assert_eq!(period_in_text("202511县财政局.xlsx"), p(2025, 11));
    assert_eq!(
        period_in_text("《示例县2025年“法治政府建设提升年”活动实施方案》"),
        None
    );
    assert_eq!(period_in_text("2025年6月底前"), p(2025, 6));
    assert_eq!(period_in_text("2024/6/30"), p(2024, 6));
}

#[test]
fn the_texts_of_a_row_move_into_it_whole() {
    // Two task columns: a title merged across both is read once, two different titles
    // are joined; cells are trimmed; a section heading stays with the rows below it.
    let mut sheet = Sheet {
        name: "台账".into(),
        rows: vec![
            row(
                0,
                &[
                    "序号",
                    "重点任务",
                    "具体任务",
                    "工作进展",
                    "存在问题",
                    "备注",
                ],
            ),
            row(1, &["一、依法行政"]),
            row(
                2,
                &[
                    "1",
                    "开展普法宣传",
                    "开展普法宣传",
                    " 已开展三次 ",
                    "",
                    "无",
                ],
            ),
            row(3, &["2", "规范执法", "推行三项制度", "已完成", "人手不足"]),
            row(4, &["", "", "", ""]),
        ],
        ..Sheet::default()
    };
    let Ok(t) = find_table(&mut sheet) else {
        panic!("no table")
    };
    let got: Vec<_> = t
        .rows
        .iter()
        .map(|r| {
            (
                r.code.as_str(),
                r.title.as_str(),
                r.progress.as_str(),
                r.remark.as_str(),
                r.section.as_str(),
                r.extra.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "1",
                "开展普法宣传",
                "已开展三次",
                "无",
                "一、依法行政",
                vec![]
            ),
            (
                "2",
                "规范执法\n推行三项制度",
                "已完成",
                "",
                "一、依法行政",
                vec![("存在问题".to_string(), "人手不足".to_string())]
            ),
        ]
    );
}

#[test]
fn two_row_header_with_merged_progress() {
    let mut sheet = Sheet {
        name: "Sheet1".into(),
        rows: vec![
            row(0, &["示例县某局工作台账"]),
            row(1, &["序号", "工作任务", "进展情况", "进展情况", "责任人"]),
            row(2, &["序号", "工作任务", "工作进展", "存在问题", "责任人"]),
            row(3, &["1", "开展普法宣传", "已开展三次", "无", "张三"]),
        ],
        ..Sheet::default()
    };
    let Ok(t) = find_table(&mut sheet) else {
        panic!("no table")
    };
    assert_eq!(t.header_row, 2);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].progress, "已开展三次");
    assert_eq!(
        t.rows[0].extra,
        vec![("进展情况/存在问题".into(), "无".into())]
    );
    assert_eq!(t.title, "示例县某局工作台账");
}

#[test]
fn repeated_headers_titles_sections_and_notes_are_skipped() {
    let mut sheet = Sheet {
        name: "台账".into(),
        rows: vec![
            row(0, &["落实工作台账"]),
            row(2, &["序号", "主要任务", "完成时间", "进展情况"]),
            row(3, &["一、重点任务"]),
            row(4, &["1", "任务甲", "10.31", "已完成"]),
            row(5, &["落实工作台账"]),
            row(6, &["序号", "主要任务", "完成时间", "进展情况"]),
            row(7, &["（一）", "任务乙", "10.31", "推进中"]),
            row(8, &["说明：每月30日前填报。"]),
        ],
        ..Sheet::default()
    };
    let Ok(t) = find_table(&mut sheet) else {
        panic!("no table")
    };
    let codes: Vec<&str> = t.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["1", "（一）"]);
    assert_eq!(t.rows[0].section, "一、重点任务");
    assert_eq!(t.rows[1].row, 8);
}

#[test]
fn header_without_progress_is_named() {
    let mut sheet = Sheet {
        name: "S".into(),
        rows: vec![row(4, &["序号", "主要任务", "完成时间", "责任科室"])],
        ..Sheet::default()
    };
    assert_eq!(
        find_table(&mut sheet).err(),
        Some(NoTable::NoProgress { row: 5 })
    );
}
