//! The floors of the core, lowest first. A module may use modules of its own floor and below,
//! never one above: the shared vocabulary at the bottom knows nothing of plans or ledgers, the
//! tables' owners know nothing of imports and reports. The test below reads every `crate::` and
//! `super::` path in `src/` (tests and comments aside) and fails on one that reaches up.
//!
//! | floor | modules |
//! |---|---|
//! | 0 vocabulary | `error_kind` `limits` `text` `period` `clock` `deadline` `body_names` `user_file` `document` |
//! | 1 store | `store` |
//! | 2 records (each owns its tables) | `calendar` `unit` `group` `group_phrase` `assign` `plan` `plan::batch` `task` `status` `progress` `copied` `office` |
//! | 3 plan wing, base | `plan::draft` `sample` |
//! | 4 plan wing, readers | `plan::parse` `plan::sheet` `plan::roster` `plan::draft::edit` `plan::error` `plan::history` |
//! | 5 plan wing, import | `plan::merge` `plan::import` |
//! | 6 workflows | `ledger` `remind` `report` `overview` `inbox` `binder` `backup` `evidence` |
//! | 7 boundary | `error` `trash` `window_types` (tests) |
//!
//! Each table's SQL lives in one module ([`TABLE_OWNERS`]): `assignment` in `task`
//! (`task::assignment`), `submission` and `progress` in `progress`; the others call them.

/// Tables and the module that owns their SQL: no other module names them in a query, it calls
/// the owner's functions (the test below scans `src/` for `FROM`/`JOIN`/`INTO`/`UPDATE`/`TABLE`
/// followed by the table's name, tests and comments aside).
pub const TABLE_OWNERS: &[(&str, &str)] = &[
    ("assignment", "task"),
    ("submission", "progress"),
    ("progress", "progress"),
];

/// Module path (from the crate root) → floor. The longest matching prefix decides.
pub const FLOORS: &[(&str, u8)] = &[
    ("limits", 0),
    ("text", 0),
    ("error_kind", 0),
    ("ErrorKind", 0),
    ("floors", 0),
    ("clock", 0),
    ("period", 0),
    ("deadline", 0),
    ("body_names", 0),
    ("user_file", 0),
    ("document", 0),
    ("store", 1),
    ("Db", 1),
    ("impl_from_sqlite", 1),
    ("calendar", 2),
    ("unit", 2),
    ("group", 2),
    ("group_phrase", 2),
    ("assign", 2),
    ("plan", 2),
    ("plan::batch", 2),
    ("task", 2),
    ("status", 2),
    ("progress", 2),
    ("copied", 2),
    ("office", 2),
    ("plan::draft", 3),
    ("sample", 3),
    ("plan::error", 4),
    ("plan::history", 4),
    ("plan::draft::edit", 4),
    ("plan::parse", 4),
    ("plan::sheet", 4),
    ("plan::roster", 4),
    ("plan::merge", 5),
    ("plan::import", 5),
    ("ledger", 6),
    ("remind", 6),
    ("report", 6),
    ("overview", 6),
    ("inbox", 6),
    ("binder", 6),
    ("backup", 6),
    ("evidence", 6),
    ("error", 7),
    ("Error", 7),
    ("trash", 7),
    ("window_types", 7),
];

/// The floor of a module path (`plan::parse::units`), by its longest listed prefix.
pub fn floor_of(path: &str) -> Option<u8> {
    FLOORS
        .iter()
        .filter(|(prefix, _)| {
            path == *prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with("::"))
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, floor)| *floor)
}

/// Reading the crate's own source, for the tests that check its shape (floors, clock).
#[cfg(test)]
pub(crate) mod source {
    use std::path::{Path, PathBuf};

    /// The production code of a file: line comments (docs too) and the test module dropped.
    pub(crate) fn code_of(text: &str) -> String {
        let end = text.find("#[cfg(test)]\nmod ").unwrap_or(text.len());
        text[..end]
            .lines()
            .map(|l| match l.find("//") {
                Some(i) => &l[..i],
                None => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Every `.rs` file under `dir`, pushed to `out`.
    pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::source::{code_of, rust_files};
    use super::{floor_of, TABLE_OWNERS};
    use std::path::Path;

    /// The module a source file is (`src/plan/parse/units.rs` → `plan::parse::units`).
    fn module_of(src: &Path, file: &Path) -> Vec<String> {
        let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        parts
    }

    fn is_ident(c: char) -> bool {
        c.is_alphanumeric() || c == '_'
    }

    /// Reads a use tree or a path starting at `at` (`a::b`, `a::{b, c::{d}}`), pushing every
    /// full path under `base` to `out`; returns where it stopped.
    fn tree(code: &[char], mut at: usize, base: &[String], out: &mut Vec<Vec<String>>) -> usize {
        let mut path = base.to_vec();
        loop {
            while code.get(at).is_some_and(|c| c.is_whitespace()) {
                at += 1;
            }
            if code.get(at) == Some(&'{') {
                at += 1;
                loop {
                    while code.get(at).is_some_and(|c| c.is_whitespace() || *c == ',') {
                        at += 1;
                    }
                    match code.get(at) {
                        Some('}') | None => return at + 1,
                        _ => at = tree(code, at, &path, out),
                    }
                }
            }
            let start = at;
            while code.get(at).is_some_and(|c| is_ident(*c)) {
                at += 1;
            }
            let ident: String = code[start..at].iter().collect();
            if !ident.is_empty() && ident != "self" {
                path.push(ident);
            }
            if code.get(at) == Some(&':') && code.get(at + 1) == Some(&':') {
                at += 2;
            } else {
                out.push(path);
                return at;
            }
        }
    }

    /// Every module path a file's code names through `crate::` or `super::`.
    fn used_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
        let chars: Vec<char> = code.chars().collect();
        let mut out = Vec::new();
        let mut at = 0;
        while at < chars.len() {
            let before_ok = at == 0 || !is_ident(chars[at - 1]) && chars[at - 1] != ':';
            let rest: String = chars[at..chars.len().min(at + 7)].iter().collect();
            if before_ok && rest == "crate::" {
                at = tree(&chars, at + 7, &[], &mut out);
            } else if before_ok && rest.starts_with("super::") {
                // `super` is the parent module, whether the file is a.rs or a/mod.rs.
                let mut base = module.to_vec();
                let mut up = 1;
                let mut p = at + 7;
                while chars[p..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
                    up += 1;
                    p += 7;
                }
                for _ in 0..up {
                    base.pop();
                }
                at = tree(&chars, p, &base, &mut out);
            } else {
                at += 1;
            }
        }
        out
    }

    /// Every source file of `src/`: its module path and its text.
    fn sources() -> Vec<(Vec<String>, String)> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files.sort();
        assert!(files.len() > 50, "src/ not found at {}", src.display());
        files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).unwrap_or_default();
                (module_of(&src, f), text)
            })
            .collect()
    }

    #[test]
    fn no_module_uses_a_module_on_a_floor_above_it() {
        let mut wrong = Vec::new();
        for (module, text) in &sources() {
            let name = module.join("::");
            // The binary (main.rs, cli/) and the crate root stand above every floor.
            if module.is_empty() || name == "lib" || name == "main" || name.starts_with("cli") {
                continue;
            }
            let Some(own) = floor_of(&name) else {
                wrong.push(format!(
                    "{name}: no floor; add it to FLOORS in src/floors.rs"
                ));
                continue;
            };
            for used in used_paths(&code_of(text), module) {
                let target = used.join("::");
                if target.is_empty() || target == name || target.starts_with(&format!("{name}::")) {
                    continue;
                }
                match floor_of(&target) {
                    Some(floor) if floor > own => wrong.push(format!(
                        "{name} (floor {own}) uses {target} (floor {floor})"
                    )),
                    Some(_) => {}
                    None => wrong.push(format!("{name} uses {target}: no floor in FLOORS")),
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(
            wrong.is_empty(),
            "modules reaching up:\n{}",
            wrong.join("\n")
        );
    }

    /// The owned tables `code` names in SQL: `FROM`, `JOIN`, `INTO`, `UPDATE` or `TABLE` (any
    /// case), only white space, then the table's name as a whole word.
    fn tables_named(code: &str) -> Vec<&'static str> {
        const KEYWORDS: [&str; 5] = ["from", "join", "into", "update", "table"];
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start: Option<usize> = None;
        for (i, c) in code.char_indices().chain([(code.len(), ' ')]) {
            match (start, c.is_alphanumeric() || c == '_') {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    words.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for pair in words.windows(2) {
            let ((a, b), (c, d)) = (pair[0], pair[1]);
            if !code[b..c].chars().all(char::is_whitespace) {
                continue;
            }
            let keyword = &code[a..b];
            if !KEYWORDS.iter().any(|k| keyword.eq_ignore_ascii_case(k)) {
                continue;
            }
            if let Some((table, _)) = TABLE_OWNERS.iter().find(|(t, _)| *t == &code[c..d]) {
                out.push(*table);
            }
        }
        out
    }

    #[test]
    fn each_owned_tables_sql_lives_in_its_owner() {
        let mut wrong = Vec::new();
        for (module, text) in &sources() {
            if module.iter().any(|m| m == "tests") {
                continue;
            }
            for table in tables_named(&code_of(text)) {
                let owner = TABLE_OWNERS
                    .iter()
                    .find(|(t, _)| *t == table)
                    .map_or("", |(_, o)| *o);
                if module.first().map(String::as_str) != Some(owner) {
                    wrong.push(format!(
                        "{}: SQL on `{table}`, which `{owner}` owns; call a function of `{owner}`",
                        module.join("::")
                    ));
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(
            wrong.is_empty(),
            "SQL outside its owner:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn sql_on_an_owned_table_is_found_across_lines_in_any_case() {
        assert_eq!(
            tables_named("\"SELECT 1 FROM\n     submission s LEFT join progress p\""),
            ["submission", "progress"]
        );
        assert_eq!(
            tables_named("\"insert into assignment (task_id)\", \"DELETE FROM progress\""),
            ["assignment", "progress"]
        );
        // Words that only look alike: another table, a field, a key.
        assert!(tables_named(
            "\"FROM progress_print\", from: progress, \"UPDATE task\", json[\"progress\"]"
        )
        .is_empty());
    }

    #[test]
    fn paths_in_groups_and_through_super_are_read() {
        let module = vec!["plan".to_string(), "sheet".to_string()];
        let code = "use crate::{text::squeeze, plan::{self, import::{a, b}}};\n\
                    let x = super::roster::read(); let y = crate::task::of_plan(db);";
        let found: Vec<String> = used_paths(code, &module)
            .into_iter()
            .map(|p| p.join("::"))
            .collect();
        assert_eq!(
            found,
            [
                "text::squeeze",
                "plan",
                "plan::import::a",
                "plan::import::b",
                "plan::roster::read",
                "task::of_plan"
            ]
        );
        assert_eq!(floor_of("plan::import::a"), Some(5));
        assert_eq!(floor_of("plan::Phase"), Some(2));
        assert_eq!(floor_of("planet"), None);
    }
}
