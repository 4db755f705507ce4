use super::*;

fn task(code: &str, title: &str, section: Option<&str>) -> DraftTask {
    DraftTask {
        section: section.map(str::to_string),
        code: code.to_string(),
        title: title.to_string(),
        ..DraftTask::default()
    }
}

fn section(key: &str, parent: Option<&str>, code: &str, title: &str) -> DraftSection {
    DraftSection {
        key: key.to_string(),
        parent: parent.map(str::to_string),
        code: code.to_string(),
        title: title.to_string(),
        level: if parent.is_some() { 2 } else { 1 },
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn draft() -> PlanDraft {
    let mut t1 = task("1", "健全依法决策机制", Some("s1"));
    t1.lead = names(&["县司法局"]);
    t1.deadline_text = "2026年6月底前".into();
    let mut t2 = task("2", "推进行政执法规范化", Some("s1"));
    t2.lead = names(&["县市场监管局"]);
    t2.co = names(&["县司法局"]);
    t2.deadline_text = "2026年6月底前".into();
    let mut t3 = task("3", "加强政务公开", Some("s1"));
    t3.responsible = names(&["县政府办"]);
    t3.lead = names(&["县政府办"]);
    t3.lead_inferred = true;
    t3.deadline_text = "长期坚持".into();
    PlanDraft {
        title: "示例县法治政府建设实施方案".into(),
        sections: vec![section("s1", None, "一", "主要任务")],
        tasks: vec![t1, t2, t3],
        ..PlanDraft::default()
    }
}

#[test]
fn set_lead_replaces_the_lead_of_every_chosen_task_and_takes_the_unit_out_of_co() {
    let mut d = draft();
    let edit = DraftEdit::SetLead {
        tasks: vec![1, 2],
        units: names(&["县司法局", " 县司法局 "]),
    };
    apply(&mut d, &edit).unwrap();
    assert_eq!(d.tasks[1].lead, names(&["县司法局"]));
    assert!(d.tasks[1].co.is_empty());
    assert_eq!(d.tasks[2].lead, names(&["县司法局"]));
    assert!(
        !d.tasks[2].lead_inferred,
        "a lead the clerk set is no guess"
    );
    assert_eq!(
        d.tasks[0],
        draft().tasks[0],
        "an unchosen task is untouched"
    );
}

#[test]
fn add_co_never_demotes_a_lead_and_clear_removes_every_unit() {
    let mut d = draft();
    apply(
        &mut d,
        &DraftEdit::AddCo {
            tasks: vec![0, 1],
            units: names(&["县司法局", "县财政局"]),
        },
    )
    .unwrap();
    assert_eq!(d.tasks[0].lead, names(&["县司法局"]));
    assert_eq!(d.tasks[0].co, names(&["县财政局"]));
    assert_eq!(d.tasks[1].co, names(&["县司法局", "县财政局"]));
    apply(&mut d, &DraftEdit::ClearUnits { tasks: vec![1] }).unwrap();
    assert!(d.tasks[1].lead.is_empty() && d.tasks[1].co.is_empty());
}

#[test]
fn bad_choices_are_refused_and_leave_the_draft_as_it_was() {
    let mut d = draft();
    let before = d.clone();
    let refused = [
        DraftEdit::SetLead {
            tasks: vec![],
            units: names(&["县司法局"]),
        },
        DraftEdit::SetLead {
            tasks: vec![0],
            units: names(&["  "]),
        },
        DraftEdit::AddCo {
            tasks: vec![0, 9],
            units: names(&["县财政局"]),
        },
        DraftEdit::Merge {
            tasks: vec![0, 2],
            deadline: None,
        },
        DraftEdit::Merge {
            tasks: vec![1],
            deadline: None,
        },
        DraftEdit::Split {
            task: 0,
            at: SplitAt {
                field: Field::Title,
                at: 0,
            },
        },
        DraftEdit::Split {
            task: 0,
            at: SplitAt {
                field: Field::Title,
                at: 99,
            },
        },
        DraftEdit::Demote {
            section: "nope".into(),
        },
        DraftEdit::Promote { task: 7 },
    ];
    for edit in refused {
        let e = apply(&mut d, &edit).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Invalid | ErrorKind::NotFound),
            "{edit:?}: {e}"
        );
        assert_eq!(d, before, "{edit:?}");
    }
}

#[test]
fn merge_joins_titles_unions_units_by_the_strongest_role_and_keeps_an_equal_deadline() {
    let mut d = draft();
    apply(
        &mut d,
        &DraftEdit::Merge {
            tasks: vec![1, 0],
            deadline: None,
        },
    )
    .unwrap();
    assert_eq!(d.tasks.len(), 2);
    let m = &d.tasks[0];
    assert_eq!(m.code, "1");
    assert_eq!(m.title, "健全依法决策机制；推进行政执法规范化");
    assert_eq!(m.lead, names(&["县司法局", "县市场监管局"]));
    assert!(
        m.co.is_empty(),
        "县司法局 leads one of them: it leads the merged task"
    );
    assert_eq!(m.deadline_text, "2026年6月底前");
}

#[test]
fn merge_with_different_deadlines_asks_and_takes_the_one_chosen() {
    let mut d = draft();
    let e = apply(
        &mut d,
        &DraftEdit::Merge {
            tasks: vec![1, 2],
            deadline: None,
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert!(e.to_string().contains("长期坚持"), "{e}");
    apply(
        &mut d,
        &DraftEdit::Merge {
            tasks: vec![1, 2],
            deadline: Some("长期坚持".into()),
        },
    )
    .unwrap();
    assert_eq!(d.tasks[1].deadline_text, "长期坚持");
    assert_eq!(d.tasks[1].lead, names(&["县市场监管局", "县政府办"]));
    assert_eq!(d.tasks[1].co, names(&["县司法局"]));
    assert!(d.tasks[1].responsible.is_empty());
    assert!(!d.tasks[1].lead_inferred, "one of the leads was written");
}

#[test]
fn split_in_the_requirements_reads_the_second_task_as_the_parser_reads_an_item() {
    let mut d = draft();
    d.tasks[0].requirements =
        "完善重大决策程序。2. 深化政务诚信建设。建立失信记录。（牵头单位：县发改局；配合单位：县财政局）"
            .into();
    d.tasks[0].lead = names(&["县司法局", "县发改局"]);
    d.tasks[0].co = names(&["县财政局"]);
    let at = split_points(&d.tasks[0])
        .into_iter()
        .find(|c| c.after.starts_with("2."))
        .unwrap()
        .at;
    assert_eq!(at.field, Field::Requirements);
    apply(&mut d, &DraftEdit::Split { task: 0, at }).unwrap();
    assert_eq!(d.tasks.len(), 4);
    let (a, b) = (&d.tasks[0], &d.tasks[1]);
    assert_eq!(a.title, "健全依法决策机制");
    assert_eq!(a.requirements, "完善重大决策程序。");
    assert_eq!(
        a.lead,
        names(&["县司法局"]),
        "the second half's units left the first"
    );
    assert!(a.co.is_empty());
    assert_eq!(b.code, "2");
    assert_eq!(b.title, "深化政务诚信建设");
    assert_eq!(b.lead, names(&["县发改局"]));
    assert_eq!(b.co, names(&["县财政局"]));
    assert_eq!(b.section.as_deref(), Some("s1"));
    assert_eq!(
        b.deadline_text, "2026年6月底前",
        "no deadline of its own: the task's"
    );
}

#[test]
fn split_in_the_title_at_the_cursor_copies_the_units_when_the_text_names_none() {
    let mut d = draft();
    d.tasks[1].title = "推进行政执法规范化建立执法监督平台".into();
    d.tasks[1].requirements = "年内上线。".into();
    let at = SplitAt {
        field: Field::Title,
        at: "推进行政执法规范化".chars().count(),
    };
    apply(&mut d, &DraftEdit::Split { task: 1, at }).unwrap();
    assert_eq!(d.tasks[1].title, "推进行政执法规范化");
    assert_eq!(d.tasks[1].requirements, "");
    assert_eq!(d.tasks[2].title, "建立执法监督平台");
    assert_eq!(d.tasks[2].requirements, "年内上线。");
    assert_eq!(d.tasks[2].lead, d.tasks[1].lead);
    assert_eq!(d.tasks[2].co, d.tasks[1].co);
}

#[test]
fn promoting_a_heading_moves_the_tasks_after_it_under_it_and_demoting_puts_it_back() {
    let mut d = draft();
    d.tasks[1].code = "二".into();
    d.tasks[1].title = "严格规范公正文明执法".into();
    d.tasks[1].lead.clear();
    d.tasks[1].co.clear();
    apply(&mut d, &DraftEdit::Promote { task: 1 }).unwrap();
    assert_eq!(d.tasks.len(), 2);
    assert_eq!(d.sections.len(), 2);
    let new = &d.sections[1];
    assert_eq!(
        (new.code.as_str(), new.title.as_str()),
        ("二", "严格规范公正文明执法")
    );
    assert_eq!(new.parent, None, "一、 and 二、 are siblings");
    assert_eq!(new.level, 1);
    assert_eq!(d.tasks[0].section.as_deref(), Some("s1"));
    assert_eq!(d.tasks[1].section.as_deref(), Some(new.key.as_str()));

    let key = new.key.clone();
    apply(&mut d, &DraftEdit::Demote { section: key }).unwrap();
    assert_eq!(d.sections.len(), 1);
    assert_eq!(d.tasks.len(), 3);
    assert_eq!(d.tasks[1].code, "二");
    assert_eq!(d.tasks[1].title, "严格规范公正文明执法");
    assert!(d.tasks.iter().all(|t| t.section.as_deref() == Some("s1")));
}

#[test]
fn a_heading_numbered_below_its_section_becomes_a_child_and_takes_the_tasks_that_follow() {
    let mut d = draft();
    d.tasks[0].code = "(一)".into();
    d.tasks[0].title = "依法决策".into();
    apply(&mut d, &DraftEdit::Promote { task: 0 }).unwrap();
    let child = &d.sections[1];
    assert_eq!(child.parent.as_deref(), Some("s1"));
    assert_eq!(child.level, 2);
    assert!(d
        .tasks
        .iter()
        .all(|t| t.section.as_deref() == Some(child.key.as_str())));
}

#[test]
fn a_heading_closes_the_sub_sections_it_ends() {
    // 一、 (s1) holds task 1 and section (一) (s2) with tasks 2 and 3; "二、" got read as a task
    // between tasks 1 and 2 would take (一) with it — here it is the last task of (一).
    let mut d = PlanDraft {
        sections: vec![
            section("s1", None, "一", "总体要求"),
            section("s2", Some("s1"), "(一)", "决策"),
            section("s3", Some("s1"), "(二)", "执法"),
        ],
        tasks: vec![
            task("1", "甲", Some("s2")),
            task("二", "重点任务", Some("s2")),
            task("1", "乙", Some("s2")),
            task("1", "丙", Some("s3")),
        ],
        ..PlanDraft::default()
    };
    apply(&mut d, &DraftEdit::Promote { task: 1 }).unwrap();
    let key = d
        .sections
        .iter()
        .find(|s| s.code == "二")
        .map(|s| s.key.clone())
        .unwrap();
    assert_eq!(d.tasks[1].section.as_deref(), Some(key.as_str()));
    let s3 = d.sections.iter().find(|s| s.key == "s3").unwrap();
    assert_eq!(
        s3.parent.as_deref(),
        Some(key.as_str()),
        "(二) now under 二、"
    );
    assert_eq!(s3.level, 2);
    let pos = |k: &str| d.sections.iter().position(|s| s.key == k).unwrap();
    assert!(pos(&key) < pos("s3"), "parents are listed first");
}

#[test]
fn to_simplified_converts_titles_and_units_and_is_offered_only_for_traditional_text() {
    let mut d = draft();
    assert!(!has_traditional(&d));
    d.tasks[0].title = "健全依法決策機制".into();
    d.tasks[0].lead = names(&["縣司法局"]);
    d.sections[0].title = "主要任務".into();
    assert!(has_traditional(&d));
    apply(&mut d, &DraftEdit::ToSimplified).unwrap();
    assert_eq!(d.tasks[0].title, "健全依法决策机制");
    assert_eq!(d.tasks[0].lead, names(&["县司法局"]));
    assert_eq!(d.sections[0].title, "主要任务");
    assert!(!has_traditional(&d));
}

#[test]
fn to_simplified_drops_the_pinyin_mirror_sites_add() {
    let mut d = draft();
    d.tasks[0].lead = names(&["縣發(fā)展和改革局"]);
    assert!(has_traditional(&d));
    apply(&mut d, &DraftEdit::ToSimplified).unwrap();
    assert_eq!(d.tasks[0].lead, names(&["县发展和改革局"]));
}

#[test]
fn units_in_the_text_are_offered_unless_the_task_has_them() {
    let mut t = task("1", "开展执法案卷评查", None);
    t.requirements = "由县司法局牵头，县财政局、县审计局配合，年底前完成评查。".into();
    t.lead = names(&["县司法局"]);
    let same = |a: &str, b: &str| a == b;
    let offered = text_units(&t, &[], &same);
    assert_eq!(
        offered,
        vec![
            TextUnit {
                name: "县财政局".into(),
                role: Some(Role::Co)
            },
            TextUnit {
                name: "县审计局".into(),
                role: Some(Role::Co)
            },
        ]
    );
    // A known unit named anywhere, without a role; the longer name wins its place.
    let t = task("2", "配合县民政局做好社会救助", None);
    let known = names(&["民政局", "县民政局"]);
    let offered = text_units(&t, &known, &same);
    assert_eq!(
        offered,
        vec![TextUnit {
            name: "县民政局".into(),
            role: None
        }]
    );
}
