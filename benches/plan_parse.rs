//! Plan import's reading and parsing of a 200-page plan (fictional text: 20 chapters of 46
//! tasks with units, deadlines and requirements, and a 920-row task table), delivered as .docx
//! and as the Word 97 .doc LibreOffice writes from it. Times, in the same run (median of 9):
//!
//! - ours: `word::read` + `parse` — the file read into paragraphs and tables, then the draft;
//! - the reference floor: the raw read of the same file with nothing parsed — inflating
//!   `word/document.xml` from the .docx, opening the .doc's compound file and reading its
//!   `WordDocument` and table streams.
//!
//! Prints both and the ratio; fails when ours takes 300 ms or more (the goal of issue #25).
//! LibreOffice writes the .doc and counts the pages (its PDF, through pdfinfo).
//!
//! Run: `cargo bench --bench plan_parse`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run

#[path = "../tests/common/docx.rs"]
mod docx;

use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use docx::{para, write_docx};
use taizhang::document::word::{self, chinese_number};
use taizhang::plan::parse::parse;

/// The allocator the programs use (set in `src/main.rs` and the desktop's `main.rs`), so the
/// bench measures what the clerk runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const CHAPTERS: u32 = 20;
const TASKS_PER_CHAPTER: u32 = 46;
const RUNS: usize = 9;
const BUDGET: Duration = Duration::from_millis(300);

const UNITS: [&str; 8] = [
    "示例县司法局",
    "示例县财政局",
    "示例县公安局",
    "示例县市场监管局",
    "示例县政务服务数据管理局",
    "示例县人力资源和社会保障局",
    "示例县自然资源局",
    "示例县生态环境分局",
];
const DEADLINES: [&str; 5] = [
    "2026年6月底前",
    "2026年12月31日前",
    "长期坚持",
    "2026年第三季度",
    "每半年",
];

fn row(cells: &[String]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<w:tc>{}</w:tc>", para(c)))
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}

/// The body of the plan (WordprocessingML).
fn plan_body() -> String {
    let mut body = String::new();
    body.push_str(&para("示例县人民政府办公室"));
    body.push_str(&para("示例县2026年法治政府建设重点任务实施方案"));
    body.push_str(&para(
        "为深入推进依法行政，加快建设法治政府，结合本县实际，制定本方案。",
    ));
    let mut n = 0u32;
    let mut table = vec![row(&[
        "序号".into(),
        "重点任务".into(),
        "牵头单位".into(),
        "配合单位".into(),
        "完成时限".into(),
    ])];
    for c in 1..=CHAPTERS {
        body.push_str(&para(&format!(
            "{}、推进第{}方面重点工作",
            chinese_number(c),
            chinese_number(c)
        )));
        for t in 1..=TASKS_PER_CHAPTER {
            n += 1;
            let lead = UNITS[(n % 8) as usize];
            let co = format!(
                "{}、{}",
                UNITS[((n + 3) % 8) as usize],
                UNITS[((n + 5) % 8) as usize]
            );
            let deadline = DEADLINES[(n % 5) as usize];
            body.push_str(&para(&format!(
                "{t}. 健全第{n}项行政执法工作机制，完善执法程序和裁量基准，落实执法责任制。\
                 （牵头单位：{lead}；配合单位：{co}）完成时限：{deadline}。"
            )));
            body.push_str(&para(
                "各责任单位要细化工作措施，明确责任人和时间节点，按月报送工作进展情况，\
                 确保任务按期完成；对推进缓慢的事项，要分析原因、提出整改措施，\
                 并在下月进展中说明整改情况。同时加强与相关部门的沟通协作，\
                 形成工作合力，做到件件有着落、事事有回音。",
            ));
            body.push_str(&para(
                "县司法局负责跟踪督办，定期通报各单位任务完成情况，将完成情况纳入年度\
                 法治政府建设考核，对工作成效明显的单位予以通报表扬。",
            ));
            table.push(row(&[
                n.to_string(),
                format!("健全第{n}项行政执法工作机制"),
                lead.to_string(),
                co,
                deadline.to_string(),
            ]));
        }
    }
    body.push_str(&para("附件：重点任务清单"));
    body.push_str(&format!("<w:tbl>{}</w:tbl>", table.concat()));
    body
}

/// Runs LibreOffice on `file` (`--convert-to format`) into `out`.
fn soffice(scratch: &Path, file: &Path, format: &str, out: &Path) -> BenchResult {
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/lo-profile",
            scratch.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .map_err(|e| {
            format!("LibreOffice (soffice) is needed: {e}; scripts/setup.sh installs it")
        })?;
    if !status.status.success() {
        return Err(format!(
            "soffice failed: {}",
            String::from_utf8_lossy(&status.stderr)
        )
        .into());
    }
    Ok(())
}

fn pages(pdf: &Path) -> Option<u32> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(mut f: impl FnMut() -> BenchResult<usize>) -> BenchResult<(Duration, usize)> {
    let mut runs = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        size = f()?;
        runs.push(started.elapsed());
    }
    Ok((median(runs), size))
}

/// The floor for a .docx: its `word/document.xml` inflated, nothing parsed.
fn unzip(path: &Path) -> BenchResult<usize> {
    let bytes = std::fs::read(path)?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")?.read_to_string(&mut xml)?;
    Ok(xml.len())
}

/// The floor for a .doc: the compound file opened and its text and table streams read.
fn cfb_read(path: &Path) -> BenchResult<usize> {
    let bytes = std::fs::read(path)?;
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes))?;
    let mut total = 0;
    for stream in ["/WordDocument", "/1Table", "/0Table"] {
        if file.is_stream(stream) {
            let mut data = Vec::new();
            file.open_stream(stream)?.read_to_end(&mut data)?;
            total += data.len();
        }
    }
    Ok(total)
}

fn ours(path: &Path) -> BenchResult<usize> {
    let document = word::read(path)?;
    let draft = parse(&document);
    Ok(draft.tasks.len())
}

fn main() -> BenchResult {
    let dir = tempfile::tempdir()?;
    let docx = dir.path().join("plan200.docx");
    write_docx(&docx, &plan_body())?;
    soffice(dir.path(), &docx, "doc", dir.path())?;
    let doc_file = dir.path().join("plan200.doc");
    soffice(dir.path(), &doc_file, "pdf", dir.path())?;
    let page_count = pages(&dir.path().join("plan200.pdf"));
    println!(
        "plan: {} chapters × {} tasks + a {}-row task table; {} pages (A4, LibreOffice); \
         .docx {} KB, .doc {} KB",
        CHAPTERS,
        TASKS_PER_CHAPTER,
        CHAPTERS * TASKS_PER_CHAPTER,
        page_count.map_or("?".to_string(), |p| p.to_string()),
        std::fs::metadata(&docx)?.len() / 1024,
        std::fs::metadata(&doc_file)?.len() / 1024,
    );
    let mut over = Vec::new();
    for (label, file, floor) in [
        (".docx", &docx, unzip as fn(&Path) -> BenchResult<usize>),
        (".doc", &doc_file, cfb_read),
    ] {
        let (floor_time, _) = time(|| floor(file))?;
        let (our_time, tasks) = time(|| ours(file))?;
        println!(
            "{label:<6} read + parse {:>7.1} ms ({tasks} tasks) | raw read (floor) {:>6.1} ms | \
             ratio {:.1}× | goal < {} ms: {}",
            our_time.as_secs_f64() * 1e3,
            floor_time.as_secs_f64() * 1e3,
            our_time.as_secs_f64() / floor_time.as_secs_f64().max(1e-9),
            BUDGET.as_millis(),
            if our_time < BUDGET { "ok" } else { "OVER" }
        );
        if our_time >= BUDGET {
            over.push(label);
        }
    }
    if let Some(p) = page_count {
        if p < 200 {
            return Err(format!("the generated plan has only {p} pages, not 200").into());
        }
    }
    if !over.is_empty() {
        return Err(format!("parsing took 300 ms or more for {}", over.join(", ")).into());
    }
    Ok(())
}
