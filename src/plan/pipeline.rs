//! The one planning pipeline, used by `strat plan`, `strat explain` and (later) `strat
//! simulate`: for each debtor, load its history → derive its fields for the date → evaluate
//! the rules → build the actions → hand them to a [`PlanSink`]. The portfolio is cut into
//! shards planned on worker threads (`plan::shards`) and delivered in debtor order, so the
//! plan does not depend on the number of threads and memory does not grow with the
//! portfolio.
//!
//! [`Pipeline::plan_day`] is one as-of date; a date range (simulation) calls it once per day
//! with the same pipeline, readers and sink. Owns the loop and its order; must not open
//! files, print or read the clock (the caller opens the readers and chooses the sink), nor
//! decide anything about an action (that is `plan::build`).

use super::action::Action;
use super::build::{DebtorInputs, EarlierAction, PlanContext, PlanError, Planner};
use super::explain::{explain_debtor, Explanation};
use super::output::{write_json_line, write_table_row};
use super::scope::contact_scope;
use super::services::Services;
use super::shards::{self, ShardWorker};
use super::sink::{PlanSink, Shard, SinkError, TextFormat, Totals};
use super::store::{PlanStore, StoreError};
use crate::portfolio::derive::{derive, DeriveError, DeriveSpec, Derived};
use crate::portfolio::load::{
    debtor_after, for_each_debtor_in, load_debtor, ContactScope, Debtors, LoadError,
};
use crate::portfolio::store::Store;
use chrono::NaiveDate;
use std::cmp::Ordering;

/// Debtors per shard by default (see `plan::shards`).
pub use super::shards::SHARD_DEBTORS;

/// One worker's connections: the portfolio, and the plan store of earlier runs (for `once`,
/// `every` and the bureau notice), each opened by the caller. SQLite connections are not
/// shared between threads, so each worker gets its own.
pub struct Readers {
    pub portfolio: Store,
    pub earlier: Option<PlanStore>,
}

/// Why the pipeline stopped. Each variant keeps the typed error of the step that failed.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Derive(#[from] DeriveError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Reading earlier actions from the plan store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The sink could not take the plan.
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error("the pipeline needs at least one reader")]
    NoReaders,
}

/// A strategy ready to run over a portfolio: the planner, the services (calendar, money
/// engines) and what every day's run shares.
pub struct Pipeline<'a, S: Services + Sync> {
    planner: &'a Planner<'a>,
    services: &'a S,
    /// The strategy's custom portfolio columns.
    columns: Vec<String>,
    shard_debtors: usize,
}

impl<'a, S: Services + Sync> Pipeline<'a, S> {
    pub fn new(planner: &'a Planner<'a>, services: &'a S) -> Self {
        Pipeline {
            planner,
            services,
            columns: DeriveSpec::from_strategy(planner.strategy()).custom_columns(),
            shard_debtors: SHARD_DEBTORS,
        }
    }

    /// Debtors per shard (tests of the sharding; the default suits any portfolio).
    pub fn with_shard_debtors(mut self, shard_debtors: usize) -> Self {
        self.shard_debtors = shard_debtors.max(1);
        self
    }

    /// Plan every debtor for `as_of` on one thread per reader and deliver the plan to `sink`
    /// in debtor order. On failure everything before the failing debtor has been delivered
    /// and the sink's day is not ended (a store does not commit: the executor never sees
    /// half a plan).
    pub fn plan_day(
        &self,
        as_of: NaiveDate,
        readers: &mut [Readers],
        sink: &mut dyn PlanSink,
    ) -> Result<Totals, PipelineError> {
        if readers.is_empty() {
            return Err(PipelineError::NoReaders);
        }
        let strategy = self.planner.strategy();
        sink.begin_day(as_of, &strategy.header.name, strategy.header.version)?;
        let day = Day {
            pipeline: self,
            as_of,
            contacts: contact_scope(strategy, as_of),
            format: sink.text_format(),
            keep_actions: sink.keeps_actions(),
        };
        let workers: Vec<DayWorker<'_, '_, S>> = readers
            .iter_mut()
            .map(|readers| DayWorker::new(&day, readers))
            .collect();
        let mut totals = Totals::default();
        shards::run(workers, self.shard_debtors, |shard: ShardResult| {
            totals.add(&shard.plan.totals);
            sink.deliver(&shard.plan)?;
            shard.stopped.map_or(Ok(()), Err)
        })?;
        sink.end_day()?;
        Ok(totals)
    }

    /// Explain one debtor on `as_of` (`None`: no such debtor): the same steps as
    /// [`Pipeline::plan_day`] for that debtor, with every guardrail decision recorded.
    pub fn explain(
        &self,
        as_of: NaiveDate,
        readers: &Readers,
        debtor_id: &str,
    ) -> Result<Option<Explanation>, PipelineError> {
        let Some(history) = load_debtor(&readers.portfolio, debtor_id, &self.columns)? else {
            return Ok(None);
        };
        let mut derived = Derived::default();
        derive(&history, as_of, self.planner.strategy(), &mut derived)?;
        let mut earlier = Vec::new();
        if let Some(store) = &readers.earlier {
            store.earlier_actions(&history.id, as_of, &mut earlier)?;
        }
        let explanation = explain_debtor(
            self.planner,
            DebtorInputs {
                history: &history,
                derived: &derived,
                earlier: &earlier,
            },
            PlanContext {
                as_of,
                services: self.services,
            },
        )?;
        Ok(Some(explanation))
    }
}

/// What every worker of one day shares.
struct Day<'p, 'a, S: Services + Sync> {
    pipeline: &'p Pipeline<'a, S>,
    as_of: NaiveDate,
    /// The part of each debtor's contact history the plan reads.
    contacts: ContactScope,
    /// How the shards are encoded for the sink (`None`: not as text).
    format: Option<TextFormat>,
    /// Hand the actions themselves to the sink too (a plan store).
    keep_actions: bool,
}

/// A shard's plan and, when a debtor could not be planned, why it stopped (the plan of the
/// debtors before it is delivered first, so the output up to the failure is the same as on
/// one thread without shards).
struct ShardResult {
    plan: Shard,
    stopped: Option<PipelineError>,
}

/// One thread's connections and buffers, reused from debtor to debtor and shard to shard.
struct DayWorker<'d, 'p, S: Services + Sync> {
    day: &'d Day<'p, 'p, S>,
    readers: &'d mut Readers,
    derived: Derived,
    /// The shard's earlier actions (debtor order), and the current debtor's.
    shard_earlier: Vec<(String, EarlierAction)>,
    earlier: Vec<EarlierAction>,
    actions: Vec<Action>,
}

impl<'d, 'p, S: Services + Sync> DayWorker<'d, 'p, S> {
    fn new(day: &'d Day<'p, 'p, S>, readers: &'d mut Readers) -> Self {
        DayWorker {
            day,
            readers,
            derived: Derived::default(),
            shard_earlier: Vec::new(),
            earlier: Vec::new(),
            actions: Vec::new(),
        }
    }
}

impl<S: Services + Sync> ShardWorker for DayWorker<'_, '_, S> {
    type Output = ShardResult;
    type Error = PipelineError;

    fn shard_end(&mut self, from: &str, count: usize) -> Result<Option<String>, PipelineError> {
        Ok(debtor_after(&self.readers.portfolio, Some(from), count)?)
    }

    fn run(&mut self, shard: Debtors) -> Result<ShardResult, PipelineError> {
        let day = self.day;
        let ctx = PlanContext {
            as_of: day.as_of,
            services: day.pipeline.services,
        };
        let mut result = ShardResult {
            plan: Shard::default(),
            stopped: None,
        };
        // Earlier plans: one query for the whole shard, consumed in step with the debtors.
        self.shard_earlier.clear();
        if let (Some(store), Debtors::Range { from, to }) = (self.readers.earlier.as_ref(), shard) {
            if let Err(e) =
                store.earlier_actions_between(from, to, day.as_of, &mut self.shard_earlier)
            {
                result.stopped = Some(PipelineError::Store(e));
                return Ok(result);
            }
        }
        let mut next_earlier = 0;
        let plan = &mut result.plan;
        let portfolio = &self.readers.portfolio;
        // The closure below borrows the worker's buffers; the portfolio is only read.
        let DayWorker {
            derived,
            shard_earlier,
            earlier,
            actions,
            ..
        } = self;
        let mut worker = Buffers {
            derived,
            shard_earlier,
            earlier,
            actions,
        };
        let streamed = for_each_debtor_in(
            portfolio,
            &day.pipeline.columns,
            shard,
            &day.contacts,
            |history| {
                derive(
                    history,
                    day.as_of,
                    day.pipeline.planner.strategy(),
                    worker.derived,
                )?;
                worker.take_earlier(&history.id, &mut next_earlier);
                worker.actions.clear();
                let debtor = DebtorInputs {
                    history,
                    derived: worker.derived,
                    earlier: worker.earlier,
                };
                day.pipeline
                    .planner
                    .plan_debtor(debtor, ctx, worker.actions)?;
                plan.totals.debtors += 1;
                for action in worker.actions.iter() {
                    plan.totals.count(action);
                    match day.format {
                        Some(TextFormat::JsonLines) => write_json_line(&mut plan.text, action),
                        Some(TextFormat::Table) => write_table_row(&mut plan.text, action),
                        None => Ok(()),
                    }
                    .map_err(SinkError::Write)?;
                }
                if day.keep_actions {
                    plan.actions.append(worker.actions);
                }
                Ok::<(), PipelineError>(())
            },
        );
        result.stopped = streamed.err();
        Ok(result)
    }
}

/// A worker's reusable buffers, borrowed apart from its connections.
struct Buffers<'w> {
    derived: &'w mut Derived,
    shard_earlier: &'w mut Vec<(String, EarlierAction)>,
    earlier: &'w mut Vec<EarlierAction>,
    actions: &'w mut Vec<Action>,
}

impl Buffers<'_> {
    /// Move the current debtor's earlier actions from the shard's list into `earlier`.
    fn take_earlier(&mut self, debtor_id: &str, next: &mut usize) {
        self.earlier.clear();
        while let Some((debtor, action)) = self.shard_earlier.get(*next) {
            match debtor.as_str().cmp(debtor_id) {
                // Planned for a debtor no longer in the portfolio.
                Ordering::Less => {}
                Ordering::Equal => self.earlier.push(action.clone()),
                Ordering::Greater => break,
            }
            *next += 1;
        }
    }
}
