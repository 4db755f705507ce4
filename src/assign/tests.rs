use super::*;

fn names(refs: &[UnitRef], role: Role) -> Vec<&str> {
    refs.iter()
        .filter(|r| r.role == role)
        .map(|r| r.name.as_str())
        .collect()
}

#[test]
fn split_units_on_every_separator() {
    assert_eq!(
        split_units("县发改局、县财政局，县司法局和县人社局"),
        vec!["县发改局", "县财政局", "县司法局", "县人社局"]
    );
    assert_eq!(
        split_units("县教育局;县民政局；县农业农村局,县水利局/县林业局"),
        vec![
            "县教育局",
            "县民政局",
            "县农业农村局",
            "县水利局",
            "县林业局"
        ]
    );
    assert_eq!(
        split_units("县审计局\n县统计局\r\n县信访局"),
        vec!["县审计局", "县统计局", "县信访局"]
    );
}

#[test]
fn split_units_on_ji_yu_yiji_between_units() {
    assert_eq!(
        split_units("县政府各部门及各乡镇政府"),
        vec!["县政府各部门", "各乡镇政府"]
    );
    assert_eq!(split_units("县法院与县检察院"), vec!["县法院", "县检察院"]);
    assert_eq!(
        split_units("县委宣传部以及县融媒体中心"),
        vec!["县委宣传部", "县融媒体中心"]
    );
}

#[test]
fn he_inside_proper_names_is_not_split() {
    for name in [
        "县住房和城乡建设局",
        "县人力资源和社会保障局",
        "县文化广电和旅游局",
    ] {
        assert_eq!(split_units(name), vec![name], "{name}");
    }
    assert_eq!(
        split_units("县发改局和县住房和城乡建设局"),
        vec!["县发改局", "县住房和城乡建设局"]
    );
    assert_eq!(
        split_units("县人力资源和社会保障局和县财政局"),
        vec!["县人力资源和社会保障局", "县财政局"]
    );
}

#[test]
fn separators_inside_brackets_do_not_split() {
    assert_eq!(
        split_units("各县（市、区）人民政府、县司法局"),
        vec!["各县（市、区）人民政府", "县司法局"]
    );
    assert_eq!(
        split_units("各乡镇(街道)和县直各部门"),
        vec!["各乡镇(街道)", "县直各部门"]
    );
}

#[test]
fn split_units_trims_and_drops_empty_and_duplicates() {
    assert_eq!(
        split_units("  县司法局 、、县财政局，县司法局，  "),
        vec!["县司法局", "县财政局"]
    );
    assert!(split_units("").is_empty());
    assert!(split_units(" 、，； ").is_empty());
    assert!(split_units("无").is_empty());
}

#[test]
fn split_units_strips_you_and_deng() {
    assert_eq!(
        split_units("由县司法局、县财政局等"),
        vec!["县司法局", "县财政局"]
    );
    assert_eq!(split_units("县应急局等单位。"), vec!["县应急局"]);
}

#[test]
fn deng_before_a_named_group_separates_it() {
    assert_eq!(
        split_units("县委办、县政府办等县直各单位"),
        vec!["县委办", "县政府办", "县直各单位"]
    );
    assert_eq!(
        split_units("县财政局、县自然资源局等县直有关部门"),
        vec!["县财政局", "县自然资源局", "县直有关部门"]
    );
    // A generic tail is dropped as before, and 等 inside a name is no separator.
    assert_eq!(split_units("县应急局等有关单位"), vec!["县应急局"]);
    assert_eq!(split_units("县平等就业促进会"), vec!["县平等就业促进会"]);
}

#[test]
fn short_labels_need_a_colon() {
    let refs = parse_assignment("（牵头：县司法局；配合：县委宣传部、县教育局；时限：2025年12月）");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县委宣传部", "县教育局"]);
    // Without a colon 牵头 / 配合 stay role words after the names.
    let refs = parse_assignment("县司法局牵头 县财政局配合");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
}

#[test]
fn a_field_after_the_names_ends_the_list() {
    for phrase in [
        "责任单位：县司法局、县住房城乡建设局　完成时限：2025年11月",
        "责任单位：县司法局、县住房城乡建设局完成时限：2025年11月",
    ] {
        let read = read_assignment(phrase);
        let names: Vec<&str> = read.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["县司法局", "县住房城乡建设局"], "{phrase}");
        assert_eq!(read.deadlines, ["2025年11月"], "{phrase}");
    }
}

#[test]
fn a_role_in_brackets_after_a_name_is_its_role() {
    let refs = parse_assignment("县司法局（牵头），县信访局、各乡镇");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    assert_eq!(names(&refs, Role::Responsible), vec!["县信访局", "各乡镇"]);
    let refs = parse_assignment("责任单位：县民政局(配合)、县司法局（牵头单位）");
    assert_eq!(names(&refs, Role::Co), vec!["县民政局"]);
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    // Any other bracket stays part of the name.
    let refs = parse_assignment("各乡镇（街道）");
    assert_eq!(names(&refs, Role::Responsible), vec!["各乡镇（街道）"]);
}

#[test]
fn spaces_between_units_split_but_not_inside_a_name() {
    assert_eq!(
        split_units("县司法局 县财政局"),
        vec!["县司法局", "县财政局"]
    );
    assert_eq!(split_units("县 司法局"), vec!["县 司法局"]);
}

#[test]
fn lead_co_and_responsible_in_one_phrase() {
    let refs = parse_assignment("县司法局牵头，县财政局配合，各乡镇按职责分工负责");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
    assert_eq!(names(&refs, Role::Responsible), vec!["各乡镇"]);
}

#[test]
fn several_leads_and_cos() {
    let refs = parse_assignment("县政府办、县政数局牵头,县委网信办、县融媒体中心配合");
    assert_eq!(names(&refs, Role::Lead), vec!["县政府办", "县政数局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县委网信办", "县融媒体中心"]);
    assert!(names(&refs, Role::Responsible).is_empty());
}

#[test]
fn bracketed_phrase_with_group_co_unit() {
    let refs = parse_assignment("（县司法局牵头，县委组织部、县直各有关部门配合）");
    assert_eq!(
        refs,
        vec![
            UnitRef {
                name: "县司法局".into(),
                role: Role::Lead,
                is_group: false
            },
            UnitRef {
                name: "县委组织部".into(),
                role: Role::Co,
                is_group: false
            },
            UnitRef {
                name: "县直各有关部门".into(),
                role: Role::Co,
                is_group: true
            },
        ]
    );
}

#[test]
fn half_width_brackets_and_trailing_full_stop() {
    let refs = parse_assignment("(县信访局牵头,县直各有关部门配合)。");
    assert_eq!(names(&refs, Role::Lead), vec!["县信访局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县直各有关部门"]);
}

#[test]
fn labelled_lists_with_colons() {
    let refs = parse_assignment("牵头单位：县发改局；配合单位：县财政局、县统计局");
    assert_eq!(names(&refs, Role::Lead), vec!["县发改局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县财政局", "县统计局"]);

    let refs = parse_assignment("牵头部门:县应急局;配合部门:县公安局,县消防救援大队");
    assert_eq!(names(&refs, Role::Lead), vec!["县应急局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县公安局", "县消防救援大队"]);
}

#[test]
fn labelled_list_continues_after_comma() {
    let refs = parse_assignment("牵头单位：县司法局，县总工会；协办单位：县妇联");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局", "县总工会"]);
    assert_eq!(names(&refs, Role::Co), vec!["县妇联"]);
}

#[test]
fn labels_on_separate_lines_or_after_spaces() {
    let refs = parse_assignment("责任部门：县市场监管局\n配合部门：县商务局");
    assert_eq!(names(&refs, Role::Responsible), vec!["县市场监管局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县商务局"]);

    let refs = parse_assignment("牵头单位：县卫健局 配合单位：县医保局");
    assert_eq!(names(&refs, Role::Lead), vec!["县卫健局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县医保局"]);
}

#[test]
fn responsible_label_gives_responsible_role() {
    let refs = parse_assignment("责任单位：县委编办、县司法局、各有关部门。");
    assert_eq!(
        names(&refs, Role::Responsible),
        vec!["县委编办", "县司法局", "各有关部门"]
    );
    assert_eq!(
        refs.iter().map(|r| r.is_group).collect::<Vec<_>>(),
        vec![false, false, true]
    );
}

#[test]
fn fuze_suffix_gives_responsible_role() {
    let refs = parse_assignment("县交通运输局、县公安局负责");
    assert_eq!(
        names(&refs, Role::Responsible),
        vec!["县交通运输局", "县公安局"]
    );
    let refs = parse_assignment("县自然资源局负责");
    assert_eq!(names(&refs, Role::Responsible), vec!["县自然资源局"]);
}

#[test]
fn bare_list_is_responsible() {
    let refs = parse_assignment("县审计局、县财政局");
    assert_eq!(
        names(&refs, Role::Responsible),
        vec!["县审计局", "县财政局"]
    );
    let refs = parse_assignment("县司法局");
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].role, Role::Responsible);
}

#[test]
fn group_units_by_duty_are_responsible_groups() {
    let refs = parse_assignment("各乡镇人民政府、县直各有关部门按职责分工负责");
    assert_eq!(refs.len(), 2);
    assert!(refs
        .iter()
        .all(|r| r.role == Role::Responsible && r.is_group));
    assert_eq!(refs[0].name, "各乡镇人民政府");
    assert_eq!(refs[1].name, "县直各有关部门");
}

#[test]
fn ji_between_groups_in_responsible_clause() {
    let refs = parse_assignment("（县行政审批局牵头，县政府各部门及各乡镇政府按职责分工负责）");
    assert_eq!(names(&refs, Role::Lead), vec!["县行政审批局"]);
    assert_eq!(
        names(&refs, Role::Responsible),
        vec!["县政府各部门", "各乡镇政府"]
    );
}

#[test]
fn you_prefix_and_deng_suffix_are_stripped() {
    let refs = parse_assignment("由县发改局牵头，县财政局等配合");
    assert_eq!(names(&refs, Role::Lead), vec!["县发改局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
}

#[test]
fn proper_names_with_he_survive_in_phrases() {
    let refs =
        parse_assignment("县住房和城乡建设局牵头，县人力资源和社会保障局、县文化广电和旅游局配合");
    assert_eq!(names(&refs, Role::Lead), vec!["县住房和城乡建设局"]);
    assert_eq!(
        names(&refs, Role::Co),
        vec!["县人力资源和社会保障局", "县文化广电和旅游局"]
    );
}

#[test]
fn roles_without_punctuation_between_clauses() {
    let refs = parse_assignment("县司法局牵头县财政局配合");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
}

#[test]
fn lead_variants_are_lead() {
    let refs = parse_assignment("县发改委牵头负责，县工信局参与");
    assert_eq!(names(&refs, Role::Lead), vec!["县发改委"]);
    assert_eq!(names(&refs, Role::Co), vec!["县工信局"]);
    let refs = parse_assignment("县司法局为牵头单位");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
}

#[test]
fn name_listed_twice_keeps_first_role() {
    let refs = parse_assignment("县司法局牵头，县司法局、县财政局配合");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
}

#[test]
fn label_cut_by_a_line_break_is_joined() {
    let refs = parse_assignment("（牵头\n单位：县司法局、县人社局）");
    assert_eq!(names(&refs, Role::Lead), vec!["县司法局", "县人社局"]);
    let refs = parse_assignment("县发改局牵\n头，县财政局配合");
    assert_eq!(names(&refs, Role::Lead), vec!["县发改局"]);
    assert_eq!(names(&refs, Role::Co), vec!["县财政局"]);
}

#[test]
fn empty_phrase_gives_nothing() {
    assert!(parse_assignment("").is_empty());
    assert!(parse_assignment("（）").is_empty());
    assert!(parse_assignment("牵头单位：").is_empty());
    assert!(parse_assignment("配合单位：无").is_empty());
}

#[test]
fn role_round_trips_and_labels() {
    for role in [Role::Lead, Role::Co, Role::Responsible] {
        assert_eq!(Role::parse(role.as_str()), Some(role));
        assert_eq!(Role::parse(role.label()), Some(role));
    }
    assert_eq!(Role::parse("牵头"), Some(Role::Lead));
    assert_eq!(Role::parse("负责"), Some(Role::Responsible));
    assert_eq!(Role::parse("组长"), None);
    assert_eq!(Role::Co.label(), "配合单位");
}

#[test]
fn role_serializes_in_snake_case() {
    let unit = UnitRef {
        name: "县司法局".into(),
        role: Role::Responsible,
        is_group: false,
    };
    assert_eq!(
        serde_json::to_string(&unit).unwrap(),
        r#"{"name":"县司法局","role":"responsible","is_group":false}"#
    );
}

#[test]
fn full_width_and_half_width_colons_and_semicolons_alike() {
    let a = parse_assignment("牵头单位：县民政局；配合单位：县残联");
    let b = parse_assignment("牵头单位:县民政局;配合单位:县残联");
    assert_eq!(a, b);
    assert_eq!(names(&a, Role::Co), vec!["县残联"]);
}

#[test]
fn a_deadline_field_in_the_same_brackets_is_not_a_unit() {
    let refs =
        parse_assignment("（牵头单位：县司法局；配合单位：县财政局；完成时限：2026年6月底前）");
    let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["县司法局", "县财政局"]);
    let refs = parse_assignment("责任单位：县发改局、县统计局；完成时限: 长期坚持");
    let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["县发改局", "县统计局"]);
}

mod deadline_words {
    use super::*;

    #[test]
    fn deadlines_as_people_write_them_are_not_units() {
        for d in [
            "全年",
            "四月份",
            "二季度",
            "上半年",
            "6月中旬",
            "年底前",
            "每半年",
            "即时",
            "长期坚持",
            "持续推进",
            "2026年6月底前",
            "6月底完成",
            "10月31日前",
            "立即执行",
            "常态化",
            "下半年完成",
            "第三季度末",
        ] {
            assert!(is_deadline_text(d), "{d}");
        }
        for u in [
            "县司法局",
            "各乡镇",
            "县委政法委",
            "县12345热线中心",
            "县第一中学",
        ] {
            assert!(!is_deadline_text(u), "{u}");
        }
    }
}
