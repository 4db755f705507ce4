//! Importing the plan's Excel attachments: task tables (重点任务清单 / 任务分解表) and the
//! 领导小组名单, in the layouts departments really make, written by these tests with
//! rust_xlsxwriter and some saved again through LibreOffice (.xlsx and legacy .xls). Every
//! layout is checked cell by cell against what should be imported; re-importing changes
//! nothing; undo restores exactly; bad input gives a Chinese message and writes nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    cli, cli_err, cli_ok, dump, dump_without_audit, sample_db, without_audit, TestResult,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use taizhang::document::workbook;
use taizhang::plan::draft::PlanDraft;
use taizhang::plan::import::{self, PlanImportError};
use taizhang::plan::merge;
use taizhang::plan::roster::{self, EntryStatus, RosterDraft};
use taizhang::task::{self, TaskFilter};
use taizhang::Db;

// ---------------------------------------------------------------------------------------------
// Writing workbooks

/// One sheet: cells row by row, merged areas `(first_row, first_col, last_row, last_col)`.
/// Cell markers: `{date:2024-06-30}` an Excel date, `{formula:=ROW()-3|1}` a formula with its
/// cached value, `{rich:A|B}` rich text in two runs, `{hidden-row}` as the first cell hides
/// the row.
struct Sheet<'a> {
    name: &'a str,
    rows: Vec<Vec<&'a str>>,
    merges: Vec<(u32, u16, u32, u16)>,
    hidden_cols: Vec<u16>,
    hidden: bool,
}

fn sheet<'a>(name: &'a str, rows: &[&[&'a str]], merges: &[(u32, u16, u32, u16)]) -> Sheet<'a> {
    Sheet {
        name,
        rows: rows.iter().map(|r| r.to_vec()).collect(),
        merges: merges.to_vec(),
        hidden_cols: Vec::new(),
        hidden: false,
    }
}

fn write_xlsx(path: &Path, sheets: &[Sheet<'_>]) -> TestResult {
    let mut book = Workbook::new();
    let plain = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let bold = Format::new().set_bold();
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(s.name)?;
        let inside_merge = |r: u32, c: u16| {
            s.merges.iter().any(|&(r1, c1, r2, c2)| {
                (r1..=r2).contains(&r) && (c1..=c2).contains(&c) && (r, c) != (r1, c1)
            })
        };
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32;
            let mut cells = row.as_slice();
            if cells.first() == Some(&"{hidden-row}") {
                ws.set_row_hidden(r)?;
                cells = &cells[1..];
            }
            for (c, text) in cells.iter().enumerate() {
                let c = c as u16;
                if text.is_empty() || inside_merge(r, c) {
                    continue;
                }
                if let Some(&(r1, c1, r2, c2)) = s.merges.iter().find(|m| (m.0, m.1) == (r, c)) {
                    ws.merge_range(r1, c1, r2, c2, text, &plain)?;
                } else if let Some(d) = text
                    .strip_prefix("{date:")
                    .and_then(|d| d.strip_suffix('}'))
                {
                    let parts: Vec<u16> = d.split('-').filter_map(|p| p.parse().ok()).collect();
                    let dt = ExcelDateTime::from_ymd(parts[0], parts[1] as u8, parts[2] as u8)?;
                    ws.write_datetime_with_format(r, c, &dt, &date)?;
                } else if let Some(f) = text
                    .strip_prefix("{formula:")
                    .and_then(|d| d.strip_suffix('}'))
                {
                    let (formula, result) = f.split_once('|').unwrap_or((f, ""));
                    ws.write_formula(r, c, Formula::new(formula).set_result(result))?;
                } else if let Some(rich) = text
                    .strip_prefix("{rich:")
                    .and_then(|d| d.strip_suffix('}'))
                {
                    let (a, b) = rich.split_once('|').unwrap_or((rich, ""));
                    ws.write_rich_string(r, c, &[(&bold, a), (&plain, b)])?;
                } else {
                    ws.write_string_with_format(r, c, *text, &plain)?;
                }
            }
        }
        for c in &s.hidden_cols {
            ws.set_column_hidden(*c)?;
        }
        if s.hidden {
            ws.set_hidden(true);
        }
    }
    book.save(path)?;
    Ok(())
}

/// Saves a workbook again through LibreOffice (`xlsx` or `xls`), in a private profile. Fails —
/// never skips — when LibreOffice is missing: CI installs it.
fn through_libreoffice(src: &Path, to: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let out_dir = src.parent().ok_or("no parent")?.join(format!(
        "lo-{to}-{}",
        src.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    std::fs::create_dir_all(&out_dir)?;
    let profile = out_dir.join("profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(&out_dir)
        .arg(src)
        .output()
        .map_err(|e| format!("LibreOffice (soffice) is needed for these tests: {e}"))?;
    let out = out_dir.join(format!(
        "{}.{to}",
        src.file_stem().ok_or("stem")?.to_string_lossy()
    ));
    if !out.exists() {
        return Err(format!(
            "LibreOffice did not write {out:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        )
        .into());
    }
    Ok(out)
}

fn draft(path: &Path) -> Result<PlanDraft, PlanImportError> {
    let db = Db::open_in_memory().map_err(PlanImportError::Store)?;
    import::draft_from_file(db.conn(), path)
}

/// The draft's tasks, one line per task: section | code | title | lead | co | responsible |
/// deadline (units joined with 、).
fn lines(d: &PlanDraft) -> Vec<String> {
    common::draft::tasks_with_sections(d)
        .map(|(section, t)| {
            let section = section
                .map(|s| format!("{}{}", s.code, s.title))
                .unwrap_or_default();
            format!(
                "{section}|{}|{}|{}|{}|{}|{}",
                t.code,
                t.title,
                t.lead.join("、"),
                t.co.join("、"),
                t.responsible.join("、"),
                t.deadline_text
            )
        })
        .collect()
}

fn assert_lines(d: &PlanDraft, expected: &[&str]) {
    let got = lines(d);
    assert_eq!(
        got,
        expected.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        "\ngot:\n{}\n",
        got.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Layout 1: title and notes above the header, sections merged across, a lead unit merged down,
// several units per cell, deadlines of every kind including a real Excel date, a 备注 column.

fn layout_basic(path: &Path) -> TestResult {
    write_xlsx(
        path,
        &[sheet(
            "重点任务",
            &[
                &["附件1"],
                &["示例县2024年法治政府建设重点任务清单"],
                &["注：请各单位每月5日前报送上月工作进展。"],
                &[
                    "序号",
                    "重点任务",
                    "牵头单位",
                    "配合单位",
                    "完成时限",
                    "备注",
                ],
                &["一、健全依法决策机制"],
                &[
                    "1",
                    "严格落实重大行政决策程序规定",
                    "县司法局",
                    "县政府办、县发改局",
                    "2024年6月底前",
                    "",
                ],
                &[
                    "2",
                    "全面推行行政规范性文件合法性审核。对县政府及其部门文件逐件审核",
                    "",
                    "县财政局，县人社局;县住建局",
                    "全年",
                    "按季度报送",
                ],
                &[
                    "3",
                    "开展法律顾问工作评估",
                    "县政府办",
                    "县司法局\n县审计局",
                    "{date:2024-06-30}",
                    "",
                ],
                &["二、严格规范公正文明执法"],
                &[
                    "4",
                    "推进行政执法“三项制度”落实",
                    "县市场监管局",
                    "各乡镇人民政府",
                    "二季度",
                    "",
                ],
                &["5", "开展行政执法案卷评查", "县司法局", "", "四月份", ""],
                &["6", "加强行政执法人员培训", "县司法局", "", "长期坚持", ""],
                &["注：完成时限以县委县政府要求为准。"],
            ],
            &[
                (0, 0, 0, 5),
                (1, 0, 1, 5),
                (2, 0, 2, 5),
                (4, 0, 4, 5),
                (5, 2, 6, 2),
                (8, 0, 8, 5),
                (12, 0, 12, 5),
            ],
        )],
    )
}

const BASIC: &[&str] = &[
    "一健全依法决策机制|1|严格落实重大行政决策程序规定|县司法局|县政府办、县发改局||2024年6月底前",
    "一健全依法决策机制|2|全面推行行政规范性文件合法性审核|县司法局|县财政局、县人社局、县住建局||全年",
    "一健全依法决策机制|3|开展法律顾问工作评估|县政府办|县司法局、县审计局||2024年6月30日",
    "二严格规范公正文明执法|4|推进行政执法“三项制度”落实|县市场监管局|各乡镇人民政府||二季度",
    "二严格规范公正文明执法|5|开展行政执法案卷评查|县司法局|||四月份",
    "二严格规范公正文明执法|6|加强行政执法人员培训|县司法局|||长期坚持",
];

#[test]
fn basic_table_with_title_notes_sections_and_merged_lead() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("重点任务清单.xlsx");
    layout_basic(&path)?;
    let d = draft(&path)?;
    assert_eq!(d.title, "示例县2024年法治政府建设重点任务清单");
    assert_eq!(d.year, Some(2024));
    assert_lines(&d, BASIC);
    assert_eq!(
        d.tasks[1].requirements,
        "对县政府及其部门文件逐件审核\n备注：按季度报送"
    );
    assert_eq!(d.report_rule.as_ref().and_then(|r| r.day), Some(5));
    assert_eq!(d.sections.len(), 2);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Layout 2: header spread with spaces over two merged rows (责任单位 over 牵头单位 | 配合单位),
// the header repeated on the next printed page, (一) sections under 一、.

fn layout_two_row_header(path: &Path) -> TestResult {
    write_xlsx(
        path,
        &[sheet(
            "Sheet1",
            &[
                &["示例县“法治政府建设年”活动任务分解表"],
                &["序 号", "工 作 内 容", "责任单位", "", "完成\n时间"],
                &["", "", "牵头单位", "配合单位", ""],
                &["一、加强制度建设"],
                &["（一）完善规范性文件管理"],
                &[
                    "1",
                    "建立规范性文件动态清理机制",
                    "县司法局",
                    "县直各有关部门",
                    "2024年10月31日前",
                ],
                &[
                    "2",
                    "公布现行有效规范性文件目录",
                    "县司法局",
                    "县政府办",
                    "10.31",
                ],
                &["序 号", "工 作 内 容", "责任单位", "", "完成\n时间"],
                &["", "", "牵头单位", "配合单位", ""],
                &["（二）推进政务公开"],
                &[
                    "1",
                    "更新政府信息公开指南",
                    "县政府办",
                    "县政务服务中心；县数据局",
                    "每季度",
                ],
                &["二、强化监督"],
                &[
                    "1",
                    "开展行政复议案件质量评查",
                    "县司法局",
                    "",
                    "2024年12月底前",
                ],
            ],
            &[
                (0, 0, 0, 4),
                (1, 0, 2, 0),
                (1, 1, 2, 1),
                (1, 2, 1, 3),
                (1, 4, 2, 4),
                (3, 0, 3, 4),
                (4, 0, 4, 4),
                (7, 0, 8, 0),
                (7, 1, 8, 1),
                (7, 2, 7, 3),
                (7, 4, 8, 4),
                (9, 0, 9, 4),
                (11, 0, 11, 4),
            ],
        )],
    )
}

const TWO_ROW: &[&str] = &[
    "（一）完善规范性文件管理|1|建立规范性文件动态清理机制|县司法局|县直各有关部门||2024年10月31日前",
    "（一）完善规范性文件管理|2|公布现行有效规范性文件目录|县司法局|县政府办||10.31",
    "（二）推进政务公开|1|更新政府信息公开指南|县政府办|县政务服务中心、县数据局||每季度",
    "二强化监督|1|开展行政复议案件质量评查|县司法局|||2024年12月底前",
];

#[test]
fn two_row_spaced_header_repeated_on_each_page() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("任务分解表.xlsx");
    layout_two_row_header(&path)?;
    let d = draft(&path)?;
    assert_eq!(d.title, "示例县“法治政府建设年”活动任务分解表");
    assert_lines(&d, TWO_ROW);
    let sub = d
        .sections
        .iter()
        .find(|s| s.code == "（一）")
        .ok_or("(一)")?;
    let top = d.sections.iter().find(|s| s.code == "一").ok_or("一")?;
    assert_eq!(sub.parent.as_deref(), Some(top.key.as_str()));
    assert_eq!(sub.level, 2);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Layout 3: 重点任务 merged down over its 具体措施, 序号 merged with it; 责任单位 lists with
// line breaks (the first leads); 时间节点.

fn layout_category(path: &Path) -> TestResult {
    write_xlsx(
        path,
        &[sheet(
            "责任分工",
            &[
                &["示例县依法行政能力提升行动责任分工表"],
                &["序号", "重点任务", "具体措施", "责任单位", "时间节点"],
                &[
                    "1",
                    "提升领导干部法治素养",
                    "举办领导干部法治专题讲座",
                    "县委组织部\n县司法局",
                    "全年",
                ],
                &[
                    "",
                    "",
                    "组织旁听庭审活动",
                    "县法院、县司法局",
                    "{date:2024-09-30}",
                ],
                &[
                    "2",
                    "规范行政执法行为",
                    "开展执法证件年审",
                    "县司法局",
                    "三月份",
                ],
                &[
                    "",
                    "",
                    "推行执法全过程记录",
                    "县公安局、县交通运输局、县市场监管局",
                    "长期坚持",
                ],
                &[
                    "",
                    "",
                    "落实行政裁量权基准制度",
                    "县直各行政执法部门",
                    "2024年6月底前",
                ],
            ],
            &[
                (0, 0, 0, 4),
                (2, 0, 3, 0),
                (2, 1, 3, 1),
                (4, 0, 6, 0),
                (4, 1, 6, 1),
            ],
        )],
    )
}

const CATEGORY: &[&str] = &[
    "1提升领导干部法治素养|1|举办领导干部法治专题讲座|县委组织部||县司法局|全年",
    "1提升领导干部法治素养|2|组织旁听庭审活动|县法院||县司法局|2024年9月30日",
    "2规范行政执法行为|1|开展执法证件年审|县司法局|||三月份",
    "2规范行政执法行为|2|推行执法全过程记录|县公安局||县交通运输局、县市场监管局|长期坚持",
    "2规范行政执法行为|3|落实行政裁量权基准制度|||县直各行政执法部门|2024年6月底前",
];

#[test]
fn merged_task_groups_become_sections_and_number_their_measures() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("责任分工表.xlsx");
    layout_category(&path)?;
    let d = draft(&path)?;
    assert_lines(&d, CATEGORY);
    assert!(
        d.tasks[0].lead_inferred,
        "the first 责任单位 leads, as a guess"
    );
    assert_eq!(d.year, Some(2024), "the year comes from the deadlines");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Layout 4: one sheet per section, in order; a notes sheet and a hidden list sheet skipped; a
// roster sheet filling the draft's group.

fn layout_multi_sheet(path: &Path) -> TestResult {
    let header: &[&str] = &["序号", "任务内容", "牵头部门", "协办单位", "时间安排"];
    let mut lists = sheet("lists", &[&["未启动"], &["推进中"]], &[]);
    lists.hidden = true;
    write_xlsx(
        path,
        &[
            sheet("填报说明", &[&["本表由县司法局汇总，请勿改动表头。"]], &[]),
            sheet(
                "一、依法决策",
                &[
                    &["示例县2025年法治政府建设工作要点"],
                    header,
                    &[
                        "1",
                        "修订县政府工作规则",
                        "县政府办",
                        "县司法局",
                        "2025年3月底前",
                    ],
                    &["2", "编制重大行政决策事项目录", "县政府办", "", "2025年4月"],
                ],
                &[(0, 0, 0, 4)],
            ),
            sheet(
                "二、执法监督",
                &[
                    &["示例县2025年法治政府建设工作要点"],
                    header,
                    &[
                        "1",
                        "开展行政执法监督检查",
                        "县司法局",
                        "县直各执法部门",
                        "下半年",
                    ],
                ],
                &[(0, 0, 0, 4)],
            ),
            lists,
            sheet(
                "领导小组",
                &[
                    &["组内职务", "姓名", "职务"],
                    &["组长", "张  明", "县委副书记、县长"],
                    &["成员", "李  强", "县司法局局长"],
                ],
                &[],
            ),
        ],
    )
}

const MULTI: &[&str] = &[
    "一依法决策|1|修订县政府工作规则|县政府办|县司法局||2025年3月底前",
    "一依法决策|2|编制重大行政决策事项目录|县政府办|||2025年4月",
    "二执法监督|1|开展行政执法监督检查|县司法局|县直各执法部门||下半年",
];

#[test]
fn one_sheet_per_section_read_in_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("工作要点.xlsx");
    layout_multi_sheet(&path)?;
    let d = draft(&path)?;
    assert_eq!(d.title, "示例县2025年法治政府建设工作要点");
    assert_eq!(d.year, Some(2025));
    assert_lines(&d, MULTI);
    let group: Vec<(String, String, String, String)> = d
        .group
        .iter()
        .map(|m| {
            (
                m.role.clone(),
                m.name.clone(),
                m.title.clone(),
                m.org.clone(),
            )
        })
        .collect();
    assert_eq!(
        group,
        vec![
            (
                "组长".into(),
                "张明".into(),
                "县委副书记、县长".into(),
                String::new()
            ),
            (
                "成员".into(),
                "李强".into(),
                "局长".into(),
                "县司法局".into()
            ),
        ]
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Layout 5: 序号 as formulas (cached values), rich text, a hidden row and a hidden key column,
// a formula error, the header at row 4 under 填报单位 lines.

fn layout_hidden_formula_rich(path: &Path) -> TestResult {
    let mut s = sheet(
        "台账",
        &[
            &["示例县2024年度法治政府建设任务台账"],
            &["填报单位：县司法局（盖章）"],
            &["填报日期：2024年1月5日"],
            &["序号", "工作任务", "责任单位", "完成时限", "任务键"],
            &[
                "{formula:=ROW()-4|1}",
                "{rich:推进|“八五”普法中期评估}",
                "县司法局、县委宣传部",
                "2024年7月底前",
                "k-001",
            ],
            &[
                "{formula:=ROW()-4|2}",
                "深化“谁执法谁普法”责任制",
                "县直各部门",
                "全年",
                "k-002",
            ],
            &[
                "{hidden-row}",
                "{formula:=ROW()-4|3}",
                "建设法治文化阵地",
                "县司法局；各乡镇",
                "2024年11月底前",
                "k-003",
            ],
            &["{formula:=1/0|#DIV/0!}", "", "", "", ""],
        ],
        &[(0, 0, 0, 4)],
    );
    s.hidden_cols = vec![4];
    write_xlsx(path, &[s])
}

const HIDDEN: &[&str] = &[
    "|1|推进“八五”普法中期评估|县司法局||县委宣传部|2024年7月底前",
    "|2|深化“谁执法谁普法”责任制|||县直各部门|全年",
    "|3|建设法治文化阵地|县司法局||各乡镇|2024年11月底前",
];

#[test]
fn formulas_rich_text_and_hidden_rows_are_read() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("台账.xlsx");
    layout_hidden_formula_rich(&path)?;
    let d = draft(&path)?;
    assert_eq!(d.title, "示例县2024年度法治政府建设任务台账");
    assert_lines(&d, HIDDEN);
    let w = d.warnings.join("\n");
    assert!(w.contains("第7行") && w.contains("隐藏行"), "{w}");
    assert!(w.contains("A8") && w.contains("公式出错"), "{w}");
    let book = workbook::read(&path)?;
    assert!(book.sheets[0].hidden_cols.contains(&4));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Layout 6: 工作任务 with a 具体要求 column, 责任部门 and 完成时间, no 序号 column (codes in the
// text), units on separate lines, an empty row, a footnote.

fn layout_codes_in_text(path: &Path) -> TestResult {
    write_xlsx(
        path,
        &[sheet(
            "任务清单",
            &[
                &["工作任务", "具体要求", "责任部门", "完成时间"],
                &[
                    "1.优化法治化营商环境",
                    "清理妨碍统一市场的规定",
                    "县发改局\n县市场监管局",
                    "2024年9月",
                ],
                &["", "", "", ""],
                &[
                    "2、加强公共法律服务",
                    "建成县乡村三级服务平台",
                    "县司法局",
                    "{date:2024-12-31}",
                ],
                &["注：每月30日前填报当月进展。", "", "", ""],
            ],
            &[],
        )],
    )
}

const CODES_IN_TEXT: &[&str] = &[
    "|1|优化法治化营商环境|县发改局||县市场监管局|2024年9月",
    "|2|加强公共法律服务|县司法局|||2024年12月31日",
];

#[test]
fn codes_written_in_the_task_text_and_a_requirements_column() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("任务清单.xlsx");
    layout_codes_in_text(&path)?;
    let d = draft(&path)?;
    assert_eq!(d.title, "任务清单", "no title row: the file's name");
    assert_lines(&d, CODES_IN_TEXT);
    assert_eq!(d.tasks[0].requirements, "清理妨碍统一市场的规定");
    let rule = d.report_rule.as_ref().ok_or("rule")?;
    assert_eq!(
        (rule.day, rule.covers),
        (Some(30), taizhang::plan::Covers::Current)
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// LibreOffice: the same tables saved again as .xlsx and as legacy .xls give the same drafts.

#[test]
fn files_saved_by_libreoffice_as_xlsx_and_xls_import_the_same() -> TestResult {
    let dir = tempfile::tempdir()?;
    type Layout = fn(&Path) -> TestResult;
    let layouts: [(&str, Layout, &[&str]); 3] = [
        ("basic", layout_basic, BASIC),
        ("two_row", layout_two_row_header, TWO_ROW),
        ("category", layout_category, CATEGORY),
    ];
    for (name, write, expected) in layouts {
        let path = dir.path().join(format!("{name}.xlsx"));
        write(&path)?;
        for to in ["xls", "xlsx"] {
            let saved = through_libreoffice(&path, to)?;
            let d = draft(&saved)?;
            assert_lines(&d, expected);
            assert_eq!(d.title, draft(&path)?.title, "{name}.{to}");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Commit, re-import into the same plan, undo

#[test]
fn cli_import_creates_a_plan_reimport_changes_nothing_and_undo_restores() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let path = dir.path().join("重点任务清单.xlsx");
    layout_basic(&path)?;
    let file = path.to_str().ok_or("path")?;
    let before = dump(&db)?;
    let out = cli_ok(&db, &["plan", "import", file, "--dry-run", "--json"]);
    assert_eq!(before, dump(&db)?, "--dry-run wrote");
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["counts"]["tasks"], 6);
    assert_eq!(v["title"], "示例县2024年法治政府建设重点任务清单");

    let out = cli_ok(&db, &["plan", "import", file, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    let id = v["plan_id"].as_i64().ok_or("plan id")?;
    let plans = cli_ok(&db, &["plan", "list"]);
    assert!(
        plans.contains("示例县2024年法治政府建设重点任务清单"),
        "{plans}"
    );

    // The same file into the same plan: nothing changes, nothing is written.
    let imported = dump(&db)?;
    let out = cli_ok(
        &db,
        &["plan", "import", file, "--plan", &id.to_string(), "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["merge"]["tasks_unchanged"], 6, "{v}");
    assert_eq!(v["merge"]["batch_id"], serde_json::Value::Null);
    assert_eq!(imported, dump(&db)?, "re-import changed the database");

    let out = cli_ok(&db, &["plan", "undo-import", &id.to_string()]);
    assert!(out.contains("已撤销导入"), "{out}");
    assert_eq!(dump_without_audit(&db)?, without_audit(&before));
    Ok(())
}

#[test]
fn units_match_the_directory_by_alias_and_unknown_ones_are_proposed_as_new() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    // The clerk's directory knows 县司法局 also as 依法治县办.
    cli_ok(
        &db,
        &["unit", "edit", "县司法局", "--aliases", "依法治县办"],
    );
    let path = dir.path().join("任务分解表.xlsx");
    write_xlsx(
        &path,
        &[sheet(
            "任务分解",
            &[
                &["示例县2026年法治建设任务分解表"],
                &["序号", "工作任务", "责任单位", "配合单位", "完成时间"],
                &[
                    "1",
                    "开展法治督察",
                    "依法治县办",
                    "县大数据中心,县财政局",
                    "2026年6月底前",
                ],
                &[
                    "2",
                    "建设行政执法监督平台",
                    "县大数据中心",
                    "依法治县办",
                    "二季度",
                ],
            ],
            &[],
        )],
    )?;
    let file = path.to_str().ok_or("path")?;
    let out = cli_ok(&db, &["plan", "import", file, "--dry-run", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["new_units"], serde_json::json!(["县大数据中心"]), "{v}");
    let matched = v["matched_units"].as_array().ok_or("matched_units")?;
    let by_alias = matched
        .iter()
        .find(|m| m["name"] == "依法治县办")
        .ok_or("依法治县办 not matched")?;
    assert_eq!(by_alias["unit_name"], "县司法局");

    let out = cli_ok(&db, &["plan", "import", file, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    let id = v["plan_id"].as_i64().ok_or("plan id")?;
    let tasks: serde_json::Value = serde_json::from_str(&cli_ok(
        &db,
        &["task", "list", "--plan", &id.to_string(), "--json"],
    ))?;
    assert_eq!(tasks[0]["lead_units"], serde_json::json!(["县司法局"]));
    assert_eq!(
        tasks[0]["co_units"],
        serde_json::json!(["县大数据中心", "县财政局"]),
        "split on an ASCII comma"
    );
    assert_eq!(tasks[1]["lead_units"], serde_json::json!(["县大数据中心"]));
    assert_eq!(tasks[1]["co_units"], serde_json::json!(["县司法局"]));
    let units = cli_ok(&db, &["unit", "list", "--json"]);
    assert!(
        units.contains("县大数据中心"),
        "the new unit joins the directory"
    );
    Ok(())
}

#[test]
fn reimport_of_an_edited_file_updates_and_adds_then_undo_restores_exactly() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db_path = sample_db(dir.path());
    let first = dir.path().join("v1.xlsx");
    layout_two_row_header(&first)?;
    let mut db = Db::open(&db_path)?;
    let d = import::draft_from_file(db.conn(), &first)?;
    let plan_id = import::commit(&mut db, &d)?;
    let after_first = dump_without_audit(&db_path)?;

    // Version 2: one deadline changed, one cooperating unit added, one task and one section new.
    let second = dir.path().join("v2.xlsx");
    write_xlsx(
        &second,
        &[sheet(
            "Sheet1",
            &[
                &["示例县“法治政府建设年”活动任务分解表"],
                &["序号", "工作内容", "牵头单位", "配合单位", "完成时间"],
                &["一、加强制度建设"],
                &["（一）完善规范性文件管理"],
                &[
                    "1",
                    "建立规范性文件动态清理机制",
                    "县司法局",
                    "县直各有关部门",
                    "2024年11月30日前",
                ],
                &[
                    "2",
                    "公布现行有效规范性文件目录",
                    "县司法局",
                    "县政府办、县档案馆",
                    "10.31",
                ],
                &["（二）推进政务公开"],
                &[
                    "1",
                    "更新政府信息公开指南",
                    "县政府办",
                    "县政务服务中心；县数据局",
                    "每季度",
                ],
                &[
                    "2",
                    "开展政务公开第三方评估",
                    "县政府办",
                    "",
                    "2024年12月底前",
                ],
                &["二、强化监督"],
                &[
                    "1",
                    "开展行政复议案件质量评查",
                    "县司法局",
                    "",
                    "2024年12月底前",
                ],
                &["三、加强队伍建设"],
                &["1", "开展法治工作人员轮训", "县司法局", "", "全年"],
            ],
            &[
                (0, 0, 0, 4),
                (2, 0, 2, 4),
                (3, 0, 3, 4),
                (6, 0, 6, 4),
                (9, 0, 9, 4),
                (11, 0, 11, 4),
            ],
        )],
    )?;
    let d2 = import::draft_from_file(db.conn(), &second)?;
    let preview = merge::preview(db.conn(), plan_id, &d2)?;
    assert_eq!(preview.tasks_added.len(), 2, "{preview:#?}");
    assert_eq!(preview.tasks_changed.len(), 2, "{preview:#?}");
    assert_eq!(preview.tasks_changed[0].fields, vec!["完成时限"]);
    assert_eq!(preview.tasks_changed[1].fields, vec!["配合单位"]);
    assert_eq!(preview.sections_added, vec!["三、加强队伍建设"]);
    assert_eq!(preview.units_added, vec!["县档案馆"]);
    assert_eq!(after_first, dump_without_audit(&db_path)?, "preview wrote");

    let done = merge::commit_into(&mut db, plan_id, &d2)?;
    assert!(done.batch_id.is_some());
    let tasks = task::list(
        &db,
        &TaskFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        },
    )?;
    assert_eq!(tasks.len(), 6);
    let t = tasks
        .iter()
        .find(|t| t.title == "建立规范性文件动态清理机制")
        .ok_or("task")?;
    assert_eq!(
        t.deadline.map(|d| d.to_string()).as_deref(),
        Some("2024-11-30")
    );

    // Importing version 2 again changes nothing.
    let after_second = dump(&db_path)?;
    let again = merge::commit_into(&mut db, plan_id, &d2)?;
    assert!(again.is_empty() && again.batch_id.is_none());
    assert_eq!(after_second, dump(&db_path)?);

    // Undo takes back version 2 exactly, then the import that created the plan.
    let r = import::undo(&mut db, plan_id)?;
    assert!(!r.plan_removed);
    assert_eq!((r.tasks, r.tasks_restored), (2, 2));
    assert_eq!(r.units_removed, vec!["县档案馆"]);
    assert_eq!(after_first, dump_without_audit(&db_path)?);
    let r = import::undo(&mut db, plan_id)?;
    assert!(r.plan_removed);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rosters

fn roster_role_column(path: &Path) -> TestResult {
    write_xlsx(
        path,
        &[sheet(
            "名单",
            &[
                &["示例县法治政府建设领导小组成员名单"],
                &["职务", "姓名", "单位"],
                &["组长", "张  明", "县人民政府"],
                &["副组长", "赵  刚", "县人民政府"],
                &["", "孙丽华", "县司法局"],
                &["成员", "李  强", "县司法局"],
                &["", "周  伟、吴  敏", "县财政局"],
                &["领导小组办公室"],
                &["主任", "钱  进", "县司法局"],
                &["成员", "郑小红", "县司法局"],
            ],
            &[(0, 0, 0, 2), (3, 0, 4, 0), (5, 0, 6, 0), (7, 0, 7, 2)],
        )],
    )
}

fn roster_lines(d: &RosterDraft) -> Vec<String> {
    d.members
        .iter()
        .map(|e| {
            format!(
                "{}|{}|{}|{}|{}",
                e.member.role, e.member.name, e.member.title, e.member.org, e.row
            )
        })
        .collect()
}

#[test]
fn roster_with_a_role_column_merged_down_and_an_office_block() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("领导小组名单.xlsx");
    roster_role_column(&path)?;
    let db = Db::open_in_memory()?;
    let conn = db.conn();
    let d = roster::draft_from_file(conn, &path, None)?;
    assert_eq!(d.title, "示例县法治政府建设领导小组成员名单");
    assert_eq!(
        roster_lines(&d),
        vec![
            "组长|张明||县人民政府|3",
            "副组长|赵刚||县人民政府|4",
            "副组长|孙丽华||县司法局|5",
            "成员|李强||县司法局|6",
            "成员|周伟||县财政局|7",
            "成员|吴敏||县财政局|7",
            "办公室主任|钱进||县司法局|9",
            "办公室成员|郑小红||县司法局|10",
        ]
    );
    Ok(())
}

fn roster_role_rows(path: &Path) -> TestResult {
    write_xlsx(
        path,
        &[sheet(
            "Sheet1",
            &[
                &["示例县全面依法治县委员会领导小组名单"],
                &["姓  名", "职  务", "组内职务"],
                &["组  长："],
                &["王  伟", "县委副书记、县长", ""],
                &["副组长："],
                &["陈建国", "副县长", ""],
                &["成  员："],
                &["刘  洋", "县司法局局长", ""],
                &["黄  芳", "县财政局副局长", ""],
                &["办公室"],
                &["林  涛", "县司法局副局长", "主任"],
            ],
            &[
                (0, 0, 0, 2),
                (2, 0, 2, 2),
                (4, 0, 4, 2),
                (6, 0, 6, 2),
                (9, 0, 9, 2),
            ],
        )],
    )
}

#[test]
fn roster_with_role_rows_names_padded_and_either_column_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("名单.xlsx");
    roster_role_rows(&path)?;
    let db = Db::open_in_memory()?;
    let conn = db.conn();
    let d = roster::draft_from_file(conn, &path, None)?;
    assert_eq!(
        roster_lines(&d),
        vec![
            "组长|王伟|县委副书记、县长||4",
            "副组长|陈建国|副县长||6",
            "成员|刘洋|局长|县司法局|8",
            "成员|黄芳|副局长|县财政局|9",
            "办公室主任|林涛|副局长|县司法局|11",
        ]
    );
    Ok(())
}

#[test]
fn roster_saved_as_xls_by_libreoffice_reads_the_same() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("名单.xlsx");
    roster_role_column(&path)?;
    let xls = through_libreoffice(&path, "xls")?;
    let db = Db::open_in_memory()?;
    let conn = db.conn();
    let a = roster::draft_from_file(conn, &path, None)?;
    let b = roster::draft_from_file(conn, &xls, None)?;
    assert_eq!(roster_lines(&a), roster_lines(&b));
    Ok(())
}

#[test]
fn cli_roster_import_is_idempotent_dated_and_undoable() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let path = dir.path().join("领导小组名单.xlsx");
    roster_role_column(&path)?;
    let file = path.to_str().ok_or("path")?;
    let before = dump(&db)?;
    let out = cli_ok(&db, &["group", "import", file, "--dry-run", "--json"]);
    assert_eq!(before, dump(&db)?, "--dry-run wrote");
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["members"].as_array().map(Vec::len), Some(8));
    assert_eq!(v["members"][0]["name"], "张明");
    assert_eq!(v["members"][0]["status"], "new");

    let out = cli_ok(
        &db,
        &[
            "group",
            "import",
            file,
            "--on",
            "2025-06-01",
            "--retire",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["committed"]["added"], 8, "{v}");
    let left = v["committed"]["left"].as_u64().ok_or("left")?;
    assert!(left > 0, "the sample's members are not in the file: {v}");
    let listed = cli_ok(&db, &["group", "list", "--on", "2025-06-01"]);
    assert!(
        listed.contains("张明") && listed.contains("办公室主任"),
        "{listed}"
    );

    let imported = dump(&db)?;
    let out = cli_ok(
        &db,
        &[
            "group",
            "import",
            file,
            "--on",
            "2025-06-01",
            "--retire",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["committed"]["batch_id"], serde_json::Value::Null, "{v}");
    assert_eq!(imported, dump(&db)?, "re-import changed the database");

    let out = cli_ok(&db, &["group", "undo-import"]);
    assert!(out.contains("已撤销"), "{out}");
    assert_eq!(dump_without_audit(&db)?, without_audit(&before));
    let db_conn = Db::open(&db)?;
    let again = roster::draft_from_file(db_conn.conn(), &path, None)?;
    assert!(again.members.iter().all(|e| e.status == EntryStatus::New));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bad input: a Chinese message naming the sheet and row, nothing written

fn refused(db: &Path, args: &[&str], expect: &[&str]) -> TestResult {
    let before = dump(db)?;
    let err = cli_err(db, args);
    for e in expect {
        assert!(err.contains(e), "expected “{e}” in: {err}");
    }
    assert_eq!(before, dump(db)?, "the database changed after {args:?}");
    Ok(())
}

#[test]
fn bad_workbooks_are_refused_with_the_sheet_and_row() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let p = |name: &str| dir.path().join(name);

    let no_header = p("没有表头.xlsx");
    write_xlsx(
        &no_header,
        &[sheet(
            "汇总",
            &[&["示例县工作汇总"], &["共完成 12 项"]],
            &[],
        )],
    )?;
    refused(
        &db,
        &["plan", "import", no_header.to_str().ok_or("p")?],
        &["未识别到任务表", "“汇总”", "表头"],
    )?;

    let header_only = p("只有表头.xlsx");
    write_xlsx(
        &header_only,
        &[sheet(
            "任务",
            &[&["标题行"], &["序号", "重点任务", "牵头单位", "完成时限"]],
            &[],
        )],
    )?;
    refused(
        &db,
        &["plan", "import", header_only.to_str().ok_or("p")?],
        &["“任务”", "第3行"],
    )?;

    let roster_as_plan = p("名单.xlsx");
    roster_role_column(&roster_as_plan)?;
    refused(
        &db,
        &["plan", "import", roster_as_plan.to_str().ok_or("p")?],
        &["领导小组名单"],
    )?;

    let no_names = p("无姓名.xlsx");
    write_xlsx(
        &no_names,
        &[sheet(
            "名单",
            &[
                &["示例县领导小组名单"],
                &["职务", "姓名", "单位"],
                &["组长", "", "县政府"],
                &["成员", "（待定）", ""],
            ],
            &[],
        )],
    )?;
    refused(
        &db,
        &["group", "import", no_names.to_str().ok_or("p")?],
        &["没有姓名", "“名单”", "第3行"],
    )?;
    refused(
        &db,
        &["group", "import", no_header.to_str().ok_or("p")?],
        &["姓名", "“汇总”"],
    )?;

    let broken = p("损坏.xlsx");
    std::fs::write(&broken, [&b"PK\x03\x04"[..], &[7u8; 300][..]].concat())?;
    refused(
        &db,
        &["plan", "import", broken.to_str().ok_or("p")?],
        &["已损坏", "另存为"],
    )?;
    refused(
        &db,
        &["group", "import", broken.to_str().ok_or("p")?],
        &["已损坏"],
    )?;
    let mut truncated = std::fs::read(&no_header)?;
    truncated.truncate(truncated.len() / 2);
    let truncated_path = p("截断.xlsx");
    std::fs::write(&truncated_path, truncated)?;
    refused(
        &db,
        &["plan", "import", truncated_path.to_str().ok_or("p")?],
        &["已损坏"],
    )?;

    // An encrypted workbook is an OLE container holding EncryptionInfo and EncryptedPackage.
    let encrypted = p("加密.xlsx");
    {
        let mut comp = cfb::create(&encrypted)?;
        std::io::Write::write_all(
            &mut comp.create_stream("/EncryptionInfo")?,
            &[4, 0, 4, 0, 0x40, 0, 0, 0],
        )?;
        std::io::Write::write_all(&mut comp.create_stream("/EncryptedPackage")?, &[0u8; 4096])?;
        comp.flush()?;
    }
    refused(
        &db,
        &["plan", "import", encrypted.to_str().ok_or("p")?],
        &["密码", ".xlsx"],
    )?;
    refused(
        &db,
        &["group", "import", encrypted.to_str().ok_or("p")?],
        &["密码"],
    )?;

    let et = p("任务.et");
    std::fs::write(&et, b"not an ole file at all, WPS private format")?;
    refused(
        &db,
        &["plan", "import", et.to_str().ok_or("p")?],
        &["WPS", "另存为", ".xlsx"],
    )?;

    // A roster file is not a task list and the other way round: the message says which to use.
    let tasks_as_roster = p("任务表.xlsx");
    layout_basic(&tasks_as_roster)?;
    refused(
        &db,
        &["group", "import", tasks_as_roster.to_str().ok_or("p")?],
        &["任务表", "导入方案"],
    )?;
    let out = cli(
        &db,
        &[
            "plan",
            "import",
            tasks_as_roster.to_str().ok_or("p")?,
            "--plan",
            "999",
        ],
    );
    assert!(!out.status.success());
    Ok(())
}
