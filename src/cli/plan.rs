//! `strat plan`: read the inputs, open the portfolio (one connection per worker thread) and
//! the plan store, run the library's planning pipeline (`plan::pipeline`) for the as-of date
//! into the chosen sinks (JSON Lines or a table on stdout, and/or the SQLite plan store with
//! `--out`) and print the summary. Exit 0 on success; 1 when the strategy has errors or a
//! debtor's data cannot be used (naming the debtor and column); 2 on a bad argument or an
//! unreadable file. Only arguments, files and printing here; the loop is the library's.

use super::common::{open_plan_store, open_portfolio, Failure, PlanInputs};
use crate::eval::program::Program;
use crate::plan::build::Planner;
use crate::plan::output::TextSink;
use crate::plan::pipeline::{Pipeline, Readers, SHARD_DEBTORS};
use crate::plan::services::Engines;
use crate::plan::sink::TextFormat;
use crate::plan::store::PlanStore;
use std::io::{self, BufWriter};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub inputs: PlanInputs,
    /// Also store the plan in this SQLite database (table `plan_actions`, for the
    /// executor); earlier plans stored there count for `once`, `every` and the bureau notice.
    /// With `--out`, nothing is printed unless `--format` is given.
    #[arg(long, value_name = "plan.db")]
    pub out: Option<PathBuf>,
    /// Print the plan as JSON Lines (the default) or as a table.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Worker threads (default: one per core). The plan is the same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// Debtors per shard (for tests of the sharding; the default suits any portfolio).
    #[arg(long, hide = true, default_value_t = SHARD_DEBTORS)]
    pub shard_debtors: usize,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Table,
}

pub fn run(args: Args) -> i32 {
    match plan(&args) {
        Ok(()) => 0,
        Err(failure) => failure.report(),
    }
}

fn plan(args: &Args) -> Result<(), Failure> {
    let loaded = args.inputs.load()?;
    let as_of = loaded.as_of;
    let portfolio = open_portfolio(&args.inputs.portfolio)?;
    let store = args.out.as_deref().map(open_plan_store).transpose()?;

    let program = Program::compile(&loaded.strategy);
    let planner =
        Planner::new(&loaded.strategy, &program).map_err(|e| Failure::finding(e.to_string()))?;
    let engines = Engines::new(loaded.calendar);
    let pipeline = Pipeline::new(&planner, &engines).with_shard_debtors(args.shard_debtors);

    // Each worker reads with its own connections (SQLite connections are not shared); the
    // plan store's readers see the committed earlier runs while this run writes.
    let threads = args.threads.map_or_else(default_threads, usize::from);
    let earlier_reader = || {
        args.out
            .as_deref()
            .map(|path| PlanStore::open_reader(path).map_err(|e| Failure::usage(e.to_string())))
            .transpose()
    };
    let mut readers = vec![Readers {
        portfolio,
        earlier: earlier_reader()?,
    }];
    for _ in 1..threads {
        readers.push(Readers {
            portfolio: open_portfolio(&args.inputs.portfolio)?,
            earlier: earlier_reader()?,
        });
    }

    let format = match (args.format, store.is_some()) {
        (Some(Format::Jsonl), _) | (None, false) => Some(TextFormat::JsonLines),
        (Some(Format::Table), _) => Some(TextFormat::Table),
        (None, true) => None,
    };
    let stdout = io::stdout();
    let text = format.map(|format| TextSink::new(BufWriter::new(stdout.lock()), format));
    let mut sinks = (text, store);
    // On failure nothing is committed: the executor never sees half a plan.
    let totals = pipeline.plan_day(as_of, &mut readers, &mut sinks)?;
    eprintln!(
        "{} actions for {} debtors as of {as_of}: {} planned, {} suppressed{}",
        totals.planned + totals.suppressed,
        totals.debtors,
        totals.planned,
        totals.suppressed,
        args.out
            .as_deref()
            .map(|p| format!(" (stored in `{}`)", p.display()))
            .unwrap_or_default()
    );
    Ok(())
}

/// One thread per core (the machine's parallelism as the OS reports it), at most 16.
fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(16))
}
