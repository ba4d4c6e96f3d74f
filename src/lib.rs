//! strat: a language and engine for debt-collection strategies (régua de cobrança).
//!
//! The pipeline, one module per stage: [`syntax`] (text → AST) → [`check`] (AST → checked
//! strategy) → [`eval`] (compiled rules over a debtor row) → [`plan`] (actions, guardrails).
//! Around it: [`schema`] (shared vocabulary), [`portfolio`] (event store, as-of derivation),
//! [`money`] (exact arithmetic), [`diagnostics`] (findings as data, rendered once),
//! [`cli`] (the only place that does IO).

pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod eval;
pub mod fmt;
pub mod money;
pub mod plan;
pub mod portfolio;
pub mod schema;
pub mod simulate;
pub mod source;
pub mod syntax;
