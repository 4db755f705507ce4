//! The 报送情况通报 as an official document, after a realistic month: the departments' files
//! arrive by WeChat before the due date (one after it) and the clerk imports them three days
//! after the due date. The 通报 is addressed to 各责任单位, signed with the office's 发文机关
//! (设置, `taizhang office`) and dated in Chinese on the day it is made; it names exactly the
//! units that were late or missing, and prints on A4 with all of it.
//!
//! The sample plan: 2025年9月 is due 2025年10月9日 (the 5th falls in the National Day holiday).

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{cli, cli_err, cli_ok, dump, sample_db, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout};
use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn json(text: &str) -> Res<Value> {
    Ok(serde_json::from_str(text)?)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// (unit, the day its September ledger arrived).
const ARRIVALS: [(&str, &str); 4] = [
    ("县财政局", "2025-10-03"),
    ("县人社局", "2025-10-04"),
    ("县教育局", "2025-10-09"),
    ("县公安局", "2025-10-11"),
];

/// The sample with the September ledgers of [`ARRIVALS`] imported on 2025-10-12, each with the
/// day it arrived.
fn realistic_month(dir: &Path) -> Res<PathBuf> {
    let db = sample_db(dir);
    let inbox = dir.join("收到的台账");
    std::fs::create_dir_all(&inbox)?;
    for (unit, on) in ARRIVALS {
        let l = ledger(&db, unit, "2025-09")?;
        let file = inbox.join(format!("{unit}_2025年9月_工作台账.xlsx"));
        write(&file, Layout::Ours, &l, &fill(&l, "正在推进"))?;
        cli_ok(
            &db,
            &[
                "ledger",
                "import",
                s(&file),
                "--received",
                on,
                "--today",
                "2025-10-12",
            ],
        );
    }
    Ok(db)
}

fn names(units: &Value, pick: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    units
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|u| pick(u))
                .filter_map(|u| u["unit"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_circular_is_addressed_signed_dated_and_names_exactly_the_late_and_missing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = realistic_month(dir.path())?;

    // Nothing set yet: the 发文机关 is read from the plan's issuer and marked as a default.
    let c = json(&cli_ok(
        &db,
        &[
            "report",
            "circular",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
            "--json",
        ],
    ))?;
    let d = &c["document"];
    assert_eq!(d["issuer"], "示例县法治政府建设工作领导小组办公室", "{d}");
    assert_eq!(d["issuer_source"], "default");
    assert!(d["doc_no"].is_null());

    cli_ok(&db, &["office", "--issuer", "示例县依法治县办"]);
    let out = dir.path().join("通报.xlsx");
    let c = json(&cli_ok(
        &db,
        &[
            "report",
            "circular",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
            "--doc-no",
            "示法治办〔2025〕3号",
            "--out",
            s(&out),
            "--json",
        ],
    ))?;
    let d = &c["document"];
    assert_eq!(d["title"], "关于2025年9月工作台账报送情况的通报");
    assert_eq!(d["doc_no"], "示法治办〔2025〕3号");
    assert_eq!(d["addressee"], "各责任单位：");
    assert_eq!(d["issuer"], "示例县依法治县办");
    assert_eq!(d["issuer_source"], "set");
    assert_eq!(d["dated"], "2025-10-12");
    assert_eq!(d["dated_label"], "2025年10月12日");

    // Exactly: 3 on time (the one on the due date too), 县公安局 late, every other unit with
    // tasks missing; the files were imported on the 12th and that changes nothing.
    let units = &c["units"];
    let all = names(units, |_| true);
    let on_time = names(units, |u| u["on_time"] == 1);
    let late = names(units, |u| u["late"] == 1);
    let missing = names(units, |u| u["missing"] == 1);
    assert_eq!(
        on_time,
        BTreeSet::from(["县财政局", "县人社局", "县教育局"].map(String::from))
    );
    assert_eq!(late, BTreeSet::from(["县公安局".to_string()]));
    let expected_missing: BTreeSet<String> = all
        .iter()
        .filter(|u| !ARRIVALS.iter().any(|(a, _)| a == u))
        .cloned()
        .collect();
    assert_eq!(missing, expected_missing);
    assert_eq!(c["totals"]["on_time"], 3);
    assert_eq!(c["totals"]["late"], 1);
    assert_eq!(c["totals"]["missing"], expected_missing.len());
    let paragraph = c["paragraph"].as_str().ok_or("no paragraph")?;
    assert!(paragraph.contains("县公安局存在迟报情况"), "{paragraph}");
    for (unit, _) in &ARRIVALS[..3] {
        let criticised = paragraph
            .split("请上述单位")
            .next()
            .unwrap_or_default()
            .contains(unit);
        assert!(!criticised, "{unit} criticised: {paragraph}");
    }

    // The text output reads as the document.
    let text = cli_ok(
        &db,
        &[
            "report",
            "circular",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
        ],
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "关于2025年9月工作台账报送情况的通报", "{text}");
    assert!(lines.contains(&"各责任单位："), "{text}");
    assert_eq!(lines[lines.len() - 2], "示例县依法治县办", "{text}");
    assert_eq!(lines[lines.len() - 1], "2025年10月12日", "{text}");

    // The workbook prints on A4 with 文号, 主送, 发文机关 and 成文日期 after the table.
    match common::to_pdf(dir.path(), std::slice::from_ref(&out)) {
        Ok(pdfs) => {
            let pages = common::a4_landscape_pages(&pdfs[0])?;
            let all_text = common::pdf_text(&pdfs[0], None)?;
            let last = common::pdf_text(&pdfs[0], Some(pages))?;
            assert!(all_text.starts_with("关于2025年9月工作台账报送情况的通报"));
            assert!(all_text.contains("示法治办〔2025〕3号"), "{all_text}");
            assert!(all_text.contains("各责任单位：2025年9月"), "{all_text}");
            assert!(
                last.ends_with("示例县依法治县办2025年10月12日")
                    || last.contains("示例县依法治县办2025年10月12日第"),
                "{last}"
            );
            assert_eq!(all_text.matches("各责任单位：").count(), 1);
        }
        Err(e) => common::cannot_run_here(&e.to_string()),
    }
    Ok(())
}

#[test]
fn office_names_are_set_shown_and_bad_ones_refused_with_nothing_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let shown = json(&cli_ok(&db, &["office", "--json"]))?;
    assert_eq!(shown["group_name"], "示例县法治政府建设工作领导小组");
    assert_eq!(shown["group_name_source"], "default");
    let text = cli_ok(&db, &["office"]);
    assert!(text.contains("按方案推定"), "{text}");

    cli_ok(
        &db,
        &[
            "office",
            "--group-name",
            "示例县法治政府建设领导小组",
            "--issuer",
            "示例县依法治县办",
        ],
    );
    let shown = json(&cli_ok(&db, &["office", "--json"]))?;
    assert_eq!(shown["group_name"], "示例县法治政府建设领导小组");
    assert_eq!(shown["group_name_source"], "set");
    assert_eq!(shown["issuer"], "示例县依法治县办");

    // Too long: refused in Chinese, exit 1, the database unchanged.
    let before = dump(&db)?;
    let long = "办".repeat(101);
    let err = cli_err(&db, &["office", "--issuer", &long]);
    assert!(err.contains("发文机关过长"), "{err}");
    assert_eq!(
        cli(&db, &["office", "--issuer", &long]).status.code(),
        Some(1)
    );
    let err = cli_err(
        &db,
        &[
            "report",
            "circular",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
            "--doc-no",
            &long,
        ],
    );
    assert!(err.contains("文号过长"), "{err}");
    assert_eq!(dump(&db)?, before);

    // An empty name goes back to the default.
    cli_ok(&db, &["office", "--group-name", ""]);
    let shown = json(&cli_ok(&db, &["office", "--json"]))?;
    assert_eq!(shown["group_name"], "示例县法治政府建设工作领导小组");
    assert_eq!(shown["issuer"], "示例县依法治县办");
    Ok(())
}

#[test]
fn the_consolidated_view_exports_as_a_print_ready_workbook() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = realistic_month(dir.path())?;
    let out = dir.path().join("汇总.xlsx");
    let v = json(&cli_ok(
        &db,
        &[
            "ledger",
            "consolidate",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
            "--out",
            s(&out),
            "--json",
        ],
    ))?;
    assert_eq!(v["file"], s(&out));
    assert_eq!(v["units_reported"], 4);
    assert!(out.exists());
    // Again: the first file is kept and the new one goes beside it.
    let again = json(&cli_ok(
        &db,
        &[
            "ledger",
            "consolidate",
            "--period",
            "2025-09",
            "--out",
            s(&out),
            "--json",
        ],
    ))?;
    assert_ne!(again["file"], s(&out));
    // A target in a missing folder: refused in Chinese, nothing written.
    let before = dump(&db)?;
    let err = cli_err(
        &db,
        &[
            "ledger",
            "consolidate",
            "--period",
            "2025-09",
            "--out",
            s(&dir.path().join("没有的文件夹").join("汇总.xlsx")),
        ],
    );
    assert!(err.contains("文件夹"), "{err}");
    assert_eq!(dump(&db)?, before);

    match common::to_pdf(dir.path(), std::slice::from_ref(&out)) {
        Ok(pdfs) => {
            let pages = common::a4_landscape_pages(&pdfs[0])?;
            let text = common::pdf_text(&pdfs[0], None)?;
            assert!(text.starts_with("2025年9月各单位工作台账汇总"), "{text}");
            for (unit, _) in ARRIVALS {
                assert!(text.contains(unit), "{unit} missing: {text}");
            }
            assert!(text.contains("正在推进"), "{text}");
            assert!(text.contains("未报送单位"), "{text}");
            // The header row repeats on every page.
            for p in 1..=pages {
                let page = common::pdf_text(&pdfs[0], Some(p))?;
                assert!(page.contains("填报单位"), "page {p}: {page}");
            }
        }
        Err(e) => common::cannot_run_here(&e.to_string()),
    }
    Ok(())
}
