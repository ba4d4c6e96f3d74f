//! Unit-level tests of the plan: guardrail decisions, repetition, rendering, determinism and
//! action ids, on hand-built strategies, histories and derivations (no parser, no store); one
//! file per topic under `tests/plan/`, the shared inputs in `tests/plan/support.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::field_reassign_with_default)] // policies read best as "default, then this"

#[path = "plan/bureau.rs"]
mod bureau;
#[path = "plan/calendar.rs"]
mod calendar;
#[path = "plan/guardrails.rs"]
mod guardrails_tests;
#[path = "plan/offers.rs"]
mod offers;
#[path = "plan/record.rs"]
mod record;
#[path = "plan/repetition.rs"]
mod repetition;
#[path = "plan/support.rs"]
mod support;
