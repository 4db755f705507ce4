use super::*;
use crate::floors::source::{code_of, rust_files};
use std::path::Path;

#[test]
fn a_ticking_clock_moves_on_at_every_reading() -> Result<(), String> {
    let start = NaiveDate::from_ymd_opt(2025, 10, 8)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .ok_or("no such time")?;
    let clock = Clock::ticking_from(start);
    let copy = clock.clone();
    assert_eq!(clock.naive(), start);
    assert_eq!(copy.naive(), start + TimeDelta::milliseconds(1));
    assert_eq!(clock.today(), start.date());
    Ok(())
}

#[test]
fn the_core_never_reads_the_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "src/ not found at {}", src.display());
    // Spelled in pieces, so that this file does not name them.
    let readers: Vec<String> = ["Local", "Utc", "SystemTime"]
        .iter()
        .flat_map(|who| [format!("{who}::now"), format!("{who}::today")])
        .collect();
    let in_production = [concat!("Instant", "::now"), concat!(".elapsed", "()")];
    let mut found = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(root).unwrap_or(file);
        let name = rel.to_string_lossy().replace('\\', "/");
        // The CLI program reads the computer's clock and passes it in.
        if name == "src/main.rs" || name.starts_with("src/cli/") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let code: String = text
            .lines()
            .map(|l| l.find("//").map_or(l, |i| &l[..i]))
            .collect::<Vec<_>>()
            .join("\n");
        for r in &readers {
            if code.contains(r.as_str()) {
                found.push(format!("{name}: {r}"));
            }
        }
        let is_test_file = file.file_name().is_some_and(|f| f == "tests.rs");
        if !is_test_file {
            let production = code_of(&text);
            for r in in_production {
                if production.contains(r) {
                    found.push(format!("{name}: {r}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the core reads the clock (take a Clock or the day from the caller):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_programs_open_the_database_with_the_computers_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src").join("main.rs")];
    rust_files(&root.join("src").join("cli"), &mut files);
    rust_files(&root.join("src-tauri").join("src"), &mut files);
    let mut wrong = Vec::new();
    let mut with_clock = 0;
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        // `Db::open` and `Db::open_in_memory` tick from a fixed instant: tests and tools only.
        for call in [concat!("Db::open", "("), concat!("Db::open_in_memory", "(")] {
            if code.contains(call) {
                wrong.push(format!("{}: {call}", file.display()));
            }
        }
        with_clock += code.matches("Db::open_with_clock(").count();
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The CLI once, the desktop when it opens and before a restore.
    assert!(with_clock >= 3, "{with_clock} opens with a clock");
}
