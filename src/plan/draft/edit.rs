//! The clerk's edits of a draft in the import preview: units for several tasks at once, split and
//! merge, a task promoted to a section heading (and back), 转为简体. Each edit is a pure function
//! of the draft, so the preview applies exactly what the commit will write; the preview keeps
//! the drafts before each edit for 撤销.

use serde::{Deserialize, Serialize};

use super::{DraftSection, DraftTask, PlanDraft, TextUnit};
use crate::assign::{self, Role};
use crate::error_kind::ErrorKind;
use crate::plan::parse;
use crate::text::{self, Marker};

/// One edit of the preview. Tasks are named by their index in `PlanDraft::tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DraftEdit {
    /// 设为牵头单位: the units become the tasks' lead, replacing it.
    SetLead {
        tasks: Vec<usize>,
        units: Vec<String>,
    },
    /// Adds the units to the tasks' lead (the 牵头 chip of a unit found in the text).
    AddLead {
        tasks: Vec<usize>,
        units: Vec<String>,
    },
    /// 添加配合单位: adds the units as co-operating, unless a task has them as lead.
    AddCo {
        tasks: Vec<usize>,
        units: Vec<String>,
    },
    /// 清除单位: the tasks lose every unit.
    ClearUnits { tasks: Vec<usize> },
    /// Splits a task in two at a point of its text.
    Split { task: usize, at: SplitAt },
    /// Merges adjacent tasks into the first; `deadline` chooses among different deadlines.
    Merge {
        tasks: Vec<usize>,
        #[serde(default)]
        deadline: Option<String>,
    },
    /// The task is a heading: it becomes a section and the tasks after it move under it.
    Promote { task: usize },
    /// The section is a task again: it and its tasks join the section of the task before it,
    /// its sub-sections its parent.
    Demote { section: String },
    /// 转为简体: every text of the draft in simplified characters, mirror-site pinyin (發(fā))
    /// dropped, as the parser reads it.
    ToSimplified,
}

/// Which text of a task a split point is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Requirements,
}

/// A point in a task's text: the character offset in its title or its requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitAt {
    pub field: Field,
    /// Characters (not bytes) before the point.
    pub at: usize,
}

/// A sentence boundary offered in the split dialog, with a little text either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SplitChoice {
    pub at: SplitAt,
    pub before: String,
    pub after: String,
}

/// Errors of an edit in the preview; the draft is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum DraftEditError {
    #[error("预览中没有第 {0} 项任务（可能已被删除或合并）。请重新勾选后再试。")]
    NoTask(usize),
    #[error("预览中没有这个章节（{0}），可能已被撤销。请重新选择后再试。")]
    NoSection(String),
    #[error("请先勾选要修改的任务。")]
    NoTasksChosen,
    #[error("请先选择或输入单位名称。")]
    NoUnitsChosen,
    #[error("请至少勾选两项相邻的任务再合并。")]
    TooFewToMerge,
    #[error("只能合并相邻的任务：第 {0} 项和第 {1} 项之间还有未勾选的任务。")]
    NotAdjacent(usize, usize),
    #[error("所选任务的完成时限不同（{}），请选定合并后的完成时限。", .0.join("；"))]
    DeadlinesDiffer(Vec<String>),
    #[error("拆分位置不在任务文字中间（拆分后有一半没有文字）。请把光标放在两项任务之间，或在列表中选一个句子边界。")]
    BadSplit,
}

impl DraftEditError {
    /// Stable machine-readable kind: `not_found`, `conflict` (deadlines to choose) or `invalid`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            DraftEditError::NoTask(_) | DraftEditError::NoSection(_) => ErrorKind::NotFound,
            DraftEditError::DeadlinesDiffer(_) => ErrorKind::Conflict,
            DraftEditError::NoTasksChosen
            | DraftEditError::NoUnitsChosen
            | DraftEditError::TooFewToMerge
            | DraftEditError::NotAdjacent(..)
            | DraftEditError::BadSplit => ErrorKind::Invalid,
        }
    }
}

/// Applies one edit. On error the draft is unchanged.
pub fn apply(draft: &mut PlanDraft, edit: &DraftEdit) -> Result<(), DraftEditError> {
    let mut next = draft.clone();
    match edit {
        DraftEdit::SetLead { tasks, units } => {
            set_units(&mut next, tasks, units, Role::Lead, true)?
        }
        DraftEdit::AddLead { tasks, units } => {
            set_units(&mut next, tasks, units, Role::Lead, false)?
        }
        DraftEdit::AddCo { tasks, units } => set_units(&mut next, tasks, units, Role::Co, false)?,
        DraftEdit::ClearUnits { tasks } => {
            for t in chosen(&next, tasks)? {
                let task = &mut next.tasks[t];
                task.lead.clear();
                task.co.clear();
                task.responsible.clear();
                task.lead_inferred = false;
            }
        }
        DraftEdit::Split { task, at } => split(&mut next, *task, *at)?,
        DraftEdit::Merge { tasks, deadline } => merge(&mut next, tasks, deadline.as_deref())?,
        DraftEdit::Promote { task } => promote(&mut next, *task)?,
        DraftEdit::Demote { section } => demote(&mut next, section)?,
        DraftEdit::ToSimplified => to_simplified(&mut next),
    }
    *draft = next;
    Ok(())
}

/// The task indexes, checked, without repeats, in document order.
fn chosen(draft: &PlanDraft, tasks: &[usize]) -> Result<Vec<usize>, DraftEditError> {
    if tasks.is_empty() {
        return Err(DraftEditError::NoTasksChosen);
    }
    let mut out: Vec<usize> = Vec::with_capacity(tasks.len());
    for &t in tasks {
        if t >= draft.tasks.len() {
            return Err(DraftEditError::NoTask(t + 1));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The names as typed: trimmed, whitespace folded, empty ones and repeats dropped.
fn clean_names(units: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in units {
        let name: String = u.chars().filter(|c| !c.is_whitespace()).collect();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn set_units(
    draft: &mut PlanDraft,
    tasks: &[usize],
    units: &[String],
    role: Role,
    replace: bool,
) -> Result<(), DraftEditError> {
    let names = clean_names(units);
    if names.is_empty() {
        return Err(DraftEditError::NoUnitsChosen);
    }
    for t in chosen(draft, tasks)? {
        let task = &mut draft.tasks[t];
        match role {
            Role::Lead => {
                if replace {
                    task.lead.clear();
                }
                task.co.retain(|n| !names.contains(n));
                task.responsible.retain(|n| !names.contains(n));
                push_new(&mut task.lead, &names);
                task.lead_inferred = false;
            }
            // A task's lead stays its lead: a unit has one role on a task.
            Role::Co | Role::Responsible => {
                let added: Vec<String> = names
                    .iter()
                    .filter(|n| !task.lead.contains(n))
                    .cloned()
                    .collect();
                task.responsible.retain(|n| !added.contains(n));
                push_new(&mut task.co, &added);
            }
        }
    }
    Ok(())
}

fn push_new(list: &mut Vec<String>, names: &[String]) {
    for n in names {
        if !list.contains(n) {
            list.push(n.clone());
        }
    }
}

/// Byte offset of the `at`-th character, `None` past the end.
fn byte_at(text: &str, at: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(at)
}

fn split(draft: &mut PlanDraft, index: usize, at: SplitAt) -> Result<(), DraftEditError> {
    let task = draft
        .tasks
        .get(index)
        .cloned()
        .ok_or(DraftEditError::NoTask(index + 1))?;
    // The task's text is one stream, title then requirements: everything before the point stays,
    // everything after it is the new task.
    let (first_title, first_req, rest) = match at.field {
        Field::Title => {
            let b = byte_at(&task.title, at.at).ok_or(DraftEditError::BadSplit)?;
            let rest = [task.title[b..].trim(), task.requirements.trim()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            (task.title[..b].trim().to_string(), String::new(), rest)
        }
        Field::Requirements => {
            let b = byte_at(&task.requirements, at.at).ok_or(DraftEditError::BadSplit)?;
            (
                task.title.trim().to_string(),
                task.requirements[..b].trim().to_string(),
                task.requirements[b..].trim().to_string(),
            )
        }
    };
    let first_text = format!("{first_title}{first_req}");
    if text::compare_key(&first_text).is_empty() || text::compare_key(&rest).is_empty() {
        return Err(DraftEditError::BadSplit);
    }
    // The second half is read as the parser reads an item: its number (2. / （二）) becomes its
    // code, its first sentence its title, a unit bracket or label its units and deadline.
    let (code, lines) = parse::code_and_lines("", &rest);
    let read = parse::task_from_lines(&code, &lines, task.section.clone());
    let mut second = match read {
        Some(t) => t,
        None => DraftTask {
            section: task.section.clone(),
            code: code.clone(),
            title: text::trim_end_punct(&rest).to_string(),
            ..DraftTask::default()
        },
    };
    let own_units =
        !second.lead.is_empty() || !second.co.is_empty() || !second.responsible.is_empty();
    let mut first = task.clone();
    first.title = text::trim_end_punct(&first_title).to_string();
    first.requirements = first_req;
    if own_units {
        // Units written in the second half were the second task's: the first keeps the rest,
        // or all of them when that leaves it none.
        let theirs: Vec<&String> = second
            .lead
            .iter()
            .chain(&second.co)
            .chain(&second.responsible)
            .collect();
        let mut kept = first.clone();
        kept.lead.retain(|n| !theirs.contains(&n));
        kept.co.retain(|n| !theirs.contains(&n));
        kept.responsible.retain(|n| !theirs.contains(&n));
        if !(kept.lead.is_empty() && kept.co.is_empty() && kept.responsible.is_empty()) {
            first = kept;
        }
    } else {
        second.lead = task.lead.clone();
        second.co = task.co.clone();
        second.responsible = task.responsible.clone();
        second.lead_inferred = task.lead_inferred;
    }
    if second.deadline_text.trim().is_empty() {
        second.deadline_text = task.deadline_text.clone();
    }
    if first.title.is_empty() {
        first.title = first.requirements.clone();
        first.requirements.clear();
    }
    draft.tasks[index] = first;
    draft.tasks.insert(index + 1, second);
    Ok(())
}

/// The sentence boundaries of a task's text where the split dialog offers to split it.
pub fn split_points(task: &DraftTask) -> Vec<SplitChoice> {
    let mut out = Vec::new();
    // Between the title and the requirements: a heading read with the item below it.
    if !text::compare_key(&task.requirements).is_empty() {
        let title: Vec<char> = task.title.chars().collect();
        out.push(SplitChoice {
            at: SplitAt {
                field: Field::Requirements,
                at: 0,
            },
            before: title[title.len().saturating_sub(16)..].iter().collect(),
            after: task.requirements.trim().chars().take(24).collect(),
        });
    }
    for (field, text) in [
        (Field::Title, &task.title),
        (Field::Requirements, &task.requirements),
    ] {
        let chars: Vec<char> = text.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if !"。；;！？!?\n".contains(*c) {
                continue;
            }
            let at = i + 1;
            let after: String = chars[at..].iter().collect();
            if text::compare_key(&after).is_empty() {
                continue;
            }
            let before: String = chars[at.saturating_sub(16)..at].iter().collect();
            out.push(SplitChoice {
                at: SplitAt { field, at },
                before: before.trim().to_string(),
                after: after.trim().chars().take(24).collect(),
            });
        }
    }
    out
}

fn merge(
    draft: &mut PlanDraft,
    tasks: &[usize],
    deadline: Option<&str>,
) -> Result<(), DraftEditError> {
    let picked = chosen(draft, tasks)?;
    if picked.len() < 2 {
        return Err(DraftEditError::TooFewToMerge);
    }
    for w in picked.windows(2) {
        if w[1] != w[0] + 1 {
            return Err(DraftEditError::NotAdjacent(w[0] + 1, w[1] + 1));
        }
    }
    let group: Vec<DraftTask> = picked.iter().map(|&i| draft.tasks[i].clone()).collect();
    let mut deadlines: Vec<String> = Vec::new();
    for t in &group {
        let d = t.deadline_text.trim();
        if !d.is_empty() && !deadlines.iter().any(|x| x == d) {
            deadlines.push(d.to_string());
        }
    }
    let deadline_text = match deadline {
        Some(d) => d.trim().to_string(),
        None if deadlines.len() > 1 => return Err(DraftEditError::DeadlinesDiffer(deadlines)),
        None => deadlines.into_iter().next().unwrap_or_default(),
    };
    let mut merged = group[0].clone();
    for t in &group[1..] {
        merged.title = join_sentences(&merged.title, &t.title);
        if !t.requirements.trim().is_empty() {
            if !merged.requirements.trim().is_empty() {
                merged.requirements.push('\n');
            }
            merged.requirements.push_str(t.requirements.trim());
        }
    }
    // Each unit keeps its strongest role among the tasks: lead over co over responsible.
    let all = |f: fn(&DraftTask) -> &Vec<String>| -> Vec<String> {
        let mut names = Vec::new();
        for t in &group {
            push_new(&mut names, f(t));
        }
        names
    };
    let lead = all(|t| &t.lead);
    let co: Vec<String> = all(|t| &t.co)
        .into_iter()
        .filter(|n| !lead.contains(n))
        .collect();
    let responsible: Vec<String> = all(|t| &t.responsible)
        .into_iter()
        .filter(|n| !lead.contains(n) && !co.contains(n))
        .collect();
    merged.lead_inferred = !lead.is_empty()
        && group
            .iter()
            .filter(|t| !t.lead.is_empty())
            .all(|t| t.lead_inferred);
    merged.lead = lead;
    merged.co = co;
    merged.responsible = responsible;
    merged.deadline_text = deadline_text;
    let first = picked[0];
    draft.tasks.splice(first..first + picked.len(), [merged]);
    Ok(())
}

/// Two titles as one: a sentence mark between them unless the first ends with one.
fn join_sentences(a: &str, b: &str) -> String {
    let a = a.trim();
    let b = b.trim();
    if a.is_empty() {
        return b.to_string();
    }
    if b.is_empty() {
        return a.to_string();
    }
    let ends = a
        .chars()
        .last()
        .is_some_and(|c| "。；;！？!?，,".contains(c));
    if ends {
        format!("{a}{b}")
    } else {
        format!("{a}；{b}")
    }
}

/// The numbering kind of a code written without its trailing 、 (一, (一), 1, (1), ①).
fn marker_of(code: &str) -> Option<Marker> {
    text::heading(&format!("{}、题", code.trim())).map(|h| h.marker)
}

fn section_index(draft: &PlanDraft, key: &str) -> Option<usize> {
    draft.sections.iter().position(|s| s.key == key)
}

/// The section and its ancestors, nearest first.
fn chain(draft: &PlanDraft, key: Option<&str>) -> Vec<DraftSection> {
    let mut out: Vec<DraftSection> = Vec::new();
    let mut at = key.map(str::to_string);
    while let Some(k) = at {
        let Some(s) = draft.sections.iter().find(|s| s.key == k) else {
            break;
        };
        if out.iter().any(|o| o.key == s.key) {
            break;
        }
        at = s.parent.clone();
        out.push(s.clone());
    }
    out
}

fn fresh_key(draft: &PlanDraft) -> String {
    (1..)
        .map(|n| format!("p{n}"))
        .find(|k| !draft.sections.iter().any(|s| &s.key == k))
        .unwrap_or_default()
}

/// Levels from the parent links (1 for the top), and parents before their children.
fn relevel(draft: &mut PlanDraft) {
    let levels: Vec<u32> = draft
        .sections
        .iter()
        .map(|s| chain(draft, Some(&s.key)).len().max(1) as u32)
        .collect();
    for (s, level) in draft.sections.iter_mut().zip(levels) {
        s.level = level;
    }
}

fn promote(draft: &mut PlanDraft, index: usize) -> Result<(), DraftEditError> {
    let task = draft
        .tasks
        .get(index)
        .cloned()
        .ok_or(DraftEditError::NoTask(index + 1))?;
    let open = chain(draft, task.section.as_deref());
    // Where the heading goes: beside the nearest open section numbered the same way (a "（三）"
    // among "（二）" tasks' section), else below the nearest one numbered above it, else below
    // the task's own section.
    let parent: Option<String> = match marker_of(&task.code) {
        Some(m) => match open.iter().position(|s| marker_of(&s.code) == Some(m)) {
            Some(i) => open[i].parent.clone(),
            None => open
                .iter()
                .find(|s| marker_of(&s.code).is_some_and(|sm| sm < m))
                .or(open.first())
                .map(|s| s.key.clone()),
        },
        None => task.section.clone(),
    };
    // The sections the heading closes: those open at the task below its new parent.
    let closed: Vec<String> = open
        .iter()
        .map(|s| s.key.clone())
        .take_while(|k| Some(k) != parent.as_ref())
        .collect();
    let key = fresh_key(draft);
    let title = join_sentences(&task.title, &task.requirements);
    let section = DraftSection {
        key: key.clone(),
        parent: parent.clone(),
        code: task.code.clone(),
        title,
        level: 0,
    };
    // Tasks after it that were in a closed section (or directly in the parent) move under it, up
    // to the first task outside them.
    let mut moved_sections: Vec<String> = Vec::new();
    for t in draft.tasks.iter_mut().skip(index + 1) {
        let in_scope = match t.section.as_deref() {
            Some(k) => {
                closed.iter().any(|c| c == k) || (closed.is_empty() && Some(k) == parent.as_deref())
            }
            None => parent.is_none() && closed.is_empty(),
        };
        if in_scope {
            t.section = Some(key.clone());
            continue;
        }
        // A task in a child section of a closed section: that section moves under the heading.
        let child_of_closed = t.section.as_deref().and_then(|k| {
            let path = chain_keys(&draft.sections, k);
            path.iter()
                .position(|p| closed.contains(p))
                .filter(|&i| i > 0)
                .map(|i| path[i - 1].clone())
        });
        match child_of_closed {
            Some(top) => {
                if !moved_sections.contains(&top) {
                    moved_sections.push(top);
                }
            }
            None => break,
        }
    }
    for s in &mut draft.sections {
        if moved_sections.contains(&s.key) {
            s.parent = Some(key.clone());
        }
    }
    // In the section list: after every section shown before the task, so parents stay first.
    let before: Vec<String> = draft.tasks[..index]
        .iter()
        .filter_map(|t| t.section.clone())
        .flat_map(|k| chain_keys(&draft.sections, &k))
        .chain(parent.clone())
        .collect();
    let at = draft
        .sections
        .iter()
        .rposition(|s| before.contains(&s.key))
        .map_or(0, |i| i + 1);
    draft.sections.insert(at, section);
    draft.tasks.remove(index);
    sort_parents_first(draft);
    relevel(draft);
    Ok(())
}

/// The keys of a section and its ancestors, nearest first.
fn chain_keys(sections: &[DraftSection], key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut at = Some(key.to_string());
    while let Some(k) = at {
        if out.contains(&k) {
            break;
        }
        at = sections
            .iter()
            .find(|s| s.key == k)
            .and_then(|s| s.parent.clone());
        out.push(k);
    }
    out
}

/// Moves any section listed before its parent to just after it (the commit writes parents
/// first).
fn sort_parents_first(draft: &mut PlanDraft) {
    let mut i = 0;
    let mut guard = draft.sections.len() * draft.sections.len() + 1;
    while i < draft.sections.len() && guard > 0 {
        guard -= 1;
        let parent_at = draft.sections[i]
            .parent
            .as_deref()
            .and_then(|p| section_index(draft, p));
        match parent_at {
            Some(p) if p > i => {
                let s = draft.sections.remove(i);
                draft.sections.insert(p, s);
            }
            _ => i += 1,
        }
    }
}

fn demote(draft: &mut PlanDraft, key: &str) -> Result<(), DraftEditError> {
    let at = section_index(draft, key).ok_or_else(|| DraftEditError::NoSection(key.into()))?;
    let section = draft.sections.remove(at);
    let within = |t: &DraftTask, sections: &[DraftSection]| {
        t.section
            .as_deref()
            .is_some_and(|k| k == key || chain_keys(sections, k).iter().any(|c| c == key))
    };
    // The task stands where the section's first task stood, else after the tasks of the
    // sections listed before it.
    let position = {
        let mut with_it = draft.sections.clone();
        with_it.insert(at, section.clone());
        draft
            .tasks
            .iter()
            .position(|t| within(t, &with_it))
            .unwrap_or_else(|| {
                let earlier: Vec<&String> = with_it[..at].iter().map(|s| &s.key).collect();
                draft
                    .tasks
                    .iter()
                    .rposition(|t| t.section.as_ref().is_some_and(|k| earlier.contains(&k)))
                    .map_or(0, |i| i + 1)
            })
    };
    // Its tasks continue the section of the task before it, as they read before it was a
    // heading; without one, they go to its parent.
    let home = position
        .checked_sub(1)
        .and_then(|i| draft.tasks.get(i))
        .and_then(|t| t.section.clone())
        .or_else(|| section.parent.clone());
    for t in &mut draft.tasks {
        if t.section.as_deref() == Some(key) {
            t.section = home.clone();
        }
    }
    for s in &mut draft.sections {
        if s.parent.as_deref() == Some(key) {
            s.parent = section.parent.clone();
        }
    }
    draft.tasks.insert(
        position,
        DraftTask {
            section: home,
            code: section.code.clone(),
            title: section.title.clone(),
            ..DraftTask::default()
        },
    );
    relevel(draft);
    Ok(())
}

/// Whether any text of the draft has traditional characters that 转为简体 would change.
pub fn has_traditional(draft: &PlanDraft) -> bool {
    let mut probe = draft.clone();
    to_simplified(&mut probe);
    probe != *draft
}

fn to_simplified(draft: &mut PlanDraft) {
    let conv = |s: &mut String| {
        let c = parse::to_simplified(s);
        if c != *s {
            *s = c;
        }
    };
    let conv_all = |list: &mut Vec<String>| list.iter_mut().for_each(conv);
    conv(&mut draft.title);
    conv(&mut draft.doc_no);
    conv(&mut draft.issuer);
    for s in &mut draft.sections {
        conv(&mut s.title);
    }
    for t in &mut draft.tasks {
        conv(&mut t.code);
        conv(&mut t.title);
        conv(&mut t.requirements);
        conv(&mut t.deadline_text);
        conv_all(&mut t.lead);
        conv_all(&mut t.co);
        conv_all(&mut t.responsible);
        for u in &mut t.text_units {
            conv(&mut u.name);
        }
    }
    if let Some(r) = &mut draft.report_rule {
        conv(&mut r.text);
    }
    for p in &mut draft.phases {
        conv(&mut p.name);
        conv(&mut p.range_text);
        conv(&mut p.description);
    }
    for m in &mut draft.group {
        conv(&mut m.name);
        conv(&mut m.title);
        conv(&mut m.org);
        conv(&mut m.role);
    }
    for u in &mut draft.units {
        conv(&mut u.name);
    }
    conv_all(&mut draft.warnings);
}

/// Units named in a task's text that the task does not have: those the parser's prose rules
/// read with a role (由X牵头，Y配合) and, among `known` (the directory's names and aliases and
/// the draft's units), those written anywhere in the text. `same` tells whether two names are
/// one unit (the directory's matching), so a unit the task has under another name is not
/// offered.
pub fn text_units(
    task: &DraftTask,
    known: &[String],
    same: &dyn Fn(&str, &str) -> bool,
) -> Vec<TextUnit> {
    let text = format!("{}\n{}", task.title, task.requirements);
    let has = |name: &str| {
        task.lead
            .iter()
            .chain(&task.co)
            .chain(&task.responsible)
            .any(|n| n == name || same(n, name))
    };
    let mut out: Vec<TextUnit> = Vec::new();
    let offer = |name: &str, role: Option<Role>, out: &mut Vec<TextUnit>| {
        if name.is_empty() || has(name) || assign::is_group_phrase(name) {
            return;
        }
        match out.iter_mut().find(|u| u.name == name) {
            Some(u) => u.role = u.role.or(role),
            None => out.push(TextUnit {
                name: name.to_string(),
                role,
            }),
        }
    };
    for clause in parse::units::prose_clauses(&text) {
        for r in assign::read_assignment(&clause).units {
            let role = matches!(r.role, Role::Lead | Role::Co).then_some(r.role);
            if assign::looks_like_unit(&r.name) {
                offer(&r.name, role, &mut out);
            }
        }
    }
    // Known names, longest first, each place of the text used once (县司法局 not also 司法局).
    let mut names: Vec<&String> = known.iter().filter(|n| n.chars().count() >= 2).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for name in names {
        for (i, _) in text.match_indices(name.as_str()) {
            let range = i..i + name.len();
            if taken
                .iter()
                .any(|r| r.start < range.end && range.start < r.end)
            {
                continue;
            }
            taken.push(range);
            if !out.iter().any(|u| same(&u.name, name)) {
                offer(name, None, &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
