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

use chrono::{Datelike, NaiveDate};

use super::doc::{Block, Document};
use super::draft::{DraftMember, DraftPhase, DraftRule, DraftSection, DraftTask, PlanDraft};
use super::text::{
    compare_key, first_sentence, fold_width, heading, inline_deadlines, squeeze_date_spaces,
    trailing_bracket, trim_end_punct, Marker,
};
use crate::assign::{self, Role, UnitRef};
use crate::plan::Covers;
use crate::progress::Period;

/// Extracts a draft from a document. Never fails: a document without tasks gives a draft with
/// no tasks, which the caller refuses.
pub fn parse(doc: &Document) -> PlanDraft {
    match script::simplified(doc) {
        Some((plain, as_written)) => {
            let mut draft = parse_plain(&plain);
            as_written.restore_draft(&mut draft);
            draft.units = super::import::units_of(&draft);
            draft
        }
        None => parse_plain(doc),
    }
}

/// [`parse`] of a document in simplified characters.
fn parse_plain(doc: &Document) -> PlanDraft {
    let recovered = table_text::recover(doc);
    let doc = recovered.as_ref().unwrap_or(doc);
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
    let lines = if doc.wrapped {
        join_wrapped(&paras)
    } else {
        paras
    };
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
    draft.units = super::import::units_of(&draft);
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
];

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

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .chars()
        .last()
        .is_some_and(|c| "。！？!?；;:：)）]】〕".contains(c))
}

/// Joins lines that a PDF or web copy cut in the middle of a sentence. A numbered line is
/// continued only when its marker kind usually carries whole paragraphs in this document (most
/// such lines contain a 。), so that short headings never swallow the paragraph below them.
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
                || starts_with_any_label(next)
                || is_attachment_line(next)
                || ends_sentence(&line)
            {
                break;
            }
            let has_clause = line.contains(['，', ',', '。']);
            let joinable = match heading(&line) {
                Some(h) => paragraph_style(h.marker) && has_clause,
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

// ---------------------------------------------------------------------------------------------
// The heading tree

#[derive(Debug, Clone, Default)]
struct Node {
    marker: Option<Marker>,
    /// 0 for the root.
    rank: u8,
    code: String,
    head: String,
    body: Vec<String>,
    children: Vec<usize>,
    parent: usize,
    /// Preamble or attachment: never tasks.
    excluded: bool,
    /// A 任务要求： label was seen: deeper numbered lines are part of the text.
    absorbing: bool,
    /// The item ended with its units: unnumbered lines after it are not its text.
    closed: bool,
    /// How many body lines came before the first numbered item below it.
    lead_in: Option<usize>,
}

struct Tree {
    nodes: Vec<Node>,
}

/// Chapters and items that state the plan's frame rather than tasks.
const GENERAL_TITLES: &[&str] = &[
    "指导思想",
    "总体要求",
    "基本原则",
    "主要原则",
    "工作原则",
    "总体目标",
    "工作目标",
    "主要目标",
    "目标要求",
    "总体思路",
    "工作思路",
    "基本要求",
    "工作要求",
    "有关要求",
    "相关要求",
    "保障措施",
    "工作保障",
    "组织保障",
    "组织领导",
    "组织实施",
    "实施保障",
    "附则",
    "其他事项",
    "其他",
    "注意事项",
    "工作背景",
    "基本情况",
    "会议时间",
    "会议地点",
    "参会人员",
    "参加人员",
    "会议内容",
    "会议议程",
    "会议安排",
    "报名方式",
    "联系方式",
    "时间地点",
    "活动时间",
    "培训时间",
    "培训内容",
    "主要职责",
    "工作职责",
    "组成人员",
    "人员组成",
    "工作机构",
    "办事机构",
    "工作规则",
    "机构设置",
];

/// Endings that mark a top-level chapter as the plan's frame (加强组织领导, 强化工作保障).
const GENERAL_ENDINGS: &[&str] = &[
    "要求",
    "保障",
    "组织领导",
    "指导思想",
    "目标",
    "原则",
    "思路",
];

fn title_key(text: &str) -> String {
    compare_key(trim_end_punct(text))
}

fn is_general_title(title: &str, top_level: bool) -> bool {
    let key = title_key(title);
    if GENERAL_TITLES.iter().any(|t| *t == key) {
        return true;
    }
    top_level && key.chars().count() <= 10 && GENERAL_ENDINGS.iter().any(|e| key.ends_with(e))
}

/// Chapter names that only announce the task list (二、重点任务): as a leaf they are no task.
const TASK_CHAPTER_TITLES: &[&str] = &[
    "主要任务",
    "重点任务",
    "工作任务",
    "任务措施",
    "主要措施",
    "重点工作",
    "工作重点",
    "任务分工",
    "重点任务清单",
    "任务清单",
    "主要内容",
    "工作内容",
];

fn is_phase_title(title: &str) -> bool {
    let key = title_key(title);
    key.chars().count() <= 14
        && (key.contains("步骤")
            || key.ends_with("安排")
            || key.contains("阶段")
            || key.contains("进度"))
}

impl Tree {
    fn build(lines: &[String]) -> Tree {
        let top_rank = lines
            .iter()
            .filter_map(|l| heading(l))
            .map(|h| h.marker as u8)
            .min()
            .unwrap_or(u8::MAX);
        let mut nodes = vec![Node::default()];
        let mut stack: Vec<usize> = vec![0];
        let mut seen_top = false;
        for line in lines {
            let top = *stack.last().unwrap_or(&0);
            if is_attachment_line(line) {
                stack.truncate(1);
                let id = nodes.len();
                nodes.push(Node {
                    rank: top_rank,
                    head: line.clone(),
                    parent: 0,
                    excluded: true,
                    ..Node::default()
                });
                nodes[0].children.push(id);
                stack.push(id);
                continue;
            }
            if let Some(h) = heading(line) {
                let rank = h.marker as u8;
                if nodes[top].absorbing && rank > nodes[top].rank {
                    nodes[top].body.push(line.clone());
                    continue;
                }
                while stack.len() > 1 && stack.last().is_some_and(|&n| nodes[n].rank >= rank) {
                    stack.pop();
                }
                if rank == top_rank {
                    seen_top = true;
                }
                let parent = *stack.last().unwrap_or(&0);
                let id = nodes.len();
                nodes.push(Node {
                    marker: Some(h.marker),
                    rank,
                    code: h.code,
                    head: h.rest,
                    parent,
                    excluded: !seen_top,
                    ..Node::default()
                });
                nodes[parent].children.push(id);
                let body_len = nodes[parent].body.len();
                nodes[parent].lead_in.get_or_insert(body_len);
                stack.push(id);
                nodes[id].closed = ends_with_units(&nodes[id].head);
                continue;
            }
            // Prose after an item closed by its units belongs to the section around it.
            let target = stack
                .iter()
                .rev()
                .copied()
                .find(|&n| n == 0 || !nodes[n].closed)
                .unwrap_or(0);
            if label_len(line.trim_start(), REQUIREMENT_LABELS).is_some() {
                nodes[target].absorbing = true;
            } else if starts_with_any_label(line) {
                nodes[target].absorbing = false;
            }
            nodes[target].body.push(line.clone());
            if target != 0 && ends_with_units(line) {
                nodes[target].closed = true;
            }
        }
        Tree { nodes }
    }

    fn own_lines(&self, id: usize) -> Vec<String> {
        let n = &self.nodes[id];
        let mut lines = Vec::with_capacity(n.body.len() + 1);
        if !n.head.is_empty() {
            lines.push(n.head.clone());
        }
        lines.extend(n.body.iter().cloned());
        lines
    }

    /// The item's text with every item below it, as lines with their codes.
    fn flattened_lines(&self, id: usize, out: &mut Vec<String>) {
        for &c in &self.nodes[id].children {
            let child = &self.nodes[c];
            let marker = match child.marker {
                Some(Marker::Chinese) => format!("{}、", child.code),
                Some(Marker::Arabic) => format!("{}.", child.code),
                _ => child.code.clone(),
            };
            out.push(format!("{marker}{}", child.head));
            out.extend(child.body.iter().cloned());
            self.flattened_lines(c, out);
        }
    }

    fn has_units(&self, id: usize) -> bool {
        self.own_lines(id).iter().any(|l| {
            ends_with_units(l)
                || assign::find_labels(l)
                    .iter()
                    .any(|(r, _)| !l[r.end..].trim().is_empty())
        })
    }

    fn any_descendant_has_units(&self, id: usize) -> bool {
        self.nodes[id]
            .children
            .iter()
            .any(|&c| self.has_units(c) || self.any_descendant_has_units(c))
    }

    /// Sections and tasks of the plan body.
    fn tasks(&self) -> (Vec<DraftSection>, Vec<DraftTask>) {
        let mut sections = Vec::new();
        let mut tasks = Vec::new();
        for &c in &self.nodes[0].children {
            self.walk(c, None, 1, &mut sections, &mut tasks);
        }
        (sections, tasks)
    }

    fn walk(
        &self,
        id: usize,
        section: Option<String>,
        level: u32,
        sections: &mut Vec<DraftSection>,
        tasks: &mut Vec<DraftTask>,
    ) {
        let node = &self.nodes[id];
        let top_level = node.parent == 0;
        // Items before the first chapter are the notice around the plan, unless they carry
        // units: then the chapter above them was cut off the page.
        let preamble = node.excluded
            && (node.marker.is_none()
                || !(self.has_units(id) || self.any_descendant_has_units(id)));
        if preamble
            || is_general_title(&node.head, top_level)
            || (top_level && is_phase_title(&node.head))
        {
            return;
        }
        let promoted = !node.children.is_empty()
            && self.has_units(id)
            && !self.any_descendant_has_units(id)
            && self.unnumbered_first_item(id, None).is_none();
        if node.children.is_empty() && TASK_CHAPTER_TITLES.contains(&title_key(&node.head).as_str())
        {
            return;
        }
        if node.children.is_empty() || promoted {
            let mut lines = self.own_lines(id);
            if promoted {
                self.flattened_lines(id, &mut lines);
            }
            if let Some(task) = task_from_lines(&display_code(node), &lines, section) {
                tasks.push(task);
            }
            return;
        }
        let key = format!("s{}", id);
        let before = tasks.len();
        let section_index = sections.len();
        sections.push(DraftSection {
            key: key.clone(),
            parent: section,
            code: display_code(node),
            title: trim_end_punct(&first_sentence(&node.head).0).to_string(),
            level,
        });
        if let Some(task) = self.unnumbered_first_item(id, Some(key.clone())) {
            tasks.push(task);
        }
        for &c in &node.children {
            self.walk(c, Some(key.clone()), level + 1, sections, tasks);
        }
        if tasks.len() == before {
            // A section without tasks (and its empty subsections) is left out.
            sections.truncate(section_index);
        }
    }

    /// "二、推进措施 / 积极推进…（责任单位：…）/ 2.加强…": the lines before an item numbered as
    /// the second, ending with units, are the first item that lost its number.
    fn unnumbered_first_item(&self, id: usize, section: Option<String>) -> Option<DraftTask> {
        let node = &self.nodes[id];
        let first = &self.nodes[*node.children.first()?];
        let code = numbering::code_before_second(&first.code)?;
        let lead_in = &node.body[..node.lead_in?.min(node.body.len())];
        let names_units = |l: &String| {
            ends_with_units(l)
                || assign::find_labels(l)
                    .iter()
                    .any(|(r, _)| !l[r.end..].trim().is_empty())
        };
        let first = lead_in.iter().position(names_units)?;
        // Separate 牵头单位： / 责任单位： lines, blank lines between, belong to it too.
        let end = first
            + lead_in[first + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || names_units(l))
                .count();
        task_from_lines(&code, &lead_in[..=end], section)
    }

    /// Phases from the 工作步骤 chapter, or from items named …阶段 with dates anywhere.
    fn phases(&self, year: Option<i32>) -> Vec<DraftPhase> {
        let mut phases = Vec::new();
        for (id, node) in self.nodes.iter().enumerate().skip(1) {
            if node.excluded || !is_phase_title(&node.head) || node.children.is_empty() {
                continue;
            }
            for &c in &node.children {
                let mut text = self.nodes[c].head.clone();
                for b in &self.nodes[c].body {
                    text.push_str(b);
                }
                if let Some(p) = phase_from_text(&text, year, true) {
                    phases.push(p);
                }
            }
            if phases.is_empty() {
                for line in &self.nodes[id].body {
                    if let Some(p) = phase_from_text(line, year, false) {
                        phases.push(p);
                    }
                }
            }
            if !phases.is_empty() {
                return phases;
            }
        }
        for node in self.nodes.iter().skip(1).filter(|n| !n.excluded) {
            if let Some(p) = phase_from_text(&node.head, year, false) {
                if p.name.ends_with("阶段") {
                    phases.push(p);
                }
            }
        }
        phases
    }
}

fn display_code(node: &Node) -> String {
    node.code.clone()
}

/// Whether a line ends with a bracket that names units ("（县司法局牵头）", "[牵头单位:…]").
fn ends_with_units(line: &str) -> bool {
    trailing_bracket(line).is_some_and(|(_, inner)| is_assignment_phrase(inner))
}

/// Whether bracketed text is a responsibility phrase rather than an aside.
fn is_assignment_phrase(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || inner.contains("简称") || inner.contains("以下") {
        return false;
    }
    if !assign::find_labels(inner).is_empty() {
        return true;
    }
    let refs = assign::parse_assignment(inner);
    if refs.is_empty() {
        return false;
    }
    let all_units = refs
        .iter()
        .all(|r| assign::looks_like_unit(&r.name) && !r.name.chars().any(|c| c.is_ascii_digit()));
    let has_role_word = ["牵头", "配合", "负责", "落实", "协助", "参与", "协办"]
        .iter()
        .any(|w| inner.contains(w));
    all_units && (has_role_word || refs.len() <= 12)
}

// ---------------------------------------------------------------------------------------------
// Tasks

/// Units and deadlines found in a task's lines, and the lines without them.
struct Extracted {
    refs: Vec<(UnitRef, bool)>,
    deadlines: Vec<String>,
    /// People named as leads (责任领导), as written.
    leaders: Vec<String>,
    text: Vec<String>,
}

impl Extracted {
    fn take(&mut self, phrase: &str, from_label: bool) {
        let found = assign::read_assignment(phrase);
        push_refs(&mut self.refs, found.units, from_label);
        for d in found.deadlines {
            if !self.deadlines.contains(&d) {
                self.deadlines.push(d);
            }
        }
        self.leaders.extend(found.leaders);
    }
}

/// "…（牵头单位：A；配合单位：B）完成时限：2026年6月底前": the unit bracket taken out of a line
/// where only a labelled deadline follows it; returns the line without it.
fn bracket_before_deadline(line: &str) -> Option<(String, String)> {
    let (at, _) = line.char_indices().find(|(b, _)| {
        label_len(&line[*b..], DEADLINE_LABELS).is_some()
            && line[..*b]
                .trim_end()
                .ends_with([')', '）', ']', '】', '〕'])
    })?;
    let (before, inner) = trailing_bracket(&line[..at])?;
    is_assignment_phrase(inner).then(|| {
        (
            format!("{}；{}", before.trim_end(), &line[at..]),
            inner.to_string(),
        )
    })
}

fn push_refs(refs: &mut Vec<(UnitRef, bool)>, found: Vec<UnitRef>, from_label: bool) {
    for r in found {
        if !refs.iter().any(|(x, _)| x.name == r.name) {
            refs.push((r, from_label));
        }
    }
}

/// Takes labelled segments (牵头单位：… 完成时限：…) and a closing unit bracket out of the lines.
fn extract(lines: &[String]) -> Extracted {
    let mut out = Extracted {
        refs: Vec::new(),
        deadlines: Vec::new(),
        leaders: Vec::new(),
        text: Vec::new(),
    };
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        let mut line = line.trim().to_string();
        if let Some((rest, inner)) = bracket_before_deadline(&line) {
            out.take(&inner, false);
            line = rest;
        } else if i == last || ends_with_units(&line) {
            if let Some((before, inner)) = trailing_bracket(&line) {
                if is_assignment_phrase(inner) {
                    let (before, inner) = (before.to_string(), inner.to_string());
                    out.take(&inner, false);
                    line = before;
                }
            }
        }
        // Labelled segments, possibly several on one line.
        let mut cuts: Vec<(usize, usize, Option<Role>, bool)> = assign::find_labels(&line)
            .into_iter()
            .map(|(r, role)| (r.start, r.end, Some(role), false))
            .collect();
        for (b, _) in line.char_indices() {
            let at_start = b == 0
                || line[..b]
                    .chars()
                    .last()
                    .is_some_and(|c| "。；;，,  \u{3000}）)".contains(c));
            if at_start {
                if let Some(len) = label_len(&line[b..], DEADLINE_LABELS) {
                    cuts.push((b, b + len, None, true));
                }
            }
        }
        cuts.sort_by_key(|c| c.0);
        if cuts.is_empty() {
            let text = match label_len(&line, REQUIREMENT_LABELS) {
                Some(len) => line[len..].trim().to_string(),
                None => line,
            };
            if !text.is_empty() {
                out.text.push(text);
            }
            continue;
        }
        let mut kept = line[..cuts[0].0].to_string();
        for (k, &(start, end, role, is_deadline)) in cuts.iter().enumerate() {
            let stop = cuts.get(k + 1).map(|c| c.0).unwrap_or(line.len());
            let value = &line[end.min(stop)..stop];
            // A value runs to the end of its sentence; what follows is prose again.
            let (value, tail) = match value.find('。') {
                Some(p) => (&value[..p], &value[p + '。'.len_utf8()..]),
                None => (value, ""),
            };
            let value = trim_end_punct(value);
            if is_deadline {
                if !value.is_empty() {
                    out.deadlines.push(value.to_string());
                }
            } else if role.is_some() {
                let phrase = format!("{}{}", &line[start..end], value);
                out.take(&phrase, true);
            }
            kept.push_str(tail);
        }
        let kept = match label_len(kept.trim(), REQUIREMENT_LABELS) {
            Some(len) => kept.trim()[len..].to_string(),
            None => kept,
        };
        let kept = kept.trim();
        if !kept.is_empty() {
            out.text.push(kept.to_string());
        }
    }
    if out.refs.is_empty() {
        let clauses: Vec<String> = out
            .text
            .iter()
            .flat_map(|t| units::prose_clauses(t))
            .collect();
        for clause in clauses {
            out.take(&clause, false);
        }
    }
    out
}

/// Builds a task from an item's lines (its heading text first).
pub(crate) fn task_from_lines(
    code: &str,
    lines: &[String],
    section: Option<String>,
) -> Option<DraftTask> {
    let ex = extract(lines);
    let mut text = ex.text.into_iter();
    let head = text.next()?;
    let (title, rest) = first_sentence(&head);
    let title = trim_end_punct(&title).to_string();
    if title.is_empty() {
        return None;
    }
    let mut requirements: Vec<String> = Vec::new();
    if !rest.is_empty() {
        requirements.push(rest);
    }
    requirements.extend(text);
    if !ex.leaders.is_empty() {
        requirements.push(format!("责任领导：{}", ex.leaders.join("；")));
    }
    let requirements = requirements.join("\n");
    let deadline_text = if ex.deadlines.is_empty() {
        inline_deadlines(&format!("{title}。{requirements}")).join("；")
    } else {
        ex.deadlines.join("；")
    };
    let mut task = DraftTask {
        section,
        code: code.to_string(),
        title,
        requirements,
        deadline_text,
        ..DraftTask::default()
    };
    assign_units(&mut task, &ex.refs);
    Some(task)
}

/// Puts units into their roles; a 责任单位 list without a lead gets its first unit as the
/// (inferred) lead, by the usual rule that the unit listed first leads.
fn assign_units(task: &mut DraftTask, refs: &[(UnitRef, bool)]) {
    for (r, _) in refs {
        let list = match r.role {
            Role::Lead => &mut task.lead,
            Role::Co => &mut task.co,
            Role::Responsible => &mut task.responsible,
        };
        if !list.contains(&r.name) {
            list.push(r.name.clone());
        }
    }
    if task.lead.is_empty() {
        let first = refs
            .iter()
            .find(|(r, from_label)| *from_label && r.role == Role::Responsible && !r.is_group);
        if let Some((r, _)) = first {
            task.responsible.retain(|n| *n != r.name);
            task.lead.push(r.name.clone());
            task.lead_inferred = true;
        }
    }
}

fn has_units(t: &DraftTask) -> bool {
    !(t.lead.is_empty() && t.co.is_empty() && t.responsible.is_empty())
}

/// A page cut in the middle of its last task (copied excerpts end after a few kilobytes): when
/// every other task names its units and the text stops mid-sentence inside the last one, that
/// task is left out with a warning rather than imported cut and without units.
fn drop_cut_last_task(draft: &mut PlanDraft, lines: &[String]) {
    let Some((last, others)) = draft.tasks.split_last() else {
        return;
    };
    if others.is_empty() || has_units(last) || !others.iter().all(has_units) {
        return;
    }
    let Some(end) = lines.iter().rev().find(|l| !l.trim().is_empty()) else {
        return;
    };
    if end
        .trim_end()
        .ends_with(['。', '！', '？', '；', '.', '!', '?', ';'])
    {
        // The document ends on a whole sentence: the task is complete, only without units.
        return;
    }
    let end = match heading(end) {
        Some(h) => compare_key(&h.rest),
        None => compare_key(end),
    };
    let task_text = compare_key(&format!("{}{}", last.title, last.requirements));
    if end.is_empty() || !task_text.ends_with(&end) {
        return;
    }
    let code = last.code.clone();
    draft.tasks.pop();
    draft.warnings.push(format!(
        "文件在第 {code} 项任务处结束，该项没有责任单位，可能不完整，未导入；如需要请在预览中补上。"
    ));
}

pub(crate) fn dedupe_tasks(draft: &mut PlanDraft) {
    let mut seen: Vec<(Option<String>, String, String)> = Vec::new();
    draft.tasks.retain(|t| {
        let key = (
            t.section.clone(),
            compare_key(&t.code),
            compare_key(&t.title),
        );
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Tables

struct TableTasks {
    header: Vec<String>,
    ledger: bool,
    sections: Vec<DraftSection>,
    tasks: Vec<DraftTask>,
}

impl TableTasks {
    fn extend(&mut self, other: TableTasks) {
        for s in other.sections {
            if !self.sections.iter().any(|x| x.key == s.key) {
                self.sections.push(s);
            }
        }
        for t in other.tasks {
            let dup = self.tasks.iter().any(|x| {
                compare_key(&x.code) == compare_key(&t.code)
                    && compare_key(&x.title) == compare_key(&t.title)
            });
            if !dup {
                self.tasks.push(t);
            }
        }
    }
}

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
    Other,
}

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
    ]) {
        Column::Title
    } else {
        Column::Other
    }
}

pub(crate) fn row_key(row: &[String]) -> Vec<String> {
    row.iter().map(|c| compare_key(c)).collect()
}

/// Reads a task table: finds its header row, skips title rows and repeated headers, turns
/// merged full-width rows into sections.
fn table_tasks(rows: &[Vec<String>]) -> Option<TableTasks> {
    let (header_at, columns) = rows.iter().enumerate().find_map(|(i, row)| {
        let cols: Vec<Column> = row.iter().map(|c| column_of(c)).collect();
        let has_title = cols.contains(&Column::Title);
        let has_other = cols.iter().any(|c| {
            matches!(
                c,
                Column::Code | Column::Lead | Column::Co | Column::Responsible | Column::Deadline
            )
        });
        (has_title && has_other).then_some((i, cols))
    })?;
    let header = row_key(&rows[header_at]);
    let col = |kind: Column| columns.iter().position(|c| *c == kind);
    let title_col = col(Column::Title)?;
    let mut list = TableTasks {
        header: header.clone(),
        ledger: col(Column::Progress).is_some(),
        sections: Vec::new(),
        tasks: Vec::new(),
    };
    let mut section: Option<String> = None;
    let mut category: Option<String> = None;
    for row in &rows[header_at + 1..] {
        if row_key(row) == header {
            continue;
        }
        let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
        let one_text = filled
            .iter()
            .all(|c| compare_key(c) == compare_key(filled[0]));
        if filled.is_empty() {
            continue;
        }
        if one_text && (filled.len() > 1 || row.len() == 1 || heading(filled[0]).is_some()) {
            // A merged row across the table: a section heading (or a repeated page title).
            let text = filled[0].trim();
            if let Some(h) = heading(text) {
                let key = format!("t{}", compare_key(text));
                if !list.sections.iter().any(|s| s.key == key) {
                    list.sections.push(DraftSection {
                        key: key.clone(),
                        parent: None,
                        code: h.code,
                        title: trim_end_punct(&h.rest).to_string(),
                        level: 1,
                    });
                }
                section = Some(key);
                category = None;
            }
            continue;
        }
        let cell = |c: Option<usize>| -> String {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let title_text = cell(Some(title_col));
        if title_text.is_empty() {
            continue;
        }
        if let Some(cat) = col(Column::Category)
            .map(|c| cell(Some(c)))
            .filter(|c| !c.is_empty())
        {
            let key = format!("t{}", compare_key(&cat));
            if category.as_deref() != Some(key.as_str()) {
                if !list.sections.iter().any(|s| s.key == key) {
                    let (code, title) = match heading(&cat) {
                        Some(h) => (h.code, h.rest),
                        None => (String::new(), cat.clone()),
                    };
                    list.sections.push(DraftSection {
                        key: key.clone(),
                        parent: section.clone(),
                        code,
                        title: trim_end_punct(&title).to_string(),
                        level: if section.is_some() { 2 } else { 1 },
                    });
                }
                category = Some(key);
            }
        }
        let (code, mut lines) = code_and_lines(&cell(col(Column::Code)), &title_text);
        let req = cell(col(Column::Requirements));
        if !req.is_empty() {
            lines.extend(req.lines().map(str::to_string));
        }
        let Some(mut task) = task_from_lines(&code, &lines, category.clone().or(section.clone()))
        else {
            continue;
        };
        units_from_cells(
            &mut task,
            &[
                (cell(col(Column::Lead)), Role::Lead),
                (cell(col(Column::Co)), Role::Co),
                (cell(col(Column::Responsible)), Role::Responsible),
            ],
        );
        let deadline = cell(col(Column::Deadline));
        if !deadline.is_empty() {
            task.deadline_text = trim_end_punct(&deadline).to_string();
        }
        list.tasks.push(task);
    }
    Some(list)
}

/// A table row's 序号 and its task text as lines: the 序号 cell, else the number the text starts
/// with ("1.优化…"); a number written in the text is dropped from it either way. The 序号 is
/// given without its trailing 、 or . ("1", "（一）").
pub(crate) fn code_and_lines(code_cell: &str, text: &str) -> (String, Vec<String>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut code = code_cell.trim().to_string();
    if let Some(h) = lines.first().and_then(|l| heading(l)) {
        if code.is_empty() {
            code = h.code;
        }
        lines[0] = h.rest;
    }
    let code = trim_end_punct(&code)
        .trim_end_matches(['.', '、', '．'])
        .to_string();
    (code, lines)
}

/// Puts the units of a table row's unit cells (牵头单位 / 配合单位 / 责任单位 columns) into the
/// task, replacing any found in its text; a phrase inside a cell ("X牵头，Y配合") keeps its own
/// roles. Cells that are empty change nothing.
pub(crate) fn units_from_cells(task: &mut DraftTask, cells: &[(String, Role)]) {
    let mut refs: Vec<(UnitRef, bool)> = Vec::new();
    for (text, role) in cells {
        if text.trim().is_empty() {
            continue;
        }
        let found: Vec<UnitRef> = assign::parse_assignment(text)
            .into_iter()
            .map(|mut r| {
                if r.role == Role::Responsible {
                    r.role = *role;
                }
                r
            })
            .collect();
        push_refs(&mut refs, found, true);
    }
    if !refs.is_empty() {
        task.lead.clear();
        task.co.clear();
        task.responsible.clear();
        task.lead_inferred = false;
        assign_units(task, &refs);
    }
}

// ---------------------------------------------------------------------------------------------
// Title, 文号, year, issuer

fn meta(tree: &Tree, lines: &[String], draft: &mut PlanDraft) {
    // The preamble: lines before the first top-level heading of the plan body.
    let first_body = tree
        .nodes
        .iter()
        .skip(1)
        .find(|n| !n.excluded && n.marker.is_some())
        .map(|n| n.head.clone());
    let end = first_body
        .and_then(|head| {
            lines
                .iter()
                .position(|l| heading(l).is_some_and(|h| h.rest == head))
        })
        .unwrap_or(lines.len().min(40));
    let preamble = &lines[..end];

    draft.doc_no = preamble.iter().find_map(|l| doc_no(l)).unwrap_or_default();
    draft.title = plan_title(preamble)
        .or_else(|| {
            lines
                .iter()
                .find_map(|l| plan_title(std::slice::from_ref(l)))
        })
        .unwrap_or_else(|| {
            std::path::Path::new(&draft.source)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    draft.issuer = issuer(preamble).unwrap_or_default();
    draft.year = year_of(&draft.doc_no)
        .or_else(|| year_of(&draft.title))
        .or_else(|| preamble.iter().find_map(|l| standalone_date_year(l)))
        .or_else(|| lines.iter().find_map(|l| year_of(l)));
}

/// The first 4-digit year followed by 年 or inside 〔〕.
pub(crate) fn year_of(text: &str) -> Option<i32> {
    let text = squeeze_date_spaces(&fold_width(text));
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        if chars.len() >= i + 5 && chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) {
            let next = chars[i + 4];
            if next == '年' || next == '〕' || next == ']' || next == '-' || next == '—' {
                let y: String = chars[i..i + 4].iter().collect();
                if let Ok(y) = y.parse::<i32>() {
                    if (1990..=2100).contains(&y) {
                        return Some(y);
                    }
                }
            }
        }
    }
    None
}

/// A line that is only a date (the 成文日期): 2024年3月2日.
fn standalone_date_year(line: &str) -> Option<i32> {
    let squeezed = squeeze_date_spaces(line.trim());
    let is_date = squeezed.ends_with('日')
        && squeezed.chars().count() <= 12
        && squeezed
            .chars()
            .all(|c| c.is_ascii_digit() || "年月日".contains(c));
    if is_date {
        year_of(&squeezed)
    } else {
        None
    }
}

/// 文号: 汪政发〔2023〕10号, 示政办发[2025]3号.
fn doc_no(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !"〔[［【(（".contains(c) {
            continue;
        }
        let prefix_len = chars[..i]
            .iter()
            .rev()
            .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(*c))
            .count();
        if prefix_len == 0 || prefix_len > 10 {
            continue;
        }
        let digits = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits != 4 || !chars.get(i + 5).is_some_and(|c| "〕]］】)）".contains(*c)) {
            continue;
        }
        let num = chars[i + 6..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if num == 0 || chars.get(i + 6 + num) != Some(&'号') {
            continue;
        }
        return Some(chars[i - prefix_len..i + 7 + num].iter().collect());
    }
    None
}

const PLAN_WORDS: &[&str] = &[
    "方案", "措施", "计划", "要点", "规划", "意见", "清单", "办法", "细则", "行动", "台账", "任务",
];

/// The plan's title: a stand-alone line naming a plan (nearest the body), else a 《…》 named in
/// the covering notice.
fn plan_title(preamble: &[String]) -> Option<String> {
    let plain = |l: &str| {
        let n = l.chars().count();
        (4..=60).contains(&n)
            && !l.contains('。')
            && !l.ends_with([':', '：'])
            && heading(l).is_none()
            && !l.contains(['|', '\t'])
    };
    let names_plan = |l: &str| {
        let t = trim_end_punct(l).trim_end_matches([')', '）']);
        let t = t.split(['(', '（']).next().unwrap_or(t);
        PLAN_WORDS.iter().any(|w| t.ends_with(w))
    };
    if let Some(l) = preamble
        .iter()
        .rev()
        .find(|l| plain(l) && names_plan(l) && !l.contains("通知") && !l.contains("印发"))
    {
        return Some(l.trim().to_string());
    }
    for l in preamble {
        let mut rest = l.as_str();
        while let Some(start) = rest.find('《') {
            let after = &rest[start + '《'.len_utf8()..];
            let Some(end) = after.find('》') else { break };
            let inner = &after[..end];
            if PLAN_WORDS.iter().any(|w| inner.ends_with(w)) && inner.chars().count() >= 4 {
                return Some(inner.to_string());
            }
            rest = &after[end..];
        }
    }
    preamble
        .iter()
        .find(|l| plain(l) && l.contains("通知"))
        .map(|l| l.trim().to_string())
}

/// 发文机关: a 发文机关： label, else a stand-alone organisation line in the preamble.
fn issuer(preamble: &[String]) -> Option<String> {
    for l in preamble {
        let squeezed: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(rest) = squeezed
            .strip_prefix("发文机关:")
            .or_else(|| squeezed.strip_prefix("发文机关："))
        {
            let name: String = rest.chars().take_while(|c| *c != '成').collect();
            if !name.is_empty() {
                return Some(name);
            }
        }
    }
    preamble
        .iter()
        .map(|l| l.trim())
        .find(|l| {
            let n = l.chars().count();
            (4..=25).contains(&n)
                && !l
                    .chars()
                    .any(|c| c.is_ascii_digit() || super::text::is_punct(c) || c == ' ')
                && ["人民政府", "办公室", "委员会", "局", "委", "厅", "政府"]
                    .iter()
                    .any(|s| l.ends_with(s))
        })
        .map(str::to_string)
}

// ---------------------------------------------------------------------------------------------
// Reporting rule

fn cn_small_number(s: &str) -> Option<u32> {
    let digits = "〇一二三四五六七八九";
    let val = |c: char| digits.chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => val(*c),
        ['十', o] => Some(10 + val(*o)?),
        [t, '十'] => Some(val(*t)? * 10),
        [t, '十', o] => Some(val(*t)? * 10 + val(*o)?),
        _ => None,
    }
}

/// The sentence of `text` around byte `at`, and the sentences before and after it.
fn sentences_around(text: &str, at: usize) -> [&str; 3] {
    const ENDS: [char; 4] = ['。', '；', ';', '!'];
    let start = text[..at]
        .rfind(ENDS)
        .map(|p| p + text[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let end = text[at..].find(ENDS).map_or(text.len(), |p| at + p);
    let before = &text[..start];
    let before = before
        .trim_end_matches(ENDS)
        .rfind(ENDS)
        .map_or(before, |p| &before[p..]);
    let after = &text[end..];
    let after = after
        .char_indices()
        .skip(1)
        .find(|(_, c)| ENDS.contains(c))
        .map_or(after, |(p, _)| &after[..p]);
    [&text[start..end], before, after]
}

/// The reporting window stated with the rule at byte `at` of `line`: in the rule's sentence,
/// else in a neighbouring sentence about reporting (从2025年8月起实行月报。每月5日前报送…).
fn window_near(line: &str, at: usize, year: Option<i32>) -> (Option<Period>, Option<Period>) {
    let [own, before, after] = sentences_around(line, at);
    let about_reporting = |t: &str| {
        ["报送", "报告", "填报", "月报", "台账", "上报"]
            .iter()
            .any(|w| t.contains(w))
    };
    let mut text = String::new();
    if about_reporting(before) {
        text.push_str(before);
    }
    text.push_str(own);
    if about_reporting(after) {
        text.push_str(after);
    }
    window::report_window(&text, year)
}

/// The first 每月…日前…报送/填报/报告 clause of the document, with the reporting window it
/// states (months without a year are in `year`, the plan's year).
pub(crate) fn report_rule(lines: &[String], year: Option<i32>) -> Option<DraftRule> {
    const VERBS: &[&str] = &["报送", "填报", "报告", "上报", "报", "提交", "反馈"];
    for line in lines {
        let folded = fold_width(line);
        let mut from = 0;
        while let Some(pos) = folded[from..].find("每月") {
            let at = from + pos;
            from = at + "每月".len();
            let after = &folded[from..];
            let chars: Vec<char> = after.chars().collect();
            let mut k;
            let (day, month_end) = if after.starts_with("底") || after.starts_with("末") {
                k = 1;
                (None, true)
            } else {
                let n = chars
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(**c))
                    .count();
                let num: String = chars[..n].iter().collect();
                let value = num.parse::<u32>().ok().or_else(|| cn_small_number(&num));
                k = n;
                if chars.get(k).is_some_and(|c| *c == '日' || *c == '号') {
                    k += 1;
                }
                (value.filter(|d| (1..=31).contains(d)), false)
            };
            if day.is_none() && !month_end {
                continue;
            }
            // The clause: from the last delimiter before 每月 to the sentence end or a bracket.
            let start = folded[..at]
                .rfind(['，', ',', '。', '；', ';', ':', '：'])
                .map(|p| p + folded[p..].chars().next().map(char::len_utf8).unwrap_or(1))
                .unwrap_or(0);
            let end = folded[at..]
                .find(['。', '；', ';', '(', '（'])
                .map(|p| at + p)
                .unwrap_or(folded.len());
            let clause = folded[start..end].trim();
            let clause = match heading(clause) {
                Some(h) if h.marker == Marker::Arabic || h.marker == Marker::ParenArabic => h.rest,
                _ => clause.to_string(),
            };
            let tail: String = chars[k..].iter().collect();
            if !VERBS.iter().any(|v| tail.contains(v)) {
                continue;
            }
            let covers = if ["上月", "上一个月", "上个月", "前一个月", "上一月"]
                .iter()
                .any(|w| clause.contains(w))
            {
                Covers::Previous
            } else if ["本月", "当月"].iter().any(|w| clause.contains(w))
                // Unsaid: a report due late in the month covers that month, an early one the
                // month before.
                || month_end
                || day.is_some_and(|d| d >= 15)
            {
                Covers::Current
            } else {
                Covers::Previous
            };
            let (from, until) = window_near(&folded, at, year);
            return Some(DraftRule {
                day,
                month_end,
                covers,
                text: clause,
                from,
                until,
            });
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Phases

/// A phase from an item such as "组织动员阶段(2023年4月1日至7月31日)。…" or
/// "动员部署：6月5日—6月15日，…". Outside a 工作步骤 chapter (`in_chapter` false) the dates must
/// be in brackets right after the name.
fn phase_from_text(text: &str, year: Option<i32>, in_chapter: bool) -> Option<DraftPhase> {
    let text = text.trim();
    let name_end = text.find(['(', '（', ':', '：', '，', ',', '。'])?;
    let name = text[..name_end].trim();
    let n = name.chars().count();
    if !(2..=14).contains(&n) || name.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let delim = text[name_end..].chars().next()?;
    let after = &text[name_end + delim.len_utf8()..];
    let (range, rest) = if delim == '(' || delim == '（' {
        let close = after.find([')', '）'])?;
        let c = after[close..]
            .chars()
            .next()
            .map(char::len_utf8)
            .unwrap_or(1);
        (after[..close].trim(), &after[close + c..])
    } else if in_chapter && (delim == ':' || delim == '：' || delim == '，' || delim == ',') {
        let end = after
            .find(['，', ',', '。', '；', ';'])
            .unwrap_or(after.len());
        (after[..end].trim(), &after[end..])
    } else {
        return None;
    };
    let ongoing = ["长期", "持续", "常态"].iter().any(|w| range.contains(w));
    let has_date = range.contains('月')
        && range
            .chars()
            .any(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    if !(ongoing || has_date) {
        return None;
    }
    let (start, end) = if has_date {
        date_range(range, year)
    } else {
        (None, None)
    };
    Some(DraftPhase {
        name: name.to_string(),
        range_text: range.to_string(),
        start,
        end,
        description: rest
            .trim_start_matches(|c: char| c.is_whitespace() || "。，,；;".contains(c))
            .trim()
            .to_string(),
    })
}

/// One end of a range: (year, month, day, month-end) where written.
fn date_point(text: &str) -> (Option<i32>, Option<u32>, Option<u32>, bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let mut month_end = false;
    let mut i = 0;
    while i < chars.len() {
        let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            if chars[i] == '底' || chars[i] == '末' {
                month_end = true;
            }
            i += 1;
            continue;
        }
        let v: String = chars[i..i + n].iter().collect();
        let v: i64 = v.parse().unwrap_or(0);
        match chars.get(i + n) {
            Some('年') => year = i32::try_from(v).ok(),
            Some('月') => month = u32::try_from(v).ok(),
            Some('日' | '号') => day = u32::try_from(v).ok(),
            _ => {}
        }
        i += n + 1;
    }
    (year, month, day, month_end)
}

/// Dates of a range such as "6月5日—6月15日", "2023年12月10日至2024年3月31日", "4月至6月".
fn date_range(text: &str, plan_year: Option<i32>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let text = squeeze_date_spaces(&fold_width(text));
    let split = text
        .char_indices()
        .find(|(_, c)| "-—–~～至到".contains(*c))
        .map(|(i, c)| (i, c.len_utf8()));
    let (left, right) = match split {
        Some((i, len)) => (
            &text[..i],
            text[i + len..].trim_start_matches(|c: char| "-—–~～".contains(c)),
        ),
        None => (text.as_str(), text.as_str()),
    };
    let (ly, lm, ld, _) = date_point(left);
    let (ry, rm, rd, r_end) = date_point(right);
    let Some(start_year) = ly.or(plan_year) else {
        return (None, None);
    };
    let start = lm.and_then(|m| NaiveDate::from_ymd_opt(start_year, m, ld.unwrap_or(1)));
    let end_month = rm.or(lm);
    let mut end_year = ry.unwrap_or(start_year);
    let end_of = |y: i32| {
        end_month.and_then(|m| match rd {
            Some(d) if !r_end => NaiveDate::from_ymd_opt(y, m, d),
            _ => crate::deadline::last_day_of_month(y, m),
        })
    };
    let mut end = end_of(end_year);
    if let (Some(s), Some(e), None) = (start, end, ry) {
        if e < s {
            end_year += 1;
            end = end_of(end_year);
        }
    }
    (start, end)
}

// ---------------------------------------------------------------------------------------------
// 领导小组

pub(crate) const ROLES: &[&str] = &[
    "第一组长",
    "常务副组长",
    "副组长",
    "组长",
    "成员",
    "办公室主任",
    "办公室副主任",
    "秘书长",
];

/// A role label at the start of a line ("组  长：", "成员:"), with the rest of the line.
fn role_line(line: &str) -> Option<(String, String)> {
    let colon = line.find([':', '：'])?;
    let label: String = line[..colon]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let role = ROLES.iter().find(|r| **r == label)?;
    let c = line[colon..]
        .chars()
        .next()
        .map(char::len_utf8)
        .unwrap_or(1);
    Some((role.to_string(), line[colon + c..].trim().to_string()))
}

pub(crate) fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n)
        && s.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
}

/// "县司法局局长" → ("县司法局", "局长"); a title with 、 or without a known position stays whole.
pub(crate) fn split_org(title: &str) -> (String, String) {
    if title.contains(['、', '，', ',']) {
        return (String::new(), title.to_string());
    }
    for p in assign::POSITIONS {
        if let Some(org) = title.strip_suffix(p) {
            if assign::looks_like_unit(org) {
                return (org.to_string(), p.to_string());
            }
        }
    }
    (String::new(), title.to_string())
}

/// People on one roster line: "张三  县委副书记、县长", "李四（县司法局局长）、王五（…）".
fn people(text: &str, role: &str) -> Vec<DraftMember> {
    let text = text.trim().trim_end_matches(['。', '；', ';']);
    let mut out = Vec::new();
    if text.contains(['（', '(']) {
        for part in text.split(['、', '，', ',', '；', ';']) {
            let part = part.trim();
            let Some(open) = part.find(['（', '(']) else {
                continue;
            };
            let name: String = part[..open]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let title = part[open..]
                .trim_matches(|c: char| "（()）".contains(c))
                .trim()
                .to_string();
            if is_person_name(&name) {
                let (org, title) = split_org(&title);
                out.push(DraftMember {
                    name,
                    title,
                    org,
                    role: role.to_string(),
                });
            }
        }
        return out;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() == 1 {
        for name in tokens[0].split(['、', '，', ',']) {
            if is_person_name(name) {
                out.push(DraftMember {
                    name: name.to_string(),
                    role: role.to_string(),
                    ..DraftMember::default()
                });
            }
        }
        return out;
    }
    // "张  三  县长": single characters are one spaced name.
    let mut k = 0;
    let mut name = String::new();
    while k < tokens.len() && name.chars().count() < 2 && tokens[k].chars().count() == 1 {
        name.push_str(tokens[k]);
        k += 1;
    }
    if name.is_empty() {
        name = tokens[0].to_string();
        k = 1;
    }
    if is_person_name(&name) {
        let (org, title) = split_org(&tokens[k..].join(""));
        out.push(DraftMember {
            name,
            title,
            org,
            role: role.to_string(),
        });
    }
    out
}

fn roster(lines: &[String], tables: &[&Vec<Vec<String>>]) -> Vec<DraftMember> {
    let mut members: Vec<DraftMember> = Vec::new();
    let mut current: Option<String> = None;
    for line in lines {
        if let Some((role, rest)) = role_line(line) {
            members.extend(people(&rest, &role));
            current = Some(role);
            continue;
        }
        // A continuation line of the 成员 list: "王五  县财政局局长".
        match &current {
            Some(role) if line.split_whitespace().count() >= 2 => {
                let found = people(line, role);
                if found.is_empty() {
                    current = None;
                } else {
                    members.extend(found);
                }
            }
            _ => current = None,
        }
    }
    for rows in tables {
        members.extend(roster_table(rows));
    }
    let mut seen: Vec<(String, String)> = Vec::new();
    members.retain(|m| {
        let key = (m.name.clone(), m.role.clone());
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    members
}

/// A roster table: a 姓名 column and a column whose values are 组长 / 成员 ….
fn roster_table(rows: &[Vec<String>]) -> Vec<DraftMember> {
    let Some(header_at) = rows
        .iter()
        .position(|r| r.iter().any(|c| compare_key(c) == "姓名"))
    else {
        return Vec::new();
    };
    let header: Vec<String> = rows[header_at].iter().map(|c| compare_key(c)).collect();
    let name_col = header.iter().position(|h| h == "姓名");
    let role_of = |c: &str| {
        let key = compare_key(c);
        ROLES.iter().find(|r| **r == key).map(|r| r.to_string())
    };
    let role_col = (0..header.len()).find(|&c| {
        rows[header_at + 1..]
            .iter()
            .any(|r| r.get(c).is_some_and(|v| role_of(v).is_some()))
    });
    let title_col = header
        .iter()
        .enumerate()
        .position(|(i, h)| Some(i) != role_col && (h.contains("职务") || h.contains("职称")));
    let org_col = header
        .iter()
        .enumerate()
        .position(|(i, h)| Some(i) != title_col && h.contains("单位"));
    let (Some(name_col), Some(role_col)) = (name_col, role_col) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut last_role = String::new();
    for row in &rows[header_at + 1..] {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let name: String = get(Some(name_col))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Some(r) = role_of(&get(Some(role_col))) {
            last_role = r;
        }
        if !is_person_name(&name) || last_role.is_empty() {
            continue;
        }
        let mut title = get(title_col);
        let mut org = get(org_col);
        if org.is_empty() {
            let (o, t) = split_org(&title);
            org = o;
            title = t;
        }
        out.push(DraftMember {
            name,
            title,
            org,
            role: last_role.clone(),
        });
    }
    out
}

mod numbering;
mod page;
mod script;
mod table_text;
mod units;
mod window;

#[cfg(test)]
mod tests;
