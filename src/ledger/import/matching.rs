//! Matching ledger rows to the plan's tasks: by our hidden key, else by 序号, else by title
//! similarity. A match that is not clear is marked doubtful for the clerk to confirm.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::layout::{normalize_code, RawRow};
use crate::ledger::parse_task_key;
use crate::text::{compare_key, heading};

/// A title this similar (0–1) to a task's matches it without asking.
pub const SURE: f64 = 0.8;
/// Below this a title matches nothing; between this and [`SURE`] the match is doubtful.
pub const DOUBTFUL: f64 = 0.5;

/// How a row was matched to its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum MatchKind {
    /// The hidden 任务标识 of our export.
    Key,
    /// The 序号, confirmed by the title.
    Code,
    /// The title alone.
    Title,
    /// The clerk's choice.
    Chosen,
    /// Not matched.
    None,
}

impl MatchKind {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Key => "key",
            MatchKind::Code => "code",
            MatchKind::Title => "title",
            MatchKind::Chosen => "chosen",
            MatchKind::None => "none",
        }
    }

    /// Parses the stored value.
    pub fn parse(s: &str) -> MatchKind {
        match s {
            "key" => MatchKind::Key,
            "code" => MatchKind::Code,
            "title" => MatchKind::Title,
            "chosen" => MatchKind::Chosen,
            _ => MatchKind::None,
        }
    }
}

/// A task as the matcher sees it.
#[derive(Debug, Clone)]
pub(crate) struct TaskRef {
    pub id: i64,
    pub code: String,
    pub title: String,
    /// Units assigned to the task.
    pub units: Vec<i64>,
    /// The title's and the section heading's keys, computed once for all rows.
    key: TitleKey,
    section_key: TitleKey,
}

/// The tasks of one plan, indexed for matching.
#[derive(Debug, Clone, Default)]
pub(crate) struct TaskIndex {
    pub tasks: Vec<TaskRef>,
    by_id: HashMap<i64, usize>,
    by_code: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, usize>,
    by_bigram: HashMap<(char, char), Vec<usize>>,
}

fn title_key(title: &str) -> String {
    let first = title.lines().next().unwrap_or("");
    match heading(first) {
        Some(h) => compare_key(&title.replacen(first, &h.rest, 1)),
        None => compare_key(title),
    }
}

fn bigrams(key: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = key.chars().collect();
    let mut out: Vec<(char, char)> = if chars.len() == 1 {
        vec![(chars[0], ' ')]
    } else {
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

impl TaskIndex {
    /// Indexes `tasks`: (id, code, title, section heading, unit ids).
    pub fn new(tasks: Vec<(i64, String, String, String, Vec<i64>)>) -> TaskIndex {
        let mut index = TaskIndex::default();
        for (id, code, title, section, units) in tasks {
            let key = TitleKey::of(&title);
            let i = index.tasks.len();
            index.by_id.insert(id, i);
            let code_key = normalize_code(&code);
            if !code_key.is_empty() {
                index.by_code.entry(code_key).or_default().push(i);
            }
            index.by_key.entry(key.key.clone()).or_insert(i);
            for g in &key.grams {
                index.by_bigram.entry(*g).or_default().push(i);
            }
            index.tasks.push(TaskRef {
                id,
                code,
                title,
                section_key: TitleKey::of(&section),
                units,
                key,
            });
        }
        index
    }

    /// The task with this id, if it is one of the plan's live tasks.
    pub fn get(&self, id: i64) -> Option<&TaskRef> {
        self.by_id.get(&id).map(|&i| &self.tasks[i])
    }

    /// The tasks most similar to `title`, best first, with their similarity.
    fn similar(&self, title: &TitleKey) -> Vec<(usize, f64)> {
        if title.key.is_empty() {
            return Vec::new();
        }
        if let Some(&i) = self.by_key.get(&title.key) {
            return vec![(i, 1.0)];
        }
        // Bigrams shared with each task, by task position.
        let mut shared = vec![0u32; self.tasks.len()];
        for g in &title.grams {
            if let Some(list) = self.by_bigram.get(g) {
                for &i in list {
                    shared[i] += 1;
                }
            }
        }
        let mut scored: Vec<(usize, f64)> = shared
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(i, &n)| {
                let t = &self.tasks[i];
                let dice = 2.0 * f64::from(n) / (title.grams.len() + t.key.grams.len()) as f64;
                (i, dice.max(containment(title, &t.key)))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(3);
        scored
    }
}

/// A title's comparison key and its bigrams, computed once per row.
#[derive(Debug, Clone)]
struct TitleKey {
    key: String,
    /// Characters in `key`.
    chars: usize,
    grams: Vec<(char, char)>,
}

impl TitleKey {
    fn of(title: &str) -> TitleKey {
        let key = title_key(title);
        let grams = bigrams(&key);
        let chars = key.chars().count();
        TitleKey { key, chars, grams }
    }

    /// Similarity (0–1) with another title.
    fn similarity(&self, other: &TitleKey) -> f64 {
        if self.key.is_empty() || other.key.is_empty() {
            return 0.0;
        }
        if self.key == other.key {
            return 1.0;
        }
        let shared = self
            .grams
            .iter()
            .filter(|g| other.grams.binary_search(g).is_ok())
            .count();
        let dice = 2.0 * shared as f64 / (self.grams.len() + other.grams.len()) as f64;
        dice.max(containment(self, other))
    }
}

/// Similarity from one title containing the other: a row that adds the task's requirements
/// after its title, or a title shortened by the department.
fn containment(row: &TitleKey, task: &TitleKey) -> f64 {
    let (rl, tl) = (row.chars, task.chars);
    // Byte search is character search in UTF-8.
    let within = |text: &str, part: &str| memchr::memmem::find(text.as_bytes(), part.as_bytes());
    if tl >= 6 && rl >= tl && within(&row.key, &task.key).is_some() {
        return 0.92;
    }
    if rl >= 6 && tl >= rl && within(&task.key, &row.key).is_some() {
        return 0.6 + 0.4 * (rl as f64 / tl.max(1) as f64);
    }
    0.0
}

/// Title similarity between two texts (0–1), as used for matching.
pub fn similarity(a: &str, b: &str) -> f64 {
    TitleKey::of(a).similarity(&TitleKey::of(b))
}

/// The outcome of matching one row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RowMatch {
    pub task_id: Option<i64>,
    pub kind: MatchKind,
    pub score: f64,
    pub doubtful: bool,
    /// Why the match is doubtful or missing, for the clerk.
    pub note: String,
}

impl RowMatch {
    fn none(note: impl Into<String>) -> RowMatch {
        RowMatch {
            task_id: None,
            kind: MatchKind::None,
            score: 0.0,
            doubtful: false,
            note: note.into(),
        }
    }
}

/// Matches one row. `keys_trusted` says whether the row's hidden key refers to this plan's
/// tasks (the workbook is our export of this very plan).
pub(crate) fn match_row(index: &TaskIndex, row: &RawRow, keys_trusted: bool) -> RowMatch {
    if keys_trusted {
        if let Some(id) = parse_task_key(&row.key) {
            if index.get(id).is_some() {
                return RowMatch {
                    task_id: Some(id),
                    kind: MatchKind::Key,
                    score: 1.0,
                    doubtful: false,
                    note: String::new(),
                };
            }
        }
    }
    let title = TitleKey::of(&row.title);
    // The tasks of most similar title, best first, and the runner-up's similarity.
    let best = |title: &TitleKey| {
        let best = index.similar(title);
        let second = best.get(1).map(|b| b.1).unwrap_or(0.0);
        (best.first().copied(), second)
    };
    let code = normalize_code(&row.code);
    if let Some(candidates) = index.by_code.get(&code).filter(|_| !code.is_empty()) {
        // Among tasks with this 序号, the one whose title (or section) fits best.
        let section = (!row.section.is_empty()).then(|| TitleKey::of(&row.section));
        let scored: Vec<(usize, f64)> = candidates
            .iter()
            .map(|&i| {
                let t = &index.tasks[i];
                let mut s = title.similarity(&t.key);
                if section
                    .as_ref()
                    .is_some_and(|s| s.similarity(&t.section_key) >= SURE)
                {
                    s += 0.05;
                }
                (i, s)
            })
            .collect();
        let pick = scored
            .iter()
            .copied()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((i, s)) = pick {
            let t = &index.tasks[i];
            let ambiguous = candidates.len() > 1 && row.title.trim().is_empty();
            if s >= DOUBTFUL && !ambiguous {
                return RowMatch {
                    task_id: Some(t.id),
                    kind: MatchKind::Code,
                    score: s.min(1.0),
                    doubtful: false,
                    note: String::new(),
                };
            }
            let (top, second) = best(&title);
            if let Some((bi, bs)) = top.filter(|(_, bs)| *bs >= SURE) {
                if bs - second >= 0.05 || bi == i {
                    return RowMatch {
                        task_id: Some(index.tasks[bi].id),
                        kind: MatchKind::Title,
                        score: bs,
                        doubtful: false,
                        note: String::new(),
                    };
                }
            }
            let note = if row.title.trim().is_empty() {
                format!("只有序号“{}”，没有任务名称", row.code.trim())
            } else {
                format!("序号“{}”相同，但任务名称差别较大", row.code.trim())
            };
            return RowMatch {
                task_id: Some(t.id),
                kind: MatchKind::Code,
                score: s.min(1.0),
                doubtful: true,
                note,
            };
        }
    }
    let (top, second) = best(&title);
    match top {
        Some((i, s)) if s >= SURE && s - second >= 0.05 => RowMatch {
            task_id: Some(index.tasks[i].id),
            kind: MatchKind::Title,
            score: s,
            doubtful: false,
            note: String::new(),
        },
        Some((i, s)) if s >= DOUBTFUL => RowMatch {
            task_id: Some(index.tasks[i].id),
            kind: MatchKind::Title,
            score: s,
            doubtful: true,
            note: if s >= SURE {
                "有两项任务名称都相近".to_string()
            } else {
                format!("任务名称只有 {:.0}% 相近", s * 100.0)
            },
        },
        _ if row.title.trim().is_empty() => RowMatch::none("没有任务名称"),
        _ => RowMatch::none("方案中没有名称相近的任务"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> TaskIndex {
        let t = |id: i64, code: &str, title: &str| {
            (
                id,
                code.to_string(),
                title.to_string(),
                String::new(),
                vec![],
            )
        };
        TaskIndex::new(vec![
            t(10, "1", "完善政府立法程序"),
            t(11, "2", "提高政府立法公众参与度"),
            t(12, "3", "加强规范性文件监督管理"),
            t(13, "4", "健全依法决策机制"),
        ])
    }

    fn raw(code: &str, title: &str) -> RawRow {
        RawRow {
            code: code.into(),
            title: title.into(),
            ..RawRow::default()
        }
    }

    #[test]
    fn keys_win_when_trusted() {
        let idx = index();
        let mut r = raw("9", "随便改的名称");
        r.key = "TZ-12".into();
        let m = match_row(&idx, &r, true);
        assert_eq!((m.task_id, m.kind), (Some(12), MatchKind::Key));
        let m = match_row(&idx, &r, false);
        assert_ne!(m.kind, MatchKind::Key);
    }

    #[test]
    fn code_then_title() {
        let idx = index();
        let m = match_row(&idx, &raw("2", "提高政府立法公众参与度"), false);
        assert_eq!(
            (m.task_id, m.kind, m.doubtful),
            (Some(11), MatchKind::Code, false)
        );
        // Renumbered: the title wins over the 序号.
        let m = match_row(&idx, &raw("1", "加强规范性文件监督管理"), false);
        assert_eq!((m.task_id, m.kind), (Some(12), MatchKind::Title));
        // Edited title, no code.
        let m = match_row(&idx, &raw("", "健全依法决策机制，严格执行决策程序"), false);
        assert_eq!((m.task_id, m.doubtful), (Some(13), false));
        // Unrelated.
        let m = match_row(&idx, &raw("", "组织春季运动会"), false);
        assert_eq!(m.task_id, None);
        // Only a code, no title: doubtful.
        let m = match_row(&idx, &raw("3", ""), false);
        assert_eq!((m.task_id, m.doubtful), (Some(12), true));
    }

    #[test]
    fn the_section_decides_between_tasks_of_the_same_code_and_title() {
        let t = |id: i64, section: &str| {
            let title = "开展法治宣传".to_string();
            (id, "1".to_string(), title, section.to_string(), vec![])
        };
        let idx = TaskIndex::new(vec![t(20, "一、推进依法行政"), t(21, "二、加强普法工作")]);
        for (section, want) in [("一、推进依法行政", 20), ("二、加强普法工作", 21)]
        {
            let mut r = raw("1", "开展法治宣传");
            r.section = section.into();
            assert_eq!(match_row(&idx, &r, false).task_id, Some(want), "{section}");
        }
    }

    #[test]
    fn partly_similar_title_is_doubtful() {
        let idx = index();
        let m = match_row(&idx, &raw("", "政府立法参与"), false);
        assert!(m.doubtful || m.task_id.is_none(), "{m:?}");
        assert!(similarity("完善政府立法程序", "完善政府立法程序") > 0.99);
        assert!(similarity("完善政府立法程序", "组织运动会") < 0.2);
    }
}
