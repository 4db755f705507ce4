//! Bad returned ledgers, made in code: each gets a Chinese message naming the file (and the
//! sheet, row or column where it matters), the database is unchanged, and in a batch the bad
//! file does not stop the good ones.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{cli, cli_ok, dump, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout, Res};
use rust_xlsxwriter::{Format, Workbook};

struct Bench {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Bench {
    fn new() -> Res<Bench> {
        let dir = tempfile::tempdir()?;
        let db = common::sample_db(dir.path());
        Ok(Bench { dir, db })
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// A good, filled ledger of `unit` in our layout.
    fn good(&self, unit: &str, name: &str) -> Res<PathBuf> {
        let l = ledger(&self.db, unit, "2025-09")?;
        let p = self.path(name);
        write(&p, Layout::Ours, &l, &fill(&l, name))?;
        Ok(p)
    }
}

/// Imports `file` (with `extra` arguments): the command fails, stderr or the JSON errors say
/// `expect` in Chinese and name the file, and the database is unchanged.
fn refused(b: &Bench, file: &Path, extra: &[&str], expect: &[&str]) -> TestResult {
    let before = dump(&b.db)?;
    let f = file.to_string_lossy().into_owned();
    let mut args = vec!["ledger", "import", "--json"];
    args.extend_from_slice(extra);
    args.push(&f);
    let out = cli(&b.db, &args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{f} should fail: {stdout}");
    let said = format!("{stdout}\n{stderr}");
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert!(
        said.contains(&name),
        "the message should name {name}: {said}"
    );
    for e in expect {
        assert!(said.contains(e), "expected “{e}” in: {said}");
    }
    assert!(
        said.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "not Chinese: {said}"
    );
    assert_eq!(before, dump(&b.db)?, "database changed after {f}");
    Ok(())
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Res<()> {
    std::fs::File::create(path)?.write_all(bytes)?;
    Ok(())
}

/// A workbook with one sheet of rows (strings), for hand-made layouts.
fn sheet(path: &Path, rows: &[&[&str]]) -> Res<()> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text)?;
            }
        }
    }
    wb.save(path)?;
    Ok(())
}

const HEADER: &[&str] = &["序号", "工作任务", "完成时限", "工作进展", "责任单位"];
/// A row of the sample plan's first task, filled in.
const TASK_ROW: &[&str] = &[
    "1",
    "压实主要负责人推进法治建设第一责任人职责",
    "长期坚持",
    "已落实",
    "办公室",
];

/// A new sheet of `wb` with the HEADER row on top.
fn header_sheet(wb: &mut Workbook) -> Res<&mut rust_xlsxwriter::Worksheet> {
    let ws = wb.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    Ok(ws)
}

#[test]
fn unreadable_files() -> TestResult {
    let b = Bench::new()?;
    let p = b.path("不是表格.xlsx");
    write_bytes(&p, "这是一段文字，不是 Excel。".as_bytes())?;
    refused(&b, &p, &[], &["不是 Excel 工作簿"])?;

    let good = b.good("县司法局", "完整.xlsx")?;
    let bytes = std::fs::read(&good)?;
    let p = b.path("截断.xlsx");
    write_bytes(&p, &bytes[..bytes.len() / 2])?;
    refused(&b, &p, &[], &["已损坏", "不完整"])?;

    let p = b.path("空文件.xlsx");
    write_bytes(&p, b"")?;
    refused(&b, &p, &[], &["空的"])?;

    let p = b.path("网页.xls");
    write_bytes(&p, b"<html><table><tr><td>1</td></tr></table></html>")?;
    refused(&b, &p, &[], &["网页"])?;

    let p = b.path("扫描件.xlsx");
    write_bytes(&p, b"%PDF-1.4\n%...")?;
    refused(&b, &p, &[], &["PDF"])?;

    let p = b.path("台账.et");
    write_bytes(&p, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])?;
    refused(&b, &p, &[], &["WPS", "另存为", ".xlsx"])?;

    let p = b.path("坏的旧格式.xls");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0x41u8, 600));
    write_bytes(&p, &ole)?;
    refused(&b, &p, &[], &["已损坏"])?;

    // A Word document renamed .xlsx.
    let p = b.path("通知.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&p)?);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )?;
        z.write_all(b"<w:document/>")?;
        z.finish()?;
    }
    refused(&b, &p, &[], &["Word"])?;

    let p = b.path("空文件夹");
    std::fs::create_dir_all(&p)?;
    refused(&b, &p, &[], &["文件夹", "没有 Excel 台账文件"])?;

    let p = b.path("不存在.xlsx");
    refused(&b, &p, &[], &["无法读取"])?;

    // Larger than any ledger: refused before it is read.
    let p = b.path("超大.xlsx");
    std::fs::File::create(&p)?.set_len(65 * 1024 * 1024)?;
    refused(&b, &p, &[], &["过大"])
}

/// An OLE container with the streams Excel writes for a workbook with a password to open.
fn encrypted(path: &Path) -> Res<()> {
    let mut c = cfb::create(path)?;
    c.create_stream("/EncryptionInfo")?
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])?;
    c.create_stream("/EncryptedPackage")?
        .write_all(&[0u8; 4096])?;
    c.flush()?;
    Ok(())
}

#[test]
fn encrypted_workbooks_ask_for_a_copy_without_password() -> TestResult {
    let b = Bench::new()?;
    let p = b.path("加密台账.xlsx");
    encrypted(&p)?;
    refused(&b, &p, &[], &["密码", "另存为 .xlsx"])?;
    let p = b.path("加密旧版.xls");
    encrypted(&p)?;
    refused(&b, &p, &[], &["密码"])
}

#[test]
fn zip_bomb_of_shared_strings_is_refused_before_inflating() -> TestResult {
    let b = Bench::new()?;
    let good = b.good("县司法局", "原件.xlsx")?;
    let p = b.path("炸弹.xlsx");
    // A real bomb: the same workbook with 300 MB of shared strings compressed to a few hundred KB.
    let mut src = zip::ZipArchive::new(std::fs::File::open(&good)?)?;
    let mut out = zip::ZipWriter::new(std::fs::File::create(&p)?);
    for i in 0..src.len() {
        let f = src.by_index_raw(i)?;
        if f.name()
            .map(|n| n == "xl/sharedStrings.xml")
            .unwrap_or(false)
        {
            continue;
        }
        out.raw_copy_file(f)?;
    }
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    out.start_file("xl/sharedStrings.xml", opts)?;
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..300 {
        out.write_all(&chunk)?;
    }
    out.finish()?;
    assert!(std::fs::metadata(&p)?.len() < 10 * 1024 * 1024);
    let started = std::time::Instant::now();
    refused(&b, &p, &[], &["sharedStrings", "解压后"])?;
    assert!(started.elapsed().as_secs() < 20);
    Ok(())
}

#[test]
fn sheets_without_a_ledger() -> TestResult {
    let b = Bench::new()?;
    let p = b.path("空工作簿.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet();
    wb.save(&p)?;
    refused(&b, &p, &[], &["空工作簿"])?;

    let p = b.path("会议通知.xlsx");
    sheet(
        &p,
        &[
            &["关于召开会议的通知"],
            &["各单位："],
            &["定于下周召开会议。"],
        ],
    )?;
    refused(&b, &p, &[], &["没有找到台账表头", "“Sheet1”"])?;

    let p = b.path("缺进展列.xlsx");
    sheet(
        &p,
        &[
            &["填报单位：县司法局　报送期次：2025年9月"],
            &["序号", "主要任务", "完成时间", "责任科室"],
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                "法制股",
            ],
        ],
    )?;
    refused(&b, &p, &[], &["“Sheet1”第2行", "没有“进展情况”列"])?;

    let p = b.path("只有表头.xlsx");
    sheet(&p, &[&["填报单位：县司法局　报送期次：2025年9月"], HEADER])?;
    refused(&b, &p, &[], &["第2行表头下面没有任何任务行"])?;

    // Our own unfilled export sent back as it was.
    let out = b.path("out");
    std::fs::create_dir_all(&out)?;
    cli_ok(
        &b.db,
        &[
            "ledger",
            "export",
            "--period",
            "2025-09",
            "--out",
            &out.to_string_lossy(),
        ],
    );
    let blank = out.join("县司法局_2025年09月_工作台账.xlsx");
    refused(&b, &blank, &[], &["空白台账"])?;
    let summary = out.join("汇总_2025年09月_工作台账.xlsx");
    refused(&b, &summary, &[], &["汇总台账", "不是单位工作台账"])?;
    let list = b.path("重点任务清单.xlsx");
    cli_ok(&b.db, &["task", "export", "--out", &list.to_string_lossy()]);
    refused(&b, &list, &[], &["重点任务清单"])
}

#[test]
fn too_many_rows_are_refused() -> TestResult {
    let b = Bench::new()?;
    let p = b.path("十万行.xlsx");
    let mut wb = Workbook::new();
    let ws = header_sheet(&mut wb)?;
    for r in 1..=100_000u32 {
        ws.write_number(r, 0, f64::from(r))?;
        ws.write_string(r, 1, "开展法治宣传")?;
        ws.write_string(r, 3, "已完成")?;
    }
    wb.save(&p)?;
    let started = std::time::Instant::now();
    refused(&b, &p, &[], &["“Sheet1”", "超过 20000 行"])?;
    assert!(started.elapsed().as_secs() < 30);
    Ok(())
}

#[test]
fn a_merged_area_that_would_fill_gigabytes_is_refused() -> TestResult {
    let b = Bench::new()?;
    let p = b.path("合并单元格.xlsx");
    let mut wb = Workbook::new();
    let ws = header_sheet(&mut wb)?;
    for r in 1..=1_000u32 {
        ws.write_number(r, 0, f64::from(r))?;
    }
    // One cell's worth of text (the most Excel allows) merged over 1,000 filled rows and
    // 300 columns: about 24 GB if each covered cell got a copy.
    let long = "落实法治政府建设任务".repeat(3_200);
    ws.merge_range(1, 1, 1_000, 299, &long, &rust_xlsxwriter::Format::new())?;
    wb.save(&p)?;
    refused(
        &b,
        &p,
        &[],
        &["“Sheet1”", "第 2 至 1001 行的合并单元格", "超过 32 MB"],
    )
}

#[test]
fn wrong_plan_unit_or_period() -> TestResult {
    let b = Bench::new()?;
    // Another plan's ledger: exported from a database whose plan has another title.
    let other = tempfile::tempdir()?;
    let other_db = common::sample_db(other.path());
    rusqlite::Connection::open(&other_db)?.execute(
        "UPDATE plan SET title = '示例县2024年依法行政能力提升行动方案'",
        [],
    )?;
    let l = ledger(&other_db, "县司法局", "2025-09")?;
    let p = b.path("别的方案.xlsx");
    write(&p, Layout::Ours, &l, &fill(&l, "别的方案"))?;
    refused(
        &b,
        &p,
        &[],
        &["示例县2024年依法行政能力提升行动方案", "没有这个方案"],
    )?;

    // The clerk chose a plan, the file belongs to another one.
    let good = b.good("县司法局", "选错方案.xlsx")?;
    let conn = rusqlite::Connection::open(&b.db)?;
    conn.execute(
        "INSERT INTO plan (title, created_at) VALUES ('示例县第二个方案', '2025-01-01 00:00:00')",
        [],
    )?;
    let second: i64 = conn.query_row("SELECT max(id) FROM plan", [], |r| r.get(0))?;
    drop(conn);
    refused(
        &b,
        &good,
        &["--plan", &second.to_string()],
        &["不是所选方案《示例县第二个方案》"],
    )?;

    // A hand-made ledger of a unit that is not in the directory.
    let p = b.path("水利局台账.xlsx");
    sheet(
        &p,
        &[
            &["填报单位：县水利局　　报送期次：2025年9月"],
            HEADER,
            TASK_ROW,
        ],
    )?;
    refused(&b, &p, &[], &["县水利局", "不在责任单位名单中"])?;
    refused(&b, &p, &["--unit", "县气象局"], &["县气象局"])?;
    refused(&b, &p, &["--unit", "县直各有关部门"], &["统称"])?;

    // No unit anywhere.
    let p = b.path("无名台账.xlsx");
    sheet(&p, &[&["报送期次：2025年9月"], HEADER, TASK_ROW])?;
    refused(&b, &p, &[], &["哪个单位", "选择单位"])?;

    // No period anywhere.
    let p = b.path("县司法局台账.xlsx");
    sheet(&p, &[HEADER, TASK_ROW])?;
    refused(&b, &p, &[], &["报送期次", "选择报送期次"])?;

    // A period outside the plan (2025年3月至12月).
    let p = b.path("县司法局_2023年5月.xlsx");
    sheet(
        &p,
        &[
            &["填报单位：县司法局　　报送期次：2023年5月"],
            HEADER,
            TASK_ROW,
        ],
    )?;
    refused(&b, &p, &[], &["2023年5月", "不在方案的实施期内"])?;

    // Rows of some other work that match no task of the plan.
    let p = b.path("县司法局_2025年9月_其他.xlsx");
    sheet(
        &p,
        &[
            HEADER,
            &["1", "组织职工春季趣味运动会", "4月", "已举办", "工会"],
            &["2", "更换办公楼电梯", "6月", "已招标", "办公室"],
        ],
    )?;
    refused(&b, &p, &[], &["都对应不上方案", "“Sheet1”"])?;

    let good = b.good("县司法局", "期次参数.xlsx")?;
    let before = dump(&b.db)?;
    let out = cli(
        &b.db,
        &[
            "ledger",
            "import",
            "--period",
            "2025-13",
            &good.to_string_lossy(),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("报送期次“2025-13”无法识别"));
    let out = cli(
        &b.db,
        &["ledger", "import", "--plan", "999", &good.to_string_lossy()],
    );
    assert!(!out.status.success());
    assert_eq!(before, dump(&b.db)?);
    Ok(())
}

#[test]
fn duplicate_rows_with_different_progress_are_named() -> TestResult {
    let b = Bench::new()?;
    let p = b.path("重复行.xlsx");
    sheet(
        &p,
        &[
            &["填报单位：县司法局　　报送期次：2025年9月"],
            HEADER,
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                "已召开专题会",
                "办公室",
            ],
            &[
                "6",
                "严格落实合法性审查制度",
                "长期坚持",
                "审查文件12件",
                "法制股",
            ],
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                "另一段进展",
                "办公室",
            ],
        ],
    )?;
    refused(&b, &p, &[], &["第3行和第5行", "“Sheet1”", "重复"])?;
    // The same row twice with the same text is read once and imports.
    let p = b.path("县司法局_2025年9月_重复同文.xlsx");
    sheet(
        &p,
        &[
            HEADER,
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                "已召开专题会",
                "办公室",
            ],
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                "已召开专题会",
                "办公室",
            ],
        ],
    )?;
    let out: serde_json::Value = serde_json::from_str(&cli_ok(
        &b.db,
        &["ledger", "import", "--json", &p.to_string_lossy()],
    ))?;
    assert_eq!(out["files"][0]["matched"].as_u64(), Some(1));
    Ok(())
}

#[test]
fn newer_ledger_format_is_refused() -> TestResult {
    let b = Bench::new()?;
    let p = b.path("新版本台账.xlsx");
    let mut wb = Workbook::new();
    header_sheet(&mut wb)?;
    let id = wb.add_worksheet();
    id.set_name("_taizhang")?;
    id.write_string(0, 0, "schema_version")?;
    id.write_string(0, 1, "99")?;
    id.set_very_hidden(true);
    wb.save(&p)?;
    refused(&b, &p, &[], &["更新版本", "升级"])
}

#[test]
fn odd_layouts_still_import() -> TestResult {
    let b = Bench::new()?;
    let l = ledger(&b.db, "县司法局", "2025-09")?;
    // Header at row 12, column D; a two-row merged header; extra columns; a formula error.
    for (layout, name) in [
        (Layout::OddPlace, "奇怪位置.xlsx"),
        (Layout::TwoRowHeader, "两行表头.xlsx"),
    ] {
        let p = b.path(name);
        write(&p, layout, &l, &fill(&l, name))?;
        let out: serde_json::Value = serde_json::from_str(&cli_ok(
            &b.db,
            &[
                "ledger",
                "import",
                "--json",
                "--dry-run",
                &p.to_string_lossy(),
            ],
        ))?;
        assert_eq!(
            out["files"][0]["matched"].as_u64(),
            Some(l.tasks.len() as u64)
        );
        assert_eq!(out["files"][0]["unmatched"].as_u64(), Some(0));
    }
    let p = b.path("县司法局_2025年9月_公式错误.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let cols = [
        "序号",
        "工作任务",
        "工作进展",
        "存在问题",
        "下步计划",
        "配合单位",
    ];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    ws.write_number(1, 0, 1.0)?;
    ws.write_string(1, 1, "压实主要负责人推进法治建设第一责任人职责")?;
    ws.write_string(1, 2, "已召开专题会")?;
    ws.write_string(1, 3, "无")?;
    ws.write_string(1, 4, "继续推进")?;
    ws.write_number(2, 0, 6.0)?;
    ws.write_string(2, 1, "严格落实合法性审查制度")?;
    ws.write_formula(
        2,
        2,
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )?;
    ws.write_string(2, 3, "")?;
    ws.write_string_with_format(3, 1, "", &Format::new())?;
    wb.save(&p)?;
    let out = cli(
        &b.db,
        &["ledger", "import", "--dry-run", &p.to_string_lossy()],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("第3行 C列的公式出错（#DIV/0!）"), "{text}");
    Ok(())
}

#[test]
fn one_bad_file_does_not_block_the_good_ones() -> TestResult {
    let b = Bench::new()?;
    let good1 = b.good("县司法局", "县司法局_好.xlsx")?;
    let good2 = b.good("县财政局", "县财政局_好.xlsx")?;
    let bad = b.path("坏文件.xlsx");
    write_bytes(&bad, b"PK\x03\x04 broken")?;
    let out = cli(
        &b.db,
        &[
            "ledger",
            "import",
            "--json",
            &good1.to_string_lossy(),
            &bad.to_string_lossy(),
            &good2.to_string_lossy(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a bad file beside good ones: partly done"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert!(json["batch"].is_i64());
    let files = json["files"].as_array().ok_or("no files")?;
    assert_eq!(files.len(), 3);
    assert!(files[0]["errors"].as_array().is_some_and(Vec::is_empty));
    assert!(files[1]["errors"][0]
        .as_str()
        .unwrap_or("")
        .contains("坏文件.xlsx"));
    assert!(files[2]["errors"].as_array().is_some_and(Vec::is_empty));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 个文件未能导入"), "{stderr}");
    let list: serde_json::Value =
        serde_json::from_str(&cli_ok(&b.db, &["import", "list", "--json"]))?;
    assert_eq!(list[0]["files"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn legacy_xls_from_libreoffice_imports() -> TestResult {
    let bin = ["soffice", "libreoffice"].into_iter().find(|s| {
        Command::new(s)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(bin) = bin else {
        common::cannot_run_here(
            "LibreOffice (soffice) is not installed; scripts/setup.sh installs it",
        );
        return Ok(());
    };
    let b = Bench::new()?;
    let l = ledger(&b.db, "县司法局", "2025-09")?;
    let src = b.path("县司法局_2025年9月_手工.xlsx");
    write(&src, Layout::HandMade, &l, &fill(&l, "旧版"))?;
    let out_dir = b.path("xls");
    let status = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            b.path("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "xls", "--outdir"])
        .arg(&out_dir)
        .arg(&src)
        .output()?;
    assert!(status.status.success());
    let xls = out_dir.join("县司法局_2025年9月_手工.xls");
    let json: serde_json::Value = serde_json::from_str(&cli_ok(
        &b.db,
        &["ledger", "import", "--json", &xls.to_string_lossy()],
    ))?;
    assert_eq!(
        json["files"][0]["matched"].as_u64(),
        Some(l.tasks.len() as u64)
    );
    Ok(())
}
