//! `taizhang` — the command line over the same core API as the desktop app.
//!
//! `main` only parses arguments, runs one command and maps errors to a Chinese message on stderr
//! and a non-zero exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use taizhang::clock::Clock;
use taizhang::task::TaskFilter;
use taizhang::{plan, sample, store, task, Db, Error};

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

mod cli;

/// The allocator of this binary: reading a month's ledgers makes many small allocations on
/// several threads, which mimalloc serves without glibc's per-thread arenas handing pages back
/// to the kernel and faulting them in again (about a fifth of the import's time in
/// `cargo bench --bench ledger_import`). Set here, not in the library, so the library leaves
/// the choice to the program.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 法治政府建设台账 — 命令行工具
#[derive(Parser, Debug)]
#[command(
    name = "taizhang",
    version,
    about = "法治政府建设台账：任务清单、责任单位、领导小组"
)]
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
        /// 示例方案按这一天所在的年份编排日期（默认：环境变量 TAIZHANG_TODAY，或今天），如 2025-10-06
        #[arg(long)]
        today: Option<String>,
    },
    /// 方案
    #[command(subcommand)]
    Plan(cli::plan::PlanCmd),
    /// 重点任务
    #[command(subcommand)]
    Task(cli::task::TaskCmd),
    /// 责任单位
    #[command(subcommand)]
    Unit(cli::unit::UnitCmd),
    /// 领导小组
    #[command(subcommand)]
    Group(cli::group::GroupCmd),
    /// 工作台账：导出、导入、报送情况
    #[command(subcommand)]
    Ledger(cli::ledger::LedgerCmd),
    /// 台账导入记录：列出、撤销
    #[command(subcommand)]
    Import(cli::import::ImportCmd),
    /// 报送提醒：某一天的报送截止、逾期、任务到期和工作阶段
    Remind(cli::remind::RemindArgs),
    /// 汇总报表：汇总台账、进展统计、报送情况通报（可写出可直接打印的 Excel）
    #[command(subcommand)]
    Report(cli::report::ReportCmd),
    /// 发文单位：通报落款的发文机关、领导小组名称（不带参数时显示）
    Office(cli::office::OfficeArgs),
    /// 工作日日历（法定节假日和调休上班）
    #[command(subcommand)]
    Calendar(cli::remind::CalendarCmd),
    /// 催报：未报单位的联络员、电话和催报信息
    Chase(cli::remind::ChaseArgs),
    /// 备份：备份到文件（--out），每日自动备份（auto），备份列表（list），保留份数（keep）
    Backup(cli::backup::BackupArgs),
    /// 佐证材料：添加到任务（按单位、期次）、列出、移入回收站、恢复、导出督察材料包
    #[command(subcommand)]
    Evidence(cli::evidence::EvidenceCmd),
    /// 收件文件夹：微信或邮件保存收到文件的文件夹中，等待导入的工作台账
    #[command(subcommand)]
    Inbox(cli::inbox::InboxCmd),
    /// 用备份文件替换当前数据库（替换前自动保留当前数据库的副本）
    Restore { file: PathBuf },
}

/// Exit codes (README “退出码 / Exit codes”): 0 done, 1 refused or failed (nothing written),
/// 2 a wrong command line, 3 partly done (some files of an import refused).
fn main() -> ExitCode {
    let parsed = cli::usage::localized(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(cli::usage::report(&e)),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(cli::usage::exit_code(&e))
        }
    }
}

/// `--db`, else `TAIZHANG_DB`, else the OS data folder.
fn db_path(db: Option<PathBuf>) -> Result<PathBuf, Error> {
    match db {
        Some(p) => Ok(p),
        None => Ok(store::default_db_path()?),
    }
}

/// This computer's clock: the core reads the time only through it.
fn computer_clock() -> Clock {
    Clock::new(chrono::Local::now)
}

fn run(cli: Cli) -> Result<(), Error> {
    if let Command::Restore { file } = &cli.command {
        // Restore works on the file itself, so that a database that no longer opens (damaged, or
        // written by a newer version) can still be replaced by a good backup.
        let db_file = db_path(cli.db)?;
        let kept = store::restore_file(&db_file, file, &computer_clock())?;
        let evidence = taizhang::backup::restore_evidence(&db_file, file)?;
        if evidence > 0 {
            say!("已找回备份中的佐证材料 {evidence} 个文件。");
        }
        if kept.exists() {
            say!(
                "已从“{}”恢复。恢复前的数据库已保留在：{}",
                file.display(),
                kept.display()
            );
        } else {
            say!("已从“{}”恢复。", file.display());
        }
        return Ok(());
    }
    let mut db = Db::open_with_clock(&db_path(cli.db)?, computer_clock())?;
    match cli.command {
        Command::Init => {
            let where_ = db
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            say!("数据库已就绪：{where_}");
        }
        Command::Sample { if_empty, today } => {
            let today = cli::today_arg(today.as_deref())?;
            if if_empty && !plan::is_empty(&db)? {
                return Ok(());
            }
            let id = sample::load_in(&mut db, today)?;
            let plan = plan::get(db.conn(), id)?;
            let tasks = task::list(
                &db,
                &TaskFilter {
                    plan_id: Some(id),
                    ..Default::default()
                },
            )?;
            say!(
                "已载入示例方案（编号 {id}）：{}，共 {} 项任务。",
                plan.title,
                tasks.len()
            );
        }
        Command::Plan(cmd) => cli::plan::run(&mut db, cmd)?,
        Command::Task(cmd) => cli::task::run(&mut db, cmd)?,
        Command::Unit(cmd) => cli::unit::run(&mut db, cmd)?,
        Command::Group(cmd) => cli::group::run(&mut db, cmd)?,
        Command::Ledger(cmd) => cli::ledger::run(&mut db, cmd)?,
        Command::Import(cmd) => cli::import::run(&mut db, cmd)?,
        Command::Remind(args) => cli::remind::run_remind(&db, args)?,
        Command::Report(cmd) => cli::report::run(&db, cmd)?,
        Command::Office(args) => cli::office::run(&mut db, args)?,
        Command::Calendar(cmd) => cli::remind::run_calendar(&mut db, cmd)?,
        Command::Chase(args) => cli::remind::run_chase(&mut db, args)?,
        Command::Inbox(cmd) => cli::inbox::run(&mut db, cmd)?,
        Command::Evidence(cmd) => cli::evidence::run(&mut db, cmd)?,
        Command::Backup(args) => cli::backup::run(&mut db, args)?,
        Command::Restore { .. } => {}
    }
    Ok(())
}
