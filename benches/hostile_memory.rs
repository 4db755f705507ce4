//! Peak memory of the CLI on the worst hostile inputs of the suite (#22): zip bombs (honest and
//! lying about their size), the largest shared-strings table, a billion-laughs part, a
//! merged-area bomb, the most cells and the largest file within the limits, and a folder of all
//! of them with links back to itself and its parent. Each runs `taizhang ledger import
//! --dry-run` as a separate process; its peak resident memory comes from the kernel
//! (`wait4`'s `ru_maxrss`), printed next to the reference: the same CLI listing the sample
//! plan's tasks (`task list`) in the same run.
//!
//! Nothing is timed: the bench fails only when a case uses more than 300 MB, or does not end
//! within 5 minutes (a hang). Generating the files takes a few seconds (a gigabyte is
//! deflated).
//!
//! Run: `cargo bench --bench hostile_memory`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run

#[cfg(unix)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    unix::main()
}

#[cfg(not(unix))]
fn main() {
    println!("hostile_memory: 只在 Linux 上测量（需要 wait4）。");
}

#[cfg(unix)]
mod unix {
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

    const BIN: &str = env!("CARGO_BIN_EXE_taizhang");
    /// The promise of #22: the worst input stays under this.
    const LIMIT_MB: f64 = 300.0;
    /// A case still running after this is a hang.
    const HANG: Duration = Duration::from_secs(300);
    const MB: u64 = 1 << 20;

    /// What one process did.
    struct Measured {
        code: Option<i32>,
        peak_kb: i64,
        secs: f64,
        said: String,
    }

    /// Runs the CLI with `args` on `db` and reads its peak RSS from `wait4` (kills it after
    /// [`HANG`]).
    fn measure(db: &Path, args: &[&str]) -> Res<Measured> {
        let child = Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("TAIZHANG_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let pid = child.id() as libc::pid_t;
        // Read the output on threads so that a long message cannot block the child.
        let read = |mut pipe: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut s = String::new();
                let _ = pipe.read_to_string(&mut s);
                s
            })
        };
        let stdout = read(Box::new(child.stdout.ok_or("no stdout")?));
        let stderr = read(Box::new(child.stderr.ok_or("no stderr")?));
        let start = Instant::now();
        let mut status: libc::c_int = 0;
        // SAFETY: zeroed rusage is a valid value to be filled in by wait4.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let mut killed = false;
        loop {
            // SAFETY: pid is our child, not yet reaped (std's Child is never waited on);
            // status and usage are valid for writing.
            let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
            if r == pid {
                break;
            }
            if r < 0 {
                return Err(std::io::Error::last_os_error().into());
            }
            if !killed && start.elapsed() > HANG {
                // SAFETY: sending a signal to our own child.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                killed = true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let secs = start.elapsed().as_secs_f64();
        let (stdout, stderr) = (
            stdout.join().unwrap_or_default(),
            stderr.join().unwrap_or_default(),
        );
        // The file's own reason (ledger import prints it indented under the file), else the
        // summary.
        let said = stdout
            .lines()
            .find(|l| l.starts_with("    "))
            .or_else(|| stderr.lines().next())
            .unwrap_or("")
            .trim()
            .to_string();
        let code = (libc::WIFEXITED(status) && !killed).then(|| libc::WEXITSTATUS(status));
        Ok(Measured {
            code,
            peak_kb: usage.ru_maxrss,
            secs,
            said,
        })
    }

    /// A small workbook with the ledger's header and one row; the hostile files are made from
    /// it by replacing one part.
    fn base(path: &Path) -> Res {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["序号", "主要任务", "完成时间", "进展情况"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h)?;
        }
        ws.write_string(1, 0, "1")?;
        ws.write_string(1, 1, "压实主要负责人推进法治建设第一责任人职责")?;
        ws.write_string(1, 3, "已落实")?;
        wb.save(path)?;
        Ok(())
    }

    /// A copy of `base` with the part `name` replaced by what `body` writes (deflated).
    fn with_part(
        base: &Path,
        out: &Path,
        name: &str,
        body: impl FnOnce(&mut dyn Write) -> Res,
    ) -> Res {
        let mut src = zip::ZipArchive::new(std::fs::File::open(base)?)?;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(out)?);
        for i in 0..src.len() {
            let f = src.by_index_raw(i)?;
            if f.name()? != name {
                zip.raw_copy_file(f)?;
            }
        }
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name, opts)?;
        body(&mut zip)?;
        zip.finish()?;
        Ok(())
    }

    /// `n` bytes of `unit` repeated, written in 1 MB pieces.
    fn repeat(w: &mut dyn Write, unit: &[u8], n: u64) -> Res {
        let piece: Vec<u8> = unit.iter().copied().cycle().take(MB as usize).collect();
        let mut left = n;
        while left > 0 {
            let k = left.min(MB) as usize;
            w.write_all(&piece[..k])?;
            left -= k as u64;
        }
        Ok(())
    }

    /// Rewrites the sizes the zip declares for `name` (local header and central directory) to
    /// `claimed`: a bomb that lies about how far it inflates.
    fn lie_about_size(path: &Path, name: &str, claimed: u32) -> Res {
        let mut bytes = std::fs::read(path)?;
        let n = name.as_bytes();
        let mut patched = 0;
        let mut i = 0;
        while i + 46 + n.len() <= bytes.len() {
            let local = bytes[i..].starts_with(b"PK\x03\x04") && bytes[i + 30..].starts_with(n);
            let central = bytes[i..].starts_with(b"PK\x01\x02") && bytes[i + 46..].starts_with(n);
            let at = if local {
                Some(i + 22)
            } else if central {
                Some(i + 24)
            } else {
                None
            };
            if let Some(at) = at {
                let field = &mut bytes[at..at + 4];
                // A ZIP64 entry keeps its sizes in an extra field: only a 32-bit one is patched.
                if field != [0xff; 4] {
                    field.copy_from_slice(&claimed.to_le_bytes());
                    patched += 1;
                }
            }
            i += 1;
        }
        if patched < 2 {
            return Err(format!("{name}: size fields not found").into());
        }
        std::fs::write(path, bytes)?;
        Ok(())
    }

    const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;

    /// The hostile files, by case name.
    fn make(dir: &Path) -> Res<Vec<(&'static str, PathBuf)>> {
        let b = dir.join("base.xlsx");
        base(&b)?;
        let mut out = Vec::new();
        let mut add = |label: &'static str, file: &str| {
            let p = dir.join(file);
            out.push((label, p.clone()));
            p
        };

        // 1 GB of spaces in about 1 MB, declared honestly.
        let p = add("压缩炸弹（1 GB 共享字符串，如实声明）", "bomb.xlsx");
        with_part(&b, &p, "xl/sharedStrings.xml", |w| repeat(w, b" ", 1 << 30))?;

        // The same, claiming 1 KB: only the reader's own cap stops it.
        let p = add("压缩炸弹（声明 1 KB，实为 1 GB）", "bomb-lying.xlsx");
        with_part(&b, &p, "xl/sharedStrings.xml", |w| repeat(w, b" ", 1 << 30))?;
        lie_about_size(&p, "xl/sharedStrings.xml", 1024)?;

        // Just under the part limit: 60 MB of one-character shared strings (3 million items).
        let p = add("超大共享字符串表（60 MB，330 万项）", "strings.xlsx");
        with_part(&b, &p, "xl/sharedStrings.xml", |w| {
            w.write_all(
                br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
            )?;
            repeat(w, "<si><t>甲</t></si>".as_bytes(), 60 * MB)?;
            w.write_all(b"</sst>")?;
            Ok(())
        })?;

        // Billion laughs: ten levels of ten references, used in a cell.
        let p = add("实体炸弹（billion laughs）", "laughs.xlsx");
        with_part(&b, &p, "xl/worksheets/sheet1.xml", |w| {
            let mut dtd = String::from(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [\n<!ENTITY l0 \"哈哈哈哈哈哈哈哈\">\n",
            );
            for i in 1..10 {
                let refs: String = (0..10).map(|_| format!("&l{};", i - 1)).collect();
                dtd.push_str(&format!("<!ENTITY l{i} \"{refs}\">\n"));
            }
            dtd.push_str("]>\n");
            w.write_all(dtd.as_bytes())?;
            w.write_all(
                SHEET_HEAD
                    .split_once("\n")
                    .map(|(_, rest)| rest)
                    .unwrap_or(SHEET_HEAD)
                    .as_bytes(),
            )?;
            w.write_all(
                br#"<row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>"#,
            )?;
            Ok(())
        })?;

        // Merged areas covering the whole sheet, many times over.
        let p = add("合并单元格炸弹（A1:XFD1048576 ×10 万）", "merges.xlsx");
        with_part(&b, &p, "xl/worksheets/sheet1.xml", |w| {
            w.write_all(SHEET_HEAD.as_bytes())?;
            w.write_all(
                r#"<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>主要任务</t></is></c><c r="C1" t="inlineStr"><is><t>进展情况</t></is></c></row>"#
                    .as_bytes(),
            )?;
            w.write_all(br#"</sheetData><mergeCells count="100000">"#)?;
            repeat(w, br#"<mergeCell ref="A2:XFD1048576"/>"#, 100_000 * 32)?;
            w.write_all(b"</mergeCells></worksheet>")?;
            Ok(())
        })?;

        // The most cells within the limits: 15,000 rows of 256 columns (every column read), a
        // 61 MB part.
        let p = add("最多单元格（15,000 行 × 256 列）", "wide.xlsx");
        with_part(&b, &p, "xl/worksheets/sheet1.xml", |w| {
            w.write_all(SHEET_HEAD.as_bytes())?;
            w.write_all(
                r#"<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>主要任务</t></is></c><c r="C1" t="inlineStr"><is><t>进展情况</t></is></c></row>"#
                    .as_bytes(),
            )?;
            let mut row = String::new();
            for r in 2..=15_000u32 {
                row.clear();
                row.push_str(&format!("<row r=\"{r}\">"));
                for _ in 0..256 {
                    row.push_str("<c><v>1</v></c>");
                }
                row.push_str("</row>");
                w.write_all(row.as_bytes())?;
            }
            w.write_all(b"</sheetData></worksheet>")?;
            Ok(())
        })?;

        // The largest file within the size limit: 63 MB that start like a zip.
        let p = add("最大文件（63 MB）", "large.xlsx");
        let mut f = std::fs::File::create(&p)?;
        f.write_all(b"PK\x03\x04")?;
        f.set_len(63 * MB)?;
        Ok(out)
    }

    pub fn main() -> Res {
        let dir = tempfile::tempdir()?;
        // HOSTILE_BENCH_KEEP=1 keeps the files (the folder is printed), to look at them.
        let dir_path = if std::env::var_os("HOSTILE_BENCH_KEEP").is_some() {
            let kept = dir.keep();
            println!("文件保留在：{}", kept.display());
            kept
        } else {
            dir.path().to_path_buf()
        };
        let dir = &dir_path;
        let db = dir.join("taizhang.db");
        let sample = measure(&db, &["sample"])?;
        if sample.code != Some(0) {
            return Err(format!("taizhang sample failed: {}", sample.said).into());
        }
        let files = dir.join("files");
        std::fs::create_dir(&files)?;
        println!("生成恶意文件……");
        let cases = make(&files)?;

        // A folder with all of them and links back to itself and its parent.
        let folder = dir.join("loop");
        std::fs::create_dir_all(folder.join("sub"))?;
        for (_, p) in &cases {
            if let Some(name) = p.file_name() {
                std::os::unix::fs::symlink(p, folder.join("sub").join(name))?;
            }
        }
        std::os::unix::fs::symlink(".", folder.join("self"))?;
        std::os::unix::fs::symlink("..", folder.join("sub/up"))?;
        std::os::unix::fs::symlink("../..", folder.join("sub/grandparent"))?;

        let reference = measure(&db, &["task", "list"])?;
        println!(
            "\n{:<44} {:>6} {:>10} {:>8}",
            "情形", "退出码", "峰值内存", "用时"
        );
        let line = |label: &str, m: &Measured| {
            println!(
                "{:<40} {:>6} {:>7.1} MB {:>7.2}s  {}",
                label,
                m.code
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "被终止".into()),
                m.peak_kb as f64 / 1024.0,
                m.secs,
                m.said
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(60)
                    .collect::<String>()
            );
        };
        line("参照：task list（示例方案）", &reference);
        let mut worst = (String::new(), 0i64);
        let mut failed = Vec::new();
        let folder_label = "符号链接回环文件夹（含以上全部文件）";
        let runs = cases
            .iter()
            .map(|(l, p)| (*l, p.clone()))
            .chain(std::iter::once((folder_label, folder.clone())));
        for (label, path) in runs {
            let arg = path.to_string_lossy().into_owned();
            let m = measure(&db, &["ledger", "import", "--dry-run", &arg])?;
            line(label, &m);
            if m.peak_kb > worst.1 {
                worst = (label.to_string(), m.peak_kb);
            }
            if m.code.is_none() {
                failed.push(format!("{label}：{} 内未结束", humantime(HANG)));
            } else if m.peak_kb as f64 / 1024.0 > LIMIT_MB {
                failed.push(format!("{label}：超过 {LIMIT_MB} MB"));
            }
        }
        let worst_mb = worst.1 as f64 / 1024.0;
        println!(
            "\n最坏情形：{}，峰值 {:.1} MB（参照 {:.1} MB，为参照的 {:.1} 倍）；上限 {LIMIT_MB} MB。",
            worst.0,
            worst_mb,
            reference.peak_kb as f64 / 1024.0,
            worst.1 as f64 / reference.peak_kb.max(1) as f64
        );
        if failed.is_empty() {
            println!("全部低于 {LIMIT_MB} MB。");
            Ok(())
        } else {
            Err(failed.join("；").into())
        }
    }

    fn humantime(d: Duration) -> String {
        format!("{} 秒", d.as_secs())
    }
}
