//! `strat explain`: for one debtor on one date, print the derived field values, each rule's
//! verdict (with the first failing condition), the actions chosen and every guardrail
//! decision, as text (`--format human`) or JSON. Exit 0; 1 when the strategy has errors, the
//! debtor is unknown or its data cannot be used; 2 on a bad argument or an unreadable file.
//! The explanation is the library's pipeline (`plan::pipeline`); this file only does the IO
//! around it.

use super::common::{open_plan_store, open_portfolio, Failure, PlanInputs};
use crate::eval::program::Program;
use crate::plan::build::Planner;
use crate::plan::explain::render_human;
use crate::plan::pipeline::{Pipeline, PipelineError, Readers};
use crate::plan::services::Engines;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub inputs: PlanInputs,
    /// The debtor's id.
    #[arg(long, value_name = "ID")]
    pub debtor: String,
    /// The plan store of earlier runs (`strat plan --out`), for `once`, `every` and the
    /// bureau notice exactly as `strat plan` would decide them.
    #[arg(long, value_name = "plan.db")]
    pub plan: Option<PathBuf>,
    /// Print the explanation for people (the default) or as JSON.
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
    let loaded = args.inputs.load()?;
    let readers = Readers {
        portfolio: open_portfolio(&args.inputs.portfolio)?,
        earlier: args.plan.as_deref().map(open_plan_store).transpose()?,
    };

    let program = Program::compile(&loaded.strategy);
    let planner =
        Planner::new(&loaded.strategy, &program).map_err(|e| Failure::finding(e.to_string()))?;
    let engines = Engines::new(loaded.calendar);
    let pipeline = Pipeline::new(&planner, &engines);
    let explanation = pipeline
        .explain(loaded.as_of, &readers, &args.debtor)
        .map_err(|e| match e {
            // One debtor's data that cannot be read is about that debtor (exit 1).
            PipelineError::Load(e) => Failure::finding(e.to_string()),
            e => Failure::from(e),
        })?
        .ok_or_else(|| {
            Failure::finding(format!(
                "debtor `{}` is not in portfolio `{}`",
                args.debtor,
                args.inputs.portfolio.display()
            ))
        })?;

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
