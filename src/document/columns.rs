//! The header words of task tables and ledgers: which column is 序号, 重点任务, 牵头单位,
//! 完成时限, 进展情况 …, whether the table came from a plan's Word file or a returned workbook.

use crate::text::compare_key;

/// What a table column holds, as its header names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Code,
    Title,
    Requirements,
    Lead,
    Co,
    Responsible,
    Deadline,
    Progress,
    Category,
    /// A person in charge (责任领导 / 责任人): a name, never a unit.
    Person,
    Other,
}

/// The column a table header names (序号, 牵头单位, 完成时限 …), compared as [`compare_key`].
pub(crate) fn column_of(header: &str) -> Column {
    column_of_key(&compare_key(header))
}

/// [`column_of`] for a header already made a [`compare_key`].
pub(crate) fn column_of_key(key: &str) -> Column {
    let any = |words: &[&str]| words.contains(&key);
    if any(&["序号", "编号", "序", "号"]) {
        Column::Code
    } else if any(&[
        "牵头单位",
        "牵头部门",
        "主办单位",
        "主责单位",
        "牵头责任单位",
        "牵头",
    ]) {
        Column::Lead
    } else if any(&[
        "配合单位",
        "配合部门",
        "协办单位",
        "参与单位",
        "协助单位",
        "配合",
    ]) {
        Column::Co
    } else if any(&[
        "责任单位",
        "责任部门",
        "责任科室",
        "负责单位",
        "实施单位",
        "责任主体",
        "承办单位",
        "责任处室",
        "责任股室",
    ]) {
        Column::Responsible
    } else if any(&[
        "完成时限",
        "完成时间",
        "时间节点",
        "时限要求",
        "完成期限",
        "时限",
        "办结时限",
        "进度安排",
        "时间安排",
    ]) {
        Column::Deadline
    } else if any(&[
        "进展情况",
        "工作进展",
        "落实情况",
        "完成情况",
        "推进情况",
        "进展",
    ]) {
        Column::Progress
    } else if any(&[
        "任务要求",
        "具体要求",
        "工作要求",
        "目标要求",
        "完成标准",
        "工作标准",
        "具体内容",
        "主要内容",
        "工作举措",
        "具体举措",
    ]) {
        Column::Requirements
    } else if any(&[
        "类别",
        "项目",
        "工作类别",
        "任务类别",
        "重点领域",
        "领域",
        "板块",
        "专项",
        "分类",
        "方面",
    ]) {
        Column::Category
    } else if any(&[
        "主要任务",
        "重点任务",
        "工作任务",
        "任务内容",
        "任务名称",
        "具体任务",
        "工作内容",
        "任务",
        "工作措施",
        "主要措施",
        "具体措施",
        "重点工作",
        "工作事项",
        "任务事项",
        "事项",
        "目标任务",
        "主要工作",
        "工作项目",
        "项目名称",
        "改革事项",
        "内容清单",
        "工作内容清单",
    ]) {
        Column::Title
    } else if any(&[
        "责任领导",
        "责任人",
        "分管领导",
        "牵头领导",
        "包抓领导",
        "联系领导",
        "责任领导人",
        "具体责任人",
        "经办人",
        "联系人",
    ]) {
        Column::Person
    } else {
        Column::Other
    }
}
