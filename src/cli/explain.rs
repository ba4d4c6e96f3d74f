//! `strat explain`: for one debtor on one date, print the derived field values, each rule's
//! verdict (with the first failing condition), the actions chosen and every guardrail
//! decision, as text (`--format human`) or JSON. Exit 0; 1 when the strategy has errors, the
//! debtor is unknown or its data cannot be used; 2 on a bad argument or an unreadable file.
//! The explanation itself is `plan::explain`'s; this file only does the IO around it.

use super::plan::{
    load_calendar, load_strategy, open_plan_store, open_portfolio, parse_as_of, Failure,
};
use crate::eval::program::Program;
use crate::plan::build::{DebtorInputs, PlanContext, Planner};
use crate::plan::explain::{explain_debtor, render_human};
use crate::plan::services::Engines;
use crate::portfolio::derive::{derive, DeriveSpec, Derived};
use crate::portfolio::load::load_debtor;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The strategy file.
    #[arg(long, value_name = "S.strat")]
    pub strategy: PathBuf,
    /// The portfolio database (see `strat import`).
    #[arg(long, value_name = "P.db")]
    pub portfolio: PathBuf,
    /// The date to explain, YYYY-MM-DD.
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    pub as_of: String,
    /// The debtor's id.
    #[arg(long, value_name = "ID")]
    pub debtor: String,
    /// The plan store of earlier runs (`strat plan --out`), for `once`, `every` and the
    /// bureau notice exactly as `strat plan` would decide them.
    #[arg(long, value_name = "plan.db")]
    pub plan: Option<PathBuf>,
    /// Extra holidays (state, municipal), one `YYYY-MM-DD name` per line.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

pub fn run(args: Args) -> i32 {
    match explain(&args) {
        Ok(()) => 0,
        Err(failure) => failure.report(),
    }
}

fn explain(args: &Args) -> Result<(), Failure> {
    let as_of = parse_as_of(&args.as_of)?;
    let calendar = load_calendar(args.holidays.as_deref(), as_of)?;
    let strategy = load_strategy(&args.strategy)?;
    let portfolio = open_portfolio(&args.portfolio)?;
    let store = args.plan.as_deref().map(open_plan_store).transpose()?;

    let columns = DeriveSpec::from_strategy(&strategy).custom_columns();
    let history = load_debtor(&portfolio, &args.debtor, &columns)
        .map_err(|e| Failure::finding(e.to_string()))?
        .ok_or_else(|| {
            Failure::finding(format!(
                "debtor `{}` is not in portfolio `{}`",
                args.debtor,
                args.portfolio.display()
            ))
        })?;
    let mut derived = Derived::default();
    derive(&history, as_of, &strategy, &mut derived)
        .map_err(|e| Failure::finding(e.to_string()))?;
    let mut earlier = Vec::new();
    if let Some(store) = &store {
        store
            .earlier_actions(&history.id, as_of, &mut earlier)
            .map_err(|e| Failure::usage(e.to_string()))?;
    }

    let program = Program::compile(&strategy);
    let planner = Planner::new(&strategy, &program).map_err(|e| Failure::finding(e.to_string()))?;
    let engines = Engines::new(calendar);
    let explanation = explain_debtor(
        &planner,
        DebtorInputs {
            history: &history,
            derived: &derived,
            earlier: &earlier,
        },
        PlanContext {
            as_of,
            services: &engines,
        },
    )
    .map_err(|e| Failure::finding(e.to_string()))?;

    let text = match args.format {
        Format::Human => render_human(&explanation),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&explanation)
                .map_err(|e| Failure::usage(format!("cannot write the explanation: {e}")))?;
            json.push('\n');
            json
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| Failure::usage(format!("cannot write the explanation: {e}")))
}
