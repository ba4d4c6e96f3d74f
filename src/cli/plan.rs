//! `strat plan`: read, parse and check the strategy; open the portfolio; stream every debtor
//! (in debtor-id order, in shards planned on worker threads, see `cli::shards`), derive its
//! fields for the as-of date, plan its actions and write them in debtor order as shards
//! finish (JSON Lines or a table on stdout, and/or the SQLite plan store with `--out`), so
//! memory does not grow with the portfolio and the output does not depend on the number of
//! threads. Exit 0 on success; 1 when the strategy has errors or a debtor's data cannot be
//! used (naming the debtor and column); 2 on a bad argument or an unreadable file. Also the
//! setup `strat explain` shares. Planning itself is `plan::build`'s job; this file only does
//! the IO around it.

use super::check::{compile, human_for, Stream};
use super::shards::{self, ShardWorker};
use super::source;
use crate::check::CheckedStrategy;
use crate::eval::program::Program;
use crate::plan::action::{Action, Status};
use crate::plan::build::{DebtorInputs, EarlierAction, PlanContext, PlanError, Planner};
use crate::plan::holidays::{HolidayCalendar, NATIONAL_FROM};
use crate::plan::output::{
    write_json_line, write_table_empty, write_table_header, write_table_row,
};
use crate::plan::schedule::SEARCH_DAYS;
use crate::plan::scope::contact_scope;
use crate::plan::services::Engines;
use crate::plan::store::{PlanStore, StoreError as PlanStoreError};
use crate::portfolio::derive::{derive, DeriveError, DeriveSpec, Derived};
use crate::portfolio::load::{debtor_after, for_each_debtor_in, ContactScope, Debtors, LoadError};
use crate::portfolio::store::Store;
use chrono::{Datelike, Days, NaiveDate};
use std::io::{self, BufWriter, Write};
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
    /// Worker threads (default: one per core). The plan is the same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// Debtors per shard (for tests of the sharding; the default suits any portfolio).
    #[arg(long, hide = true, default_value_t = shards::SHARD_DEBTORS)]
    pub shard_debtors: usize,
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
/// A year the contacts of `as_of` may fall in (up to the scheduling horizon) with no holiday
/// known is warned about on stderr: every day of it would look like a working day.
pub fn load_calendar(extra: Option<&Path>, as_of: NaiveDate) -> Result<HolidayCalendar, Failure> {
    let mut calendar = HolidayCalendar::builtin_br();
    if let Some(path) = extra {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))?;
        calendar
            .extend_from_text(&text, &path.display().to_string())
            .map_err(|e| Failure::usage(format!("holiday file {e}")))?;
    }
    let last = as_of
        .checked_add_days(Days::new(SEARCH_DAYS))
        .unwrap_or(as_of);
    for year in as_of.year()..=last.year() {
        if !calendar.covers_year(year) {
            eprintln!(
                "warning: no holidays are known for {year} (the national calendar starts in \
                 {NATIONAL_FROM}); contacts may be scheduled on holidays. Add them with \
                 --holidays FILE."
            );
        }
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
    let calendar = load_calendar(args.holidays.as_deref(), as_of)?;
    let strategy = load_strategy(&args.strategy)?;
    let portfolio = open_portfolio(&args.portfolio)?;
    let mut store = args.out.as_deref().map(open_plan_store).transpose()?;

    let program = Program::compile(&strategy);
    let planner = Planner::new(&strategy, &program).map_err(|e| Failure::finding(e.to_string()))?;
    let engines = Engines::new(calendar);
    let format = match (args.format, store.is_some()) {
        (Some(format), _) => Some(format),
        (None, false) => Some(Format::Jsonl),
        (None, true) => None,
    };
    let job = Job {
        as_of,
        strategy: &strategy,
        planner: &planner,
        engines: &engines,
        columns: DeriveSpec::from_strategy(&strategy).custom_columns(),
        contacts: contact_scope(&strategy, as_of),
        format,
        keep_actions: store.is_some(),
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
    // Each worker reads with its own connections (SQLite connections are not shared).
    let threads = args.threads.map_or_else(default_threads, usize::from);
    let earlier_reader = || {
        args.out
            .as_deref()
            .map(|path| PlanStore::open_reader(path).map_err(|e| Failure::usage(e.to_string())))
            .transpose()
    };
    let mut workers = vec![PlanWorker::new(&job, portfolio, earlier_reader()?)];
    for _ in 1..threads {
        let portfolio = open_portfolio(&args.portfolio)?;
        workers.push(PlanWorker::new(&job, portfolio, earlier_reader()?));
    }

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut totals = Totals::default();
    let mut header_written = false;
    let delivered = shards::run(workers, args.shard_debtors, |shard: ShardPlan| {
        totals.add(&shard.totals);
        if !shard.text.is_empty() {
            if format == Some(Format::Table) && !header_written {
                write_table_header(&mut out).map_err(Stop::Write)?;
                header_written = true;
            }
            out.write_all(&shard.text).map_err(Stop::Write)?;
        }
        if let Some(store) = store.as_mut() {
            for action in &shard.actions {
                store.insert(action).map_err(Stop::Store)?;
            }
        }
        shard.stopped.map_or(Ok(()), Err)
    });
    // On failure nothing is committed: the executor never sees half a plan.
    delivered.map_err(Stop::failure)?;
    if format == Some(Format::Table) && !header_written {
        write_table_empty(&mut out).map_err(|e| Stop::Write(e).failure())?;
    }
    out.flush().map_err(|e| Stop::Write(e).failure())?;
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

/// One thread per core (the machine's parallelism as the OS reports it), at most 16.
fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(16))
}

/// What every worker shares: the checked strategy, compiled once, and the run's settings.
struct Job<'a> {
    as_of: NaiveDate,
    strategy: &'a CheckedStrategy,
    planner: &'a Planner<'a>,
    engines: &'a Engines,
    columns: Vec<String>,
    /// The part of each debtor's contact history the plan reads.
    contacts: ContactScope,
    /// How the shards are printed (`None`: only stored).
    format: Option<Format>,
    /// Hand the actions themselves back too, for the plan store.
    keep_actions: bool,
}

/// One shard's plan: its printed lines, its actions (when stored) and its counts; when a
/// debtor could not be planned, the plan of the debtors before it and why it stopped (so the
/// output up to the failure is the same as on one thread without shards).
#[derive(Default)]
struct ShardPlan {
    text: Vec<u8>,
    actions: Vec<Action>,
    totals: Totals,
    stopped: Option<Stop>,
}

/// One thread's connections and buffers, reused from debtor to debtor and shard to shard.
struct PlanWorker<'a> {
    job: &'a Job<'a>,
    portfolio: Store,
    /// The plan store, read for earlier runs' actions (`--out`).
    earlier_store: Option<PlanStore>,
    derived: Derived,
    /// The shard's earlier actions (debtor order), and the current debtor's.
    shard_earlier: Vec<(String, EarlierAction)>,
    earlier: Vec<EarlierAction>,
    actions: Vec<Action>,
}

impl<'a> PlanWorker<'a> {
    fn new(job: &'a Job<'a>, portfolio: Store, earlier_store: Option<PlanStore>) -> Self {
        PlanWorker {
            job,
            portfolio,
            earlier_store,
            derived: Derived::default(),
            shard_earlier: Vec::new(),
            earlier: Vec::new(),
            actions: Vec::new(),
        }
    }
}

impl ShardWorker for PlanWorker<'_> {
    type Output = ShardPlan;
    type Error = Stop;

    fn shard_end(&mut self, from: &str, count: usize) -> Result<Option<String>, Stop> {
        debtor_after(&self.portfolio, Some(from), count).map_err(Stop::Load)
    }

    fn run(&mut self, shard: Debtors) -> Result<ShardPlan, Stop> {
        let job = self.job;
        let ctx = PlanContext {
            as_of: job.as_of,
            services: job.engines,
        };
        let mut plan = ShardPlan::default();
        // Earlier plans: one query for the whole shard, consumed in step with the debtors.
        self.shard_earlier.clear();
        if let (Some(store), Debtors::Range { from, to }) = (self.earlier_store.as_ref(), shard) {
            if let Err(e) =
                store.earlier_actions_between(from, to, job.as_of, &mut self.shard_earlier)
            {
                plan.stopped = Some(Stop::Store(e));
                return Ok(plan);
            }
        }
        let mut next_earlier = 0;
        let streamed = for_each_debtor_in(
            &self.portfolio,
            &job.columns,
            shard,
            &job.contacts,
            |history| {
                derive(history, job.as_of, job.strategy, &mut self.derived)
                    .map_err(Stop::Derive)?;
                self.earlier.clear();
                while let Some((debtor, action)) = self.shard_earlier.get(next_earlier) {
                    match debtor.as_str().cmp(history.id.as_str()) {
                        // Planned for a debtor no longer in the portfolio.
                        std::cmp::Ordering::Less => {}
                        std::cmp::Ordering::Equal => self.earlier.push(action.clone()),
                        std::cmp::Ordering::Greater => break,
                    }
                    next_earlier += 1;
                }
                self.actions.clear();
                let debtor = DebtorInputs {
                    history,
                    derived: &self.derived,
                    earlier: &self.earlier,
                };
                job.planner
                    .plan_debtor(debtor, ctx, &mut self.actions)
                    .map_err(Stop::Plan)?;
                plan.totals.debtors += 1;
                for action in &self.actions {
                    plan.totals.count(action);
                    match job.format {
                        Some(Format::Jsonl) => write_json_line(&mut plan.text, action),
                        Some(Format::Table) => write_table_row(&mut plan.text, action),
                        None => Ok(()),
                    }
                    .map_err(Stop::Write)?;
                }
                if job.keep_actions {
                    plan.actions.append(&mut self.actions);
                }
                Ok::<(), Stop>(())
            },
        );
        plan.stopped = streamed.err();
        Ok(plan)
    }
}

#[derive(Default, Clone, Copy)]
struct Totals {
    debtors: u64,
    planned: u64,
    suppressed: u64,
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.debtors += other.debtors;
        self.planned += other.planned;
        self.suppressed += other.suppressed;
    }

    fn count(&mut self, action: &Action) {
        match action.status {
            Status::Planned => self.planned += 1,
            Status::Suppressed => self.suppressed += 1,
        }
    }
}
