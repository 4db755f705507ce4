//! Fictional plans in the styles real documents arrive in (a table copied from a web page as
//! text, a traditional-character mirror page with HTML left in it, a meeting report with inline
//! 一要…二要 items, an excerpt cut at both ends, a 工作要点 whose numbering restarts under each
//! chapter, a 活动方案, a notice with a task table in its attachment, 第一部分 / 1、 / （1）
//! numbering, a plan in traditional characters): each family of rules of the parser on a
//! document that is in neither seed folder and that no rule was written for. Each is read as
//! the .txt it is and as the .docx and Word 97 .doc LibreOffice writes from it.

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
    let section_of = |t: &DraftTask| {
        d.sections
            .iter()
            .find(|s| Some(&s.key) == t.section.as_ref())
            .map(|s| s.title.clone())
    };
    assert_eq!(section_of(&d.tasks[0]).as_deref(), Some("健全行政決策制度"));
    assert_eq!(section_of(&d.tasks[2]).as_deref(), Some("規範行政執法行為"));
    // The preview's 转为简体 gives the simplified text.
    assert_eq!(
        taizhang::plan::parse::to_simplified(&d.tasks[0].title),
        "制定重大行政决策事项目录"
    );
}

/// Every family, written by LibreOffice as .docx and as Word 97 .doc, reads as its .txt does.
#[test]
fn families_read_alike_as_txt_docx_and_doc() -> Result<(), Box<dyn std::error::Error>> {
    let files: Vec<PathBuf> = std::fs::read_dir(fixture(""))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("family_"))
        })
        .collect();
    assert!(files.len() >= 9, "{files:?}");
    let scratch = tempfile::tempdir()?;
    for format in ["docx", "doc"] {
        let Some(converted) = common::libreoffice_convert(
            scratch.path(),
            &scratch.path().join(format),
            &files,
            format,
        )?
        else {
            common::cannot_run_here(
                "LibreOffice (soffice) is needed to write the families as .docx/.doc",
            );
            return Ok(());
        };
        for (txt, other) in files.iter().zip(&converted) {
            let from_txt = rows(&parse(&word::read(txt)?));
            let from_other = rows(&parse(&word::read(other)?));
            assert_eq!(from_other, from_txt, "{} as .{format}", txt.display());
        }
    }
    Ok(())
}
