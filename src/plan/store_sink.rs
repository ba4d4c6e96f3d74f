//! The plan store as the pipeline's sink: each day is one run in one transaction, committed
//! when the day's plan is complete. Kept apart from `plan::store` so the store does not depend
//! on the pipeline's types.

use super::sink::{PlanSink, Shard, SinkError, TextFormat};
use super::store::{PlanStore, CREATED_BY};
use chrono::NaiveDate;

/// The store as the pipeline's sink: each day is one run in one transaction, committed when
/// the day's plan is complete.
impl PlanSink for PlanStore {
    fn text_format(&self) -> Option<TextFormat> {
        None
    }

    fn keeps_actions(&self) -> bool {
        true
    }

    fn begin_day(
        &mut self,
        as_of: NaiveDate,
        strategy: &str,
        version: u32,
    ) -> Result<(), SinkError> {
        Ok(self.begin_run(as_of, strategy, version, CREATED_BY)?)
    }

    fn deliver(&mut self, shard: &Shard) -> Result<(), SinkError> {
        for action in &shard.actions {
            self.insert(action)?;
        }
        Ok(())
    }

    fn end_day(&mut self) -> Result<(), SinkError> {
        Ok(self.commit()?)
    }
}
