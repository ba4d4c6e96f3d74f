//! Where a plan goes: the [`PlanSink`] trait every destination implements (text in
//! `plan::output`, the SQLite store in `plan::store_sink`), the [`Shard`] the pipeline delivers
//! and its counts, and the ways sinks combine. Must not encode or decide anything.

use super::action::{Action, Status};
use super::store::StoreError;
use chrono::NaiveDate;
use std::io;

/// How a plan is written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    JsonLines,
    Table,
}

/// Why a sink could not take the plan.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("cannot write the plan: {0}")]
    Write(#[source] io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where the pipeline (`plan::pipeline`) delivers a plan: shard by shard, in debtor order,
/// on the calling thread, between `begin_day` and `end_day` for each as-of date. The shards'
/// text is encoded on the worker threads in the sink's [`TextFormat`], so writing it here
/// costs a copy, not a serialization.
pub trait PlanSink {
    /// The text the workers encode for this sink (`None`: none).
    fn text_format(&self) -> Option<TextFormat>;
    /// Whether the delivered shards must carry the actions themselves (a plan store).
    fn keeps_actions(&self) -> bool;
    fn begin_day(
        &mut self,
        as_of: NaiveDate,
        strategy: &str,
        version: u32,
    ) -> Result<(), SinkError>;
    fn deliver(&mut self, shard: &Shard) -> Result<(), SinkError>;
    /// The day's plan is complete (not called when it failed).
    fn end_day(&mut self) -> Result<(), SinkError>;
}

/// Counts of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub debtors: u64,
    pub planned: u64,
    pub suppressed: u64,
}

impl Totals {
    pub(crate) fn add(&mut self, other: &Totals) {
        self.debtors += other.debtors;
        self.planned += other.planned;
        self.suppressed += other.suppressed;
    }

    pub(crate) fn count(&mut self, action: &Action) {
        match action.status {
            Status::Planned => self.planned += 1,
            Status::Suppressed => self.suppressed += 1,
        }
    }
}

/// One shard's plan, as delivered to the sink: its actions encoded in the sink's text format
/// (on the worker thread), the actions themselves when the sink keeps them, and its counts.
#[derive(Default)]
pub struct Shard {
    pub text: Vec<u8>,
    pub actions: Vec<Action>,
    pub totals: Totals,
}

/// No sink at all (e.g. no text output when only storing).
impl<T: PlanSink> PlanSink for Option<T> {
    fn text_format(&self) -> Option<TextFormat> {
        self.as_ref().and_then(T::text_format)
    }

    fn keeps_actions(&self) -> bool {
        self.as_ref().is_some_and(T::keeps_actions)
    }

    fn begin_day(
        &mut self,
        as_of: NaiveDate,
        strategy: &str,
        version: u32,
    ) -> Result<(), SinkError> {
        self.as_mut()
            .map_or(Ok(()), |s| s.begin_day(as_of, strategy, version))
    }

    fn deliver(&mut self, shard: &Shard) -> Result<(), SinkError> {
        self.as_mut().map_or(Ok(()), |s| s.deliver(shard))
    }

    fn end_day(&mut self) -> Result<(), SinkError> {
        self.as_mut().map_or(Ok(()), T::end_day)
    }
}

/// Two sinks (text and a store): at most one of them may take text. Each step goes to the
/// first, then the second.
impl<A: PlanSink, B: PlanSink> PlanSink for (A, B) {
    fn text_format(&self) -> Option<TextFormat> {
        self.0.text_format().or_else(|| self.1.text_format())
    }

    fn keeps_actions(&self) -> bool {
        self.0.keeps_actions() || self.1.keeps_actions()
    }

    fn begin_day(
        &mut self,
        as_of: NaiveDate,
        strategy: &str,
        version: u32,
    ) -> Result<(), SinkError> {
        self.0.begin_day(as_of, strategy, version)?;
        self.1.begin_day(as_of, strategy, version)
    }

    fn deliver(&mut self, shard: &Shard) -> Result<(), SinkError> {
        self.0.deliver(shard)?;
        self.1.deliver(shard)
    }

    fn end_day(&mut self) -> Result<(), SinkError> {
        self.0.end_day()?;
        self.1.end_day()
    }
}
