//! The 领导小组 named in a plan: members as lines, prose or a table.

use crate::assign;
use crate::plan::draft::DraftMember;
use crate::plan::text::compare_key;

pub(crate) const ROLES: &[&str] = &[
    "第一组长",
    "常务副组长",
    "副组长",
    "组长",
    "成员",
    "办公室主任",
    "办公室副主任",
    "秘书长",
];

/// A role label at the start of a line ("组  长：", "成员:"), with the rest of the line.
fn role_line(line: &str) -> Option<(String, String)> {
    let colon = line.find([':', '：'])?;
    let label: String = line[..colon]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let role = ROLES.iter().find(|r| **r == label)?;
    let c = line[colon..]
        .chars()
        .next()
        .map(char::len_utf8)
        .unwrap_or(1);
    Some((role.to_string(), line[colon + c..].trim().to_string()))
}

pub(crate) fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n)
        && s.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
}

/// "县司法局局长" → ("县司法局", "局长"); a title with 、 or without a known position stays whole.
pub(crate) fn split_org(title: &str) -> (String, String) {
    if title.contains(['、', '，', ',']) {
        return (String::new(), title.to_string());
    }
    for p in assign::POSITIONS {
        if let Some(org) = title.strip_suffix(p) {
            if assign::looks_like_unit(org) {
                return (org.to_string(), p.to_string());
            }
        }
    }
    (String::new(), title.to_string())
}

/// People on one roster line: "张三  县委副书记、县长", "李四（县司法局局长）、王五（…）".
fn people(text: &str, role: &str) -> Vec<DraftMember> {
    let text = text.trim().trim_end_matches(['。', '；', ';']);
    let mut out = Vec::new();
    if text.contains(['（', '(']) {
        for part in text.split(['、', '，', ',', '；', ';']) {
            let part = part.trim();
            let Some(open) = part.find(['（', '(']) else {
                continue;
            };
            let name: String = part[..open]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let title = part[open..]
                .trim_matches(|c: char| "（()）".contains(c))
                .trim()
                .to_string();
            if is_person_name(&name) {
                let (org, title) = split_org(&title);
                out.push(DraftMember {
                    name,
                    title,
                    org,
                    role: role.to_string(),
                });
            }
        }
        return out;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() == 1 {
        for name in tokens[0].split(['、', '，', ',']) {
            if is_person_name(name) {
                out.push(DraftMember {
                    name: name.to_string(),
                    role: role.to_string(),
                    ..DraftMember::default()
                });
            }
        }
        return out;
    }
    // "张  三  县长": single characters are one spaced name.
    let mut k = 0;
    let mut name = String::new();
    while k < tokens.len() && name.chars().count() < 2 && tokens[k].chars().count() == 1 {
        name.push_str(tokens[k]);
        k += 1;
    }
    if name.is_empty() {
        name = tokens[0].to_string();
        k = 1;
    }
    if is_person_name(&name) {
        let (org, title) = split_org(&tokens[k..].join(""));
        out.push(DraftMember {
            name,
            title,
            org,
            role: role.to_string(),
        });
    }
    out
}

pub(super) fn roster(lines: &[String], tables: &[&Vec<Vec<String>>]) -> Vec<DraftMember> {
    let mut members: Vec<DraftMember> = Vec::new();
    let mut current: Option<String> = None;
    for line in lines {
        if let Some((role, rest)) = role_line(line) {
            members.extend(people(&rest, &role));
            current = Some(role);
            continue;
        }
        // A continuation line of the 成员 list: "王五  县财政局局长".
        match &current {
            Some(role) if line.split_whitespace().count() >= 2 => {
                let found = people(line, role);
                if found.is_empty() {
                    current = None;
                } else {
                    members.extend(found);
                }
            }
            _ => current = None,
        }
    }
    for rows in tables {
        members.extend(roster_table(rows));
    }
    let mut seen: Vec<(String, String)> = Vec::new();
    members.retain(|m| {
        let key = (m.name.clone(), m.role.clone());
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    members
}

/// A roster table: a 姓名 column and a column whose values are 组长 / 成员 ….
fn roster_table(rows: &[Vec<String>]) -> Vec<DraftMember> {
    let Some(header_at) = rows
        .iter()
        .position(|r| r.iter().any(|c| compare_key(c) == "姓名"))
    else {
        return Vec::new();
    };
    let header: Vec<String> = rows[header_at].iter().map(|c| compare_key(c)).collect();
    let name_col = header.iter().position(|h| h == "姓名");
    let role_of = |c: &str| {
        let key = compare_key(c);
        ROLES.iter().find(|r| **r == key).map(|r| r.to_string())
    };
    let role_col = (0..header.len()).find(|&c| {
        rows[header_at + 1..]
            .iter()
            .any(|r| r.get(c).is_some_and(|v| role_of(v).is_some()))
    });
    let title_col = header
        .iter()
        .enumerate()
        .position(|(i, h)| Some(i) != role_col && (h.contains("职务") || h.contains("职称")));
    let org_col = header
        .iter()
        .enumerate()
        .position(|(i, h)| Some(i) != title_col && h.contains("单位"));
    let (Some(name_col), Some(role_col)) = (name_col, role_col) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut last_role = String::new();
    for row in &rows[header_at + 1..] {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let name: String = get(Some(name_col))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Some(r) = role_of(&get(Some(role_col))) {
            last_role = r;
        }
        if !is_person_name(&name) || last_role.is_empty() {
            continue;
        }
        let mut title = get(title_col);
        let mut org = get(org_col);
        if org.is_empty() {
            let (o, t) = split_org(&title);
            org = o;
            title = t;
        }
        out.push(DraftMember {
            name,
            title,
            org,
            role: last_role.clone(),
        });
    }
    out
}
