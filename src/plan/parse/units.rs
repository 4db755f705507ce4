//! Units named in a task's prose rather than in brackets or labels: "由县司法局牵头，县财政局、
//! 县审计局等相关单位配合，…".

use crate::assign;
use crate::text::trim_end_punct;

/// The clauses of `text` that assign a lead or co-operating role to units or people:
/// "由X牵头" / "X牵头" / "Y配合", where every name is a unit or a person with an office.
pub(crate) fn prose_clauses(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for clause in text.split(['，', ',', '。', '；', ';', '：', ':']) {
        let clause = clause.trim();
        let n = clause.chars().count();
        // "县司法局负责": 负责 is common in prose ("牵头部门负责"), so it counts only after
        // names that start with a level of government (县 / 市 / 各 …) or after 由.
        let responsible = trim_end_punct(clause).ends_with("负责");
        if !(4..=60).contains(&n) || !(assign::ends_with_lead_or_co(clause) || responsible) {
            continue;
        }
        let read = assign::read_assignment(clause);
        let levelled = |name: &str| {
            clause.starts_with('由')
                || name.starts_with(['省', '市', '州', '县', '区', '乡', '镇', '各'])
        };
        let names_ok = !read.units.is_empty()
            && read.units.iter().all(|u| {
                assign::looks_like_unit(&u.name)
                    && !u.name.contains(['要', '应', '将'])
                    && (!responsible || levelled(&u.name))
            });
        if names_ok && read.deadlines.is_empty() {
            found.push(clause.to_string());
        }
    }
    found
}

/// "县司法局：负责活动的统筹协调…", "县直各部门、各乡镇：按照…": the units a duty is written
/// under, named before a colon at the start of the item (a 职责分工 list).
pub(crate) fn subject_units(text: &str) -> Option<&str> {
    let (subject, rest) = text.split_once(['：', ':'])?;
    let subject = subject.trim();
    if subject.is_empty()
        || subject.chars().count() > 40
        || rest.trim().is_empty()
        || !assign::find_labels(text).is_empty()
    {
        return None;
    }
    let names = assign::split_units(subject);
    let all_units = !names.is_empty()
        && names
            .iter()
            .all(|n| assign::looks_like_unit(n) && !n.contains(['要', '应', '将']));
    all_units.then_some(subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_and_co_clauses_in_prose() {
        let text = "由示例县政府副县长、示例县公安局局长李四牵头，示例县司法局、审计局、示例街道办事处等相关单位配合，以饱满的劲头做好示范创建。";
        assert_eq!(
            prose_clauses(text),
            vec![
                "由示例县政府副县长、示例县公安局局长李四牵头",
                "示例县司法局、审计局、示例街道办事处等相关单位配合"
            ]
        );
    }

    #[test]
    fn units_named_before_a_colon_are_the_subject_of_a_duty() {
        assert_eq!(
            subject_units("县司法局：负责活动的统筹协调和督促检查"),
            Some("县司法局")
        );
        assert_eq!(
            subject_units("县直各部门、各乡镇：按照本方案要求抓好落实"),
            Some("县直各部门、各乡镇")
        );
        assert_eq!(subject_units("工作目标：全面提升依法行政水平"), None);
        assert_eq!(subject_units("县司法局负责统筹协调"), None);
        assert_eq!(subject_units("县司法局："), None);
    }

    #[test]
    fn prose_that_only_mentions_roles_is_not_an_assignment() {
        assert!(prose_clauses("各部门要积极配合，形成工作合力。").is_empty());
        assert!(prose_clauses("建立健全牵头部门负责、相关部门配合的工作机制。").is_empty());
        assert!(prose_clauses("做好信息报送，牵头部门负责。").is_empty());
    }

    #[test]
    fn a_unit_that_is_responsible_in_prose() {
        assert_eq!(
            prose_clauses("组织执法人员培训。县司法局负责，四月份完成。"),
            vec!["县司法局负责"]
        );
    }
}
