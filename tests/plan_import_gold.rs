//! Measured quality of the plan parser: every document in `../shared/seeds` and
//! `../shared/seeds/more` is parsed and compared with its hand-checked gold annotation (`gold/`,
//! `more/gold/`; doubtful calls in `more/gold/README.md`). Prints precision / recall / F1 per
//! document and per measure, and over both folders together
//! (`cargo test --test plan_import_gold -- --nocapture`).
//!
//! Each document is scored as the .txt it is, and as the .docx and Word 97 .doc that LibreOffice
//! writes from it (converted once into `target/tmp/gold-seeds/`): a plan arrives in all three.
//! The .doc must score exactly as the .docx, document by document.
//!
//! The goal of issue #25 is F1 ≥ 0.95 on every measure. The parser is not there yet, so each
//! measure asserts a floor ([`FLOORS`]) equal to what it achieves today: any regression fails.
//! The floors only go up; whoever improves the parser raises them.
//!
//! How the comparison normalises (the same for every document, derived from how the gold files
//! are written, never from one document):
//! - text: mirror-site pinyin garbage `發(fā)` stripped on both sides (as more/gold/README.md
//!   asks), full-width ASCII folded to half-width, whitespace removed, a trailing 。/./；/;
//!   removed (gold titles drop the final full stop, keep inner punctuation);
//! - task identity: the code (width folded, a trailing 、/./． removed: "1." ↔ "1",
//!   "（一）" ↔ "(一)"); numbering that restarts under a later heading makes the n-th task with
//!   the same code `code#n`, in document order on both sides;
//! - roles: the gold knows only 牵头 (lead) and 配合 (co). Its annotators file units that
//!   "负责" a task nobody leads under lead, and units "按职责分工负责" beside a named lead under
//!   co. So a task's responsible units count as lead when it has no lead, and as co when a lead
//!   is named in the text. A lead the parser inferred from list order (责任单位：A、B) is
//!   compared as lead; the rest of such a list is the gold's `responsible_units`, not co;
//! - all units: every unit of a task whatever its role, against the gold's lead + co +
//!   `responsible_units`;
//! - deadlines: one item per date text; the draft joins several with "；";
//! - a gold file without `tasks` lists headed `items` per chapter; items whose titles its `note`
//!   names as not being work items are not tasks;
//! - roster names: (role, name) of each 领导小组 member; the gold's generic entries (成员单位
//!   listed as bodies, no name) are dropped.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;
use taizhang::document::word::{self, Document};
use taizhang::plan::draft::PlanDraft;
use taizhang::plan::parse::parse;

type Items = BTreeSet<(String, String)>;

const MEASURES: [&str; 8] = [
    "tasks", "lead", "co", "units", "deadline", "phases", "rule", "roster",
];

/// The F1 each measure reaches over both folders (as .txt), in the order of [`MEASURES`]: a
/// ratchet. The goal is 0.95 on every measure; these floors only go up, never down — raise one
/// when the parser improves.
const FLOORS: [f64; 8] = [
    0.997, // tasks
    1.000, // lead
    1.000, // co
    1.000, // units
    1.000, // deadline
    1.000, // phases
    1.000, // rule
    1.000, // roster
];

/// The same ratchet for the documents delivered as .docx (and so as .doc). A seed whose lines
/// were hard-wrapped (copied from a PDF) has each line as a paragraph of its own in the .docx
/// LibreOffice writes; the parser joins them when the paragraphs have that shape, as it does
/// for a .txt.
const FLOORS_DOCX: [f64; 8] = [0.997, 1.000, 1.000, 1.000, 1.000, 1.000, 1.000, 1.000];

/// Tolerance when comparing an F1 with its floor (floors are written with three decimals).
const SLACK: f64 = 0.0005;

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds")
}

/// Removes mirror-site pinyin after a character: `發(fā)` → `發`.
fn strip_pinyin(text: &str) -> String {
    const PINYIN: &str = "abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü";
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' {
            let letters = chars[i + 1..]
                .iter()
                .take_while(|c| PINYIN.contains(**c))
                .count();
            if letters > 0 && chars.get(i + 1 + letters) == Some(&')') {
                i += letters + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn fold(text: &str) -> String {
    strip_pinyin(text)
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '—' | '–' => '-',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn norm(text: &str) -> String {
    fold(text)
        .trim_end_matches(['。', '.', ';', '；'])
        .to_string()
}

fn norm_code(code: &str) -> String {
    fold(code).trim_end_matches(['、', '.', '．']).to_string()
}

/// Task keys in document order: the code, `code#n` for its n-th repeat.
fn task_keys<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    codes
        .map(|c| {
            let code = norm_code(c);
            let n = seen.entry(code.clone()).or_default();
            *n += 1;
            if *n == 1 {
                code
            } else {
                format!("{code}#{n}")
            }
        })
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

#[derive(Default)]
struct Sets([Items; 8]);

impl Sets {
    fn add(&mut self, measure: &str, key: String, value: String) {
        let i = MEASURES
            .iter()
            .position(|m| *m == measure)
            .unwrap_or_else(|| panic!("no measure {measure}"));
        self.0[i].insert((key, value));
    }
}

fn gold_sets(gold: &Value) -> Sets {
    let mut s = Sets::default();
    let mut tasks: Vec<&Value> = gold["tasks"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let note = gold["note"].as_str().unwrap_or_default();
    if tasks.is_empty() {
        for chapter in gold["chapters"].as_array().into_iter().flatten() {
            for item in chapter["items"].as_array().into_iter().flatten() {
                let title = item["title"].as_str().unwrap_or_default();
                if !note.contains(title) {
                    tasks.push(item);
                }
            }
        }
    }
    let keys = task_keys(tasks.iter().map(|t| t["code"].as_str().unwrap_or_default()));
    for (t, key) in tasks.iter().zip(keys) {
        s.add(
            "tasks",
            key.clone(),
            norm(t["title"].as_str().unwrap_or_default()),
        );
        for u in strings(&t["lead_units"]) {
            s.add("lead", key.clone(), norm(&u));
            s.add("units", key.clone(), norm(&u));
        }
        for u in strings(&t["co_units"]) {
            s.add("co", key.clone(), norm(&u));
            s.add("units", key.clone(), norm(&u));
        }
        for u in strings(&t["responsible_units"]) {
            s.add("units", key.clone(), norm(&u));
        }
        for d in strings(&t["deadline_text"]) {
            s.add("deadline", key.clone(), norm(&d));
        }
    }
    for p in gold["phases"].as_array().into_iter().flatten() {
        s.add(
            "phases",
            norm(p["name"].as_str().unwrap_or_default()),
            norm(p["range_text"].as_str().unwrap_or_default()),
        );
    }
    if let Some(r) = gold.get("reporting").filter(|r| r.is_object()) {
        let covers = match r["covers"].as_str().unwrap_or_default() {
            "previous_month" | "previous" => "previous",
            "current_month" | "current" => "current",
            other => other,
        };
        s.add(
            "rule",
            format!("{}/{covers}", r["day"]),
            norm(r["rule_text"].as_str().unwrap_or_default()),
        );
    }
    for m in gold["leadership"].as_array().into_iter().flatten() {
        let name = norm(m["name"].as_str().unwrap_or_default());
        if m["generic"].as_bool() != Some(true) && !name.is_empty() {
            s.add("roster", norm(m["role"].as_str().unwrap_or_default()), name);
        }
    }
    s
}

fn draft_sets(d: &PlanDraft) -> Sets {
    let mut s = Sets::default();
    let keys = task_keys(d.tasks.iter().map(|t| t.code.as_str()));
    for (t, key) in d.tasks.iter().zip(keys) {
        s.add("tasks", key.clone(), norm(&t.title));
        let lead = if t.lead.is_empty() {
            &t.responsible
        } else {
            &t.lead
        };
        for u in lead {
            s.add("lead", key.clone(), norm(u));
        }
        let named_lead = !t.lead.is_empty() && !t.lead_inferred;
        for u in
            t.co.iter()
                .chain(t.responsible.iter().filter(|_| named_lead))
        {
            s.add("co", key.clone(), norm(u));
        }
        for u in t.lead.iter().chain(&t.co).chain(&t.responsible) {
            s.add("units", key.clone(), norm(u));
        }
        for part in t.deadline_text.split('；').filter(|p| !p.trim().is_empty()) {
            s.add("deadline", key.clone(), norm(part));
        }
    }
    for p in &d.phases {
        s.add("phases", norm(&p.name), norm(&p.range_text));
    }
    if let Some(r) = &d.report_rule {
        let day = r
            .day
            .map(|d| d.to_string())
            .unwrap_or_else(|| "null".into());
        let covers = serde_json::to_value(r.covers)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        s.add("rule", format!("{day}/{covers}"), norm(&r.text));
    }
    for m in &d.group {
        let name = norm(&m.name);
        if !name.is_empty() {
            s.add("roster", norm(&m.role), name);
        }
    }
    s
}

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct Count {
    tp: usize,
    found: usize,
    gold: usize,
}

impl Count {
    fn add(&mut self, o: Count) {
        self.tp += o.tp;
        self.found += o.found;
        self.gold += o.gold;
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.tp as f64 / self.found as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// `P/R/F1` with two decimals, or `-` when neither side has anything.
    fn cell(&self) -> String {
        if self.found == 0 && self.gold == 0 {
            "-".into()
        } else {
            format!(
                "{:.2}/{:.2}/{:.2}",
                self.precision(),
                self.recall(),
                self.f1()
            )
        }
    }
}

fn compare(found: &Items, gold: &Items) -> Count {
    Count {
        tp: found.intersection(gold).count(),
        found: found.len(),
        gold: gold.len(),
    }
}

/// One gold-annotated document: its gold file and the source it annotates.
struct Seed {
    gold: Value,
    /// The source file (a .txt in ../shared/seeds or ../shared/seeds/more).
    source: PathBuf,
    /// A short label for the table.
    label: String,
}

/// Every gold-annotated document of both folders, seeds first; fails under CI when they are
/// missing.
fn seeds() -> Result<Vec<Seed>, Box<dyn std::error::Error>> {
    let dir = seeds_dir();
    let mut out = Vec::new();
    for (folder, gold_folder) in [
        (dir.clone(), dir.join("gold")),
        (dir.join("more"), dir.join("more/gold")),
    ] {
        if !gold_folder.is_dir() {
            common::cannot_run_here(&format!(
                "{} is missing (../shared beside the checkout)",
                gold_folder.display()
            ));
            return Ok(Vec::new());
        }
        let mut gold_files: Vec<PathBuf> = std::fs::read_dir(&gold_folder)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        gold_files.sort();
        assert!(
            !gold_files.is_empty(),
            "no gold files in {}",
            gold_folder.display()
        );
        for path in gold_files {
            let gold: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
            let file = gold["file"]
                .as_str()
                .ok_or_else(|| format!("{}: gold without file", path.display()))?;
            let source = folder.join(file);
            let label = file.chars().take(24).collect();
            out.push(Seed {
                gold,
                source,
                label,
            });
        }
    }
    Ok(out)
}

/// The score of every document and in total, printed as a table with the differences.
struct Scores {
    per_doc: Vec<(String, [Count; 8])>,
    total: [Count; 8],
}

/// Parses each seed read by `read` and scores it against its gold; prints the table under
/// `title`.
fn score(
    title: &str,
    seeds: &[Seed],
    mut read: impl FnMut(&Seed) -> Result<Document, Box<dyn std::error::Error>>,
) -> Result<Scores, Box<dyn std::error::Error>> {
    let mut total = [Count::default(); 8];
    let mut per_doc = Vec::new();
    let mut table = format!("{title}\n{:<24} {:>5}", "document", "ms");
    for m in MEASURES {
        table.push_str(&format!(" {m:>14}"));
    }
    table.push('\n');
    let mut misses = String::new();
    for seed in seeds {
        let document = read(seed)?;
        let started = std::time::Instant::now();
        let draft = parse(&document);
        let ms = started.elapsed().as_millis();
        let (g, f) = (gold_sets(&seed.gold), draft_sets(&draft));
        let mut counts = [Count::default(); 8];
        table.push_str(&format!("{:<24} {ms:>5}", seed.label));
        for (i, m) in MEASURES.iter().enumerate() {
            counts[i] = compare(&f.0[i], &g.0[i]);
            total[i].add(counts[i]);
            table.push_str(&format!(" {:>14}", counts[i].cell()));
            for x in f.0[i].difference(&g.0[i]) {
                misses.push_str(&format!("  {} {m} extra:   {x:?}\n", seed.label));
            }
            for x in g.0[i].difference(&f.0[i]) {
                misses.push_str(&format!("  {} {m} missing: {x:?}\n", seed.label));
            }
        }
        table.push('\n');
        per_doc.push((seed.label.clone(), counts));
    }
    table.push_str(&format!("{:<24} {:>5}", "ALL (P/R/F1)", ""));
    for c in &total {
        table.push_str(&format!(" {:>14}", c.cell()));
    }
    table.push('\n');
    let counts: Vec<String> = MEASURES
        .iter()
        .zip(&total)
        .map(|(m, c)| format!("{m} {}/{} found {} F1 {:.3}", c.tp, c.gold, c.found, c.f1()))
        .collect();
    table.push_str(&format!("matched/gold: {}\n", counts.join(", ")));
    println!("{table}");
    if !misses.is_empty() {
        println!("differences ({title}):\n{misses}");
    }
    Ok(Scores { per_doc, total })
}

/// Asserts every measure's F1 over all documents is at least its floor.
fn assert_floors(what: &str, total: &[Count; 8], floors: [f64; 8]) {
    let below: Vec<String> = MEASURES
        .iter()
        .zip(total.iter().zip(floors))
        .filter(|(_, (c, floor))| c.f1() + SLACK < *floor)
        .map(|(m, (c, floor))| format!("{m}: F1 {:.3} < floor {floor:.3}", c.f1()))
        .collect();
    assert!(
        below.is_empty(),
        "{what}: the parser got worse on the gold documents — {} (see the table with \
         --nocapture)",
        below.join("; ")
    );
}

#[test]
fn seeds_and_more_match_their_gold_annotations() -> Result<(), Box<dyn std::error::Error>> {
    let seeds = seeds()?;
    if seeds.is_empty() {
        return Ok(());
    }
    let scores = score("as .txt", &seeds, |seed| Ok(word::read(&seed.source)?))?;
    assert_eq!(scores.per_doc.len(), seeds.len());
    assert_floors(".txt", &scores.total, FLOORS);
    Ok(())
}

/// Converts every seed to `format` (`docx`, `doc`) with LibreOffice, once: a converted file
/// newer than its source is reused. Returns the converted files in the order of `seeds`, or
/// `None` when LibreOffice is missing (which fails under CI).
fn converted(
    seeds: &[Seed],
    format: &str,
) -> Result<Option<Vec<PathBuf>>, Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("gold-seeds")
        .join(format);
    std::fs::create_dir_all(&dir)?;
    let out_of = |seed: &Seed| -> Result<PathBuf, Box<dyn std::error::Error>> {
        let stem = seed.source.file_stem().ok_or("no file stem")?;
        Ok(dir.join(stem).with_extension(format))
    };
    let mut stale = Vec::new();
    for seed in seeds {
        let out = out_of(seed)?;
        let fresh = match (std::fs::metadata(&out), std::fs::metadata(&seed.source)) {
            (Ok(o), Ok(s)) => o.modified()? >= s.modified()?,
            _ => false,
        };
        if !fresh {
            stale.push(seed.source.clone());
        }
    }
    if !stale.is_empty() && common::libreoffice_convert(&dir, &dir, &stale, format)?.is_none() {
        common::cannot_run_here(&format!(
            "LibreOffice (soffice, with Writer) is needed to write the seeds as .{format}; \
             scripts/setup.sh installs it"
        ));
        return Ok(None);
    }
    Ok(Some(seeds.iter().map(out_of).collect::<Result<_, _>>()?))
}

#[test]
fn seeds_as_docx_and_as_doc_score_alike() -> Result<(), Box<dyn std::error::Error>> {
    let seeds = seeds()?;
    if seeds.is_empty() {
        return Ok(());
    }
    let (Some(docx), Some(doc)) = (converted(&seeds, "docx")?, converted(&seeds, "doc")?) else {
        return Ok(());
    };
    let by_seed = |files: Vec<PathBuf>| {
        let files: HashMap<String, PathBuf> =
            seeds.iter().map(|s| s.label.clone()).zip(files).collect();
        move |seed: &Seed| -> Result<Document, Box<dyn std::error::Error>> {
            let file = files.get(&seed.label).ok_or("not converted")?;
            Ok(word::read(file)?)
        }
    };
    let as_docx = score("as .docx (LibreOffice)", &seeds, by_seed(docx))?;
    let as_doc = score("as .doc (LibreOffice, Word 97)", &seeds, by_seed(doc))?;
    assert_floors(".docx", &as_docx.total, FLOORS_DOCX);
    for ((label, docx), (_, doc)) in as_docx.per_doc.iter().zip(&as_doc.per_doc) {
        for (m, (x, d)) in MEASURES.iter().zip(docx.iter().zip(doc)) {
            assert_eq!(x, d, "{label} {m}: .doc scores {d:?}, .docx {x:?}");
        }
    }
    Ok(())
}

#[test]
fn pinyin_garbage_is_stripped_and_repeated_codes_are_told_apart() {
    assert_eq!(
        strip_pinyin("湘西經(jīng)開區(qū)管委會"),
        "湘西經開區管委會"
    );
    assert_eq!(strip_pinyin("县(区)政府(ABC)(x"), "县(区)政府(ABC)(x");
    assert_eq!(
        task_keys(["(一)", "（二）", "(一)", "1."].into_iter()),
        vec!["(一)", "(二)", "(一)#2", "1"]
    );
}
