//! `taizhang unit …`

use clap::{Args, Subcommand};

use taizhang::unit::{self, Unit, UnitInput, UnitKind};
use taizhang::{assign, Db, Error};

use super::{print_json, report};

#[derive(Subcommand, Debug)]
pub(crate) enum UnitCmd {
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
    /// 修复：把名录中的统称（各乡镇、县直各有关部门等）改回任务上的文字；已有报送的保留并列出
    RepairGroups {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Default)]
pub(crate) struct UnitFields {
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// 别名，多个用“、”分隔
    #[arg(long)]
    pub(crate) aliases: Option<String>,
    /// 类别：部门 / 乡镇 / 统称
    #[arg(long)]
    pub(crate) kind: Option<String>,
    /// 联络员
    #[arg(long)]
    pub(crate) contact: Option<String>,
    /// 联系电话
    #[arg(long)]
    pub(crate) phone: Option<String>,
}

pub(crate) fn run(db: &mut Db, cmd: UnitCmd) -> Result<(), Error> {
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
        UnitCmd::Edit {
            unit: key,
            fields,
            json,
        } => {
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
        UnitCmd::RepairGroups { json } => {
            let r = unit::repair_group_units(db)?;
            report(&r, json, || repair_text(&r))?;
        }
    }
    Ok(())
}

pub(crate) fn apply_unit_fields(mut input: UnitInput, f: UnitFields) -> Result<UnitInput, Error> {
    if let Some(v) = f.name {
        input.name = v;
    }
    if let Some(v) = f.aliases {
        input.aliases = assign::split_units(&v);
    }
    if let Some(v) = f.kind {
        input.kind = UnitKind::parse(&v).ok_or_else(|| {
            Error::Invalid(format!(
                "单位类别“{}”无效，请用：部门、乡镇、统称。",
                taizhang::limits::preview(&v)
            ))
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

pub(crate) fn print_units(units: &[Unit]) {
    for u in units {
        let aliases = if u.aliases.is_empty() {
            String::new()
        } else {
            format!("（又称：{}）", u.aliases.join("、"))
        };
        say!(
            "{:>4}  {}{}  联络员：{} {}  任务 {} 项",
            u.id,
            u.name,
            aliases,
            u.contact_name,
            u.contact_phone,
            u.task_count
        );
    }
    say!("共 {} 个单位。", units.len());
}

/// What `unit repair-groups` did, in words.
fn repair_text(r: &unit::GroupRepair) -> String {
    let mut lines: Vec<String> = Vec::new();
    for u in &r.turned_into_text {
        lines.push(format!(
            "“{}”是统称，已从单位名录移除，在 {} 项任务上保留为文字。",
            u.name, u.tasks
        ));
    }
    for u in &r.kept_with_reports {
        lines.push(format!(
            "“{}”是统称，但已有 {} 份报送，为不丢失报送而保留在单位名录中（承担 {} 项任务）。如这些报送不再需要，可先删除报送后再运行本命令。",
            u.name, u.reports, u.tasks
        ));
    }
    if lines.is_empty() {
        lines.push("单位名录中没有统称，无需修复。".to_string());
    }
    lines.join("\n")
}
