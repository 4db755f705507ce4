//! The extractor: from a [`Document`] to a [`PlanDraft`].
//!
//! The rules come from how Chinese government plans are written, not from any one plan:
//!
//! - numbered headings nest as 一、 > (一) > 1. > (1) > ①, whatever levels a plan skips;
//! - the preamble (the 通知 around the plan) ends at the first top-level heading, and an
//!   attachment line (附件) starts a new, non-task part until the next top-level heading;
//! - chapters such as 指导思想 / 工作目标 / 工作要求 / 保障措施 hold no tasks; 工作步骤 /
//!   实施步骤 hold the phases;
//! - a task is a numbered item with no numbered items below it, or an item that carries its
//!   own units when those below it carry none (then they are its 任务要求);
//! - its title is its first sentence; units come from a bracket at the end of the item
//!   ("（X牵头，Y配合）", "(牵头单位:X)") or from 牵头单位：/配合单位：/责任单位： labels; the
//!   deadline from a 完成时限： label, else from dates with 前 inside the text;
//! - a task table (序号 / 任务 / 牵头单位 … columns) gives tasks too; a header row repeated on
//!   every page and rows repeated across pages are read once; the larger task list wins.

use chrono::Datelike;

use super::draft::PlanDraft;
use super::roster::document::DocumentRoster;
use crate::assign;
use crate::document::word::{Block, Document};
use crate::text::{heading, Marker};

use meta::meta;
pub(crate) use meta::year_of;
pub(crate) use phases::report_rule;
use roster::roster;
pub use script::to_simplified;
pub(crate) use table::{code_and_lines, units_from_cells};
use table::{table_tasks, TableTasks};
use task::drop_cut_last_task;
pub(crate) use task::{dedupe_tasks, task_from_lines};
use tree::Tree;

/// Extracts a draft from a document. Never fails: a document without tasks gives a draft with
/// no tasks, which the caller refuses.
pub fn parse(doc: &Document) -> PlanDraft {
    match script::simplified(doc) {
        Some((plain, as_written)) => {
            let mut draft = parse_plain(&plain);
            as_written.restore_draft(&mut draft);
            draft.units = super::draft::units_of(&draft);
            draft
        }
        None => parse_plain(doc),
    }
}

/// The 领导小组 a document lists — people with roles and notes, and member bodies — read from
/// the lines and tables [`parse`] reads; a traditional text is read in simplified characters
/// and its names and units given back as written.
pub fn roster_of(doc: &Document) -> DocumentRoster {
    let simplified = script::simplified(doc);
    let plain = simplified.as_ref().map_or(doc, |(plain, _)| plain);
    let piped = table_text::pipe_tables(plain);
    let (lines, tables) = lines_and_tables(piped.as_ref().unwrap_or(plain));
    let mut roster = super::roster::document::read(&lines, &tables);
    if let Some((_, as_written)) = &simplified {
        as_written.restore_roster(&mut roster);
    }
    roster
}

/// A document's paragraphs as cleaned lines (page markers dropped, wrapped lines joined) and
/// its tables.
fn lines_and_tables(doc: &Document) -> (Vec<String>, Vec<&Vec<Vec<String>>>) {
    let mut paras: Vec<String> = Vec::new();
    let mut tables: Vec<&Vec<Vec<String>>> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                if let Some(line) = page::clean_line(p.trim()) {
                    paras.push(line.into_owned());
                }
            }
            Block::Table(rows) => tables.push(rows),
        }
    }
    let lines = if doc.wrapped || hard_wrapped(&paras) {
        join_wrapped(&paras)
    } else {
        paras
    };
    (lines, tables)
}

/// [`parse`] of a document in simplified characters.
fn parse_plain(doc: &Document) -> PlanDraft {
    let piped = table_text::pipe_tables(doc);
    let doc = piped.as_ref().unwrap_or(doc);
    let recovered = table_text::recover(doc);
    let doc = recovered.as_ref().unwrap_or(doc);
    let (lines, tables) = lines_and_tables(doc);
    let tree = Tree::build(&lines);
    let mut draft = PlanDraft {
        source: doc.name.clone(),
        ..PlanDraft::default()
    };
    meta(&tree, &lines, &mut draft);

    let (text_sections, text_tasks) = tree.tasks();
    let mut table_lists: Vec<TableTasks> = Vec::new();
    for rows in &tables {
        if let Some(t) = table_tasks(rows) {
            match table_lists.iter_mut().find(|l| l.header == t.header) {
                // The same table continued on the next page, or cut by a repeated title.
                Some(list) => list.extend(t),
                None => table_lists.push(t),
            }
        }
    }
    let best_table = table_lists
        .into_iter()
        .max_by_key(|t| (t.tasks.len(), !t.ledger));
    match best_table {
        Some(t)
            if t.tasks.len() > text_tasks.len()
                || (t.tasks.len() == text_tasks.len() && !t.ledger) =>
        {
            if !text_tasks.is_empty() {
                draft.warnings.push(format!(
                    "正文中另有 {} 项编号任务，已按表格中的 {} 项任务导入，请核对。",
                    text_tasks.len(),
                    t.tasks.len()
                ));
            }
            draft.sections = t.sections;
            draft.tasks = t.tasks;
        }
        other => {
            if let Some(t) = other.filter(|t| !t.tasks.is_empty() && !text_tasks.is_empty()) {
                draft.warnings.push(format!(
                    "文件中另有一个列出 {} 项任务的表格{}，未作为任务导入（已按正文的 {} 项任务导入），请核对。",
                    t.tasks.len(),
                    if t.ledger { "（工作台账）" } else { "" },
                    text_tasks.len()
                ));
            }
            draft.sections = text_sections;
            draft.tasks = text_tasks;
        }
    }
    if draft.tasks.is_empty() {
        // A decision or notice that lists its items inline: 一要…二要…三要….
        draft.tasks = lines
            .iter()
            .map(|l| numbering::inline_items(l))
            .find(|items| !items.is_empty())
            .into_iter()
            .flatten()
            .filter_map(|(code, text)| task_from_lines(&code, &[text], None))
            .collect();
    }
    dedupe_tasks(&mut draft);
    drop_cut_last_task(&mut draft, &lines);

    draft.phases = tree.phases(draft.year);
    draft.start_date = draft.phases.iter().filter_map(|p| p.start).min();
    draft.end_date = draft.phases.iter().filter_map(|p| p.end).max();
    draft.report_rule = report_rule(&lines, draft.year.or(draft.start_date.map(|d| d.year())));
    draft.group = roster(&lines, &tables);

    let without_units = draft
        .tasks
        .iter()
        .filter(|t| t.lead.is_empty() && t.co.is_empty() && t.responsible.is_empty())
        .count();
    if without_units > 0 && without_units < draft.tasks.len() {
        draft.warnings.push(format!(
            "{without_units} 项任务没有识别到责任单位，请在预览中补填。"
        ));
    }
    draft.units = super::draft::units_of(&draft);
    draft
}

// ---------------------------------------------------------------------------------------------
// Lines

/// Labels that introduce a 完成时限.
const DEADLINE_LABELS: &[&str] = &[
    "完成时限",
    "完成时间",
    "完成期限",
    "时间节点",
    "时限要求",
    "办结时限",
    "截止时间",
    "时间要求",
    "时限",
    "时间",
];

/// Labels of the people who answer for a task (牵头领导：张某某（副县长）): what follows names
/// people, never units.
const PERSON_LABELS: &[&str] = &[
    "牵头领导",
    "责任领导",
    "分管领导",
    "包抓领导",
    "联系领导",
    "牵头县领导",
    "责任人",
    "联系人",
];

/// Whether a line starts with a [`PERSON_LABELS`] label and its colon.
fn is_person_line(line: &str) -> bool {
    label_len(line.trim_start(), PERSON_LABELS).is_some()
}

/// Labels that introduce the 任务要求 part of a task.
const REQUIREMENT_LABELS: &[&str] = &[
    "任务要求",
    "具体要求",
    "工作要求",
    "主要内容",
    "工作内容",
    "具体措施",
    "工作措施",
    "主要措施",
    "目标要求",
];

/// If `text` (at `from`) starts with one of `labels` and a colon, the byte length of both.
fn label_len(text: &str, labels: &[&str]) -> Option<usize> {
    for label in labels {
        if let Some(rest) = text.strip_prefix(label) {
            let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
            if let Some(after) = trimmed
                .strip_prefix(':')
                .or_else(|| trimmed.strip_prefix('：'))
            {
                return Some(text.len() - after.len());
            }
        }
    }
    None
}

fn starts_with_any_label(line: &str) -> bool {
    let line = line.trim_start();
    label_len(line, DEADLINE_LABELS).is_some()
        || label_len(line, REQUIREMENT_LABELS).is_some()
        || assign::find_labels(line)
            .first()
            .is_some_and(|(r, _)| r.start == 0)
}

/// 附件 / 附 件 / 附件：… / 附件1 at the start of a line.
pub(crate) fn is_attachment_line(line: &str) -> bool {
    let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    match squeezed.strip_prefix("附件") {
        Some(rest) => {
            rest.is_empty()
                || rest.starts_with([':', '：'])
                || rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        }
        None => false,
    }
}

/// Whether `lines` start with a signature: a date line alone (2026年2月18日), or a short
/// line naming the issuer right above it.
fn starts_signature(lines: &[String]) -> bool {
    let short_name = |l: &str| l.chars().count() <= 30 && !l.contains(['，', ',', '。', '：', ':']);
    match lines {
        [date, ..] if meta::is_date_line(date) => true,
        [name, date, ..] => short_name(name) && meta::is_date_line(date),
        _ => false,
    }
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .chars()
        .last()
        .is_some_and(|c| "。！？!?；;:：)）]】〕".contains(c))
}

/// Joins lines that a PDF or web copy cut in the middle of a sentence. A numbered line is
/// continued only when its marker kind usually carries whole paragraphs in this document (most
/// such lines contain a 。), so that short headings never swallow the paragraph below them.
/// Whether the paragraphs of a .docx/.doc are lines of text copied from a PDF or a page (each
/// line a paragraph): several long lines stop mid-sentence before a line that is no heading
/// and no label.
fn hard_wrapped(paras: &[String]) -> bool {
    let cut = paras
        .windows(2)
        .filter(|w| {
            w[0].chars().count() >= 20
                && w[0].contains(['，', ',', '、'])
                && !ends_sentence(&w[0])
                && heading(&w[1]).is_none()
                && !starts_with_any_label(&w[1])
                && !starts_signature(&w[1..])
        })
        .count();
    cut >= 3 && cut * 20 >= paras.len()
}

fn join_wrapped(lines: &[String]) -> Vec<String> {
    let mut with_stop = [0usize; 6];
    let mut total = [0usize; 6];
    for l in lines {
        if let Some(h) = heading(l) {
            total[h.marker as usize] += 1;
            if h.rest.contains('。') {
                with_stop[h.marker as usize] += 1;
            }
        }
    }
    let paragraph_style = |m: Marker| with_stop[m as usize] * 2 > total[m as usize];
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut line = lines[i].clone();
        i += 1;
        while i < lines.len() {
            let next = &lines[i];
            if next.is_empty()
                || heading(next).is_some()
                || starts_signature(&lines[i..])
                || starts_with_any_label(next)
                || is_attachment_line(next)
                || ends_sentence(&line)
            {
                break;
            }
            let has_clause = line.contains(['，', ',', '。']);
            let joinable = match heading(&line) {
                // A heading runs on when its level is written as paragraphs, or when the line
                // is long and stops inside a sentence (a printed line cut at the margin).
                Some(h) => has_clause && (paragraph_style(h.marker) || line.chars().count() >= 28),
                None => has_clause && line.chars().count() >= 15,
            };
            if !joinable {
                break;
            }
            line.push_str(next.trim());
            i += 1;
        }
        out.push(line);
    }
    out
}

mod meta;
mod numbering;
mod page;
mod phases;
mod roster;
mod script;
mod table;
mod table_text;
mod task;
mod tree;
pub(crate) mod units;
mod window;

#[cfg(test)]
mod tests;
