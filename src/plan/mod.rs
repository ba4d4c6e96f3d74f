//! The plan: turns rule matches into action records (the contract with the executor):
//! deterministic ids, scheduling in contact windows, repetition (`once`, `every N days`),
//! guardrail suppressions with reasons, rendered templates, concrete offers. Pure; output
//! writers (JSON Lines, SQLite plan table) live in `plan::output`.

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
pub mod store;
