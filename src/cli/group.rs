//! `taizhang group …`

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use taizhang::deadline::format_cn;
use taizhang::group::{self, Member, MemberInput};
use taizhang::plan::roster::{self, EntryStatus, RosterCommit, RosterDraft};
use taizhang::{ledger, Db, Error};

use super::{if_any, optional_day, parse_day, print_json, report};

#[derive(Subcommand, Debug)]
pub(crate) enum GroupCmd {
    /// 列出领导小组成员（可指定某一天的名单）
    List {
        /// 日期，如 2025-08-01 或 2025年8月1日
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 新增成员
    Add {
        #[command(flatten)]
        fields: MemberFields,
        #[arg(long)]
        json: bool,
    },
    /// 修改成员
    Edit {
        id: i64,
        #[command(flatten)]
        fields: MemberFields,
        #[arg(long)]
        json: bool,
    },
    /// 删除成员（移入回收站，可用 undelete 恢复）
    Delete { id: i64 },
    /// 从回收站恢复成员
    Undelete { id: i64 },
    /// 回收站：已删除的成员，含删除时间
    Deleted {
        #[arg(long)]
        json: bool,
    },
    /// 导出领导小组名单（.xlsx，可直接打印）
    Export {
        /// 名单日期（默认：今天），如 2025-08-01 或 2025年8月1日
        #[arg(long)]
        on: Option<String>,
        /// 导出的文件，如 领导小组名单.xlsx
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 覆盖同名文件——仅限本软件导出后未被改动过的文件；单位填写过的台账和其他文件一律保留，新文件另起名（默认：都保留，新文件名加“（2）”）
        #[arg(long)]
        replace: bool,
        #[arg(long)]
        json: bool,
    },
    /// 导入领导小组名单（.xlsx/.xls，或列出名单的文件 .docx/.doc/.wps/.txt，如关于成立领导小组的通知）：新成员加入，职务、单位或备注有变化的更新，重复导入不作改动。
    /// 姓名旁的注记（如 陈立新（兼）、刘海燕*）作为备注保存。
    /// 指定 --on 时，名单中没有的现任成员将离任：先用 --dry-run 查看离任名单，核对无误后加 --retire 导入；
    /// 不加 --retire 时有人离任则不写入任何内容并列出这些成员。无法识别姓名的行会列出，且不会让任何成员因此离任。
    /// 通知中列出的成员单位（单位而不是人）加入责任单位名录。
    Import {
        /// 名单文件
        file: PathBuf,
        /// 名单生效日期：新成员自该日起任职，名单中没有的现任成员前一日离任（须加 --retire 确认）
        #[arg(long)]
        on: Option<String>,
        /// 确认名单中没有的现任成员离任（先用 --dry-run 核对离任名单）
        #[arg(long)]
        retire: bool,
        /// 只识别并显示结果，不写入数据库
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// 撤销最近一次领导小组名单导入
    UndoImport {
        /// 导入编号（默认：最近一次）
        #[arg(long)]
        batch: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Default)]
pub(crate) struct MemberFields {
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// 职务
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// 单位
    #[arg(long)]
    pub(crate) org: Option<String>,
    /// 组内职务：组长 / 副组长 / 成员 / 办公室主任 …
    #[arg(long)]
    pub(crate) role: Option<String>,
    /// 任职日期
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// 离任日期
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// 备注，如 兼、挂职
    #[arg(long)]
    pub(crate) note: Option<String>,
}

/// A group member as the CLI prints it (`from`/`to` as issue #3 names them).
#[derive(Serialize)]
pub(crate) struct MemberJson<'a> {
    pub(crate) id: i64,
    pub(crate) name: &'a str,
    pub(crate) title: &'a str,
    pub(crate) org: &'a str,
    pub(crate) role: &'a str,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    /// 备注（名单中姓名旁的注记，如 兼、挂职）.
    pub(crate) note: &'a str,
}

pub(crate) fn run(db: &mut Db, cmd: GroupCmd) -> Result<(), Error> {
    match cmd {
        GroupCmd::List { on, json } => {
            let day = on.as_deref().map(parse_day).transpose()?;
            let members = group::list(db, day)?;
            if json {
                let rows: Vec<MemberJson<'_>> = members.iter().map(member_json).collect();
                print_json(&rows)?;
            } else {
                print_members(&members);
            }
        }
        GroupCmd::Delete { id } => {
            let m = group::get(db.conn(), id)?;
            group::delete(db, id)?;
            say!(
                "已删除成员 {id}（{}）。可在回收站恢复：taizhang group undelete {id}",
                m.name
            );
        }
        GroupCmd::Undelete { id } => {
            let m = group::undelete(db, id)?;
            say!("已恢复成员 {id}（{}）。", m.name);
        }
        GroupCmd::Deleted { json } => {
            let members = taizhang::trash::deleted_members(db)?;
            if json {
                print_json(&members)?;
            } else if members.is_empty() {
                say!("回收站中没有已删除的成员。");
            } else {
                for d in &members {
                    say!(
                        "{:>4}  {}  {}  {}  删除于 {}",
                        d.member.id,
                        d.member.name,
                        d.member.role,
                        d.member.title,
                        super::task::deleted_day(&d.deleted_at)
                    );
                }
                say!(
                    "共 {} 名已删除的成员。恢复：taizhang group undelete 编号",
                    members.len()
                );
            }
        }
        GroupCmd::Add { fields, json } => {
            let input = apply_member_fields(MemberInput::default(), fields)?;
            let m = group::add(db, &input)?;
            report(&member_json(&m), json, || {
                format!("已新增领导小组成员 {}：{}（{}）", m.id, m.name, m.role)
            })?;
        }
        GroupCmd::Edit { id, fields, json } => {
            let current = group::get(db.conn(), id)?;
            let input = apply_member_fields(MemberInput::from(current), fields)?;
            let m = group::edit(db, id, &input)?;
            report(&member_json(&m), json, || {
                format!("已修改领导小组成员 {}：{}（{}）", m.id, m.name, m.role)
            })?;
        }
        GroupCmd::Export {
            on,
            out,
            replace,
            json,
        } => {
            let day = match on.as_deref() {
                Some(s) => parse_day(s)?,
                None => chrono::Local::now().date_naive(),
            };
            let f = ledger::export_roster(db, day, &out, super::existing(replace))?;
            report(&f, json, || {
                format!(
                    "已导出领导小组名单（{} 人）：{}{}",
                    f.tasks,
                    f.file.display(),
                    super::kept_note(f.kept_existing.as_deref())
                )
            })?;
        }
        GroupCmd::Import {
            file,
            on,
            retire,
            dry_run,
            json,
        } => {
            let on = on.as_deref().map(parse_day).transpose()?;
            import_roster(db, &file, on, retire, dry_run, json)?;
        }
        GroupCmd::UndoImport { batch, json } => {
            super::backup_before(db, taizhang::backup::Change::Undo)?;
            let r = roster::undo(db, batch)?;
            report(&r, json, || {
                format!(
                    "已撤销领导小组名单导入（{}）：移除新增成员 {} 人，恢复成员信息 {} 人{}。",
                    r.file,
                    r.removed,
                    r.restored,
                    if_any(r.units_removed, |n| format!("，移除新增的责任单位 {n} 个"))
                )
            })?;
        }
    }
    Ok(())
}

/// Reads a roster file (a workbook, or a document listing the group), prints what it holds and,
/// unless `dry_run`, commits it: `group import`, and `plan import --roster-only`.
pub(crate) fn import_roster(
    db: &mut Db,
    file: &std::path::Path,
    on: Option<NaiveDate>,
    retire: bool,
    dry_run: bool,
    json: bool,
) -> Result<(), Error> {
    let mut draft = roster::draft_from_file(db.conn(), file, on)?;
    draft.retire = retire;
    let committed = if dry_run {
        None
    } else {
        Some(roster::commit(db, &draft)?)
    };
    let summary = RosterSummary {
        dry_run,
        committed: committed.as_ref(),
        draft: &draft,
    };
    if json {
        print_json(&summary)
    } else {
        print_roster(&summary);
        Ok(())
    }
}

/// What `group import --json` prints: the draft, and what the commit did.
#[derive(Serialize)]
struct RosterSummary<'a> {
    dry_run: bool,
    /// `null` with --dry-run; `batch_id` is `null` when nothing changed.
    committed: Option<&'a RosterCommit>,
    #[serde(flatten)]
    draft: &'a RosterDraft,
}

fn print_roster(s: &RosterSummary<'_>) {
    let d = s.draft;
    if !d.title.is_empty() {
        say!("名单：{}", d.title);
    }
    for e in &d.members {
        let status = match e.status {
            EntryStatus::New => "新增",
            EntryStatus::Same => "已有",
            EntryStatus::Changed => "更新",
        };
        let note = if e.note.is_empty() {
            String::new()
        } else {
            format!("  备注：{}", e.note)
        };
        say!(
            "  [{status}] {}  {}  {}  {}{note}",
            e.member.role,
            e.member.name,
            e.member.title,
            e.member.org
        );
    }
    if !d.unreadable.is_empty() {
        say!("！无法识别姓名的行（未导入，相关成员不会因此离任）：");
        for u in &d.unreadable {
            say!("  [无法识别] “{}”第{}行：{}", u.sheet, u.row, u.text);
        }
    }
    if !d.leaving.is_empty() {
        let done = s.committed.is_some_and(|c| c.batch_id.is_some());
        let verb = if done { "已办理离任" } else { "将离任" };
        say!("！以下 {} 位现任成员不在名单中，{verb}：", d.leaving.len());
        for l in &d.leaving {
            let to = l.to.map(format_cn).unwrap_or_default();
            say!("  [离任] {}  {}  （任职至 {to}）", l.role, l.name);
        }
        if s.committed.is_none() {
            say!("  核对无误后，加 --retire 导入以确认离任。");
        }
    }
    for l in &d.kept {
        say!(
            "  [保留] {}  {}  （不在已识别的名单中，因有无法识别的行而保留）",
            l.role,
            l.name
        );
    }
    if !d.bodies.is_empty() {
        let names: Vec<String> = d
            .bodies
            .iter()
            .map(|b| match b.unit_id {
                Some(_) => b.name.clone(),
                None => format!("{}（新增）", b.name),
            })
            .collect();
        say!(
            "成员单位（加入责任单位名录，不作为成员）：{}",
            names.join("、")
        );
    }
    for w in &d.warnings {
        say!("提示：{w}");
    }
    match s.committed {
        None => say!("（试运行：未写入数据库）"),
        Some(c) if c.batch_id.is_none() => say!("领导小组中已有名单中的全部成员，未作改动。"),
        Some(c) => say!(
            "已导入：新增 {} 人，更新 {} 人，离任 {} 人{}。如需撤销：taizhang group undo-import",
            c.added,
            c.updated,
            c.left,
            if_any(c.units_added, |n| format!("；新增责任单位 {n} 个"))
        ),
    }
}

pub(crate) fn member_json(m: &Member) -> MemberJson<'_> {
    MemberJson {
        id: m.id,
        name: &m.name,
        title: &m.title,
        org: &m.org,
        role: &m.role,
        from: m.from,
        to: m.to,
        note: &m.note,
    }
}

pub(crate) fn apply_member_fields(
    mut input: MemberInput,
    f: MemberFields,
) -> Result<MemberInput, Error> {
    if let Some(v) = f.name {
        input.name = v;
    }
    if let Some(v) = f.title {
        input.title = v;
    }
    if let Some(v) = f.org {
        input.org = v;
    }
    if let Some(v) = f.role {
        input.role = v;
    }
    if let Some(v) = f.from {
        input.from = optional_day(&v)?;
    }
    if let Some(v) = f.to {
        input.to = optional_day(&v)?;
    }
    if let Some(v) = f.note {
        input.note = v;
    }
    Ok(input)
}

pub(crate) fn print_members(members: &[Member]) {
    for m in members {
        let note = if m.note.is_empty() {
            String::new()
        } else {
            format!("  （{}）", m.note)
        };
        say!(
            "{:>4}  {}  {}  {}  {}{note}",
            m.id,
            m.role,
            m.name,
            m.title,
            m.org
        );
    }
    say!("共 {} 人。", members.len());
}
