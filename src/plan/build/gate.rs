//! The gate an action passes: guardrails applied in order, the first suppression kept. In
//! plan mode it stops evaluating at the first suppression; in trace mode (`strat explain`) it
//! evaluates and records every one. Must not know what any guardrail decides.

use crate::plan::guardrails::{Guardrail, Suppression};

pub(super) struct Gate {
    trace: bool,
    /// Every decision in order (`None` = passed); filled in trace mode only.
    pub decisions: Vec<(Guardrail, Option<Suppression>)>,
    first: Option<Suppression>,
}

impl Gate {
    pub fn new(trace: bool) -> Self {
        Gate {
            trace,
            decisions: Vec::new(),
            first: None,
        }
    }

    pub fn check(&mut self, guardrail: Guardrail, decide: impl FnOnce() -> Option<Suppression>) {
        if self.first.is_some() && !self.trace {
            return;
        }
        let outcome = decide();
        if self.first.is_none() {
            self.first.clone_from(&outcome);
        }
        if self.trace {
            self.decisions.push((guardrail, outcome));
        }
    }

    /// The first suppression, which decides the action's status.
    pub fn take(&mut self) -> Option<Suppression> {
        self.first.take()
    }
}
