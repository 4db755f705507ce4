//! Rules of the extractor, each on a few lines of a fictional plan.

use super::meta::doc_no;
use super::phases::date_range;
use super::roster::roster;
use super::*;
use crate::document::word::text_document;
use crate::plan::Covers;

fn draft(text: &str) -> PlanDraft {
    parse(&text_document(text, "示例.txt"))
}

fn titles(d: &PlanDraft) -> Vec<&str> {
    d.tasks.iter().map(|t| t.title.as_str()).collect()
}

#[test]
fn frame_chapters_hold_no_tasks() {
    let d = draft(
        "示例县工作方案\n一、指导思想\n（一）坚持依法行政。\n二、重点任务\n1.加强学习。内容。（县司法局牵头）\n\
         三、保障措施\n（一）加强组织领导。\n（二）强化督查考核。\n",
    );
    assert_eq!(titles(&d), ["加强学习"]);
}

#[test]
fn preamble_items_before_the_first_chapter_are_not_tasks() {
    let d = draft(
        "说明：1.请各单位按时报送。\n2.表格另行下发。\n示例县方案\n一、完善机制\n1.建立台账制度。（县司法局负责）\n",
    );
    assert_eq!(titles(&d), ["建立台账制度"]);
    assert_eq!(d.tasks[0].responsible, ["县司法局"]);
}

#[test]
fn an_item_with_units_keeps_its_unnumbered_sub_items_as_requirements() {
    let d = draft("示例县方案\n一、重点任务\n1.开展执法监督。（县司法局牵头，县公安局配合）\n");
    assert_eq!(d.tasks.len(), 1);
    let d = draft(
        "示例县方案\n一、重点任务\n（一）开展执法监督（县司法局牵头）\n1.每季度抽查案卷。\n2.每年评议一次。\n",
    );
    assert_eq!(titles(&d), ["开展执法监督"]);
    assert!(d.tasks[0].requirements.contains("1.每季度抽查案卷"));
    assert_eq!(d.tasks[0].lead, ["县司法局"]);
}

#[test]
fn items_without_children_are_tasks_when_none_carries_units() {
    let d = draft(
        "示例县法治政府建设实施方案\n一、健全职能体系\n推进放管服改革。\n（一）优化政务服务\n正文一。\n（二）规范事中事后监管\n正文二。\n",
    );
    assert_eq!(titles(&d), ["优化政务服务", "规范事中事后监管"]);
    assert_eq!(d.tasks[0].requirements, "正文一。");
    assert_eq!(d.sections.len(), 1);
    assert_eq!(d.sections[0].title, "健全职能体系");
}

#[test]
fn line_cut_inside_a_paragraph_is_joined() {
    let d = draft(
        "示例县方案\n一、重点任务\n1.推进公开。完善制度，加强培训。（县政府办牵头）\n2.强化联动,定期研判行政\n复议决定履行情况。（县司法\n局牵头）\n3.优化服务。加强指导。（县政数局牵头）\n",
    );
    assert_eq!(d.tasks[1].title, "强化联动,定期研判行政复议决定履行情况");
    assert_eq!(d.tasks[1].lead, ["县司法局"]);
}

#[test]
fn asides_in_brackets_are_not_units() {
    let d = draft(
        "示例县方案\n一、重点任务\n1.编制清单。编制四张清单（不予、从轻、减轻处罚事项清单）。\n",
    );
    assert!(d.tasks[0].lead.is_empty() && d.tasks[0].responsible.is_empty());
}

#[test]
fn reporting_rule_variants() {
    let rule = |t: &str| report_rule(&[t.to_string()], Some(2025));
    let r = rule("各单位于每月5日前报送上月工作进展。").unwrap_or_default();
    assert_eq!((r.day, r.covers), (Some(5), Covers::Previous));
    assert_eq!(r.text, "各单位于每月5日前报送上月工作进展");
    let r = rule("请于每月二十五日前填报本月进展（电子版）。").unwrap_or_default();
    assert_eq!((r.day, r.covers), (Some(25), Covers::Current));
    let r = rule("各牵头单位每月底前报送进展情况。").unwrap_or_default();
    assert!(r.month_end && r.day.is_none());
    assert!(rule("实行每月调度制度。").is_none());
    assert!(rule("每季度通报一次。").is_none());
}

#[test]
fn reporting_window_in_the_rule_or_a_sentence_next_to_it() {
    let window = |t: &str, year| {
        report_rule(&[t.to_string()], year).map(|r| {
            (
                r.from.map(|p| p.to_string()),
                r.until.map(|p| p.to_string()),
            )
        })
    };
    let s = |t: &str| Some(t.to_string());
    assert_eq!(
        window("8月开始，各责任单位每月5日前报送上月工作进展。", Some(2025)),
        Some((s("2025-08"), None))
    );
    assert_eq!(
        window(
            "自2023年8月起实行月报制度。各单位每月5日前报送上月进展，至年底止。",
            Some(2025)
        ),
        Some((s("2023-08"), s("2023-12")))
    );
    // A date in an unrelated sentence next to the rule is not a window.
    assert_eq!(
        window(
            "8月起开展专项检查。各单位每月5日前报送上月进展。",
            Some(2025)
        ),
        Some((None, None))
    );
    assert_eq!(
        window("各单位每月5日前报送上月进展。", Some(2025)),
        Some((None, None))
    );
}

#[test]
fn date_ranges_with_the_plan_year() {
    let d = |s: &str| date_range(s, Some(2025));
    let (s, e) = d("6月5日—6月15日");
    assert_eq!(
        (s.map(|x| x.to_string()), e.map(|x| x.to_string())),
        (Some("2025-06-05".into()), Some("2025-06-15".into()))
    );
    let (s, e) = d("2023年12月10日至2024年3月31日");
    assert_eq!(
        (s.map(|x| x.to_string()), e.map(|x| x.to_string())),
        (Some("2023-12-10".into()), Some("2024-03-31".into()))
    );
    let (s, e) = d("4月至6月");
    assert_eq!(
        (s.map(|x| x.to_string()), e.map(|x| x.to_string())),
        (Some("2025-04-01".into()), Some("2025-06-30".into()))
    );
    let (s, e) = d("11月1日—1月31日");
    assert_eq!(
        (s.map(|x| x.to_string()), e.map(|x| x.to_string())),
        (Some("2025-11-01".into()), Some("2026-01-31".into()))
    );
    assert_eq!(date_range("6月5日", None), (None, None));
}

#[test]
fn doc_numbers_and_years() {
    assert_eq!(
        doc_no("示政发〔2025〕6号").as_deref(),
        Some("示政发〔2025〕6号")
    );
    assert_eq!(
        doc_no("发文字号: 示办发[2024]12号").as_deref(),
        Some("示办发[2024]12号")
    );
    assert_eq!(doc_no("2025年6月"), None);
    assert_eq!(year_of("示例县方案(2022-2025年)"), Some(2022));
    assert_eq!(year_of("2024 年 7 月 24 日"), Some(2024));
}

#[test]
fn roster_lines_in_several_forms() {
    let lines: Vec<String> = [
        "组  长：李  华  县人民政府县长",
        "副组长：孙立新（县人民政府副县长）、钱明（县司法局局长）",
        "成  员：赵敏  县财政局局长",
        "        周平  县审计局局长",
        "成员单位：县司法局、县财政局",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let g = roster(&lines, &[]);
    let got: Vec<(&str, &str, &str)> = g
        .iter()
        .map(|m| (m.role.as_str(), m.name.as_str(), m.org.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("组长", "李华", "县人民政府"),
            ("副组长", "孙立新", "县人民政府"),
            ("副组长", "钱明", "县司法局"),
            ("成员", "赵敏", "县财政局"),
            ("成员", "周平", "县审计局"),
        ]
    );
}

#[test]
fn a_larger_task_table_wins_over_fewer_numbered_items() {
    let rows = |n: usize| -> Vec<Vec<String>> {
        let mut rows = vec![vec![
            "序号".to_string(),
            "工作任务".into(),
            "责任单位".into(),
            "完成时限".into(),
        ]];
        for i in 1..=n {
            rows.push(vec![
                i.to_string(),
                format!("任务{i}"),
                "县司法局、县财政局".into(),
                "2025年6月底前".into(),
            ]);
        }
        rows
    };
    let doc = Document {
        name: "t.docx".into(),
        blocks: vec![
            Block::Paragraph("示例县任务清单".into()),
            Block::Paragraph("一、说明事项".into()),
            Block::Paragraph("1.按时报送。（县司法局负责）".into()),
            Block::Table(rows(3)),
        ],
        wrapped: false,
    };
    let d = parse(&doc);
    assert_eq!(titles(&d), ["任务1", "任务2", "任务3"]);
    assert_eq!(d.tasks[0].lead, ["县司法局"]);
    assert!(d.tasks[0].lead_inferred);
    assert_eq!(d.tasks[0].responsible, ["县财政局"]);
    assert_eq!(d.warnings.len(), 1);
}

#[test]
fn arbitrary_text_never_panics() {
    const PIECES: &[&str] = &[
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "（1）",
        "①",
        "牵头单位：",
        "配合单位:",
        "责任单位：",
        "完成时限：",
        "任务要求：",
        "每月",
        "5日前",
        "报送",
        "上月",
        "（",
        "）",
        "(",
        ")",
        "[",
        "]",
        "。",
        "，",
        "；",
        "、",
        "县司法局",
        "各乡镇",
        "牵头",
        "配合",
        "负责",
        "2025年",
        "6月",
        "底前",
        "—",
        "至",
        "阶段",
        "工作步骤",
        "组  长：",
        "张三",
        " ",
        "\n",
        "附件",
        "|",
        "\t",
        "〔2025〕",
        "号",
        "年",
        "月",
        "日",
        "10.31",
        "“",
        "”",
        "《",
        "》",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..120 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
        }
        let d = draft(&text);
        let _ = serde_json::to_string(&d);
    }
}

#[test]
fn a_labelled_deadline_after_the_unit_bracket_is_the_deadline_not_part_of_a_unit() {
    let d = draft(
        "示例县方案\n一、重点任务\n1.建立行政执法案卷评查制度。（牵头单位：示例县司法局；配合单位：示例县财政局）完成时限：2026年6月底前\n",
    );
    let t = &d.tasks[0];
    assert_eq!(t.title, "建立行政执法案卷评查制度");
    assert_eq!(t.lead, ["示例县司法局"]);
    assert_eq!(t.co, ["示例县财政局"]);
    assert_eq!(t.deadline_text, "2026年6月底前");
    for name in d.unit_names() {
        assert!(
            !name.contains(['（', '）', '(', ')', '：', ':']) && !name.contains("完成时限"),
            "{name}"
        );
    }
}

#[test]
fn one_bracket_with_lead_responsible_and_deadline() {
    let d = draft(
        "示例市计划\n一、提升服务\n1.推进证照分离改革。加快审批。(牵头单位:示例市审批局;责任单位:示例市司法局、示例市委编办,6月底完成)\n",
    );
    let t = &d.tasks[0];
    assert_eq!(t.lead, ["示例市审批局"]);
    assert_eq!(t.responsible, ["示例市司法局", "示例市委编办"]);
    assert_eq!(t.deadline_text, "6月底完成");
}

#[test]
fn a_person_named_as_lead_gives_the_unit_beside_the_name() {
    let d = draft(
        "示例县会议纪要\n一、重点工作\n1.做好示范创建。由示例县政府副县长、示例县公安局局长李四牵头，示例县司法局、示例县审计局等相关单位配合，认真做好创建工作。\n2.规范出庭应诉。各行政机关要完善学法制度。\n",
    );
    let t = &d.tasks[0];
    assert_eq!(t.lead, ["示例县公安局"]);
    assert_eq!(t.co, ["示例县司法局", "示例县审计局"]);
    assert!(
        t.requirements
            .contains("责任领导：示例县政府副县长、示例县公安局局长李四"),
        "{}",
        t.requirements
    );
    assert!(d.tasks[1].lead.is_empty() && d.tasks[1].co.is_empty());
}

#[test]
fn deng_bumen_tails_are_not_part_of_a_unit() {
    let d = draft(
        "示例市意见\n一、推进公开\n1.深入推进政务公开。内容。（牵头单位：示例市政府办公厅，配合单位：示例市财政局、示例市监察局等部门）\n2.加强监督。内容。（示例市审计局、示例市统计局等有关单位负责）\n",
    );
    assert_eq!(d.tasks[0].co, ["示例市财政局", "示例市监察局"]);
    assert_eq!(d.tasks[1].responsible, ["示例市审计局", "示例市统计局"]);
}

#[test]
fn a_table_copied_as_text_with_a_spaced_out_header() {
    for text in [
        "示例县任务分工\n序号 工 作 内 容 责任部门 完成时限\n1 开展执法检查 示例县司法局 2026年6月底前\n2 清理规范性文件 示例县政府办公室 示例县司法局 9月底前\n",
        "示例县任务分工\n序 号  工 作 内 容  责 任 部 门  完 成 时 限 1 开展执法检查 示例县司法局 2026年6月底前 2 清理规范性文件 示例县政府办公室 示例县司法局 9月底前\n",
        "示例县任务分工\n序号|工作内容|责任部门|完成时限|1|开展执法检查|示例县司法局|2026年6月底前|2|清理规范性文件|示例县政府办公室 示例县司法局|9月底前\n",
    ] {
        let d = draft(text);
        assert_eq!(titles(&d), ["开展执法检查", "清理规范性文件"], "{text}");
        let t = &d.tasks[1];
        assert_eq!(t.code, "2");
        assert_eq!(
            [t.lead.clone(), t.responsible.clone()].concat(),
            ["示例县政府办公室", "示例县司法局"],
            "{text}"
        );
        assert_eq!(d.tasks[0].deadline_text, "2026年6月底前", "{text}");
        assert_eq!(t.deadline_text, "9月底前", "{text}");
    }
}

#[test]
fn traditional_keywords_are_recognised_and_the_text_kept_as_written() {
    let d = draft(
        "示例縣工作計劃\n一、提升政務服務效能\n1.加大簡政放權力度。堅持依法放權。(牽頭單位:示例縣行政審批服務局;責任單位:示例縣司法局、示例經(jīng)開區(qū)管委會,6月底完成)\n2.優化營商環境。持續推進。(示例縣發展和改革局牽頭,示例縣財政局配合)\n",
    );
    assert_eq!(titles(&d), ["加大簡政放權力度", "優化營商環境"]);
    assert_eq!(d.tasks[0].lead, ["示例縣行政審批服務局"]);
    assert_eq!(
        d.tasks[0].responsible,
        ["示例縣司法局", "示例經(jīng)開區(qū)管委會"]
    );
    assert_eq!(d.tasks[0].deadline_text, "6月底完成");
    assert_eq!(d.tasks[1].lead, ["示例縣發展和改革局"]);
    assert_eq!(d.tasks[1].co, ["示例縣財政局"]);
}

#[test]
fn html_fragments_and_page_markers_of_a_copied_page_are_not_text() {
    let d = draft(
        "\t二、推进依法行政</p><p align=\\\"left\\\">\n\t    5.规范执法行为。内容。（牵头单位：示例市司法局，配合单位：示例市公安局）</p><p align=\\\"left\\\">\n- 2 -\n\t    6.推行法律顾问制度。内容。（牵头单位：示例市司法局）</p>\n",
    );
    assert_eq!(titles(&d), ["规范执法行为", "推行法律顾问制度"]);
    assert_eq!(d.sections[0].title, "推进依法行政");
    assert_eq!(d.tasks[0].co, ["示例市公安局"]);
}

#[test]
fn items_with_units_before_the_first_chapter_are_tasks_of_a_cut_off_chapter() {
    let d = draft(
        "(一)健全决策程序。内容。(示例市政府办公室及相关部门)\n(二)规范审批大厅运行。内容。(示例市政府办公室、示例市监察局)\n三、深化体制改革\n(一)推进机构改革。内容。(示例市编办及相关部门)\n",
    );
    assert_eq!(
        titles(&d),
        ["健全决策程序", "规范审批大厅运行", "推进机构改革"]
    );
    assert_eq!(d.tasks[0].section, None);
    assert_eq!(d.tasks[1].responsible, ["示例市政府办公室", "示例市监察局"]);
}

#[test]
fn a_first_item_that_lost_its_number() {
    let d = draft(
        "示例市方案\n一、工作目标\n到2026年基本建成。\n二、推进措施\n推进涉农领域立法。开展评估。(责任单位:示例市司法局、示例市农业农村局)\n2. 加强执法监督。加大检查力度。(责任单位:示例市农业农村局)\n3. 完善法律服务。内容。(责任单位:示例市司法局)\n",
    );
    let codes: Vec<&str> = d.tasks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["1", "2", "3"]);
    assert_eq!(d.tasks[0].title, "推进涉农领域立法");
    assert_eq!(d.tasks[0].responsible, ["示例市司法局", "示例市农业农村局"]);
}

#[test]
fn a_page_cut_inside_its_last_task_leaves_that_task_out_with_a_warning() {
    let text = "示例县措施\n一、降低成本\n(一)深化标准化建设。内容。(牵头单位:示例县审批局,责任单位:各乡镇人民政府)\n(二)推行承诺制。内容。(牵头单位:示例县审批局)\n(三)大力推行“首席服务员";
    let d = draft(text);
    assert_eq!(titles(&d), ["深化标准化建设", "推行承诺制"]);
    assert!(
        d.warnings.iter().any(|w| w.contains("(三)")),
        "{:?}",
        d.warnings
    );
    // A last task without units followed by more text is a task.
    let d = draft(&format!("{text}”制度。\n二、保障措施\n加强领导。\n"));
    assert_eq!(d.tasks.len(), 3);
}

#[test]
fn items_written_inline_in_a_decision() {
    let d = draft(
        "示例县政府常务会议召开\n会议要求，一要抓好示范创建。由示例县司法局牵头，示例县审计局配合，做好创建工作。二要规范出庭应诉。各行政机关要完善学法制度。三要加强府院联动。推动工作。\n",
    );
    let codes: Vec<&str> = d.tasks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["一", "二", "三"]);
    assert_eq!(titles(&d), ["抓好示范创建", "规范出庭应诉", "加强府院联动"]);
    assert_eq!(d.tasks[0].lead, ["示例县司法局"]);
    assert_eq!(d.tasks[0].co, ["示例县审计局"]);
}

#[test]
fn a_roster_notice_has_no_tasks_in_its_duty_and_member_chapters() {
    let d = draft(
        "关于成立示例县政务公开工作领导小组的通知\n一、主要职责\n(一)研究制定政务公开措施。\n(二)协调督促各部门落实。\n二、组成人员\n组  长：李四（县政府副县长）\n三、工作机构\n领导小组办公室设在县政府办公室。\n四、工作规则\n领导小组定期召开会议。\n",
    );
    assert!(d.tasks.is_empty(), "{:?}", titles(&d));
}

#[test]
fn a_two_row_header_written_with_bars_gives_the_columns_under_its_groups() {
    // 责任清单 spans 责任领导 | 责任人 | 责任单位; 措施清单 spans 宣传对象 | 方式措施. The people are
    // not units, and the second header row is not a task.
    let d = draft(
        "示例镇普法责任清单\n\
         序号 | 内容清单 | 责任清单 | 措施清单 | 标准清单\n\
         责任领导 | 责任人 | 责任单位 | 宣传对象 | 方式措施\n\
         1 | 宣传宪法和民法典。 | 王小明 | 李小红 | 镇司法所 | 全体干部 | 集中学习 | 全年不少于4次\n\
         2 | 宣传安全生产法。 | 赵小刚 | 孙小丽 | 镇应急办 | 企业职工 | 现场讲解 | 覆盖全部企业\n",
    );
    assert_eq!(titles(&d), ["宣传宪法和民法典", "宣传安全生产法"]);
    let units: Vec<Vec<String>> = d
        .tasks
        .iter()
        .map(|t| [t.lead.clone(), t.co.clone(), t.responsible.clone()].concat())
        .collect();
    assert_eq!(
        units,
        [vec!["镇司法所".to_string()], vec!["镇应急办".to_string()]]
    );
}

#[test]
fn a_two_row_header_spread_over_the_full_width_reads_the_lower_names() {
    // As a .docx gives merged header cells: the text of a cell merged down is repeated.
    let rows = |r: &[&str]| r.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let doc = crate::document::word::Document {
        name: "示例.docx".into(),
        blocks: vec![Block::Table(vec![
            rows(&["序号", "工作任务", "责任主体", "", "完成时限"]),
            rows(&["序号", "工作任务", "责任领导", "牵头单位", "完成时限"]),
            rows(&["1", "清理规范性文件。", "钱一", "县司法局", "6月底前"]),
        ])],
        wrapped: false,
    };
    let d = parse(&doc);
    assert_eq!(titles(&d), ["清理规范性文件"]);
    assert_eq!(d.tasks[0].lead, ["县司法局"]);
    assert_eq!(d.tasks[0].deadline_text, "6月底前");
}

#[test]
fn bar_separated_rows_kept_as_paragraphs_are_read_as_a_table() {
    // A .docx made from a copied page: each row is a paragraph of its own.
    let para = |s: &str| Block::Paragraph(s.to_string());
    let doc = crate::document::word::Document {
        name: "示例.docx".into(),
        blocks: vec![
            para("示例县重点任务分工"),
            para("序号 | 工作任务 | 责任人 | 责任单位 | 完成时限"),
            para("1 | 开展行政执法检查。 | 周二 | 县市场监管局 | 9月底前"),
            para("2 | 组织法治培训。 | 吴三 | 县司法局 | 年底前"),
        ],
        wrapped: false,
    };
    let d = parse(&doc);
    assert_eq!(titles(&d), ["开展行政执法检查", "组织法治培训"]);
    // A single 责任单位 leads its task.
    assert_eq!(d.tasks[1].lead, ["县司法局"]);
    assert!(d
        .units
        .iter()
        .all(|u| !u.name.contains("周二") && !u.name.contains("吴三")));
}

#[test]
fn deadlines_written_as_people_write_them() {
    let d = draft(
        "示例县2026年法治政府建设工作方案\n一、重点任务\n\
         1.开展全年法治宣传。（县司法局牵头，全年）\n\
         2.组织行政执法人员培训。县司法局负责，四月份完成。\n\
         3.清理规范性文件。（县司法局牵头，二季度完成）\n\
         4.开展执法案卷评查。（县司法局负责）上半年完成。\n\
         5.落实合法性审查制度。（县司法局负责）完成时限：6月中旬\n\
         6.编制权责清单。（县委编办牵头）年底前完成。\n\
         7.报送工作进展。（各乡镇负责）每半年报送一次。\n\
         8.公开行政处罚信息。（各执法部门负责）完成时限：即时\n\
         9.推进法治乡村建设。（县司法局牵头）长期坚持。\n\
         10.深化综合执法改革，县委编办牵头，持续推进。\n\
         11.于2026年9月30日前完成行政复议规范化建设。（县司法局负责）\n\
         12.开展专项整治。（牵头单位：县公安局；配合单位：县市场监管局，11月底前完成）\n\
         13.创建示范项目，2026年底前更多项目入选，每年至少开展1次评估。（县司法局负责）\n",
    );
    let got: Vec<(&str, &str, usize)> = d
        .tasks
        .iter()
        .map(|t| {
            let units = t.lead.len() + t.co.len() + t.responsible.len();
            (t.code.as_str(), t.deadline_text.as_str(), units)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1", "全年", 1),
            ("2", "四月份完成", 1),
            ("3", "二季度完成", 1),
            ("4", "上半年完成", 1),
            ("5", "6月中旬", 1),
            ("6", "年底前完成", 1),
            ("7", "每半年报送一次", 1),
            ("8", "即时", 1),
            ("9", "长期坚持", 1),
            ("10", "持续推进", 1),
            ("11", "2026年9月30日前", 1),
            ("12", "11月底前完成", 2),
            // A target inside the text and how often work is done are not its deadline.
            ("13", "", 1),
        ]
    );
}

#[test]
fn a_docx_whose_paragraphs_are_lines_copied_from_a_pdf_joins_them() {
    // Each printed line became a paragraph of its own: a task's sentence runs over three.
    let para = |s: &str| Block::Paragraph(s.to_string());
    let doc = crate::document::word::Document {
        name: "示例.docx".into(),
        blocks: vec![
            para("示例市依法行政能力提升行动方案"),
            para("一、主要任务"),
            para("1.强化府院联动工作机制，定期研判行政复议决定履行、行政裁判"),
            para("执行、司法建议反馈与落实等情况，常态化整治违法行政行为。（市"),
            para("司法局牵头，市中级人民法院配合）"),
            para("2.优化公共法律服务资源配置，实现乡镇（街道）公证、司法鉴定、"),
            para("仲裁业务服务引导窗口全覆盖。（市司法局负责）"),
            para("3.深化行政执法监督，建立执法监督员制度，聘请人大代表、政协"),
            para("委员担任执法监督员。（市司法局负责）"),
        ],
        wrapped: false,
    };
    let d = parse(&doc);
    assert_eq!(
        titles(&d),
        [
            "强化府院联动工作机制，定期研判行政复议决定履行、行政裁判执行、司法建议反馈与落实等情况，常态化整治违法行政行为",
            "优化公共法律服务资源配置，实现乡镇（街道）公证、司法鉴定、仲裁业务服务引导窗口全覆盖",
            "深化行政执法监督，建立执法监督员制度，聘请人大代表、政协委员担任执法监督员",
        ]
    );
    assert_eq!(d.tasks[0].lead, ["市司法局"]);
}
