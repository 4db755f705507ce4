//! 照抄 detection on real returned ledgers over three months: a unit's text repeated as it was,
//! repeated with its numbers and dates changed, repeated with a word changed, genuinely new, a
//! one-word answer, and another unit's text; the CLI's JSON, the consolidated view, the task's
//! history, 进展统计 and the 催报 line.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::path::{Path, PathBuf};

use common::{cli_err, cli_ok, dump, TestResult};
use ledger_fixtures::{fill, ledger, write, Filled, Layout, Ledger};
use serde_json::Value;
use taizhang::ledger::consolidate::{self, Change};
use taizhang::progress::Period;
use taizhang::{sample, Db};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn p(month: u32) -> Period {
    Period { year: 2025, month }
}

/// What the two units write, task by task (indexes into the first unit's tasks).
const JULY_0: &str = "组织开展行政执法案卷评查，抽查案卷12卷，发现问题3个并督促整改到位";
const JULY_1: &str = "截至2025年7月底，全县已完成规范性文件备案审查8件，纠正违法文件1件";
const JULY_2: &str = "召开全县法治政府建设推进会，印发年度工作要点，明确责任分工";
const AUG_1: &str = "截至2025年8月底，全县已完成规范性文件备案审查11件；纠正违法文件2件。";
const AUG_2: &str =
    "开展法治督察专项行动，实地走访十二个乡镇街道和县直部门，查阅资料台账，形成督察报告一份并通报全县";
const AUG_3: &str = "按照年度计划推进重大行政决策目录编制，已征求各部门意见";
const SEPT_0: &str = "组织开展行政执法案卷评查，抽查案卷15卷，发现问题2个并督促整改到位";
const SEPT_2: &str =
    "开展法治督察专项行动，实地走访十二个乡镇社区和县直部门，查阅资料台账，形成督察报告一份并通报全县";
const SEPT_3: &str = "重大行政决策目录已经县政府常务会议审议通过并向社会公布";
const JULY_5: &str = "完成全县行政执法人员证件年审，注销不符合条件的执法证件";
const AUG_5: &str = "组织全县执法人员参加公共法律知识网上培训和考试";

struct County {
    dir: tempfile::TempDir,
    /// The unit whose reports repeat, and the one that copies its text.
    a: Ledger,
    b: Ledger,
    /// A task both units report on (index into `a.tasks`).
    shared: usize,
}

impl County {
    fn db(&self) -> PathBuf {
        self.dir.path().join("taizhang.db")
    }

    /// `a`'s ledger for `period` with `texts` in its first rows (the rest empty), as a real
    /// .xlsx file.
    fn file(&self, l: &Ledger, period: &str, texts: &[(usize, &str)]) -> Res<PathBuf> {
        let mut l = l.clone();
        l.period = period.to_string();
        let rows: Vec<Filled> = fill(&l, "")
            .into_iter()
            .enumerate()
            .map(|(i, mut f)| {
                f.progress = texts
                    .iter()
                    .find(|(at, _)| *at == i)
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_default();
                f
            })
            .collect();
        let path = self
            .dir
            .path()
            .join(format!("{}_{period}_工作台账.xlsx", l.unit));
        write(&path, Layout::Ours, &l, &rows)?;
        Ok(path)
    }
}

/// The sample plan with two units that share a task.
fn county() -> Res<County> {
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("taizhang.db");
    let mut db = Db::open(&db_path)?;
    sample::load(&mut db)?;
    drop(db);
    for (x, y) in [("县司法局", "县财政局"), ("县司法局", "县人社局")] {
        let a = ledger(&db_path, x, "2025-07")?;
        let b = ledger(&db_path, y, "2025-07")?;
        if a.tasks.len() < 6 {
            continue;
        }
        if let Some(shared) = (0..5)
            .rev()
            .find(|&i| b.tasks.iter().any(|t| t.id == a.tasks[i].id))
        {
            return Ok(County { dir, a, b, shared });
        }
    }
    // Any two units with a task in common among the first five of the first.
    let units = ledger_fixtures::units(&db_path)?;
    for (_, x) in &units {
        let a = ledger(&db_path, x, "2025-07")?;
        if a.tasks.len() < 6 {
            continue;
        }
        for (_, y) in units.iter().filter(|(_, y)| y != x) {
            let b = ledger(&db_path, y, "2025-07")?;
            if let Some(shared) = (0..5)
                .rev()
                .find(|&i| b.tasks.iter().any(|t| t.id == a.tasks[i].id))
            {
                return Ok(County { dir, a, b, shared });
            }
        }
    }
    Err("the sample plan has no two units sharing a task".into())
}

/// `ledger import --json` of `files` received on `received`, imported on `today`.
fn import(db: &Path, files: &[&Path], received: &str, today: &str, dry_run: bool) -> Res<Value> {
    let mut args: Vec<String> = ["ledger", "import", "--json", "--received", received]
        .map(String::from)
        .to_vec();
    args.extend(["--today".to_string(), today.to_string()]);
    if dry_run {
        args.push("--dry-run".into());
    }
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Ok(serde_json::from_str(&cli_ok(db, &args))?)
}

/// The JSON row of task `task_id` in file `file` of an import's JSON.
fn row(json: &Value, file: usize, task_id: i64) -> Res<&Value> {
    json["files"][file]["rows"]
        .as_array()
        .ok_or("no rows")?
        .iter()
        .find(|r| r["task_id"].as_i64() == Some(task_id))
        .ok_or_else(|| format!("no row for task {task_id}").into())
}

#[test]
fn copied_progress_is_found_across_three_months_and_shown_everywhere() -> TestResult {
    let c = county()?;
    let db_path = c.db();
    let (a, b) = (&c.a, &c.b);
    let t = |i: usize| a.tasks[i].id;
    let s = c.shared;

    // July: 县司法局's first report; its answer to one task is just 无.
    let july = c.file(
        a,
        "2025-07",
        &[
            (0, JULY_0),
            (1, JULY_1),
            (2, JULY_2),
            (4, "无"),
            (5, JULY_5),
        ],
    )?;
    let json = import(&db_path, &[&july], "2025-08-04", "2025-08-11", false)?;
    assert_eq!(json["files"][0]["copied"], 0, "nothing earlier to copy");

    // August, arriving on the 4th and imported on the 11th: row 0 repeats July word for word,
    // row 1 repeats it with new numbers and dates, row 2 and 3 are new, 无 again. The other
    // unit sends the first unit's August text on the shared task as its own.
    let aug = c.file(
        a,
        "2025-08",
        &[
            (0, JULY_0),
            (1, AUG_1),
            (2, AUG_2),
            (3, AUG_3),
            (4, "无"),
            (5, AUG_5),
        ],
    )?;
    let a_shared_aug = [JULY_0, AUG_1, AUG_2, AUG_3, "无"][s];
    let b_aug = c.file(b, "2025-08", &[])?;
    let b_text = format!("{}。", a_shared_aug.replace('，', ","));
    let mut b_rows = fill(b, "");
    for r in &mut b_rows {
        r.progress = if r.task.id == t(s) {
            b_text.clone()
        } else {
            String::new()
        };
    }
    let mut b_l = b.clone();
    b_l.period = "2025-08".into();
    write(&b_aug, Layout::Ours, &b_l, &b_rows)?;

    let preview = import(&db_path, &[&aug, &b_aug], "2025-09-04", "2025-09-11", true)?;
    let same = row(&preview, 0, t(0))?;
    assert_eq!(same["copied"]["from_period"], "2025-07");
    assert_eq!(same["copied"]["similarity"], 1.0);
    assert_eq!(same["copied"]["identical"], true);
    assert_eq!(same["copied"]["label"], "与上期相同");
    assert_eq!(same["state"], "unchanged");
    let numbers = row(&preview, 0, t(1))?;
    assert_eq!(numbers["copied"]["from_period"], "2025-07");
    assert_eq!(numbers["copied"]["similarity"], 1.0);
    assert_eq!(numbers["copied"]["identical"], false);
    assert_eq!(numbers["copied"]["text"], JULY_1);
    assert_eq!(numbers["copied"]["label"], "与上期基本相同");
    assert_eq!(numbers["state"], "new", "not 复制上期: the numbers changed");
    if s != 2 && s != 3 {
        assert!(row(&preview, 0, t(2))?["copied"].is_null(), "new text");
        assert!(row(&preview, 0, t(3))?["copied"].is_null(), "new text");
    }
    let nothing = row(&preview, 0, t(4))?;
    assert!(nothing["copied"].is_null(), "无 is never 照抄");
    assert_eq!(nothing["state"], "unchanged", "but still 与上期相同");
    // Within the batch, each of the two units' identical texts is marked against the other's
    // (when the shared task's text is long enough to judge).
    let other = row(&preview, 1, t(s))?;
    if a_shared_aug != "无" {
        assert_eq!(other["copied"]["from_unit"], a.unit.as_str());
        assert_eq!(other["copied"]["from_period"], "2025-08");
        assert_eq!(other["copied"]["identical"], false, "punctuation differs");
        assert_eq!(
            other["copied"]["label"],
            format!("与{}本期报送基本相同", a.unit)
        );
        if s >= 2 {
            assert_eq!(
                row(&preview, 0, t(s))?["copied"]["from_unit"],
                b.unit.as_str()
            );
        }
    }
    let own_copies = 2 + usize::from(s >= 2 && a_shared_aug != "无");
    assert_eq!(preview["files"][0]["copied"], own_copies as u64);
    // A dry run writes nothing.
    let before = dump(&db_path)?;
    import(&db_path, &[&aug, &b_aug], "2025-09-04", "2025-09-11", true)?;
    assert_eq!(dump(&db_path)?, before);
    let done = import(&db_path, &[&aug, &b_aug], "2025-09-04", "2025-09-11", false)?;
    assert!(done["batch"].is_i64());

    // 催报 for September, before 县司法局 reports: its August report repeated earlier ones.
    let chase: Value = serde_json::from_str(&cli_ok(
        &db_path,
        &[
            "chase",
            "--period",
            "2025-09",
            "--today",
            "2025-10-03",
            "--json",
        ],
    ))?;
    let mine = chase["units"]
        .as_array()
        .ok_or("no units")?
        .iter()
        .find(|u| u["unit"] == a.unit.as_str())
        .ok_or("县司法局 not chased")?;
    assert_eq!(mine["repeated_rows"], 2);
    let message = mine["message"].as_str().ok_or("no message")?;
    assert!(
        message.contains("另：贵单位2025年8月报送的进展中有2项与此前报送基本相同"),
        "{message}"
    );

    // September: row 0 copies July's text again with new numbers (August said the same);
    // row 2 is August's with one word changed; row 3 is new; row 5 goes back to July's text.
    let sept = c.file(
        a,
        "2025-09",
        &[(0, SEPT_0), (2, SEPT_2), (3, SEPT_3), (5, JULY_5)],
    )?;
    let preview = import(&db_path, &[&sept], "2025-10-04", "2025-10-09", true)?;
    let again = row(&preview, 0, t(0))?;
    assert_eq!(
        again["copied"]["from_period"], "2025-08",
        "the most recent of equals"
    );
    assert_eq!(again["copied"]["similarity"], 1.0);
    let word = row(&preview, 0, t(2))?;
    assert_eq!(word["copied"]["from_period"], "2025-08");
    let sim = word["copied"]["similarity"]
        .as_f64()
        .ok_or("no similarity")?;
    assert!((0.9..1.0).contains(&sim), "{sim}");
    assert!(row(&preview, 0, t(3))?["copied"].is_null());
    let back = row(&preview, 0, t(5))?;
    assert_eq!(back["copied"]["from_period"], "2025-07");
    assert_eq!(back["copied"]["label"], "与2025年7月相同");
    assert_eq!(back["state"], "new", "not the previous period's text");

    // A stricter threshold, set in the CLI, leaves the changed word out but not the changed
    // numbers (set aside); a threshold out of range is refused and changes nothing.
    let before = dump(&db_path)?;
    let err = cli_err(&db_path, &["ledger", "copied-threshold", "0.3"]);
    assert!(err.contains("0.5 到 1"), "{err}");
    assert_eq!(dump(&db_path)?, before);
    cli_ok(&db_path, &["ledger", "copied-threshold", "100%"]);
    let strict = import(&db_path, &[&sept], "2025-10-04", "2025-10-09", true)?;
    assert!(row(&strict, 0, t(2))?["copied"].is_null());
    assert_eq!(row(&strict, 0, t(0))?["copied"]["similarity"], 1.0);
    cli_ok(&db_path, &["ledger", "copied-threshold", "0.9"]);
    let shown: Value =
        serde_json::from_str(&cli_ok(&db_path, &["ledger", "copied-threshold", "--json"]))?;
    assert_eq!(shown["threshold"], 0.9);
    import(&db_path, &[&sept], "2025-10-04", "2025-10-09", false)?;

    // 汇总查看: a marker per cell, with the earlier text.
    let db = Db::open(&db_path)?;
    let plan_id = a.plan_id;
    let view = consolidate::consolidated(&db, plan_id, p(9))?;
    let cell = |task: i64| -> Res<consolidate::UnitProgress> {
        Ok(view
            .tasks
            .iter()
            .find(|x| x.task_id == task)
            .and_then(|x| x.units.iter().find(|u| u.unit_id == a.unit_id))
            .ok_or("cell missing")?
            .clone())
    };
    let copied0 = cell(t(0))?.copied.ok_or("row 0 not marked")?;
    assert_eq!(copied0.from_period, p(8));
    assert_eq!(copied0.text, JULY_0);
    assert_eq!(copied0.label(p(9)), "与上期基本相同");
    assert!(cell(t(2))?.copied.is_some());
    assert!(cell(t(3))?.copied.is_none());
    assert_eq!(view.copied, 3);
    let aug_view = consolidate::consolidated(&db, plan_id, p(8))?;
    let b_cell = aug_view
        .tasks
        .iter()
        .find(|x| x.task_id == t(s))
        .and_then(|x| x.units.iter().find(|u| u.unit_id == b.unit_id))
        .ok_or("the other unit's cell")?;
    if a_shared_aug != "无" {
        let from = b_cell.copied.as_ref().ok_or("the other unit's copy")?;
        assert_eq!(from.from_unit.as_deref(), Some(a.unit.as_str()));
        assert_eq!(from.text, a_shared_aug);
    }

    // The task's history: every period, changes and copies marked.
    let history = consolidate::task_history(&db, t(0))?;
    let mine: Vec<_> = history.iter().filter(|e| e.unit_id == a.unit_id).collect();
    assert_eq!(
        mine.iter().map(|e| e.period).collect::<Vec<_>>(),
        [p(7), p(8), p(9)]
    );
    assert_eq!(
        mine.iter().map(|e| e.change).collect::<Vec<_>>(),
        [Change::New, Change::Unchanged, Change::Changed]
    );
    assert_eq!(
        mine.iter().map(|e| e.copied_from).collect::<Vec<_>>(),
        [None, Some(p(7)), Some(p(8))]
    );
    let cli_history: Value = serde_json::from_str(&cli_ok(
        &db_path,
        &["ledger", "history", "--task", &t(0).to_string(), "--json"],
    ))?;
    assert_eq!(cli_history.as_array().map(Vec::len), Some(history.len()));

    // 进展统计: 照抄 rows per unit and their share of the unit's rows.
    let stats: Value = serde_json::from_str(&cli_ok(
        &db_path,
        &[
            "report",
            "stats",
            "--from",
            "2025-07",
            "--to",
            "2025-09",
            "--today",
            "2025-10-09",
            "--json",
        ],
    ))?;
    let unit = |name: &str| -> Res<Value> {
        Ok(stats["units"]
            .as_array()
            .ok_or("no units")?
            .iter()
            .find(|u| u["unit"] == name)
            .ok_or("unit missing")?
            .clone())
    };
    let ua = unit(&a.unit)?;
    // July 5 rows + August 6 + September 4, of which August 2 (+1 shared) and September 3.
    let a_copied = 5 + usize::from(s >= 2 && a_shared_aug != "无");
    assert_eq!(ua["reported_rows"], 15);
    assert_eq!(ua["copied_rows"], a_copied as u64);
    let rate = ua["copied_rate"].as_f64().ok_or("no rate")?;
    assert!((rate - a_copied as f64 / 15.0).abs() < 1e-3, "{rate}");
    let ub = unit(&b.unit)?;
    assert_eq!(ub["reported_rows"], 1);
    assert_eq!(
        ub["copied_rows"],
        u64::from(a_shared_aug != "无"),
        "the other unit's text"
    );
    assert!(stats["copied_rows"].as_u64() >= Some(a_copied as u64));
    Ok(())
}

#[test]
fn undoing_an_import_takes_its_markers_with_it() -> TestResult {
    let c = county()?;
    let db_path = c.db();
    let july = c.file(&c.a, "2025-07", &[(0, JULY_0)])?;
    import(&db_path, &[&july], "2025-08-04", "2025-08-11", false)?;
    let before = dump(&db_path)?;
    let aug = c.file(&c.a, "2025-08", &[(0, JULY_0)])?;
    let json = import(&db_path, &[&aug], "2025-09-04", "2025-09-11", false)?;
    assert_eq!(json["files"][0]["copied"], 1);
    let batch = json["batch"].as_i64().ok_or("no batch")?;
    cli_ok(&db_path, &["import", "undo", &batch.to_string()]);
    let db = Db::open(&db_path)?;
    let view = consolidate::consolidated(&db, c.a.plan_id, p(8))?;
    assert_eq!(view.copied, 0);
    drop(db);
    assert_eq!(
        common::without_audit(&dump(&db_path)?),
        common::without_audit(&before)
    );
    Ok(())
}

/// The answer of reading every earlier text, as detection did before prints were kept: the
/// unit's current reports on the task in the twelve months before, the most similar at least
/// `threshold` alike (the most recent of equals); else another unit's current report on the
/// task for the period with the same words (the first received), in the database, then in the
/// batch (`batch`: every file's (unit, name, task, text) in file order).
struct Reference<'a> {
    conn: &'a rusqlite::Connection,
    plan_id: i64,
    threshold: f64,
}

/// (from period, similarity, identical, from unit, earlier text)
type Answer = (String, f64, bool, Option<String>, String);

fn rounded(s: f64) -> f64 {
    let r = (s * 100.0).round() / 100.0;
    if s < 1.0 {
        r.min(0.99)
    } else {
        r
    }
}

fn same_words(a: &str, b: &str) -> bool {
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    visible(a) == visible(b)
}

impl Reference<'_> {
    fn answer(
        &self,
        unit_id: i64,
        period: Period,
        task_id: i64,
        text: &str,
        batch: &[(i64, String, i64, String)],
    ) -> Res<Option<Answer>> {
        use taizhang::copied::Fingerprint;
        let mine = Fingerprint::of(text);
        if !mine.judged() {
            return Ok(None);
        }
        let mut from = period;
        for _ in 0..12 {
            from = from.prev();
        }
        let mut stmt = self.conn.prepare(
            "SELECT s.period, p.text FROM submission s JOIN progress p ON p.submission_id = s.id
             WHERE s.plan_id = ?1 AND s.unit_id = ?2 AND p.task_id = ?3 AND s.period >= ?4
               AND s.period < ?5 AND s.replaced_by IS NULL AND p.text <> ''
             ORDER BY s.period DESC, s.id DESC, p.id DESC",
        )?;
        let earlier: Vec<(String, String)> = stmt
            .query_map(
                rusqlite::params![
                    self.plan_id,
                    unit_id,
                    task_id,
                    from.to_string(),
                    period.to_string()
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<Result<_, _>>()?;
        let mut best: Option<(f64, &(String, String))> = None;
        for e in &earlier {
            let s = mine.similarity(&Fingerprint::of(&e.1));
            if s >= self.threshold && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, e));
            }
        }
        if let Some((s, (p, t))) = best {
            return Ok(Some((
                p.clone(),
                rounded(s),
                same_words(text, t),
                None,
                t.clone(),
            )));
        }
        let mut stmt = self.conn.prepare(
            "SELECT s.unit_id, u.name, p.text FROM submission s
             JOIN progress p ON p.submission_id = s.id JOIN unit u ON u.id = s.unit_id
             WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL AND p.task_id = ?3
             ORDER BY s.id, p.id",
        )?;
        let mut peers: Vec<(i64, String, i64, String)> = stmt
            .query_map(
                rusqlite::params![self.plan_id, period.to_string(), task_id],
                |r| Ok((r.get(0)?, r.get(1)?, task_id, r.get(2)?)),
            )?
            .collect::<Result<_, _>>()?;
        peers.extend(batch.iter().cloned());
        let key = mine.key();
        Ok(peers
            .into_iter()
            .find(|(u, _, t, other)| {
                *u != unit_id && *t == task_id && Fingerprint::of(other).key() == key
            })
            .map(|(_, name, _, other)| {
                (
                    period.to_string(),
                    1.0,
                    same_words(text, &other),
                    Some(name),
                    other,
                )
            }))
    }
}

/// What a department might write on a task in a month: `k` picks a kind; `shared` is the
/// text every unit on the task may send as its own.
fn wording(base: &str, shared: &str, y: i32, m: u32, n: usize, k: usize) -> String {
    match k % 8 {
        // the same words, new numbers and dates
        0 => format!("截至{y}年{m}月底，{base}，累计完成{n}件。"),
        1 => format!("{y}年{m}月，{base}，共{}次", n + 3),
        // punctuation changed
        2 => base.replace('，', ",").replace('、', " ") + "。",
        // one word changed
        3 => base.replacen("推进", "落实", 1).replacen("开展", "组织", 1),
        // new words
        4 => format!(
            "第{n}次调度会议研究{}相关问题并形成纪要",
            BASES[n % 6].chars().take(4).collect::<String>()
        ),
        // a one-word answer
        5 => ["无", "正常推进", "按计划推进"][n % 3].to_string(),
        // another unit's text on the task
        6 => shared.to_string(),
        _ => base.to_string(),
    }
}

const BASES: [&str; 6] = [
    "推进行政执法三项制度落实，开展执法案卷评查，督促整改发现的问题",
    "开展规范性文件备案审查，清理不合法文件，向社会公布清理结果",
    "组织领导干部集中学法，举办法治专题讲座，推进学法用法考试",
    "推进政务公开标准化建设，更新权责清单，公开行政许可事项",
    "开展法治宣传进乡村活动，发放宣传资料，组织以案释法",
    "完善重大行政决策程序，开展合法性审查，听取法律顾问意见",
];

/// Records a unit's report as if imported, received on `day`.
fn record(
    conn: &rusqlite::Connection,
    plan_id: i64,
    unit_id: i64,
    period: Period,
    day: &str,
    entries: &[taizhang::progress::Entry],
) -> Res<i64> {
    Ok(taizhang::progress::record_submission(
        conn,
        &taizhang::progress::Submission {
            plan_id,
            unit_id,
            period,
            file_name: "台账.xlsx",
            file_hash: "",
            received_at: &format!("{day} 09:00:00"),
        },
        entries,
    )?)
}

#[test]
fn prints_answer_as_reading_every_earlier_text_did() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("taizhang.db");
    let mut db = Db::open(&db_path)?;
    sample::load(&mut db)?;
    drop(db);
    let mut ledgers = Vec::new();
    for (_, name) in ledger_fixtures::units(&db_path)? {
        let l = ledger(&db_path, &name, "2025-09")?;
        if l.tasks.len() >= 3 {
            ledgers.push(l);
        }
        if ledgers.len() == 6 {
            break;
        }
    }
    assert!(ledgers.len() >= 4, "the sample has units with tasks");
    let plan_id = ledgers[0].plan_id;
    let base = |u: usize, t: usize| BASES[(u * 2 + t) % BASES.len()];
    let shared = |task: i64| {
        format!(
            "{}（按牵头单位统一口径报送）",
            BASES[task as usize % BASES.len()]
        )
    };
    // What the units on a task send as their own in September (never before).
    let september = |task: i64| {
        format!(
            "{}，并报送专项工作总结和典型案例材料",
            BASES[(task as usize + 3) % BASES.len()]
        )
    };

    // Fourteen months of reports (2024-07 … 2025-08): each month's wording drawn from the
    // kinds above; some months sent twice (the first replaced), and some submissions from
    // before prints were kept (their prints removed: the texts are read instead).
    let mut db = Db::open(&db_path)?;
    let mut period = Period {
        year: 2024,
        month: 7,
    };
    let tx = db.transaction()?;
    let mut no_prints = Vec::new();
    for m in 0..14usize {
        for (u, l) in ledgers.iter().enumerate() {
            let sends = if (u + m) % 5 == 0 { 2 } else { 1 };
            for send in 0..sends {
                let entries: Vec<taizhang::progress::Entry> = l
                    .tasks
                    .iter()
                    .enumerate()
                    .map(|(t, task)| taizhang::progress::Entry {
                        task_id: task.id,
                        text: wording(
                            base(u, t),
                            &shared(task.id),
                            period.year,
                            period.month,
                            m + t + send,
                            u + t * 3 + m * 5 + send,
                        ),
                        status: None,
                    })
                    .collect();
                let id = record(&tx, plan_id, l.unit_id, period, "2025-01-01", &entries)?;
                if (u + m) % 4 == 1 {
                    no_prints.push(id);
                }
            }
        }
        period = period.next();
    }
    for id in &no_prints {
        tx.execute(
            "DELETE FROM submission_print WHERE submission_id = ?1",
            [id],
        )?;
    }
    // Two units already reported September (imported earlier); the others send it now.
    let sept = p(9);
    for (u, l) in ledgers.iter().enumerate().take(2) {
        let entries: Vec<taizhang::progress::Entry> = l
            .tasks
            .iter()
            .enumerate()
            .map(|(t, task)| taizhang::progress::Entry {
                task_id: task.id,
                text: wording(base(u, t), &september(task.id), 2025, 9, t, 6),
                status: None,
            })
            .collect();
        record(&tx, plan_id, l.unit_id, sept, "2025-10-03", &entries)?;
    }
    tx.commit()?;

    // September's ledgers of the others, as files: every kind of wording, against earlier
    // months' words and other units' (in the database and in the batch).
    let mut files = Vec::new();
    for (u, l) in ledgers.iter().enumerate().skip(2) {
        let mut rows = fill(l, "");
        for (t, r) in rows.iter_mut().enumerate() {
            let kind = if t % 3 == 0 { 6 } else { u * 7 + t };
            r.progress = wording(base(u, t), &september(r.task.id), 2025, 9, t + u, kind);
        }
        let path = dir.path().join(format!("{}_2025-09.xlsx", l.unit));
        write(&path, Layout::Ours, l, &rows)?;
        files.push(path);
    }

    let (mut found, mut near, mut older, mut peers) = (0, 0, 0, 0);
    for threshold in [0.9, 0.75] {
        cli_ok(
            &db_path,
            &["ledger", "copied-threshold", &threshold.to_string()],
        );
        let db = Db::open(&db_path)?;
        let preview = taizhang::ledger::import::preview(
            &db,
            &files,
            &taizhang::ledger::import::ImportOptions {
                today: chrono::NaiveDate::from_ymd_opt(2025, 10, 9),
                ..Default::default()
            },
        )?;
        let reference = Reference {
            conn: db.conn(),
            plan_id,
            threshold,
        };
        // Every file's rows, in file order.
        let mut batch: Vec<(i64, String, i64, String)> = Vec::new();
        for f in &preview.files {
            for r in &f.rows {
                if let (Some(unit_id), Some(task)) = (f.unit_id, r.task_id) {
                    batch.push((unit_id, f.unit.clone(), task, r.progress.clone()));
                }
            }
        }
        for f in &preview.files {
            assert_eq!(f.state, taizhang::ledger::import::FileState::Ready, "{f:?}");
            let unit_id = f.unit_id.ok_or("no unit")?;
            for r in &f.rows {
                let Some(task) = r.task_id else { continue };
                let got = r.copied.as_ref().map(|c| {
                    (
                        c.from_period.to_string(),
                        c.similarity,
                        c.identical,
                        c.from_unit.clone(),
                        c.text.clone(),
                    )
                });
                let want = reference.answer(unit_id, sept, task, &r.progress, &batch)?;
                assert_eq!(
                    got, want,
                    "threshold {threshold}, {} task {task}: “{}”",
                    f.unit, r.progress
                );
                if let Some((from, s, _, unit, _)) = &want {
                    found += 1;
                    near += usize::from(*s < 1.0);
                    older += usize::from(unit.is_none() && from.as_str() < "2025-08");
                    peers += usize::from(unit.is_some());
                }
            }
        }
    }
    // The comparison covered every kind of answer.
    assert!(found >= 10, "{found} rows found 照抄");
    assert!(near >= 1, "no near-identical row");
    assert!(older >= 1, "no row copied from before the last month");
    assert!(peers >= 1, "no row copied from another unit");
    Ok(())
}
