//! `taizhang` — the command line over the same core API as the desktop app.
//!
//! `main` only parses arguments, runs one command and maps errors to a Chinese message on stderr
//! and a non-zero exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use taizhang::group::{self, Member, MemberInput};
use taizhang::plan::{self, Plan};
use taizhang::task::{self, Status, Task, TaskFilter, TaskInput};
use taizhang::unit::{self, Unit, UnitInput, UnitKind};
use taizhang::{assign, sample, store, Db, Error};

/// Prints a line to stdout; a closed pipe (`taizhang task list | head`) ends the program quietly
/// instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("错误：无法输出结果：{e}");
            std::process::exit(1);
        }
    }};
}

/// 法治政府建设台账 — 命令行工具
#[derive(Parser, Debug)]
#[command(name = "taizhang", version, about = "法治政府建设台账：任务清单、责任单位、领导小组")]
struct Cli {
    /// 数据库文件（默认：环境变量 TAIZHANG_DB，或用户数据文件夹中的 taizhang.db）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 创建（或升级）数据库
    Init,
    /// 在空数据库中载入示例县的示例方案
    Sample {
        /// 数据库已有方案时什么也不做（不报错）
        #[arg(long)]
        if_empty: bool,
    },
    /// 方案
    #[command(subcommand)]
    Plan(PlanCmd),
    /// 重点任务
    #[command(subcommand)]
    Task(TaskCmd),
    /// 责任单位
    #[command(subcommand)]
    Unit(UnitCmd),
    /// 领导小组
    #[command(subcommand)]
    Group(GroupCmd),
    /// 把数据库完整备份到一个文件
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 用备份文件替换当前数据库（替换前自动保留当前数据库的副本）
    Restore { file: PathBuf },
}

#[derive(Subcommand, Debug)]
enum PlanCmd {
    /// 列出方案
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum TaskCmd {
    /// 列出任务
    List {
        #[arg(long)]
        plan: Option<i64>,
        /// 单位名称或别名
        #[arg(long)]
        unit: Option<String>,
        /// 状态：未启动 / 推进中 / 已完成 / 长期坚持
        #[arg(long)]
        status: Option<String>,
        /// 关键词
        #[arg(long)]
        query: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 新增任务
    Add {
        #[arg(long)]
        plan: Option<i64>,
        #[command(flatten)]
        fields: TaskFields,
        #[arg(long)]
        json: bool,
    },
    /// 修改任务（只改给出的字段）
    Edit {
        id: i64,
        #[command(flatten)]
        fields: TaskFields,
        #[arg(long)]
        json: bool,
    },
    /// 删除任务（可用 undelete 撤销）
    Delete { id: i64 },
    /// 撤销删除
    Undelete { id: i64 },
}

#[derive(Args, Debug, Default)]
struct TaskFields {
    /// 章节序号，如 "(一)"
    #[arg(long)]
    section: Option<String>,
    /// 任务序号
    #[arg(long)]
    code: Option<String>,
    /// 任务名称
    #[arg(long)]
    title: Option<String>,
    /// 任务要求
    #[arg(long)]
    requirements: Option<String>,
    /// 完成时限，如 "2025年6月底前"、"长期坚持"
    #[arg(long)]
    deadline: Option<String>,
    /// 牵头单位，多个用“、”分隔
    #[arg(long)]
    lead: Option<String>,
    /// 配合单位，多个用“、”分隔
    #[arg(long)]
    co: Option<String>,
    /// 责任单位，多个用“、”分隔
    #[arg(long)]
    responsible: Option<String>,
    /// 状态：未启动 / 推进中 / 已完成 / 长期坚持
    #[arg(long)]
    status: Option<String>,
}

#[derive(Subcommand, Debug)]
enum UnitCmd {
    /// 列出责任单位
    List {
        #[arg(long)]
        json: bool,
    },
    /// 新增责任单位
    Add {
        #[command(flatten)]
        fields: UnitFields,
        #[arg(long)]
        json: bool,
    },
    /// 修改责任单位（按编号或名称）
    Edit {
        unit: String,
        #[command(flatten)]
        fields: UnitFields,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Default)]
struct UnitFields {
    #[arg(long)]
    name: Option<String>,
    /// 别名，多个用“、”分隔
    #[arg(long)]
    aliases: Option<String>,
    /// 类别：部门 / 乡镇 / 统称
    #[arg(long)]
    kind: Option<String>,
    /// 联络员
    #[arg(long)]
    contact: Option<String>,
    /// 联系电话
    #[arg(long)]
    phone: Option<String>,
}

#[derive(Subcommand, Debug)]
enum GroupCmd {
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
}

#[derive(Args, Debug, Default)]
struct MemberFields {
    #[arg(long)]
    name: Option<String>,
    /// 职务
    #[arg(long)]
    title: Option<String>,
    /// 单位
    #[arg(long)]
    org: Option<String>,
    /// 组内职务：组长 / 副组长 / 成员 / 办公室主任 …
    #[arg(long)]
    role: Option<String>,
    /// 任职日期
    #[arg(long)]
    from: Option<String>,
    /// 离任日期
    #[arg(long)]
    to: Option<String>,
}

/// A group member as the CLI prints it (`from`/`to` as issue #3 names them).
#[derive(Serialize)]
struct MemberJson<'a> {
    id: i64,
    name: &'a str,
    title: &'a str,
    org: &'a str,
    role: &'a str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<Db, Error> {
    let path = match db {
        Some(p) => p,
        None => store::default_db_path()?,
    };
    Ok(Db::open(&path)?)
}

fn print_json<T: Serialize>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Invalid(format!("无法输出 JSON：{e}")))?;
    say!("{text}");
    Ok(())
}

/// Reads a day written as 2025-08-01, 2025/8/1 or 2025年8月1日.
fn parse_day(s: &str) -> Result<NaiveDate, Error> {
    let t = s.trim();
    let normalized: String = t
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    NaiveDate::parse_from_str(&normalized, "%Y-%m-%d").map_err(|_| {
        Error::Invalid(format!(
            "日期“{t}”无法识别，请写成 2025-08-01 或 2025年8月1日 这样的格式。"
        ))
    })
}

fn parse_status(s: &str) -> Result<Status, Error> {
    Status::parse(s).ok_or_else(|| {
        Error::Invalid(format!(
            "状态“{s}”无效，请用：未启动、推进中、已完成、长期坚持。"
        ))
    })
}

fn default_plan(db: &Db, plan: Option<i64>) -> Result<i64, Error> {
    match plan {
        Some(id) => Ok(id),
        None => Ok(plan::latest_id(db)?),
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let mut db = open(cli.db)?;
    match cli.command {
        Command::Init => {
            let where_ = db.path().map(|p| p.display().to_string()).unwrap_or_default();
            say!("数据库已就绪：{where_}");
        }
        Command::Sample { if_empty } => {
            if if_empty && !plan::is_empty(&db)? {
                return Ok(());
            }
            let id = sample::load(&mut db)?;
            let plan = plan::get(db.conn(), id)?;
            let tasks = task::list(&db, &TaskFilter { plan_id: Some(id), ..Default::default() })?;
            say!("已载入示例方案（编号 {id}）：{}，共 {} 项任务。", plan.title, tasks.len());
        }
        Command::Plan(PlanCmd::List { json }) => {
            let plans = plan::list(&db)?;
            if json {
                print_json(&plans)?;
            } else {
                print_plans(&plans);
            }
        }
        Command::Task(cmd) => run_task(&mut db, cmd)?,
        Command::Unit(cmd) => run_unit(&mut db, cmd)?,
        Command::Group(cmd) => run_group(&mut db, cmd)?,
        Command::Backup { out } => {
            store::backup(&db, &out)?;
            say!("已备份到：{}", out.display());
        }
        Command::Restore { file } => {
            let kept = store::restore(&mut db, &file)?;
            say!(
                "已从“{}”恢复。恢复前的数据库已保留在：{}",
                file.display(),
                kept.display()
            );
        }
    }
    Ok(())
}

fn run_task(db: &mut Db, cmd: TaskCmd) -> Result<(), Error> {
    match cmd {
        TaskCmd::List {
            plan,
            unit,
            status,
            query,
            json,
        } => {
            let filter = TaskFilter {
                plan_id: plan,
                unit,
                status: status.as_deref().map(parse_status).transpose()?,
                query,
                ..Default::default()
            };
            let tasks = task::list(db, &filter)?;
            if json {
                print_json(&tasks)?;
            } else {
                print_tasks(&tasks);
            }
        }
        TaskCmd::Add { plan, fields, json } => {
            let plan_id = default_plan(db, plan)?;
            let base = TaskInput {
                plan_id,
                ..Default::default()
            };
            let input = apply_task_fields(db, base, fields)?;
            let t = task::add(db, &input)?;
            report_task(&t, json, "已新增")?;
        }
        TaskCmd::Edit { id, fields, json } => {
            let current = task::get(db.conn(), id)?;
            let base = TaskInput {
                plan_id: current.plan_id,
                section_id: current.section_id,
                code: current.code,
                title: current.title,
                requirements: current.requirements,
                deadline_text: current.deadline_text,
                status: current.status,
                lead_units: current.lead_units,
                co_units: current.co_units,
                responsible_units: current.responsible_units,
            };
            let input = apply_task_fields(db, base, fields)?;
            let t = task::edit(db, id, &input)?;
            report_task(&t, json, "已修改")?;
        }
        TaskCmd::Delete { id } => {
            let t = task::get(db.conn(), id)?;
            task::delete(db, id)?;
            say!(
                "已删除任务 {id}（{}）。如需撤销：taizhang task undelete {id}",
                t.title
            );
        }
        TaskCmd::Undelete { id } => {
            let t = task::undelete(db, id)?;
            say!("已恢复任务 {id}（{}）。", t.title);
        }
    }
    Ok(())
}

fn report_task(t: &Task, json: bool, verb: &str) -> Result<(), Error> {
    if json {
        print_json(t)
    } else {
        say!("{verb}任务 {}：{} {}", t.id, t.code, t.title);
        Ok(())
    }
}

fn apply_task_fields(db: &Db, mut input: TaskInput, f: TaskFields) -> Result<TaskInput, Error> {
    if let Some(section) = f.section {
        input.section_id = find_section(db, input.plan_id, &section)?;
    }
    if let Some(v) = f.code {
        input.code = v;
    }
    if let Some(v) = f.title {
        input.title = v;
    }
    if let Some(v) = f.requirements {
        input.requirements = v;
    }
    if let Some(v) = f.deadline {
        input.deadline_text = v;
    }
    if let Some(v) = f.lead {
        input.lead_units = assign::split_units(&v);
    }
    if let Some(v) = f.co {
        input.co_units = assign::split_units(&v);
    }
    if let Some(v) = f.responsible {
        input.responsible_units = assign::split_units(&v);
    }
    if let Some(v) = f.status {
        input.status = parse_status(&v)?;
    }
    Ok(input)
}

/// A section by its code ("(一)", "（一）") or id; empty means no section.
fn find_section(db: &Db, plan_id: i64, key: &str) -> Result<Option<i64>, Error> {
    let key = key.trim();
    if key.is_empty() {
        return Ok(None);
    }
    let fold = |s: &str| -> String {
        s.replace('（', "(")
            .replace('）', ")")
            .replace(['、', '.', '．', ' '], "")
    };
    let sections = plan::sections(db, plan_id)?;
    sections
        .iter()
        .find(|s| fold(&s.code) == fold(key) || s.id.to_string() == key || s.title == key)
        .map(|s| Some(s.id))
        .ok_or_else(|| {
            let known: Vec<String> = sections.iter().map(|s| s.code.clone()).collect();
            Error::Invalid(format!(
                "方案中没有章节“{key}”。可用的章节：{}",
                known.join(" ")
            ))
        })
}

fn run_unit(db: &mut Db, cmd: UnitCmd) -> Result<(), Error> {
    match cmd {
        UnitCmd::List { json } => {
            let units = unit::list(db)?;
            if json {
                print_json(&units)?;
            } else {
                print_units(&units);
            }
        }
        UnitCmd::Add { fields, json } => {
            let input = apply_unit_fields(UnitInput::default(), fields)?;
            let u = unit::add(db, &input)?;
            report(&u, json, || format!("已新增责任单位 {}：{}", u.id, u.name))?;
        }
        UnitCmd::Edit { unit: key, fields, json } => {
            let id = match key.parse::<i64>() {
                Ok(id) => id,
                Err(_) => unit::resolve(db.conn(), &key)?,
            };
            let current = unit::get(db.conn(), id)?;
            let base = UnitInput {
                name: current.name,
                aliases: current.aliases,
                kind: current.kind,
                contact_name: current.contact_name,
                contact_phone: current.contact_phone,
            };
            let input = apply_unit_fields(base, fields)?;
            let u = unit::edit(db, id, &input)?;
            report(&u, json, || format!("已修改责任单位 {}：{}", u.id, u.name))?;
        }
    }
    Ok(())
}

fn report<T: Serialize>(value: &T, json: bool, text: impl FnOnce() -> String) -> Result<(), Error> {
    if json {
        print_json(value)
    } else {
        say!("{}", text());
        Ok(())
    }
}

fn apply_unit_fields(mut input: UnitInput, f: UnitFields) -> Result<UnitInput, Error> {
    if let Some(v) = f.name {
        input.name = v;
    }
    if let Some(v) = f.aliases {
        input.aliases = assign::split_units(&v);
    }
    if let Some(v) = f.kind {
        input.kind = UnitKind::parse(&v).ok_or_else(|| {
            Error::Invalid(format!("单位类别“{v}”无效，请用：部门、乡镇、统称。"))
        })?;
    }
    if let Some(v) = f.contact {
        input.contact_name = v;
    }
    if let Some(v) = f.phone {
        input.contact_phone = v;
    }
    Ok(input)
}

fn run_group(db: &mut Db, cmd: GroupCmd) -> Result<(), Error> {
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
        GroupCmd::Add { fields, json } => {
            let input = apply_member_fields(MemberInput::default(), fields)?;
            let m = group::add(db, &input)?;
            report(&member_json(&m), json, || {
                format!("已新增领导小组成员 {}：{}（{}）", m.id, m.name, m.role)
            })?;
        }
        GroupCmd::Edit { id, fields, json } => {
            let current = group::get(db.conn(), id)?;
            let base = MemberInput {
                name: current.name,
                title: current.title,
                org: current.org,
                role: current.role,
                from: current.from,
                to: current.to,
            };
            let input = apply_member_fields(base, fields)?;
            let m = group::edit(db, id, &input)?;
            report(&member_json(&m), json, || {
                format!("已修改领导小组成员 {}：{}（{}）", m.id, m.name, m.role)
            })?;
        }
    }
    Ok(())
}

fn member_json(m: &Member) -> MemberJson<'_> {
    MemberJson {
        id: m.id,
        name: &m.name,
        title: &m.title,
        org: &m.org,
        role: &m.role,
        from: m.from,
        to: m.to,
    }
}

/// An empty date argument clears the date.
fn optional_day(s: &str) -> Result<Option<NaiveDate>, Error> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_day(s).map(Some)
    }
}

fn apply_member_fields(mut input: MemberInput, f: MemberFields) -> Result<MemberInput, Error> {
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
    Ok(input)
}

fn print_plans(plans: &[Plan]) {
    if plans.is_empty() {
        say!("还没有方案。可运行 `taizhang sample` 载入示例方案。");
    }
    for p in plans {
        say!("{:>4}  {}  {}", p.id, p.title, p.doc_no);
    }
}

fn print_tasks(tasks: &[Task]) {
    if tasks.is_empty() {
        say!("没有符合条件的任务。");
        return;
    }
    for t in tasks {
        let mut units = t.lead_units.join("、");
        if !t.co_units.is_empty() {
            units.push_str(&format!("（配合：{}）", t.co_units.join("、")));
        }
        if !t.responsible_units.is_empty() {
            units.push_str(&t.responsible_units.join("、"));
        }
        say!(
            "{:>5}  {}{}  {}  [{}]  {}  {}",
            t.id,
            t.section,
            t.code,
            t.title,
            units,
            t.deadline_text,
            t.status.label()
        );
    }
    say!("共 {} 项任务。", tasks.len());
}

fn print_units(units: &[Unit]) {
    for u in units {
        let aliases = if u.aliases.is_empty() {
            String::new()
        } else {
            format!("（又称：{}）", u.aliases.join("、"))
        };
        say!(
            "{:>4}  {}{}  联络员：{} {}  任务 {} 项",
            u.id, u.name, aliases, u.contact_name, u.contact_phone, u.task_count
        );
    }
    say!("共 {} 个单位。", units.len());
}

fn print_members(members: &[Member]) {
    for m in members {
        say!("{:>4}  {}  {}  {}  {}", m.id, m.role, m.name, m.title, m.org);
    }
    say!("共 {} 人。", members.len());
}
