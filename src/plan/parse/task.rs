//! One task from its lines: title, units from brackets, labels and prose, deadline; and the
//! clean-up of the task list (a page cut in its last task, tasks read twice).

use super::{is_person_line, label_len, units, DEADLINE_LABELS, REQUIREMENT_LABELS};
use crate::assign::{self, Role, UnitRef};
use crate::plan::draft::{DraftTask, PlanDraft};
use crate::text::{
    compare_key, first_sentence, heading, inline_deadlines, trailing_bracket, trim_end_punct,
};

/// Whether a line ends with a bracket that names units ("（县司法局牵头）", "[牵头单位:…]").
pub(super) fn ends_with_units(line: &str) -> bool {
    !is_person_line(line)
        && trailing_bracket(line).is_some_and(|(_, inner)| is_assignment_phrase(inner))
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

/// "…（县司法局负责）上半年完成。": a unit bracket followed only by when the work is done
/// (上半年完成, 年底前完成, 每半年报送一次). Returns the line without both, the bracket's text and
/// the deadline.
fn bracket_before_timing(line: &str) -> Option<(String, String, String)> {
    let body = trim_end_punct(line.trim());
    let (at, close) = body
        .char_indices()
        .rfind(|(_, c)| ")）]】〕".contains(*c))?;
    let tail = trim_end_punct(
        body[at + close.len_utf8()..].trim_start_matches(['，', ',', '；', ';', ' ']),
    );
    // After the units, 每半年报送一次 is when the work is due; inside the text it is how often.
    let recurring =
        tail.starts_with('每') && tail.chars().count() <= 8 && assign::is_deadline_text(tail);
    if tail.is_empty() || !(is_timing_clause(tail) || recurring) {
        return None;
    }
    let (before, inner) = trailing_bracket(&body[..at + close.len_utf8()])?;
    is_assignment_phrase(inner).then(|| {
        (
            before.trim_end().to_string(),
            inner.to_string(),
            tail.to_string(),
        )
    })
}

/// Ends of a clause that says when work is done: "四月份完成", "年底前", "二季度前办结".
const TIMING_ENDS: &[&str] = &["完成", "前", "以前", "之前", "办结", "结束", "到位", "落实"];

/// Whether a clause is only a deadline as people write it: a date or period and a word of
/// completion (四月份完成, 6月中旬前完成, 年底前) or an open obligation (长期坚持, 持续推进,
/// 即时办理).
fn is_timing_clause(clause: &str) -> bool {
    let clause = clause.trim();
    let n = clause.chars().count();
    if n == 0 || n > 14 || !assign::is_deadline_text(clause) {
        return false;
    }
    let ended = TIMING_ENDS.iter().any(|w| clause.ends_with(w));
    // 长期坚持 / 持续推进 / 即时办理 as a whole clause, not 持续推进证明事项告知承诺制.
    let open = n <= 6
        && ["长期", "持续", "即时", "立即", "常态", "全年", "年内"]
            .iter()
            .any(|w| clause.starts_with(w));
    ended || open
}

/// A deadline written as the closing clause of a task's text ("…。县司法局负责，四月份完成。"),
/// else as a clause that starts with it ("…，年底前完成述法工作"), for a task without a labelled
/// or dated one. A date inside the text ("2025年底前，更多区县…")
/// is a target, not the deadline; the first clause (the task itself) is never one.
fn closing_timing_clause(text: &str) -> Option<String> {
    let clauses: Vec<&str> = text
        .split(['，', ',', '。', '；', ';', '\n'])
        .map(|c| trim_end_punct(c.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    if let [_, .., last] = clauses.as_slice() {
        if is_timing_clause(last) {
            return Some(last.to_string());
        }
    }
    // "…，年底前完成述法工作": a clause that starts with when the work is to be done.
    clauses.iter().skip(1).find_map(|c| {
        let at = c.find("前完成")?;
        let when = &c[..at + "前".len()];
        (when.chars().count() <= 10 && assign::is_deadline_text(when)).then(|| when.to_string())
    })
}

pub(super) fn push_refs(refs: &mut Vec<(UnitRef, bool)>, found: Vec<UnitRef>, from_label: bool) {
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
        if is_person_line(&line) {
            // 牵头领导：张某某（县委常委、副县长）: people, kept as written.
            out.text.push(line);
            continue;
        }
        if let Some((rest, inner)) = bracket_before_deadline(&line) {
            out.take(&inner, false);
            line = rest;
        } else if let Some((rest, inner, deadline)) = bracket_before_timing(&line) {
            out.take(&inner, false);
            out.deadlines.push(deadline);
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
        if let Some(subject) = out.text.first().and_then(|t| units::subject_units(t)) {
            let subject = subject.to_string();
            out.take(&subject, true);
            return out;
        }
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
        let all = format!("{title}。{requirements}");
        let dated = inline_deadlines(&all);
        if dated.is_empty() {
            closing_timing_clause(&head).unwrap_or_default()
        } else {
            dated.join("；")
        }
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
pub(super) fn assign_units(task: &mut DraftTask, refs: &[(UnitRef, bool)]) {
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

pub(super) fn has_units(t: &DraftTask) -> bool {
    !(t.lead.is_empty() && t.co.is_empty() && t.responsible.is_empty())
}

/// A page cut in the middle of its last task (copied excerpts end after a few kilobytes): when
/// every other task names its units and the text stops mid-sentence inside the last one, that
/// task is left out with a warning rather than imported cut and without units.
pub(super) fn drop_cut_last_task(draft: &mut PlanDraft, lines: &[String]) {
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
