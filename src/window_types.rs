//! The TypeScript types of what crosses to the window, generated from the Rust types (ts-rs)
//! into `ui/src/api/generated/`. The test fails when the committed files are stale; regenerate
//! them with `TAIZHANG_WRITE_TS=1 cargo test -p taizhang --lib window_types`.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use ts_rs::{Config, TS};

use crate::ledger::import::{CommitChoices, CommitReport, ImportOptions, ImportPreview};
use crate::ErrorKind;

/// Where the generated files live, from the crate's folder.
const DIR: &str = "ui/src/api/generated";
const REGENERATE: &str = "TAIZHANG_WRITE_TS=1 cargo test -p taizhang --lib window_types";

/// Writes every generated file into `dir`: the types with their dependencies, and `index.ts`.
fn export(dir: &Path) -> Result<(), Box<dyn Error>> {
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    ErrorKind::export_all(&cfg)?;
    ImportOptions::export_all(&cfg)?;
    ImportPreview::export_all(&cfg)?;
    CommitChoices::export_all(&cfg)?;
    CommitReport::export_all(&cfg)?;
    let mut index = format!("// Generated from the Rust types by `{REGENERATE}`. Do not edit.\n");
    for name in files(dir)?.keys() {
        let stem = name.trim_end_matches(".ts");
        index.push_str(&format!("export type {{ {stem} }} from './{stem}'\n"));
    }
    std::fs::write(dir.join("index.ts"), index)?;
    Ok(())
}

/// The `.ts` files of `dir` (none when it does not exist), by name.
fn files(dir: &Path) -> Result<BTreeMap<String, String>, Box<dyn Error>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.ends_with(".ts") {
            out.insert(name.to_string(), std::fs::read_to_string(&path)?);
        }
    }
    Ok(out)
}

#[test]
fn generated_typescript_types_are_up_to_date() -> Result<(), Box<dyn Error>> {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    if std::env::var_os("TAIZHANG_WRITE_TS").is_some() {
        for name in files(&committed)?.keys() {
            std::fs::remove_file(committed.join(name))?;
        }
        export(&committed)?;
    }
    let fresh = tempfile::tempdir()?;
    export(fresh.path())?;
    let (fresh, old) = (files(fresh.path())?, files(&committed)?);
    let mut stale: Vec<&str> = fresh
        .iter()
        .filter(|(name, text)| old.get(*name) != Some(*text))
        .map(|(name, _)| name.as_str())
        .collect();
    stale.extend(
        old.keys()
            .filter(|n| !fresh.contains_key(*n))
            .map(String::as_str),
    );
    assert!(
        stale.is_empty(),
        "{DIR} is stale ({}): regenerate with `{REGENERATE}` and commit the files",
        stale.join(", ")
    );
    Ok(())
}
