//! Fictional plans in the styles real documents arrive in (a table copied from a web page as
//! text, a traditional-character mirror page with HTML left in it, a meeting report with inline
//! 一要…二要 items, an excerpt cut at both ends): each family of rules of the parser on a
//! document that is in neither seed folder.

use std::path::Path;

use taizhang::plan::doc;
use taizhang::plan::draft::{DraftTask, PlanDraft};
use taizhang::plan::parse::parse;

fn draft(file: &str) -> PlanDraft {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan_import")
        .join(file);
    parse(&doc::read(&path).unwrap_or_else(|e| panic!("{file}: {e}")))
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
    let mut d = taizhang::plan::parse::parse(&taizhang::plan::doc::text_document(
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
