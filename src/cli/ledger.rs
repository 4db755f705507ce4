//! `taizhang ledger …`

use std::path::PathBuf;

use clap::{Args, Subcommand};

use serde::Serialize;

use chrono::NaiveDate;
use taizhang::deadline::format_cn;
use taizhang::ledger::import::{
    self as ledger_import, CommitChoices, FilePreview, FileResult, FileState, IdentityConflict,
    ImportOptions, LedgerImportError, Outcome, ReceivedSource,
};
use taizhang::ledger::{self, consolidate, ExportedFile, LedgerRequest};
use taizhang::period::Period;
use taizhang::{Db, Error};

use super::{default_plan, parse_day, print_json, today_arg};

#[derive(Subcommand, Debug)]
pub(crate) enum LedgerCmd {
    /// 导出工作台账：每个责任单位一个文件，另加一个汇总文件
    Export(ExportArgs),
    /// 导入各单位返回的工作台账（可一次导入多个文件；同一文件不会重复导入）
    Import(ImportArgs),
    /// 报送情况：各单位某一期是否已报送、报送时间、行数、与上期相比有变化的行数
    Status(StatusArgs),
    /// 汇总查看：某一期各单位对每项任务的报送内容、与上期相比的变化，以及任务状态
    Consolidate(ConsolidateArgs),
    /// 完成状态用语对应表：各单位写的“基本完成”“未完成”等记为哪种状态
    #[command(subcommand)]
    Words(WordsCmd),
    /// 台账上印的联系人和电话（“如有疑问，请联系…”）；不带参数时显示当前设置
    Contact(ContactArgs),
    /// 一项任务的历次进展：各单位各期报送的内容和状态，与该单位上期相比是否有变化、是否照抄
    History(HistoryArgs),
    /// 照抄识别的相似度阈值：不带参数显示当前值，带参数设定（0.5～1，如 0.9 或 90%）
    CopiedThreshold {
        value: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub(crate) struct ContactArgs {
    /// 联系人姓名（空字符串：不印）
    #[arg(long)]
    name: Option<String>,
    /// 联系电话（空字符串：不印）
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub(crate) struct HistoryArgs {
    /// 任务编号
    #[arg(long)]
    task: i64,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
pub(crate) enum WordsCmd {
    /// 列出对应表
    List {
        #[arg(long)]
        json: bool,
    },
    /// 设定一个用语记为哪种状态，如：set 基本完成 推进中
    Set {
        word: String,
        /// 已完成 / 推进中 / 未启动 / 长期坚持
        status: String,
    },
    /// 从对应表中删去一个用语
    Remove { word: String },
}

#[derive(Args, Debug)]
pub(crate) struct ImportArgs {
    /// 返回的台账文件（.xlsx / .xls），或存放它们的文件夹
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// 只预览，不写入数据库
    #[arg(long)]
    dry_run: bool,
    /// 以 JSON 输出结果
    #[arg(long)]
    json: bool,
    /// 报送单位（名称或别名）；不填则从文件中识别
    #[arg(long)]
    unit: Option<String>,
    /// 报送期次，如 2025-09；不填则从文件中识别
    #[arg(long)]
    period: Option<String>,
    /// 方案编号；不填则从文件中识别
    #[arg(long)]
    plan: Option<i64>,
    /// 该单位本期已报送时，用新文件替换（原报送保留在历史中）
    #[arg(long)]
    replace: bool,
    /// 接受所有“待确认”的任务匹配
    #[arg(long)]
    accept_doubtful: bool,
    /// 收到日期（本次所有文件），如 2025-10-03；不填则按文件时间，没有文件时间按今天
    #[arg(long, value_name = "YYYY-MM-DD")]
    received: Option<String>,
    /// 按哪一天算“今天”（默认 TAIZHANG_TODAY，否则今天），收到日期不能晚于它
    #[arg(long)]
    today: Option<String>,
    /// 本次导入中某个完成状态用语记为哪种状态，如 --word 基本完成=推进中（可多次；不改对应表）
    #[arg(long = "word", value_name = "用语=状态")]
    words: Vec<String>,
}

#[derive(Args, Debug)]
pub(crate) struct StatusArgs {
    /// 方案编号（默认：最新的方案）
    #[arg(long)]
    plan: Option<i64>,
    /// 报送期次，如 2025-09
    #[arg(long)]
    period: String,
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub(crate) struct ConsolidateArgs {
    #[command(flatten)]
    view: StatusArgs,
    /// 同时写出可直接打印的 Excel 文件（.xlsx）
    #[arg(long, value_name = "FILE.xlsx")]
    out: Option<PathBuf>,
    /// 覆盖同名文件——仅限本软件导出后未被改动过的文件（默认：都保留，新文件名加“（2）”）
    #[arg(long)]
    replace: bool,
    /// 生成日期（默认：环境变量 TAIZHANG_TODAY，或今天），如 2025-10-12
    #[arg(long)]
    today: Option<String>,
}

/// `ledger consolidate --json`: the view, with the file written when `--out` was given.
#[derive(Serialize)]
struct ConsolidatedJson<'a> {
    #[serde(flatten)]
    view: &'a consolidate::Consolidated,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    /// The file of the name asked for, kept (`file` then has another name).
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_existing: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    /// 方案编号（默认：最新的方案）
    #[arg(long)]
    plan: Option<i64>,
    /// 报送期次，如 2025-09 或 2025年9月
    #[arg(long)]
    period: String,
    /// 导出到的文件夹（须已存在）
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// 只导出这一个单位（名称或别名），不导出汇总
    #[arg(long)]
    unit: Option<String>,
    /// 不加“上期进展”列
    #[arg(long)]
    no_previous: bool,
    /// 工作表保护密码（默认：设置中保存的密码，未设置则不加密码）
    #[arg(long)]
    password: Option<String>,
    /// 覆盖同名文件——仅限本软件导出后未被改动过的文件；单位填写过返回的台账和其他文件一律保留，新文件另起名（默认：都保留，新文件名加“（2）”）
    #[arg(long)]
    replace: bool,
    #[arg(long)]
    json: bool,
}

/// Runs a `ledger` subcommand.
pub(crate) fn run(db: &mut Db, cmd: LedgerCmd) -> Result<(), Error> {
    match cmd {
        LedgerCmd::Export(args) => export(db, args),
        LedgerCmd::Import(args) => import(db, args),
        LedgerCmd::Status(args) => status(db, args),
        LedgerCmd::Consolidate(args) => consolidate_view(db, args),
        LedgerCmd::Words(cmd) => words(db, cmd),
        LedgerCmd::Contact(args) => contact(db, args),
        LedgerCmd::History(args) => history(db, args),
        LedgerCmd::CopiedThreshold { value, json } => copied_threshold(db, value, json),
    }
}

/// The office's contact printed on the ledgers.
#[derive(Serialize)]
struct ContactJson {
    contact_name: String,
    contact_phone: String,
    /// The line printed over every unit's ledger (`None`: nothing printed).
    line: Option<String>,
}

/// `ledger contact`: shows or sets the contact printed on every unit's ledger.
fn contact(db: &mut Db, args: ContactArgs) -> Result<(), Error> {
    let mut options = ledger::load_options(db)?;
    let changed = args.name.is_some() || args.phone.is_some();
    if let Some(name) = args.name {
        options.contact_name = name;
    }
    if let Some(phone) = args.phone {
        options.contact_phone = phone;
    }
    if changed {
        ledger::save_options(db, &options)?;
        options = ledger::load_options(db)?;
    }
    let line = options.contact_line();
    if args.json {
        return print_json(&ContactJson {
            contact_name: options.contact_name,
            contact_phone: options.contact_phone,
            line,
        });
    }
    match line {
        Some(l) => say!("台账上印：{l}"),
        None => say!("未设置联系人和电话，台账上不印。设置：taizhang ledger contact --name 姓名 --phone 电话"),
    }
    if changed {
        say!("已保存，下次导出的台账起生效。");
    }
    Ok(())
}

/// One file in `ledger import --json`: exactly these fields.
#[derive(Serialize)]
struct FileJson {
    file: String,
    unit: Option<String>,
    period: Option<Period>,
    /// 收到日期 and where it came from (file_time / manual / import_day).
    received_on: Option<NaiveDate>,
    received_source: Option<ReceivedSource>,
    /// Identity, header and file name disagree: the values of each.
    identity_conflict: Option<IdentityConflict>,
    matched: usize,
    new: usize,
    unmatched: usize,
    unchanged_from_previous: usize,
    /// Every row whose 完成状态 is not one of the four words: mapped by the clerk's table,
    /// guessed, or not understood, with the status proposed (none when not understood).
    status_words: Vec<StatusWordJson>,
    /// Rows matched to a task whose text the department changed: ours and theirs.
    title_edits: Vec<TitleEditJson>,
    /// Why the file was not imported (empty when it was, or would be).
    errors: Vec<String>,
    /// Matched rows marked 照抄.
    copied: usize,
    /// Every row read, with its 照抄 marker.
    rows: Vec<RowJson>,
}

/// One row of a file in `ledger import --json`.
#[derive(Serialize)]
struct RowJson {
    sheet: String,
    row: u32,
    task_id: Option<i64>,
    code: String,
    title: String,
    progress: String,
    state: ledger_import::RowState,
    /// 照抄: `{from_period, similarity, identical, from_unit_id, from_unit, text}` or null.
    copied: Option<taizhang::copied::Copied>,
}

/// A row whose status word the clerk is shown.
#[derive(Serialize)]
struct StatusWordJson {
    sheet: String,
    row: u32,
    task_id: Option<i64>,
    title: String,
    /// 完成状态 as the department wrote it.
    status_text: String,
    /// What it would be recorded as.
    status: Option<taizhang::task::Status>,
    reading: taizhang::status::Reading,
    /// `--word` decided it for this run.
    chosen: bool,
    /// What is (or would be) recorded: `status`, or the `--word` decision.
    recorded: Option<taizhang::task::Status>,
}

/// A row whose task text the department changed.
#[derive(Serialize)]
struct TitleEditJson {
    sheet: String,
    row: u32,
    task_id: Option<i64>,
    /// The plan's text.
    ours: String,
    /// The department's.
    theirs: String,
}

/// `--word 基本完成=推进中`: the word's key and the status.
fn parse_words(args: &[String]) -> Result<Vec<(String, taizhang::task::Status)>, Error> {
    args.iter()
        .map(|a| {
            let (word, status) = a.split_once(['=', '＝']).ok_or_else(|| {
                Error::Invalid(format!(
                    "--word “{}”格式不对，应为“用语=状态”，如 --word 基本完成=推进中。",
                    taizhang::limits::preview(a)
                ))
            })?;
            let key = taizhang::status::word_key(word);
            if key.is_empty() {
                return Err(Error::Invalid(
                    "--word 的用语不能为空，应为“用语=状态”，如 --word 基本完成=推进中。".into(),
                ));
            }
            Ok((key, super::parse_status(status.trim())?))
        })
        .collect()
}

/// The `--word` decisions for the rows of a file whose word is shown.
fn word_choices(
    f: &FilePreview,
    words: &[(String, taizhang::task::Status)],
) -> Vec<ledger_import::StatusChoice> {
    f.rows
        .iter()
        .filter(|r| r.status_reading.shown())
        .filter_map(|r| {
            let key = taizhang::status::word_key(&r.status_text);
            words
                .iter()
                .find(|(w, _)| *w == key)
                .map(|(_, s)| ledger_import::StatusChoice {
                    sheet: r.sheet.clone(),
                    row: r.row,
                    status: Some(*s),
                })
        })
        .collect()
}

#[derive(Serialize)]
struct ImportJson {
    batch: Option<i64>,
    files: Vec<FileJson>,
}

/// Why a previewed file will not be imported, in Chinese (empty when it will be).
fn reasons(f: &FilePreview, replace: bool) -> Vec<String> {
    let mut out: Vec<String> = f.errors().map(|i| i.message.clone()).collect();
    match f.state {
        FileState::AlreadyImported | FileState::Duplicate => out.extend(
            f.issues
                .iter()
                .filter(|i| i.kind == "already_imported" || i.kind == "duplicate_file")
                .take(1)
                .map(|i| i.message.clone()),
        ),
        FileState::Ready if f.conflict.is_some() && !replace => out.push(kept_message(f)),
        _ => {}
    }
    out
}

fn kept_message(f: &FilePreview) -> String {
    let (unit, period) = (
        f.unit.as_str(),
        f.period.map(Period::label).unwrap_or_default(),
    );
    match &f.conflict {
        Some(c) if c.submission_id.is_none() => format!(
            "“{}”与本批的“{}”都是{unit}{period}的台账，只导入了前一个。如需以后一个为准，请加 --replace。",
            f.file_name, c.file_name
        ),
        Some(c) => format!(
            "{unit}{period}已于 {} 报送过（文件“{}”），已保留原报送，未导入“{}”。如需以新文件替换（原报送保留在历史中），请加 --replace。",
            c.received_at, c.file_name, f.file_name
        ),
        None => String::new(),
    }
}

fn import(db: &mut Db, args: ImportArgs) -> Result<(), Error> {
    let today = today_arg(args.today.as_deref())?;
    let received = args.received.as_deref().map(parse_day).transpose()?;
    let words = parse_words(&args.words)?;
    let options = ImportOptions {
        plan_id: args.plan,
        unit: args.unit.clone(),
        period: args.period.as_deref().map(Period::parse).transpose()?,
        received,
        today: Some(today),
        files: Vec::new(),
        skip_copied: false,
    };
    // A folder stands for the workbooks in it.
    let preview = ledger_import::preview(db, &args.files, &options)?;
    let decided: Vec<Vec<ledger_import::StatusChoice>> = preview
        .files
        .iter()
        .map(|f| word_choices(f, &words))
        .collect();
    let choices = CommitChoices {
        replace: args.replace,
        accept_doubtful: args.accept_doubtful,
        received: None,
        today: Some(today),
        skip_copied: false,
        files: preview
            .files
            .iter()
            .zip(&decided)
            .filter(|(_, d)| !d.is_empty())
            .map(|(f, d)| ledger_import::FileChoice {
                file: f.file.clone(),
                statuses: d.clone(),
                ..Default::default()
            })
            .collect(),
    };
    let report = if args.dry_run {
        None
    } else {
        Some(ledger_import::commit(
            db,
            &preview,
            &choices,
            &mut |_, _| {},
        )?)
    };
    let results: Vec<Option<&FileResult>> = preview
        .files
        .iter()
        .map(|f| {
            report
                .as_ref()
                .and_then(|r| r.files.iter().find(|x| x.file == f.file))
        })
        .collect();
    let files: Vec<FileJson> = preview
        .files
        .iter()
        .zip(&results)
        .zip(&decided)
        .map(|((f, r), d)| {
            let imported = r.filter(|r| r.outcome == Outcome::Imported);
            let c = imported.map(|r| r.counts).unwrap_or(f.counts);
            let accepted = if args.accept_doubtful && imported.is_none() {
                c.doubtful
            } else {
                0
            };
            FileJson {
                file: f.file.display().to_string(),
                unit: (!f.unit.is_empty()).then(|| f.unit.clone()),
                period: f.period,
                received_on: imported.and_then(|r| r.received_on).or(f.received_on),
                received_source: f.received_source,
                identity_conflict: f.identity_conflict.clone(),
                matched: c.matched + accepted,
                new: c.new,
                unmatched: c.unmatched + c.doubtful - accepted,
                unchanged_from_previous: c.unchanged_from_previous,
                status_words: f
                    .rows
                    .iter()
                    .filter(|r| r.status_reading.shown())
                    .map(|r| {
                        let chosen = d.iter().find(|c| c.sheet == r.sheet && c.row == r.row);
                        StatusWordJson {
                            sheet: r.sheet.clone(),
                            row: r.row,
                            task_id: r.task_id,
                            title: r.title.clone(),
                            status_text: r.status_text.clone(),
                            status: r.status,
                            reading: r.status_reading,
                            chosen: chosen.is_some(),
                            recorded: chosen.map_or(r.status, |c| c.status),
                        }
                    })
                    .collect(),
                title_edits: f
                    .rows
                    .iter()
                    .filter(|r| r.title_edited)
                    .map(|r| TitleEditJson {
                        sheet: r.sheet.clone(),
                        row: r.row,
                        task_id: r.task_id,
                        ours: r.task_title.clone(),
                        theirs: r.title.clone(),
                    })
                    .collect(),
                errors: reasons(f, args.replace),
                copied: c.copied,
                rows: f
                    .rows
                    .iter()
                    .map(|r| RowJson {
                        sheet: r.sheet.clone(),
                        row: r.row,
                        task_id: r.task_id,
                        code: r.code.clone(),
                        title: r.title.clone(),
                        progress: r.progress.clone(),
                        state: r.state,
                        copied: r.copied.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    // Every file that is not (or would not be) imported makes the command fail: exit 1 when
    // none was, exit 3 when the others were.
    let refused: Vec<String> = preview
        .files
        .iter()
        .zip(&files)
        .zip(&results)
        .filter(|((_, j), r)| match r {
            Some(r) => r.outcome != Outcome::Imported,
            None => !j.errors.is_empty(),
        })
        .map(|((f, _), _)| f.file_name.clone())
        .collect();
    let imported = files.len() - refused.len();
    let batch = report.as_ref().and_then(|r| r.batch);
    if args.json {
        print_json(&ImportJson { batch, files })?;
    } else {
        print_import(&preview.files, &files, batch, args.dry_run);
    }
    let (count, names, dry_run) = (refused.len(), refused.join("、"), args.dry_run);
    if refused.is_empty() {
        Ok(())
    } else if imported == 0 {
        Err(LedgerImportError::NoneImported {
            count,
            names,
            dry_run,
        }
        .into())
    } else {
        Err(LedgerImportError::PartlyImported {
            count,
            names,
            imported,
            dry_run,
        }
        .into())
    }
}

fn print_import(previews: &[FilePreview], files: &[FileJson], batch: Option<i64>, dry_run: bool) {
    for (p, f) in previews.iter().zip(files) {
        let period = p.period.map(Period::label).unwrap_or_default();
        if f.errors.is_empty() {
            let received = match (f.received_on, f.received_source) {
                (Some(d), Some(s)) => format!("，收到日期 {}（{}）", format_cn(d), s.label()),
                _ => String::new(),
            };
            say!(
                "✔ {}：{}{}{received}，对应任务 {} 行（新进展 {}，复制上期 {}，照抄 {}），未对应 {} 行",
                p.file_name,
                p.unit,
                period,
                f.matched,
                f.new,
                f.unchanged_from_previous,
                f.copied,
                f.unmatched
            );
            if let Some(at) = p.period {
                for (r, c) in p.rows.iter().filter_map(|r| Some((r, r.copied.as_ref()?))) {
                    say!(
                        "    照抄：第{}行 {} {}，{}（相似度 {:.2}）",
                        r.row,
                        r.code,
                        r.title,
                        c.label(at),
                        c.similarity
                    );
                }
            }
        } else {
            say!("✘ {}：未导入", p.file_name);
            for e in &f.errors {
                say!("    {e}");
            }
        }
        for w in p
            .issues
            .iter()
            .filter(|i| i.level == ledger_import::Level::Warning)
            .filter(|_| p.state == FileState::Ready)
        {
            say!("    提示：{}", w.message);
        }
        for w in f.status_words.iter().filter(|w| w.chosen) {
            say!(
                "    本次按 --word：第{}行“{}”记为“{}”。",
                w.row,
                w.status_text,
                w.recorded.map_or("（无状态）", |s| s.label())
            );
        }
    }
    match (dry_run, batch) {
        (true, _) => say!("以上为预览，未写入数据库。"),
        (false, Some(b)) => say!("已导入，导入批次 {b}。如需撤销：taizhang import undo {b}"),
        (false, None) => say!("没有需要导入的文件，数据库未改动。"),
    }
}

/// `ledger words`: the clerk's table of status words.
fn words(db: &mut Db, cmd: WordsCmd) -> Result<(), Error> {
    match cmd {
        WordsCmd::List { json } => {
            let list = taizhang::status::words(db.conn())?;
            if json {
                return print_json(&list);
            }
            for w in &list {
                say!("{}　→　{}", w.word, w.status.label());
            }
            say!("共 {} 个用语。", list.len());
        }
        WordsCmd::Set { word, status } => {
            let status = super::parse_status(&status)?;
            let w = taizhang::status::set_word(db, &word, status)?;
            say!("已设定：“{}”记为“{}”。", w.word, w.status.label());
        }
        WordsCmd::Remove { word } => {
            taizhang::status::remove_word(db, &word)?;
            say!("已从对应表中删去“{}”。", word.trim());
        }
    }
    Ok(())
}

/// `ledger consolidate`: the 汇总查看 page of a period, task by task.
fn consolidate_view(db: &mut Db, args: ConsolidateArgs) -> Result<(), Error> {
    let today = today_arg(args.today.as_deref())?;
    let plan_id = default_plan(db, args.view.plan)?;
    let period = Period::parse(&args.view.period)?;
    let view = consolidate::consolidated(db, plan_id, period)?;
    let written = match &args.out {
        Some(out) => {
            let plan = taizhang::plan::get(db.conn(), plan_id)?;
            Some(ledger::consolidated_sheet::write_consolidated(
                &view,
                &plan.title,
                today,
                out,
                super::existing(args.replace),
            )?)
        }
        None => None,
    };
    if args.view.json {
        return print_json(&ConsolidatedJson {
            view: &view,
            file: written.as_ref().map(|w| w.path.display().to_string()),
            kept_existing: written
                .as_ref()
                .and_then(|w| w.kept_existing.as_ref())
                .map(|k| k.display().to_string()),
        });
    }
    if let Some(w) = &written {
        say!(
            "已写出：{}{}",
            w.path.display(),
            super::kept_note(w.kept_existing.as_deref())
        );
    }
    say!(
        "{} 汇总：已报 {} 个单位，未报 {} 个；新增 {} 条，有变化 {} 条，与上期相同 {} 条，本期未报 {} 条",
        period.label(),
        view.units_reported,
        view.units_missing.len(),
        view.new,
        view.changed,
        view.unchanged,
        view.missing
    );
    for t in &view.tasks {
        say!(
            "{}{} {}　【{}·{}】",
            t.section,
            t.code,
            t.title,
            t.status.label(),
            t.status_source.label()
        );
        for u in &t.units {
            let status = u.status.map(|s| s.label()).unwrap_or("—");
            let copied = u
                .copied
                .as_ref()
                .map(|c| format!("【照抄：{}】", c.label(period)))
                .unwrap_or_default();
            say!("    {}（{status}）{copied}：{}", u.unit, u.text);
        }
    }
    Ok(())
}

/// `ledger history`: one task's reports, every unit and period.
fn history(db: &mut Db, args: HistoryArgs) -> Result<(), Error> {
    let entries = consolidate::task_history(db, args.task)?;
    if args.json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        say!("还没有单位报送过此项任务的进展。");
    }
    for e in &entries {
        let status = e.status.map(|s| s.label()).unwrap_or("—");
        let mut marks = Vec::new();
        if e.replaced {
            marks.push("已被新报送替换".to_string());
        }
        match e.change {
            consolidate::Change::Changed => marks.push("有变化".to_string()),
            consolidate::Change::Unchanged => marks.push("与上期相同".to_string()),
            consolidate::Change::New | consolidate::Change::Missing => {}
        }
        if let Some(from) = e.copied_from {
            marks.push(match &e.copied_unit {
                Some(u) => format!("照抄{u}"),
                None => format!("照抄{}", from.label()),
            });
        }
        let marks = match marks.is_empty() {
            true => String::new(),
            false => format!("【{}】", marks.join("，")),
        };
        say!(
            "{} {}（{status}）{marks}：{}",
            e.period.label(),
            e.unit,
            e.text
        );
    }
    Ok(())
}

/// `ledger copied-threshold`: shows or sets the 照抄 similarity threshold.
fn copied_threshold(db: &mut Db, value: Option<String>, json: bool) -> Result<(), Error> {
    let threshold = match value {
        Some(v) => {
            let t = taizhang::copied::parse_threshold(&v)?;
            taizhang::copied::set_threshold(db, t)?
        }
        None => taizhang::copied::threshold(db.conn())?,
    };
    if json {
        return print_json(&serde_json::json!({ "threshold": threshold }));
    }
    say!(
        "照抄识别阈值：{}（进展与该单位前期报送去掉数字、日期和标点后的相似度达到此值即标为照抄）",
        threshold
    );
    Ok(())
}

fn status(db: &mut Db, args: StatusArgs) -> Result<(), Error> {
    let plan_id = default_plan(db, args.plan)?;
    let period = Period::parse(&args.period)?;
    let units = consolidate::period_status(db, plan_id, period)?;
    if args.json {
        return print_json(&units);
    }
    let plan = taizhang::plan::get(db.conn(), plan_id)?;
    if !plan.reports_on(period) {
        let window = match plan.report_window() {
            Some((from, until)) => format!("{}至{}", from.label(), until.label()),
            None => "无".to_string(),
        };
        say!(
            "{}不在该方案的报送期次内（报送期次：{window}），不需要报送。",
            period.label()
        );
    }
    let done = units.iter().filter(|u| u.reported).count();
    let late = units.iter().filter(|u| u.on_time == Some(false)).count();
    let due = units
        .iter()
        .find_map(|u| u.due)
        .map(|d| format!("（{}截止）", format_cn(d)))
        .unwrap_or_default();
    say!(
        "{}{due} 报送情况：已报 {done} 个（其中迟报 {late} 个），未报 {} 个",
        period.label(),
        units.len() - done
    );
    for u in &units {
        if u.reported {
            let when = match u.on_time {
                Some(true) => "按时",
                Some(false) => "迟报",
                None => "已报",
            };
            say!(
                "  ✔ {}　{when}　{}收到　{} 行，较上期变化 {} 行",
                u.unit,
                u.received_on.map(format_cn).unwrap_or_default(),
                u.rows,
                u.changed
            );
        } else {
            say!(
                "  ✘ {}　未报　{} {}",
                u.unit,
                u.contact_name,
                u.contact_phone
            );
        }
    }
    Ok(())
}

fn export(db: &mut Db, args: ExportArgs) -> Result<(), Error> {
    let plan_id = default_plan(db, args.plan)?;
    let mut options = ledger::load_options(db)?;
    if args.no_previous {
        options.include_previous = false;
    }
    if let Some(p) = args.password {
        options.password = Some(p);
    }
    let req = LedgerRequest {
        plan_id,
        period: Period::parse(&args.period)?,
        out_dir: args.out,
        unit: args.unit,
        existing: super::existing(args.replace),
    };
    let files = ledger::export(db, &req, &options)?;
    if args.json {
        print_json(&files)
    } else {
        print_files(&files, &req.out_dir);
        Ok(())
    }
}

pub(crate) fn print_files(files: &[ExportedFile], dir: &std::path::Path) {
    say!("已导出 {} 个文件到 {}：", files.len(), dir.display());
    for f in files {
        let name = f
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        say!(
            "  {name}（{} 项任务）{}",
            f.tasks,
            super::kept_note(f.kept_existing.as_deref())
        );
    }
}
