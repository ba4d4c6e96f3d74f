//! `strat plan`: read, parse and check the strategy; open the portfolio; stream every debtor
//! (in debtor-id order), derive its fields for the as-of date, plan its actions and write them
//! as they come (JSON Lines or a table on stdout, and/or the SQLite plan store with `--out`),
//! so memory does not grow with the portfolio. Exit 0 on success; 1 when the strategy has
//! errors or a debtor's data cannot be used (naming the debtor and column); 2 on a bad
//! argument or an unreadable file. Also the setup `strat explain` shares. Planning itself is
//! `plan::build`'s job; this file only does the IO around it.

use super::check::{compile, human_for, Stream};
use super::source;
use crate::check::CheckedStrategy;
use crate::eval::program::Program;
use crate::plan::action::{Action, Status};
use crate::plan::build::{DebtorInputs, EarlierAction, PlanContext, PlanError, Planner};
use crate::plan::holidays::HolidayCalendar;
use crate::plan::output::{JsonLines, PlanSink, Table};
use crate::plan::services::Engines;
use crate::plan::store::{PlanStore, StoreError as PlanStoreError};
use crate::portfolio::derive::{derive, DeriveError, DeriveSpec, Derived};
use crate::portfolio::load::{for_each_debtor, LoadError};
use crate::portfolio::store::Store;
use chrono::NaiveDate;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The strategy file.
    #[arg(long, value_name = "S.strat")]
    pub strategy: PathBuf,
    /// The portfolio database (see `strat import`).
    #[arg(long, value_name = "P.db")]
    pub portfolio: PathBuf,
    /// The date to plan for, YYYY-MM-DD.
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    pub as_of: String,
    /// Also store the plan in this SQLite database (table `plan_actions`, for the
    /// executor); earlier plans stored there count for `once`, `every` and the bureau notice.
    /// With `--out`, nothing is printed unless `--format` is given.
    #[arg(long, value_name = "plan.db")]
    pub out: Option<PathBuf>,
    /// Print the plan as JSON Lines (the default) or as a table.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Extra holidays (state, municipal), one `YYYY-MM-DD name` per line.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Table,
}

/// A failure with its exit code, already phrased for the user.
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    pub fn finding(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    /// Print to stderr and give the exit code.
    pub fn report(self) -> i32 {
        if !self.message.is_empty() {
            eprintln!("error: {}", self.message);
        }
        self.code
    }
}

pub fn run(args: Args) -> i32 {
    match plan(&args) {
        Ok(()) => 0,
        Err(failure) => failure.report(),
    }
}

/// `YYYY-MM-DD`, or exit 2.
pub fn parse_as_of(text: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Failure::usage(format!(
            "invalid --as-of `{text}`: expected a date as YYYY-MM-DD, e.g. 2025-03-10"
        ))
    })
}

/// Read, parse and check a strategy; errors are printed as diagnostics (exit 1).
pub fn load_strategy(path: &Path) -> Result<CheckedStrategy, Failure> {
    let loaded = source::read(path).map_err(|e| Failure::usage(e.to_string()))?;
    let (checked, diagnostics) = compile(&loaded);
    match checked {
        Some(strategy) => Ok(strategy),
        None => {
            let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
            eprint!("{}", human_for(Stream::Stderr, &loaded.source, &errors));
            Err(Failure::finding(format!(
                "`{}` has errors; fix them first (see `strat check`)",
                loaded.source.name
            )))
        }
    }
}

/// The national calendar plus the user's holiday file, if any (unreadable or bad: exit 2).
pub fn load_calendar(extra: Option<&Path>) -> Result<HolidayCalendar, Failure> {
    let mut calendar = HolidayCalendar::builtin_br();
    if let Some(path) = extra {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))?;
        calendar
            .extend_from_text(&text, &path.display().to_string())
            .map_err(|e| Failure::usage(format!("holiday file {e}")))?;
    }
    Ok(calendar)
}

/// Open an existing portfolio (a missing one is exit 2, never silently created).
pub fn open_portfolio(path: &Path) -> Result<Store, Failure> {
    Store::open_existing(path).map_err(|e| Failure::usage(e.to_string()))
}

pub fn open_plan_store(path: &Path) -> Result<PlanStore, Failure> {
    PlanStore::open(path).map_err(|e| Failure::usage(e.to_string()))
}

/// Why the per-debtor loop stopped.
#[derive(Debug)]
enum Stop {
    Load(LoadError),
    Derive(DeriveError),
    Plan(PlanError),
    Store(PlanStoreError),
    Write(io::Error),
}

impl From<LoadError> for Stop {
    fn from(e: LoadError) -> Self {
        Stop::Load(e)
    }
}

impl Stop {
    fn failure(self) -> Failure {
        match self {
            Stop::Load(e @ LoadError::MissingColumn { .. }) => Failure::finding(e.to_string()),
            Stop::Load(e @ LoadError::BadStored { .. }) => Failure::finding(e.to_string()),
            Stop::Load(e) => Failure::usage(e.to_string()),
            Stop::Derive(e) => Failure::finding(e.to_string()),
            Stop::Plan(e) => Failure::finding(e.to_string()),
            Stop::Store(e) => Failure::usage(e.to_string()),
            // A closed pipe (`strat plan | head`) is not worth a message.
            Stop::Write(e) if e.kind() == io::ErrorKind::BrokenPipe => Failure::usage(""),
            Stop::Write(e) => Failure::usage(format!("cannot write the plan: {e}")),
        }
    }
}

fn plan(args: &Args) -> Result<(), Failure> {
    let as_of = parse_as_of(&args.as_of)?;
    let calendar = load_calendar(args.holidays.as_deref())?;
    let strategy = load_strategy(&args.strategy)?;
    let portfolio = open_portfolio(&args.portfolio)?;
    let mut store = args.out.as_deref().map(open_plan_store).transpose()?;

    let program = Program::compile(&strategy);
    let planner = Planner::new(&strategy, &program).map_err(|e| Failure::finding(e.to_string()))?;
    let engines = Engines::new(calendar);
    let ctx = PlanContext {
        as_of,
        services: &engines,
    };
    let columns = DeriveSpec::from_strategy(&strategy).custom_columns();

    let stdout = io::stdout();
    let mut printer: Option<Box<dyn PlanSink>> = match (args.format, store.is_some()) {
        (Some(Format::Table), _) => Some(Box::new(Table::new(BufWriter::new(stdout.lock())))),
        (Some(Format::Jsonl), _) | (None, false) => {
            Some(Box::new(JsonLines::new(BufWriter::new(stdout.lock()))))
        }
        (None, true) => None,
    };
    if let Some(store) = store.as_mut() {
        let created_by = format!("strat {}", env!("CARGO_PKG_VERSION"));
        store
            .begin_run(
                as_of,
                &strategy.header.name,
                strategy.header.version,
                &created_by,
            )
            .map_err(|e| Failure::usage(e.to_string()))?;
    }

    let mut derived = Derived::default();
    let mut earlier: Vec<EarlierAction> = Vec::new();
    let mut actions: Vec<Action> = Vec::new();
    let mut totals = Totals::default();
    let streamed = for_each_debtor(&portfolio, &columns, |history| {
        derive(history, as_of, &strategy, &mut derived).map_err(Stop::Derive)?;
        match store.as_ref() {
            Some(store) => store
                .earlier_actions(&history.id, as_of, &mut earlier)
                .map_err(Stop::Store)?,
            None => earlier.clear(),
        }
        actions.clear();
        let debtor = DebtorInputs {
            history,
            derived: &derived,
            earlier: &earlier,
        };
        planner
            .plan_debtor(debtor, ctx, &mut actions)
            .map_err(Stop::Plan)?;
        totals.debtors += 1;
        for action in &actions {
            totals.count(action);
            if let Some(printer) = printer.as_mut() {
                printer.write(action).map_err(Stop::Write)?;
            }
            if let Some(store) = store.as_mut() {
                store.insert(action).map_err(Stop::Store)?;
            }
        }
        Ok::<(), Stop>(())
    });
    // On failure nothing is committed: the executor never sees half a plan.
    streamed.map_err(Stop::failure)?;
    if let Some(printer) = printer.as_mut() {
        printer.finish().map_err(|e| Stop::Write(e).failure())?;
    }
    if let Some(store) = store.as_mut() {
        store.commit().map_err(|e| Failure::usage(e.to_string()))?;
    }
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

#[derive(Default)]
struct Totals {
    debtors: u64,
    planned: u64,
    suppressed: u64,
}

impl Totals {
    fn count(&mut self, action: &Action) {
        match action.status {
            Status::Planned => self.planned += 1,
            Status::Suppressed => self.suppressed += 1,
        }
    }
}
