//! strat: a language and engine for debt-collection strategies (régua de cobrança).
//!
//! The pipeline, one module per stage: [`syntax`] (text → AST) → [`check`] (AST → checked
//! strategy) → [`eval`] (compiled rules over a debtor row) → [`plan`] (actions, guardrails,
//! the plan contract and store) → [`simulate`] and the executor (the users of a plan).
//!
//! # The layers, bottom to top
//!
//! 1. [`source`]: source text, spans, line and column lookup.
//! 2. [`schema`]: the shared words: types, values, built-in fields, channels, weekdays and
//!    contact windows, the hit policy, repetition, operators.
//! 3. [`money`] (exact arithmetic, the one place money is rounded), [`diagnostics`]
//!    (findings as data and their renderers) and [`sqlite`] (what the two SQLite files share:
//!    migrations and the schema version).
//! 4. [`syntax`]: text to AST. The AST never leaves `syntax`, [`check`] and [`fmt`].
//! 5. [`check`] (AST → [`check::CheckedStrategy`], lints) and [`fmt`] (AST → canonical text).
//! 6. [`eval`] (the compiled program) and [`portfolio`] (the event store and as-of
//!    derivation). Both take the checked form.
//! 7. [`plan`]: the one planning pipeline (used by plan, explain and simulate), guardrails,
//!    the plan contract and store.
//! 8. [`simulate`] and the executor: the two users of a plan. The executor depends on the plan
//!    contract and the portfolio store only, never on the parser or the checker.
//! 9. [`cli`]: arguments, files, printing. No decision is made there.
//!
//! A module imports only from layers below its own (modules of one layer do not import each
//! other), and no two files import each other, directly or in a ring: when a lower stage needs
//! something of a higher one, the shared part moves down. `tests/architecture.rs` checks both
//! rules, and that nothing after the checker reads the syntax tree, on the code itself.
//!
//! IO stays at the edges: [`syntax`], [`check`], [`eval`], [`money`] and the planning of
//! [`plan`] never read files, print or read the clock (the as-of date and every input are
//! passed in); the stores ([`portfolio`]'s SQLite store and CSV import, `plan::store`) read
//! and write their own files and nothing else; [`cli`] opens files and prints.

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
pub mod sqlite;
pub mod syntax;
