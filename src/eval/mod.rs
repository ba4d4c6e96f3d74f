//! The evaluator: compiles a [`crate::check::CheckedStrategy`] once into a compact program
//! (slots, typed constants) and evaluates it per debtor row with no allocation. Decides which
//! rules match; must not decide guardrails or render text (that is `plan`), nor do IO.
//!
//! Layout: [`value`] (runtime values and their arithmetic), [`node`] (the flat node tables),
//! [`compile`] (TExpr → nodes; [`compare`] its comparisons and their specialised slot nodes), [`exec`] (nodes × row → bool/value), [`flat`] (each rule's
//! residual condition as a flat check list for the hot loop; [`keyed`] decides most checks
//! on the row's integer keys; [`linear`] turns simple money arithmetic compared with a
//! constant into such checks), [`index`] (which rules can match for each value of the most
//! constrained integer field), [`slot_test`] (the test a flat check makes, shared by those three), [`program`] (rules, `select`, `verdict`), [`given`] and [`testrun`] (the strategy's own `test` blocks).

mod compare;
pub mod compile;
pub mod exec;
pub mod flat;
pub mod given;
pub mod index;
pub mod keyed;
pub mod linear;
pub mod node;
pub mod program;
mod slot_test;
pub mod testrun;
pub mod value;
