use super::formats::{builtin_kind, custom_kind, FormatKind};
use super::*;

#[test]
fn cell_references() {
    assert_eq!(cell_ref(b"A1"), Some((0, 0)));
    assert_eq!(cell_ref(b"$AB$12"), Some((11, 27)));
    assert_eq!(cell_ref(b"A0"), None);
    assert_eq!(cell_ref(b"12"), None);
    assert_eq!(cell_ref(b"A1B"), None);
    assert_eq!(cell_ref(b"ZZZZZZZZZZ1"), None);
    assert_eq!(merge_area("C5:A3"), Some(Dimensions::new((2, 0), (4, 2))));
    assert_eq!(merge_area("A3:A3"), None);
}

#[test]
fn format_kinds() {
    assert_eq!(
        custom_kind("yyyy\"年\"m\"月\"d\"日\""),
        FormatKind::DateTime
    );
    assert_eq!(custom_kind("[$-804]yyyy/m/d"), FormatKind::DateTime);
    assert_eq!(custom_kind("[h]:mm:ss"), FormatKind::Duration);
    assert_eq!(custom_kind("0.00_);[Red](0.00)"), FormatKind::Number);
    assert_eq!(custom_kind("\"第\"0\"项\""), FormatKind::Number);
    assert_eq!(custom_kind("#,##0.0\\m"), FormatKind::Number);
    assert_eq!(custom_kind("@"), FormatKind::Number);
    assert_eq!(builtin_kind(14), FormatKind::DateTime);
    assert_eq!(builtin_kind(57), FormatKind::DateTime);
    assert_eq!(builtin_kind(2), FormatKind::Number);
}

#[test]
fn relationship_targets() {
    assert_eq!(
        part_path("worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(
        part_path("/xl/worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(
        part_path("./worksheets/../sharedStrings.xml"),
        "xl/sharedStrings.xml"
    );
}

#[test]
fn rich_text_joins_runs_without_phonetic_guides() {
    let xml = r#"<sst><si><r><t>已</t></r><r><t xml:space="preserve"> 完成 </t></r><rPh><t>yi</t></rPh></si><si/><si><t>A&amp;B_x000D_</t></si></sst>"#;
    let strings = shared_strings(xml.as_bytes()).unwrap_or_default();
    let all: Vec<&str> = (0..strings.ends.len())
        .filter_map(|i| strings.get(i))
        .collect();
    assert_eq!(all, ["已 完成 ", "", "A&B\r"]);
    assert_eq!(strings.get(3), None);
}
