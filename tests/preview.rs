//! The plan-import preview's edits, through the core as the window applies them: a fictional
//! plan the parser cannot read right (two tasks run together, a heading read as a task, units
//! named only in the prose, a short form the directory does not know, traditional characters)
//! is fixed with split, promote, text-unit chips, bulk units, a unit mapping and 转为简体; the
//! committed plan is exactly the edited draft, and undoing the import takes back what it added.

mod common;

use common::docx::{para, write_docx};
use common::TestResult;
use taizhang::plan::draft::edit::{split_points, DraftEdit, Field, SplitAt};
use taizhang::plan::draft::PlanDraft;
use taizhang::plan::import;
use taizhang::task;
use taizhang::unit::{self, UnitInput};
use taizhang::Db;

/// The plan as a department wrote it; the e2e test `ui/e2e/preview-edits.test.mjs` writes the
/// same text.
const BROKEN: &[&str] = &[
    "示例县2026年行政执法监督工作方案",
    "为提升全县行政执法水平，制定本方案。",
    "一、重点任务",
    "1.健全行政执法制度。完善行政执法公示制度，2026年6月底前完成。（牵头单位：县司法局；配合单位：县市场监管局）",
    "2.规范行政复议工作，提高案件办理质量。3.推进行政应诉规范化，落实行政机关负责人出庭应诉制度。（牵头单位：县司法局）",
    "4.强化执法监督",
    "开展行政执法案卷评查，2026年10月底前完成。（牵头单位：县司法局）",
    "5.推进公共法律服务体系建设，县司法局要会同县民政局建设服务站点，2026年9月底前完成。",
    "6.做好民族宗教事务领域依法治理，2026年12月底前完成。（牵头单位：县民宗局）",
    "7.加強鄉鎮綜合執法隊伍建設，2026年11月底前完成。（牽頭單位：縣司法局；配合單位：縣財政局）",
    "二、工作要求",
    "各责任单位于每月5日前向县司法局报送上月工作进展。",
];

const DIRECTORY: &[&str] = &[
    "县司法局",
    "县市场监管局",
    "县民政局",
    "县民族宗教事务局",
    "县财政局",
];

fn setup(dir: &std::path::Path) -> Result<(Db, std::path::PathBuf), Box<dyn std::error::Error>> {
    let mut db = Db::open(&dir.join("taizhang.db"))?;
    for name in DIRECTORY {
        unit::add(
            &mut db,
            &UnitInput {
                name: name.to_string(),
                aliases: Vec::new(),
                kind: Default::default(),
                contact_name: String::new(),
                contact_phone: String::new(),
            },
        )?;
    }
    let file = dir.join("执法监督方案.docx");
    write_docx(&file, &BROKEN.iter().map(|l| para(l)).collect::<String>())?;
    Ok((db, file))
}

fn index_of(d: &PlanDraft, title_start: &str) -> usize {
    d.tasks
        .iter()
        .position(|t| t.title.starts_with(title_start))
        .unwrap_or_else(|| panic!("no task “{title_start}” in {:#?}", d.tasks))
}

/// (section code, code, title, lead, co, deadline) of each task.
type Row = (String, String, String, String, String, String);

fn rows_of_draft(d: &PlanDraft) -> Vec<Row> {
    common::draft::tasks_with_sections(d)
        .map(|(section, t)| {
            (
                section.map(|s| s.code.clone()).unwrap_or_default(),
                t.code.clone(),
                t.title.clone(),
                t.lead.join("、"),
                [t.co.clone(), t.responsible.clone()].concat().join("、"),
                t.deadline_text.clone(),
            )
        })
        .collect()
}

fn expected() -> Vec<Row> {
    let row = |s: &str, c: &str, t: &str, l: &str, co: &str, d: &str| {
        (s.into(), c.into(), t.into(), l.into(), co.into(), d.into())
    };
    vec![
        row(
            "一",
            "1",
            "健全行政执法制度",
            "县司法局",
            "县市场监管局",
            "2026年6月底前",
        ),
        row(
            "一",
            "2",
            "规范行政复议工作，提高案件办理质量",
            "县司法局",
            "县人民法院",
            "",
        ),
        row(
            "一",
            "3",
            "推进行政应诉规范化，落实行政机关负责人出庭应诉制度",
            "县司法局",
            "县人民法院",
            "",
        ),
        row(
            "4",
            "",
            "开展行政执法案卷评查，2026年10月底前完成",
            "县司法局",
            "",
            "2026年10月底前",
        ),
        row(
            "4",
            "5",
            "推进公共法律服务体系建设，县司法局要会同县民政局建设服务站点，2026年9月底前完成",
            "县司法局",
            "县民政局",
            "2026年9月底前",
        ),
        row(
            "4",
            "6",
            "做好民族宗教事务领域依法治理，2026年12月底前完成",
            "县民宗局",
            "",
            "2026年12月底前",
        ),
        row(
            "4",
            "7",
            "加强乡镇综合执法队伍建设，2026年11月底前完成",
            "县司法局",
            "县财政局",
            "2026年11月底前",
        ),
    ]
}

/// The clerk's edits, in the order the e2e test makes them.
fn fix(db: &Db, mut d: PlanDraft) -> Result<PlanDraft, Box<dyn std::error::Error>> {
    let conn = db.conn();
    assert!(d.traditional, "the draft offers 转为简体");
    d = import::edit(conn, d, &DraftEdit::ToSimplified)?;
    assert!(!d.traditional);

    // Two tasks run together: split where "3." starts.
    let t = index_of(&d, "规范行政复议工作");
    let at = split_points(&d.tasks[t])
        .into_iter()
        .find(|c| c.after.starts_with("3."))
        .ok_or("no split point before 3.")?
        .at;
    d = import::edit(conn, d, &DraftEdit::Split { task: t, at })?;

    // A heading read with its item: split it off, then make it a section.
    let t = index_of(&d, "强化执法监督");
    let at = SplitAt {
        field: Field::Requirements,
        at: 0,
    };
    d = import::edit(conn, d, &DraftEdit::Split { task: t, at })?;
    d = import::edit(conn, d, &DraftEdit::Promote { task: t })?;

    // Units only in the prose: the chips.
    let t = index_of(&d, "推进公共法律服务");
    let offered: Vec<String> = d.tasks[t]
        .text_units
        .iter()
        .map(|u| u.name.clone())
        .collect();
    assert_eq!(offered, ["县司法局", "县民政局"]);
    d = import::edit(
        conn,
        d,
        &DraftEdit::AddLead {
            tasks: vec![t],
            units: vec!["县司法局".into()],
        },
    )?;
    d = import::edit(
        conn,
        d,
        &DraftEdit::AddCo {
            tasks: vec![t],
            units: vec!["县民政局".into()],
        },
    )?;
    assert!(d.tasks[t].text_units.is_empty(), "nothing left to offer");

    // Several tasks at once, with a name the directory does not have.
    let two = index_of(&d, "规范行政复议工作");
    let three = index_of(&d, "推进行政应诉规范化");
    d = import::edit(
        conn,
        d,
        &DraftEdit::AddCo {
            tasks: vec![two, three],
            units: vec!["县人民法院".into()],
        },
    )?;

    // The unknown short form is the directory's 县民族宗教事务局.
    let target = unit::find_id(conn, "县民族宗教事务局")?.ok_or("no unit")?;
    let short = d
        .units
        .iter_mut()
        .find(|u| u.name == "县民宗局")
        .ok_or("县民宗局 is not listed")?;
    assert_eq!(short.unit_id, None, "a short form nobody knows yet");
    short.unit_id = Some(target);
    import::match_units(conn, &mut d)?;
    let short = d
        .units
        .iter()
        .find(|u| u.name == "县民宗局")
        .ok_or("gone")?;
    assert!(
        short.becomes_alias,
        "the preview says the name becomes an alias"
    );
    assert!(
        d.units.iter().filter(|u| u.becomes_alias).count() == 1,
        "names the directory matched by itself are no new aliases"
    );
    Ok(d)
}

#[test]
fn a_broken_plan_fixed_in_the_preview_is_committed_exactly_as_shown() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (mut db, file) = setup(dir.path())?;
    let draft = import::draft_from_file(db.conn(), &file)?;
    let fixed = fix(&db, draft)?;
    assert_eq!(rows_of_draft(&fixed), expected());
    let section_4 = fixed
        .sections
        .iter()
        .find(|s| s.code == "4")
        .ok_or("no section 4")?;
    assert_eq!(section_4.title, "强化执法监督");
    assert_eq!(section_4.level, 2, "4. under 一、");

    let units_before = unit::list(&db)?.len();
    let plan_id = import::commit(&mut db, &fixed)?;
    let committed: Vec<Row> = task::of_plan(&db, plan_id)?
        .into_iter()
        .map(|t| {
            (
                t.section,
                t.code,
                t.title,
                t.lead_units.join("、"),
                [t.co_units, t.responsible_units].concat().join("、"),
                t.deadline_text,
            )
        })
        .collect();
    // 县民宗局 is written as the directory's name it was mapped to.
    let mut want = expected();
    want[5].3 = "县民族宗教事务局".into();
    assert_eq!(committed, want);

    let units = unit::list(&db)?;
    assert_eq!(units.len(), units_before + 1, "only 县人民法院 is new");
    let religion = units
        .iter()
        .find(|u| u.name == "县民族宗教事务局")
        .ok_or("unit gone")?;
    assert_eq!(
        religion.aliases,
        ["县民宗局"],
        "the mapped name became its alias"
    );

    let report = import::undo(&mut db, plan_id)?;
    assert_eq!(report.units_removed, ["县人民法院"]);
    let units = unit::list(&db)?;
    assert_eq!(units.len(), units_before);
    assert!(
        units.iter().all(|u| u.aliases.is_empty()),
        "undo takes the alias back"
    );
    Ok(())
}

#[test]
fn a_mapped_name_that_meanwhile_names_another_unit_is_no_alias_and_undo_is_exact() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("taizhang.db");
    let (mut db, file) = setup(dir.path())?;
    let mut d = import::draft_from_file(db.conn(), &file)?;
    let finance = unit::find_id(db.conn(), "县财政局")?.ok_or("no unit")?;
    for u in &mut d.units {
        if u.name == "县民宗局" {
            u.unit_id = Some(finance);
        }
    }
    // While the preview is open, 县民宗局 becomes the alias of another unit.
    unit::add(
        &mut db,
        &UnitInput {
            name: "县宗教局".into(),
            aliases: vec!["县民宗局".into()],
            kind: Default::default(),
            contact_name: String::new(),
            contact_phone: String::new(),
        },
    )?;
    let before = common::dump_without_audit(&path)?;
    let plan = import::commit(&mut db, &d)?;
    let tasks = task::of_plan(&db, plan)?;
    let t = tasks.iter().find(|t| t.code == "6").ok_or("no task 6")?;
    assert_eq!(
        t.lead_units,
        ["县财政局"],
        "the clerk's mapping is what is written"
    );
    assert!(
        unit::get(db.conn(), finance)?.aliases.is_empty(),
        "a name another unit has is no alias"
    );
    import::undo(&mut db, plan)?;
    assert_eq!(common::dump_without_audit(&path)?, before);
    Ok(())
}

#[test]
fn an_edit_that_cannot_be_made_returns_a_typed_error_and_the_draft_as_it_was() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (db, file) = setup(dir.path())?;
    let d = import::draft_from_file(db.conn(), &file)?;
    let before = d.clone();
    let err = import::edit(
        db.conn(),
        d.clone(),
        &DraftEdit::Merge {
            tasks: vec![
                index_of(&d, "推进公共法律服务"),
                index_of(&d, "做好民族宗教"),
            ],
            deadline: None,
        },
    )
    .map(|_| ())
    .unwrap_err();
    assert_eq!(
        err.kind(),
        taizhang::ErrorKind::Conflict,
        "different deadlines: the clerk chooses"
    );
    let err = taizhang::Error::from(err);
    let json = serde_json::to_value(&err)?;
    assert_eq!(json["kind"], "conflict");
    assert!(json["message"]
        .as_str()
        .is_some_and(|m| m.contains("2026年9月底前") && m.contains("2026年12月底前")));
    assert_eq!(d, before);
    Ok(())
}
