//! The evaluator: compiles a [`crate::check::CheckedStrategy`] once into a compact program
//! (slots, typed constants) and evaluates it per debtor row with no allocation. Decides which
//! rules match; must not decide guardrails or render text (that is `plan`), nor do IO.

pub mod program;
