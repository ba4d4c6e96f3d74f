//! The plan: turns rule matches into action records (the contract with the executor):
//! deterministic ids, scheduling in contact windows, repetition (`once`, `every N days`),
//! guardrail suppressions with reason codes, rendered templates, concrete offers.
//!
//! [`pipeline`] is the one planning loop (plan, explain, and later simulate call it);
//! [`build`] decides one debtor's actions (pure); [`sink`] is where a plan goes, written as
//! text by [`output`] or kept by [`store`] (the SQLite plan store, versioned by
//! [`migrations`]).

// Calendar and contact windows (money engineer).
pub mod holidays;
pub mod schedule;

// The plan record, its construction and its outputs (plan engineer).
pub mod action;
pub mod build;
pub mod explain;
pub mod guardrails;
pub mod migrations;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scope;
pub mod services;
pub mod shards;
pub mod sink;
pub mod store;
mod store_sink;
