//! Argument errors and help headings in Chinese: clap's own texts are English.
//!
//! The exit codes a script can trust (see README “退出码 / Exit codes”) are defined here too.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Everything asked was done.
pub(crate) const EXIT_OK: u8 = 0;
/// Refused or failed: bad input, a refused file, a database problem. Nothing was written.
pub(crate) const EXIT_REFUSED: u8 = 1;
/// The command line itself is wrong (clap's usage errors keep clap's code).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Partly done: some files were imported, others refused (each file's reason is printed).
pub(crate) const EXIT_PARTLY: u8 = 3;

/// The exit code of a command that failed with `e`.
pub(crate) fn exit_code(e: &taizhang::Error) -> u8 {
    match e.kind() {
        taizhang::ErrorKind::Partial => EXIT_PARTLY,
        _ => EXIT_REFUSED,
    }
}

/// The command with Chinese help headings and help/version flags, in every subcommand.
pub(crate) fn localized(cmd: Command) -> Command {
    let cmd = localize_one(cmd).version(env!("CARGO_PKG_VERSION")).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本号")
            .help_heading("选项"),
    );
    cmd.disable_version_flag(true)
}

fn localize_one(mut cmd: Command) -> Command {
    let ids: Vec<(clap::Id, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().clone(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        cmd = cmd.mut_arg(id, |a| {
            a.help_heading(if positional { "参数" } else { "选项" })
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, localize_one);
    }
    cmd.help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        )
}

/// Prints a clap error (help and version as clap prints them, errors in Chinese) and returns
/// the exit code.
pub(crate) fn report(e: &clap::Error) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            EXIT_OK
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            eprintln!("错误：缺少要执行的命令，请从上面的“命令”中选一个。");
            EXIT_USAGE
        }
        _ => {
            eprintln!("错误：{}", message(e));
            EXIT_USAGE
        }
    }
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What is wrong with the command line, in Chinese, with the usage and where to find help.
pub(crate) fn message(e: &clap::Error) -> String {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 {arg} 后面缺少值。"),
        ErrorKind::InvalidValue => format!("参数 {arg} 的值“{value}”无效。"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(reason).unwrap_or_default();
            format!("参数 {arg} 的值“{value}”无效{why}。")
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”。"),
        ErrorKind::InvalidSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("没有“{sub}”这个命令。")
        }
        ErrorKind::MissingSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("“{sub}”后面缺少要执行的命令。")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数：{arg}。"),
        ErrorKind::ArgumentConflict => match text(e, ContextKind::PriorArg) {
            Some(prior) if prior == arg => format!("参数 {arg} 只能写一次。"),
            Some(prior) => format!("参数 {arg} 不能与 {prior} 同时使用。"),
            None => format!("参数 {arg} 不能与其他参数同时使用。"),
        },
        ErrorKind::NoEquals => format!("参数 {arg} 的值要用等号写在后面，如 {arg}=值。"),
        ErrorKind::TooManyValues => format!("参数 {arg} 多了一个值“{value}”。"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对。")
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 文字）。".to_string(),
        _ => "命令行参数有误。".to_string(),
    };
    if let Some(valid) = text(e, ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        out.push_str(&format!("可用的值：{valid}。"));
    }
    if let Some(s) = text(e, ContextKind::SuggestedSubcommand) {
        out.push_str(&format!("是不是要用“{s}”？"));
    } else if let Some(s) = text(e, ContextKind::SuggestedArg) {
        out.push_str(&format!("是不是要用“{s}”？"));
    } else if let Some(s) = text(e, ContextKind::ValidSubcommand) {
        out.push_str(&format!("可用的命令：{s}。"));
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let usage = usage.strip_prefix("用法：").unwrap_or(usage).trim();
        out.push_str(&format!("\n用法：{usage}"));
    }
    out.push_str("\n加 --help 可查看每个参数的说明。");
    out
}

/// Why a value did not parse, for the message: “：应为整数，如 3”.
fn reason(source: &(dyn std::error::Error + 'static)) -> String {
    if source.downcast_ref::<std::num::ParseIntError>().is_some() {
        return "：应为整数，如 3".to_string();
    }
    if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        return "：应为数字，如 1.5".to_string();
    }
    let s = source.to_string();
    if s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        format!("：{s}")
    } else {
        String::new()
    }
}
