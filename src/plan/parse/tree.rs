//! The heading tree: numbered headings nested as 一、 > (一) > 1. > (1) > ①, the chapters that
//! hold no tasks, and the tasks and phases read from it.

use super::phases::phase_from_text;
use super::task::{ends_with_units, task_from_lines};
use super::{
    is_attachment_line, label_len, numbering, starts_with_any_label, DEADLINE_LABELS,
    REQUIREMENT_LABELS,
};
use crate::assign;
use crate::plan::draft::{DraftPhase, DraftSection, DraftTask};
use crate::text::{compare_key, first_sentence, heading, trim_end_punct, Marker};

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

pub(super) struct Tree {
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
    "活动主题",
    "活动地点",
    "活动对象",
    "活动目的",
    "活动范围",
    "参加对象",
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
    /// The text of the first numbered heading of the plan body (after the preamble).
    pub(super) fn first_body_heading(&self) -> Option<String> {
        self.nodes
            .iter()
            .skip(1)
            .find(|n| !n.excluded && n.marker.is_some())
            .map(|n| n.head.clone())
    }

    pub(super) fn build(lines: &[String]) -> Tree {
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
        let mut tree = Tree { nodes };
        tree.hoist_trailing_units();
        tree
    }

    /// "1.组织专题学习。/（1）…/①…/（2）…/责任单位：…/完成时限：…": 责任单位 and 完成时限 lines
    /// after the last of an item's points — （1） or ① points, none carrying units of its own —
    /// close the item, not its last point: they move up to the item, whose points are then its
    /// 任务要求.
    fn hoist_trailing_units(&mut self) {
        for id in 1..self.nodes.len() {
            let node = &self.nodes[id];
            let points = node.children.len() >= 2
                && node.children.iter().all(|&c| {
                    self.nodes[c]
                        .marker
                        .is_some_and(|m| m as u8 >= Marker::ParenArabic as u8)
                });
            if node.excluded || node.marker.is_none() || !points || self.has_units(id) {
                continue;
            }
            let mut last = id;
            while let Some(&c) = self.nodes[last].children.last() {
                last = c;
            }
            let body = &self.nodes[last].body;
            let run = body
                .iter()
                .rev()
                .take_while(|l| is_label_line(l) || l.trim().is_empty())
                .count();
            let start = body.len() - run;
            let names_units = body[start..].iter().any(|l| {
                assign::find_labels(l)
                    .first()
                    .is_some_and(|(r, _)| r.start == 0)
            });
            if !names_units {
                continue;
            }
            let moved: Vec<String> = self.nodes[last].body.drain(start..).collect();
            if self.has_units(last) || self.any_descendant_has_units(id) {
                // Some point names units of its own: the lines were that point's.
                self.nodes[last].body.extend(moved);
                continue;
            }
            self.nodes[last].closed = false;
            self.nodes[id].body.extend(moved);
        }
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
    pub(super) fn tasks(&self) -> (Vec<DraftSection>, Vec<DraftTask>) {
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
                if !(top_level && self.frames_the_plan(id, &task)) {
                    tasks.push(task);
                }
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

    /// "一、清理范围 / 县直各部门制发的…": a chapter of prose only — no numbered items, no units, no
    /// deadline — beside chapters that hold the numbered tasks states the plan's frame.
    fn frames_the_plan(&self, id: usize, task: &DraftTask) -> bool {
        let node = &self.nodes[id];
        node.children.is_empty()
            && task.lead.is_empty()
            && task.co.is_empty()
            && task.responsible.is_empty()
            && task.deadline_text.is_empty()
            && self.nodes[0]
                .children
                .iter()
                .any(|&c| c != id && !self.nodes[c].excluded && !self.nodes[c].children.is_empty())
    }

    /// "二、推进措施 / 积极推进…（责任单位：…）/ 2.加强…": the lines before an item numbered as
    /// the second, ending with units, are the first item that lost its number; before items
    /// numbered from the first, they are a task of the heading itself, under its code.
    fn unnumbered_first_item(&self, id: usize, section: Option<String>) -> Option<DraftTask> {
        let node = &self.nodes[id];
        let first = &self.nodes[*node.children.first()?];
        // Before items numbered from the first, the paragraph is the heading's own task.
        let code = numbering::code_before_second(&first.code).unwrap_or_else(|| display_code(node));
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
    pub(super) fn phases(&self, year: Option<i32>) -> Vec<DraftPhase> {
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

/// A line that starts with a 责任单位： / 牵头单位： / 完成时限： label.
fn is_label_line(line: &str) -> bool {
    let line = line.trim_start();
    label_len(line, DEADLINE_LABELS).is_some()
        || assign::find_labels(line)
            .first()
            .is_some_and(|(r, _)| r.start == 0)
}

fn display_code(node: &Node) -> String {
    node.code.clone()
}
