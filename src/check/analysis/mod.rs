//! Flow analysis of rule conditions, shared by the lints that need it (`never-matches`,
//! `shadowed-rule`, `coverage-gap`, `impossible-installment`): conditions in disjunctive
//! normal form over per-slot value sets. Sound, not complete: a finding is reported only when
//! the analysis is sure. Must not produce diagnostics itself.

pub mod dnf;
pub mod sets;

pub use dnf::{Conjunct, Dnf, Normalizer};
pub use sets::{Bound, Interval, SlotSet, Values};
