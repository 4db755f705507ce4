//! Standard names of government bodies and their short forms (发展和改革局 = 发改委 = 发改局),
//! shipped in `assets/unit_names/unit_names.txt`; a clerk adds local forms in a `unit_names.txt`
//! beside the database (same format). Used to recognise a unit written in a short form and to
//! match it to the directory.

use std::path::Path;
use std::sync::OnceLock;

/// The shipped list.
pub const SHIPPED_TXT: &str = include_str!("../assets/unit_names/unit_names.txt");

/// The file name of a clerk's own list, beside the database.
pub const USER_FILE: &str = "unit_names.txt";

/// Every written form with the standard form it stands for, longest forms first.
#[derive(Debug, Clone, Default)]
pub struct BodyNames {
    forms: Vec<(String, String)>,
}

impl BodyNames {
    /// Reads lines "标准写法 = 简称 = …"; `#` starts a comment; malformed lines are skipped.
    pub fn parse(text: &str) -> BodyNames {
        let mut names = BodyNames::default();
        names.add(text);
        names
    }

    fn add(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            let forms: Vec<String> = line
                .split(['=', '＝'])
                .map(|f| f.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                .filter(|f| !f.is_empty())
                .collect();
            let Some(standard) = forms.first() else {
                continue;
            };
            for f in &forms {
                if !self.forms.iter().any(|(x, _)| x == f) {
                    self.forms.push((f.clone(), standard.clone()));
                }
            }
        }
        self.forms
            .sort_by_key(|f| std::cmp::Reverse(f.0.chars().count()));
    }

    /// The shipped list.
    pub fn shipped() -> &'static BodyNames {
        static SHIPPED: OnceLock<BodyNames> = OnceLock::new();
        SHIPPED.get_or_init(|| BodyNames::parse(SHIPPED_TXT))
    }

    /// The shipped list with the clerk's `unit_names.txt` in `dir` added (when there is one and
    /// it is readable text; a list that cannot be read changes nothing).
    pub fn with_user_list(dir: &Path) -> BodyNames {
        let mut names = BodyNames::shipped().clone();
        if let Ok(bytes) = std::fs::read(dir.join(USER_FILE)) {
            if let Ok(text) = String::from_utf8(bytes) {
                names.add(&text);
            }
        }
        names
    }

    /// A key that is the same for every written form of one body: 县发改委, 县发展和改革局 and
    /// 县发展改革局 give the same key.
    pub fn key(&self, name: &str) -> String {
        let squeezed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let mut rest = squeezed.as_str();
        let mut out = String::with_capacity(rest.len());
        'outer: while !rest.is_empty() {
            for (form, standard) in &self.forms {
                if let Some(after) = rest.strip_prefix(form.as_str()) {
                    out.push_str(standard);
                    rest = after;
                    continue 'outer;
                }
            }
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// Whether a name ends with a known body name or short form (县人大常委会, 县政协).
    pub fn ends_with_body(&self, name: &str) -> bool {
        self.forms
            .iter()
            .any(|(f, _)| f.chars().count() >= 2 && name.ends_with(f.as_str()) && name != f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_forms_share_a_key() {
        let names = BodyNames::shipped();
        let key = names.key("县发展和改革局");
        for n in ["县发改委", "县发改局", "县发展改革委", "县 发展改革局"] {
            assert_eq!(names.key(n), key, "{n}");
        }
        assert_eq!(names.key("县政府办公室"), names.key("县政府办"));
        assert_eq!(names.key("县市场监管局"), names.key("县市场监督管理局"));
        assert_ne!(names.key("县司法局"), names.key("县财政局"));
    }

    #[test]
    fn a_clerks_list_adds_local_forms() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(
            dir.path().join(USER_FILE),
            "# 本县写法\n融媒体中心 = 融媒中心\n",
        )?;
        let names = BodyNames::with_user_list(dir.path());
        assert_eq!(names.key("县融媒中心"), names.key("县融媒体中心"));
        assert_ne!(
            BodyNames::shipped().key("县融媒中心"),
            BodyNames::shipped().key("县融媒体中心")
        );
        // No list, or one that is not text: the shipped list.
        std::fs::write(dir.path().join(USER_FILE), [0xff, 0xfe, 0x00])?;
        assert_eq!(
            BodyNames::with_user_list(dir.path()).key("县发改委"),
            BodyNames::shipped().key("县发展和改革局")
        );
        Ok(())
    }

    #[test]
    fn bodies_without_a_usual_ending_are_recognised() {
        let names = BodyNames::shipped();
        assert!(names.ends_with_body("县政协"));
        assert!(names.ends_with_body("县人大常委会"));
        assert!(!names.ends_with_body("政协"));
        assert!(!names.ends_with_body("加强协作"));
    }
}
