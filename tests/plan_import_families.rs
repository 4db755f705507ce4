//! Fictional plans in the styles real documents arrive in (a table copied from a web page as
//! text, a traditional-character mirror page with HTML left in it, a meeting report with inline
//! 一要…二要 items, an excerpt cut at both ends, a 工作要点 whose numbering restarts under each
//! chapter, a 活动方案, a notice with a task table in its attachment, 第一部分 / 1、 / （1）
//! numbering, a plan in traditional characters): each family of rules of the parser on a
//! document that is in neither seed folder and that no rule was written for. Each is read as
//! the .txt it is and as the .docx and Word 97 .doc LibreOffice writes from it.
//!
//! A second round was written blind, before reading the parser, each with its expected tasks
//! first: a 工作要点 with （牵头单位：…；配合单位：…） after each item, items ending in
//! （X牵头，Y配合，…完成）, 责任单位 lists like 县委办、县政府办等县直各单位, numbering at five levels
//! 一、（一）1.（1）① with the units after the points, a 考核细则 whose items carry 分值, headings
//! followed by an unnumbered paragraph, and, as Word files with real tables, a 任务分工方案 whose
//! 牵头单位 cells are merged over several rows, an 附件 table 序号|重点任务|具体措施|牵头领导|
//! 责任单位|完成时限, a plan numbered only by its paragraph styles, and an .xlsx 任务清单 with a
//! title row, a blank row and a two-row header; then a 职责分工 chapter (（一）县司法局：负责…),
//! items with 牵头领导： / 主责单位： / 责任主体： / 时间： lines, a flat numbered list, short labels
//! （牵头：…；配合：…；时限：…） and items numbered （1） with no chapters.

mod common;

use std::path::{Path, PathBuf};

use std::collections::BTreeSet;

use taizhang::document::word;
use taizhang::plan::draft::{DraftTask, PlanDraft};
use taizhang::plan::parse::parse;

fn fixture(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan_import")
        .join(file)
}

fn draft(file: &str) -> PlanDraft {
    parse(&word::read(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}")))
}

fn section_title(d: &PlanDraft, t: &DraftTask) -> Option<String> {
    d.sections
        .iter()
        .find(|s| Some(&s.key) == t.section.as_ref())
        .map(|s| s.title.clone())
}

/// (code, title, lead, co or responsible, deadline) of each task.
fn rows(d: &PlanDraft) -> Vec<(String, String, String, String, String)> {
    let others = |t: &DraftTask| [t.co.clone(), t.responsible.clone()].concat().join("、");
    d.tasks
        .iter()
        .map(|t| {
            (
                t.code.clone(),
                t.title.clone(),
                t.lead.join("、"),
                others(t),
                t.deadline_text.clone(),
            )
        })
        .collect()
}

fn expect(d: &PlanDraft, want: &[(&str, &str, &str, &str, &str)]) {
    let got = rows(d);
    let want: Vec<(String, String, String, String, String)> = want
        .iter()
        .map(|w| {
            (
                w.0.to_string(),
                w.1.to_string(),
                w.2.to_string(),
                w.3.to_string(),
                w.4.to_string(),
            )
        })
        .collect();
    assert_eq!(got, want, "{}", d.source);
}

#[test]
fn a_task_table_copied_from_a_web_page_as_text() {
    let d = draft("family_web_table.txt");
    // A 责任部门 column: its first unit is taken as the (inferred) lead.
    assert!(d.tasks.iter().all(|t| t.lead_inferred));
    expect(
        &d,
        &[
            ("1", "开展行政执法案卷评查", "示例县司法局", "", "二季度"),
            (
                "2",
                "清理涉企规范性文件",
                "示例县政府办公室",
                "示例县司法局",
                "年底前",
            ),
            (
                "3",
                "推行行政执法“三项制度”",
                "示例县司法局",
                "示例县公安局",
                "长期坚持",
            ),
            (
                "4",
                "健全行政复议案件审理机制",
                "示例县司法局",
                "",
                "2026年9月底前",
            ),
        ],
    );
}

#[test]
fn a_traditional_mirror_page_with_html_left_in_it() {
    let d = draft("family_traditional_mirror.txt");
    expect(
        &d,
        &[
            (
                "1",
                "推進政務服務標準化",
                "示例縣行政審批服務局",
                "示例縣司法局、示例經(jīng)開區(qū)管委會",
                "6月底完成",
            ),
            (
                "2",
                "深化“一網(wǎng)通辦”",
                "示例縣數據管理局",
                "示例縣財政局、示例縣市場監管局",
                "",
            ),
            (
                "1",
                "落實減稅降費政策",
                "示例縣稅務局",
                "示例縣財政局",
                "持續推進",
            ),
            (
                "2",
                "規範涉企收費",
                "示例縣市場監管局",
                "各鄉鎮人民政府",
                "年底前",
            ),
        ],
    );
    // Numbering restarts under each heading: the sections tell the tasks apart.
    assert_ne!(d.tasks[0].section, d.tasks[2].section);
    assert_eq!(d.sections[1].title, "降低企業(yè)成本");
}

#[test]
fn a_meeting_report_with_inline_items_and_a_person_as_lead() {
    let d = draft("family_meeting_inline.txt");
    expect(
        &d,
        &[
            (
                "一",
                "抓好示范创建",
                "示例市公安局",
                "示例市司法局、审计局、示例街道办事处",
                "",
            ),
            ("二", "规范行政应诉", "", "", ""),
            ("三", "加强府院联动", "", "", ""),
        ],
    );
    assert!(d.tasks[0]
        .requirements
        .contains("责任领导：市政府副市长、示例市公安局局长钱八"));
    // The attendees are no units.
    assert!(!d.unit_names().iter().any(|u| u.contains("赵六")));
}

#[test]
fn an_excerpt_cut_at_both_ends() {
    let d = draft("family_cut_excerpt.txt");
    expect(
        &d,
        &[
            (
                "(一)",
                "健全重大行政决策程序",
                "",
                "示例市政府办公室、示例市司法局、相关部门、县(区)政府",
                "",
            ),
            (
                "(二)",
                "规范行政审批服务",
                "",
                "示例市政府办公室、审计局、相关部门",
                "",
            ),
            (
                "1",
                "推进村(居)法律顾问全覆盖",
                "示例市司法局",
                "示例市民政局、各县(区)政府",
                "",
            ),
            (
                "2",
                "加强普法阵地建设",
                "示例市司法局",
                "示例市文化旅游局、示例市住房和城乡建设局",
                "",
            ),
        ],
    );
    assert!(
        d.warnings.iter().any(|w| w.contains("第 3 项")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn short_forms_of_a_body_are_matched_to_the_directory_with_the_clerks_own_list(
) -> Result<(), Box<dyn std::error::Error>> {
    use taizhang::plan::import::match_units;
    use taizhang::store::Db;
    use taizhang::unit::{self, UnitInput};

    let dir = tempfile::tempdir()?;
    let mut db = Db::open(&dir.path().join("taizhang.db"))?;
    for name in ["示例县发展和改革局", "示例县融媒体中心"] {
        unit::add(
            &mut db,
            &UnitInput {
                name: name.into(),
                ..UnitInput::default()
            },
        )?;
    }
    let mut d = taizhang::plan::parse::parse(&taizhang::document::word::text_document(
        "示例县方案\n一、重点任务\n1.推进项目建设。内容。（示例县发改委牵头，示例县融媒中心配合）\n",
        "示例.txt",
    ));
    let suggested = |d: &PlanDraft, name: &str| {
        d.units
            .iter()
            .find(|u| u.name == name)
            .and_then(|u| u.suggestion.clone())
            .map(|s| s.1)
    };
    match_units(db.conn(), &mut d)?;
    assert_eq!(
        suggested(&d, "示例县发改委").as_deref(),
        Some("示例县发展和改革局")
    );
    assert_eq!(suggested(&d, "示例县融媒中心"), None);
    // The clerk's own list beside the database adds the local short form.
    std::fs::write(
        dir.path().join(taizhang::body_names::USER_FILE),
        "融媒体中心 = 融媒中心\n",
    )?;
    match_units(db.conn(), &mut d)?;
    assert_eq!(
        suggested(&d, "示例县融媒中心").as_deref(),
        Some("示例县融媒体中心")
    );
    Ok(())
}

#[test]
fn work_points_whose_numbering_restarts_under_each_chapter() {
    let d = draft("family_work_points_restart.txt");
    expect(
        &d,
        &[
            (
                "1",
                "组织学习贯彻习近平法治思想，将其纳入县委理论学习中心组年度学习计划",
                "县委宣传部",
                "县委依法治县办",
                "",
            ),
            (
                "2",
                "落实党政主要负责人履行推进法治建设第一责任人职责，年底前完成述法工作",
                "",
                "县委组织部、县委依法治县办",
                "年底前",
            ),
            (
                "1",
                "严格落实重大行政决策程序，目录于3月底前向社会公布",
                "县政府办",
                "县司法局",
                "3月底前",
            ),
            ("2", "开展行政规范性文件清理", "", "县司法局", "上半年完成"),
            (
                "3",
                "深化行政执法“三项制度”，长期坚持",
                "县司法局",
                "县直各执法部门",
                "长期坚持",
            ),
            (
                "1",
                "组织开展“宪法宣传周”活动，12月上旬前完成",
                "",
                "县委宣传部、县司法局",
                "12月上旬前",
            ),
            (
                "2",
                "推进“八五”普法规划总结验收",
                "县司法局",
                "各乡镇",
                "2026年10月底前",
            ),
        ],
    );
    // Three chapters tell the tasks with the same number apart; the signature after the last
    // task is not part of its deadline.
    let sections: BTreeSet<_> = d.tasks.iter().map(|t| t.section.clone()).collect();
    assert_eq!(sections.len(), 3);
    assert_eq!(d.title, "云岭县2026年法治建设工作要点");
    assert_eq!(d.issuer, "中共云岭县委全面依法治县委员会办公室");
}

#[test]
fn an_activity_plan_with_labelled_units_and_dates() {
    let d = draft("family_activity_plan.txt");
    expect(
        &d,
        &[
            (
                "（一）",
                "开展集中宣传活动",
                "区司法局",
                "区妇联",
                "5月中旬",
            ),
            (
                "（二）",
                "组织专题讲座",
                "区委宣传部",
                "区司法局",
                "5月底前",
            ),
            (
                "（三）",
                "开展“以案释法”进社区活动",
                "",
                "各街道办事处",
                "5月份",
            ),
        ],
    );
}

#[test]
fn a_notice_whose_attachment_is_a_table_of_tasks() {
    let d = draft("family_notice_with_table.txt");
    expect(
        &d,
        &[
            (
                "1",
                "更新政府信息公开指南和目录",
                "县政府办公室",
                "县政府各部门",
                "3月底前",
            ),
            (
                "2",
                "做好重大行政决策预公开",
                "县司法局",
                "县政府办公室",
                "长期坚持",
            ),
            (
                "3",
                "推进基层政务公开标准化规范化",
                "县政务服务数据管理局",
                "各乡镇人民政府",
                "二季度",
            ),
            (
                "4",
                "按时发布政府信息公开工作年度报告",
                "县政府办公室",
                "",
                "1月31日前",
            ),
        ],
    );
}

#[test]
fn parts_with_numbered_items_and_bracketed_tasks() {
    let d = draft("family_other_numbering.txt");
    expect(
        &d,
        &[
            (
                "（1）",
                "编制年度立法计划，报市政府常务会议审议",
                "市司法局",
                "市政府各部门",
                "3月底前",
            ),
            (
                "（2）",
                "开展立法后评估，形成评估报告",
                "",
                "市司法局",
                "11月底前",
            ),
            (
                "（1）",
                "建立规范性文件备案审查通报制度",
                "",
                "市司法局",
                "",
            ),
            (
                "（1）",
                "整合执法队伍，推进跨领域综合执法",
                "市委编办",
                "市司法局",
                "年底前",
            ),
            (
                "（2）",
                "落实行政执法公示制度",
                "",
                "各执法部门",
                "长期坚持",
            ),
        ],
    );
    let sections: BTreeSet<_> = d.tasks.iter().map(|t| t.section.clone()).collect();
    assert_eq!(sections.len(), 3, "{:?}", d.sections);
}

#[test]
fn a_plan_in_traditional_characters_is_read_and_kept_as_written() {
    let d = draft("family_traditional_plan.txt");
    expect(
        &d,
        &[
            (
                "1",
                "制定重大行政決策事項目錄",
                "縣政府辦公室",
                "縣司法局",
                "2026年4月底前",
            ),
            ("2", "推行法律顧問參與決策", "縣司法局", "", "長期堅持"),
            (
                "1",
                "開展行政執法案卷評查",
                "縣司法局",
                "縣直各執法部門",
                "年底前完成",
            ),
        ],
    );
    assert_eq!(
        section_title(&d, &d.tasks[0]).as_deref(),
        Some("健全行政決策制度")
    );
    assert_eq!(
        section_title(&d, &d.tasks[2]).as_deref(),
        Some("規範行政執法行為")
    );
    // The preview's 转为简体 gives the simplified text.
    assert_eq!(
        taizhang::plan::parse::to_simplified(&d.tasks[0].title),
        "制定重大行政决策事项目录"
    );
}

#[test]
fn work_points_with_lead_and_co_in_brackets_after_each_item() {
    let d = draft("family_points_paren_units.txt");
    expect(
        &d,
        &[
            (
                "1",
                "召开县政府常务会议专题研究法治政府建设工作，年内不少于2次",
                "县政府办",
                "县司法局",
                "",
            ),
            (
                "2",
                "落实党政主要负责人履行推进法治建设第一责任人职责，将述法纳入年终述职内容",
                "县委组织部",
                "县司法局、县委办",
                "",
            ),
            (
                "3",
                "编制并公布年度重大行政决策事项目录，严格履行公众参与、专家论证、风险评估等法定程序",
                "县政府办",
                "县司法局、县发展改革局",
                "",
            ),
            (
                "4",
                "推行政府法律顾问参与重大事项讨论，法律顾问意见采纳情况实行台账管理",
                "",
                "县司法局",
                "",
            ),
            (
                "5",
                "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，9月底前完成执法人员证件清理",
                "县司法局",
                "县直各行政执法部门",
                "9月底前",
            ),
            (
                "6",
                "开展行政执法案卷评查，对评查发现的问题逐一整改",
                "县司法局",
                "县市场监管局、县生态环境分局、县交通运输局",
                "",
            ),
        ],
    );
}

#[test]
fn items_ending_with_lead_co_and_deadline_in_one_bracket() {
    let d = draft("family_units_lead_co_deadline_inline.txt");
    expect(
        &d,
        &[
            (
                "（一）",
                "推进乡镇合法性审查全覆盖",
                "县司法局",
                "各乡镇",
                "2025年12月底前完成",
            ),
            (
                "（二）",
                "加强村（社区）法律顾问工作",
                "县司法局",
                "县民政局、各乡镇",
                "2025年6月底前完成",
            ),
            (
                "（三）",
                "培育农村“法律明白人”",
                "县司法局、县农业农村局",
                "各乡镇",
                "长期坚持",
            ),
            (
                "（四）",
                "开展民主法治示范村创建",
                "县司法局",
                "县民政局",
                "每年11月底前完成",
            ),
            (
                "（五）",
                "规范乡镇综合行政执法",
                "县委编办",
                "县司法局、各乡镇",
                "2026年3月底前完成",
            ),
        ],
    );
}

/// Found blind: "县政府办等县直各单位" was one unit, and the prose chapter 一、清理范围 before the
/// task chapter was read as a task without units.
#[test]
fn unit_lists_ending_with_deng_and_a_named_group() {
    let d = draft("family_units_with_deng.txt");
    expect(
        &d,
        &[
            (
                "1",
                "全面梳理文件底数",
                "县委办",
                "县政府办、县直各单位",
                "2025年5月31日前",
            ),
            (
                "2",
                "逐件提出清理意见",
                "县财政局",
                "县自然资源局、县住房城乡建设局、县直有关部门",
                "2025年6月30日前",
            ),
            ("3", "集中审核清理意见", "县司法局", "", "2025年7月31日前"),
            (
                "4",
                "公布清理结果",
                "县政府办",
                "县司法局、各乡镇人民政府",
                "2025年8月底前",
            ),
        ],
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

/// Found blind: with 责任单位 / 完成时限 lines after the last （2） point of a 1. item, the ①
/// points became tasks, the （1） point a section, and the 1. items were lost.
#[test]
fn five_levels_of_numbering_with_units_after_the_points() {
    let d = draft("family_five_levels.txt");
    expect(
        &d,
        &[
            (
                "1",
                "组织领导干部专题学习",
                "县委宣传部",
                "县委组织部",
                "2025年12月底前",
            ),
            (
                "2",
                "开展习近平法治思想进机关、进乡村活动",
                "县委宣传部",
                "县司法局",
                "长期坚持",
            ),
            (
                "1",
                "组织“宪法宣传周”集中宣传活动",
                "县司法局",
                "各乡镇",
                "每年12月",
            ),
            (
                "2",
                "推动民法典进社区、进家庭",
                "县司法局",
                "县妇联",
                "2025年10月底前",
            ),
        ],
    );
    // The points below an item are its 任务要求, every level of them.
    let req = &d.tasks[0].requirements;
    for point in [
        "县委理论学习中心组每年安排不少于1次法治专题学习",
        "①学习内容包括宪法、民法典和党内法规",
        "②学习情况纳入领导干部年度考核",
        "县直各单位党组（党委）理论学习中心组每年至少开展1次法治专题学习",
    ] {
        assert!(req.contains(point), "{point} not in {req}");
    }
    assert_eq!(
        section_title(&d, &d.tasks[2]).as_deref(),
        Some("突出宣传宪法和民法典")
    );
}

#[test]
fn assessment_rules_whose_items_carry_scores_not_deadlines() {
    let d = draft("family_assessment_scores.txt");
    assert_eq!(d.tasks.len(), 7);
    assert!(d.tasks.iter().all(|t| t.deadline_text.is_empty()));
    assert_eq!(
        rows(&d)[3],
        (
            "4".to_string(),
            "重大行政决策严格履行法定程序，决策前经合法性审查（15分）".to_string(),
            "县政府办".to_string(),
            "县司法局".to_string(),
            String::new(),
        )
    );
    assert_eq!(
        d.tasks[1].requirements,
        "未按时报送的扣2分，未公开的扣3分。"
    );
    let sections: Vec<&str> = d.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        sections,
        ["组织领导（20分）", "依法决策（30分）", "严格执法（50分）"]
    );
}

#[test]
fn headings_each_followed_by_an_unnumbered_paragraph() {
    let d = draft("family_heading_then_body.txt");
    expect(
        &d,
        &[
            (
                "（一）",
                "健全行政执法监督网络",
                "",
                "县司法局、各乡镇",
                "2025年9月底前",
            ),
            (
                "（二）",
                "开展行政执法常态化监督",
                "",
                "县司法局",
                "每半年一次",
            ),
            (
                "（三）",
                "推行行政执法监督与12345热线协作",
                "",
                "县政务服务中心、县司法局",
                "2025年11月底前",
            ),
        ],
    );
    assert_eq!(
        d.tasks[0].requirements,
        "建立县、乡两级行政执法监督网络，年内实现乡镇行政执法监督员全覆盖。"
    );
    assert_eq!(d.phases.len(), 3);
}

#[test]
fn a_division_table_with_lead_cells_merged_over_rows() {
    let d = draft("family_merged_lead_table.docx");
    expect(
        &d,
        &[
            (
                "1",
                "制定年度行政规范性文件制定计划并向社会公布",
                "县司法局",
                "县政府办",
                "2025年3月底前",
            ),
            (
                "2",
                "建立行政规范性文件合法性审核目录清单",
                "县司法局",
                "县直各部门",
                "2025年6月底前",
            ),
            (
                "3",
                "开展涉及营商环境的规范性文件专项清理",
                "县司法局",
                "县发展改革局、县市场监管局",
                "2025年9月底前",
            ),
            (
                "4",
                "编制并动态调整政府信息主动公开目录",
                "县政府办",
                "县直各部门",
                "2025年底前",
            ),
            (
                "5",
                "办好政府开放日活动，全年不少于2次",
                "县政府办",
                "各乡镇",
                "2025年底前",
            ),
            (
                "6",
                "推进基层政务公开标准化规范化",
                "县政务服务中心",
                "各乡镇",
                "2025年底前",
            ),
        ],
    );
    assert_eq!(section_title(&d, &d.tasks[4]).as_deref(), Some("政务公开"));
}

/// Found blind: the 具体措施 column was dropped, and "县司法局（牵头）" was a unit of that name.
#[test]
fn an_attachment_table_of_key_tasks_and_their_measures() {
    let d = draft("family_annex_measures_table.docx");
    expect(
        &d,
        &[
            (
                "1",
                "实现村（社区）法律顾问全覆盖，每月到村服务不少于1次",
                "县司法局",
                "各乡镇",
                "长期坚持",
            ),
            (
                "2",
                "建设乡镇公共法律服务工作站，配备专职工作人员",
                "县司法局",
                "",
                "2025年9月底前",
            ),
            (
                "3",
                "开展县级民主法治示范村评选，全年命名不少于10个",
                "县司法局",
                "县民政局",
                "2025年11月底前",
            ),
            (
                "4",
                "健全村级人民调解委员会，调解成功率达到95%以上",
                "县司法局",
                "县信访局、各乡镇",
                "2025年12月底前",
            ),
        ],
    );
    // The 重点任务 merged over rows 1–2 groups their measures; 牵头领导 names people, no unit.
    assert_eq!(
        section_title(&d, &d.tasks[1]).as_deref(),
        Some("完善乡村公共法律服务体系")
    );
    assert!(!d.tasks[0].lead_inferred && !d.tasks[3].lead_inferred);
    assert!(d.units.iter().all(|u| !u.name.contains("某某")));
    assert_eq!(d.report_rule.as_ref().and_then(|r| r.day), Some(5));
}

/// Found blind: a .docx whose 一、 and 1. come only from its paragraph styles (标题 1, 列表编号),
/// with no numbering on the paragraphs, had no tasks at all.
#[test]
fn a_plan_numbered_only_by_its_paragraph_styles() {
    let d = draft("family_style_numbered.docx");
    expect(
        &d,
        &[
            (
                "1",
                "规范行政复议受理窗口建设，在县政务服务中心设立行政复议咨询受理点",
                "县司法局",
                "县政务服务中心",
                "2025年6月底前",
            ),
            (
                "2",
                "推行行政复议案件繁简分流，简单案件30日内审结",
                "县司法局",
                "",
                "长期坚持",
            ),
            (
                "3",
                "落实行政机关负责人出庭应诉制度，出庭应诉率达到100%",
                "",
                "县直各部门、各乡镇",
                "2025年12月底前",
            ),
        ],
    );
    assert_eq!(d.sections.len(), 1);
    assert_eq!(d.sections[0].code, "二");
    assert_eq!(d.sections[0].title, "主要任务");
}

#[test]
fn a_task_list_workbook_with_a_title_a_blank_row_and_a_two_row_header(
) -> Result<(), Box<dyn std::error::Error>> {
    let book =
        taizhang::document::workbook::read(&fixture("family_task_list_two_row_header.xlsx"))?;
    let d = taizhang::plan::sheet::draft(&book)?;
    assert_eq!(d.title, "示例县2025年度法治建设重点工作任务清单");
    expect(
        &d,
        &[
            (
                "1",
                "健全重大行政决策程序制度，公布年度决策事项目录",
                "县政府办",
                "县司法局",
                "2025年4月底前",
            ),
            (
                "2",
                "落实行政规范性文件备案审查制度",
                "县司法局",
                "县直各部门",
                "长期坚持",
            ),
            (
                "3",
                "组织开展“宪法宣传周”系列活动",
                "县委宣传部",
                "县司法局、县教育局",
                "2025年12月",
            ),
            (
                "4",
                "推进公共法律服务实体平台建设",
                "县司法局",
                "各乡镇",
                "2025年10月底前",
            ),
        ],
    );
    assert_eq!(
        section_title(&d, &d.tasks[2]).as_deref(),
        Some("法治社会建设")
    );
    Ok(())
}

/// Left from last session: an unnumbered paragraph with its own units right after a numbered
/// heading, before items numbered from 1, was dropped; it is the heading's own task.
#[test]
fn a_heading_whose_own_paragraph_names_units_before_its_items() {
    let d = draft("family_heading_own_paragraph_before_items.txt");
    expect(
        &d,
        &[
            (
                "（一）",
                "重大行政决策一律经合法性审查，未经审查的不得提交会议讨论",
                "",
                "县司法局",
                "长期坚持",
            ),
            (
                "1",
                "建立重大行政决策目录管理制度",
                "县政府办",
                "县司法局",
                "",
            ),
            ("2", "推行决策后评估", "县司法局", "", ""),
            ("（二）", "加强执法监督", "", "县司法局", ""),
        ],
    );
    assert_eq!(
        section_title(&d, &d.tasks[0]).as_deref(),
        Some("规范行政决策")
    );
}

/// Found blind: in a 职责分工 chapter ("（一）县司法局：负责…") no item had a unit.
#[test]
fn duties_written_under_the_unit_that_carries_them() {
    let d = draft("family_duties_unit_first.txt");
    expect(
        &d,
        &[
            (
                "（一）",
                "县司法局：负责活动的统筹协调和督促检查，9月底前完成中期评估",
                "县司法局",
                "",
                "9月底前",
            ),
            (
                "（二）",
                "县政府办：负责重大行政决策目录的编制和公布，3月底前完成",
                "县政府办",
                "",
                "3月底前",
            ),
            (
                "（三）",
                "县财政局：负责保障活动所需经费",
                "县财政局",
                "",
                "",
            ),
            (
                "（四）",
                "县直各部门、各乡镇：按照本方案要求，结合实际抓好落实，每季度末报送工作情况",
                "",
                "县直各部门、各乡镇",
                "",
            ),
        ],
    );
}

/// Found blind: the line 牵头领导：张某某（县委常委、副县长） gave the unit 县委常委 and cut the
/// item there (its 牵头单位 / 配合单位 lines were lost); 责任主体： named no unit and 时间：
/// no deadline.
#[test]
fn items_with_a_leader_line_and_labels_on_their_own_lines() {
    let d = draft("family_leader_lines.txt");
    expect(
        &d,
        &[
            (
                "1",
                "开展行政执法人员全员轮训",
                "县司法局",
                "县人力资源社会保障局、县直各行政执法部门",
                "2025年11月底前",
            ),
            (
                "2",
                "推进执法监督平台应用",
                "县司法局",
                "县数据局",
                "2025年6月底前",
            ),
            (
                "3",
                "开展“以案释法”活动",
                "",
                "县直各行政执法部门",
                "每季度",
            ),
        ],
    );
    assert!(
        d.tasks[0]
            .requirements
            .contains("牵头领导：张某某（县委常委、副县长）"),
        "{}",
        d.tasks[0].requirements
    );
    assert!(d.units.iter().all(|u| u.name != "县委常委"));
    assert_eq!(d.report_rule.as_ref().and_then(|r| r.day), Some(25));
}

#[test]
fn a_flat_numbered_list_with_labels_inside_each_item() {
    let d = draft("family_flat_list.txt");
    expect(
        &d,
        &[
            (
                "1",
                "制定县政府年度重大行政决策事项目录并向社会公布",
                "县政府办公室",
                "",
                "2025年3月",
            ),
            (
                "2",
                "落实规范性文件“三统一”制度，报备率、及时率、规范率均达到100%",
                "县司法局",
                "",
                "全年",
            ),
            (
                "3",
                "推进乡镇（街道）合法性审查工作全覆盖",
                "",
                "各乡镇人民政府",
                "2025年6月",
            ),
            (
                "4",
                "组织开展行政复议应诉培训不少于1次",
                "县司法局",
                "",
                "2025年9月",
            ),
        ],
    );
}

/// Found blind: （牵头：…；配合：…；时限：…） lost its lead, 责任单位：A、B　完成时限：… (a space
/// between the fields) lost B and the deadline, and the title …工作安排 was not taken as the
/// plan's name.
#[test]
fn short_labels_and_fields_separated_by_a_space_inside_the_bracket() {
    let d = draft("family_short_labels.txt");
    assert_eq!(d.title, "示例县2025年法治宣传教育工作安排");
    expect(
        &d,
        &[
            (
                "（一）",
                "开展国家宪法日集中宣传活动",
                "县司法局",
                "县委宣传部、县教育局",
                "2025年12月",
            ),
            (
                "（二）",
                "推进“谁执法谁普法”责任制落实",
                "县司法局",
                "县直各部门",
                "2025年10月底前",
            ),
            (
                "（三）",
                "建设县级法治文化阵地",
                "",
                "县司法局、县住房城乡建设局",
                "2025年11月",
            ),
        ],
    );
}

#[test]
fn items_numbered_in_brackets_with_no_chapters() {
    let d = draft("family_paren_arabic_items.txt");
    expect(
        &d,
        &[
            (
                "（1）",
                "严格执行合法性审核制度",
                "县司法局",
                "",
                "长期坚持",
            ),
            (
                "（2）",
                "建立文件统一登记、统一编号、统一印发制度",
                "县政府办公室",
                "",
                "2025年6月底前",
            ),
            (
                "（3）",
                "开展文件定期清理，每两年全面清理一次",
                "县司法局",
                "县直各部门",
                "2025年12月底前",
            ),
        ],
    );
}

/// Found blind: a task table whose 序号 cells Word numbers itself (a list in empty cells) gave
/// no codes, and the title …任务分解表 was not taken as the plan's name.
#[test]
fn a_table_whose_numbers_word_draws_in_empty_cells() {
    let d = draft("family_autonumbered_table.docx");
    assert_eq!(d.title, "示例县2025年度政务公开重点工作任务分解表");
    expect(
        &d,
        &[
            (
                "1",
                "更新政府信息公开指南",
                "县政府办",
                "县政务服务中心",
                "2025年3月底前",
            ),
            (
                "2",
                "做好政策解读工作",
                "",
                "县直各部门、各乡镇",
                "长期坚持",
            ),
            ("3", "办理依申请公开", "县政府办", "", "法定期限内"),
        ],
    );
}

/// Every family, written by LibreOffice as .docx and as Word 97 .doc, reads as its .txt does;
/// the families written as .docx read alike as the Word 97 .doc LibreOffice writes from them.
#[test]
fn families_read_alike_as_txt_docx_and_doc() -> Result<(), Box<dyn std::error::Error>> {
    let families = |ext: &str| -> std::io::Result<Vec<PathBuf>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(""))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("family_"))
                    && p.extension().is_some_and(|e| e == ext)
            })
            .collect();
        files.sort();
        Ok(files)
    };
    let (texts, words) = (families("txt")?, families("docx")?);
    assert!(texts.len() >= 21, "{texts:?}");
    assert!(words.len() >= 4, "{words:?}");
    let scratch = tempfile::tempdir()?;
    for (files, format) in [(&texts, "docx"), (&texts, "doc"), (&words, "doc")] {
        let out = scratch.path().join(format!("{}-{format}", files.len()));
        let Some(converted) = common::libreoffice_convert(scratch.path(), &out, files, format)?
        else {
            common::cannot_run_here(
                "LibreOffice (soffice) is needed to write the families as .docx/.doc",
            );
            return Ok(());
        };
        for (original, other) in files.iter().zip(&converted) {
            let from_original = rows(&parse(&word::read(original)?));
            let from_other = rows(&parse(&word::read(other)?));
            assert_eq!(
                from_other,
                from_original,
                "{} as .{format}",
                original.display()
            );
        }
    }
    Ok(())
}
