//! What `strat plan`, `strat explain` (and the coming `strat simulate`) share at the edge:
//! the input arguments as one clap struct ([`PlanInputs`], flattened into each command),
//! reading and checking the strategy, the holiday calendar, opening the portfolio and plan
//! store, and failures with their exit codes. Decides nothing about plans.

use super::check::{compile, human_for, Stream};
use super::source;
use crate::check::CheckedStrategy;
use crate::plan::holidays::{HolidayCalendar, NATIONAL_FROM};
use crate::plan::pipeline::PipelineError;
use crate::plan::schedule::SEARCH_DAYS;
use crate::plan::sink::SinkError;
use crate::plan::store::PlanStore;
use crate::portfolio::load::LoadError;
use crate::portfolio::store::Store;
use chrono::{Datelike, Days, NaiveDate};
use std::io;
use std::path::{Path, PathBuf};

/// The inputs of a plan: strategy, portfolio, date and holidays.
#[derive(clap::Args, Debug)]
pub struct PlanInputs {
    /// The strategy file.
    #[arg(long, value_name = "S.strat")]
    pub strategy: PathBuf,
    /// The portfolio database (see `strat import`).
    #[arg(long, value_name = "P.db")]
    pub portfolio: PathBuf,
    /// The date to plan for, YYYY-MM-DD.
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    pub as_of: String,
    /// Extra holidays (state, municipal), one `YYYY-MM-DD name` per line.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

/// The inputs read and checked.
pub struct Loaded {
    pub as_of: NaiveDate,
    pub calendar: HolidayCalendar,
    pub strategy: CheckedStrategy,
}

impl PlanInputs {
    /// Parse the date, read the holidays and read and check the strategy, in that order
    /// (so a bad date is reported before a long check).
    pub fn load(&self) -> Result<Loaded, Failure> {
        let as_of = parse_as_of(&self.as_of)?;
        let calendar = load_calendar(self.holidays.as_deref(), as_of)?;
        let strategy = load_strategy(&self.strategy)?;
        Ok(Loaded {
            as_of,
            calendar,
            strategy,
        })
    }
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

impl From<PipelineError> for Failure {
    /// The debtor's data or the strategy (exit 1), or the files and the output (exit 2).
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::Load(
                e @ (LoadError::MissingColumn { .. } | LoadError::BadStored { .. }),
            ) => Failure::finding(e.to_string()),
            PipelineError::Load(e) => Failure::usage(e.to_string()),
            PipelineError::Derive(e) => Failure::finding(e.to_string()),
            PipelineError::Plan(e) => Failure::finding(e.to_string()),
            PipelineError::Store(e) => Failure::usage(e.to_string()),
            // A closed pipe (`strat plan | head`) is not worth a message.
            PipelineError::Sink(SinkError::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
                Failure::usage("")
            }
            PipelineError::Sink(e) => Failure::usage(e.to_string()),
            PipelineError::NoReaders => Failure::usage(e.to_string()),
        }
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

/// Open (or create) a plan store, upgrading an earlier schema in place.
pub fn open_plan_store(path: &Path) -> Result<PlanStore, Failure> {
    PlanStore::open(path).map_err(|e| Failure::usage(e.to_string()))
}
