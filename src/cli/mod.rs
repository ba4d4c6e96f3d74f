//! The command line: one file per subcommand, each with its clap `Args` and a `run` returning
//! the exit code. All IO (reading files, opening the store, printing, exit codes) happens
//! here, at the edge. Exit codes: 0 success, 1 findings (errors, failed tests), 2 usage or IO.

pub mod check;
pub mod common;
pub mod explain;
pub mod fields;
pub mod fmt;
pub mod import;
pub mod plan;
pub mod source;
pub mod test;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "strat",
    version,
    about = "Debt-collection strategies: check, test, plan"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check strategy files for errors and warnings (no portfolio needed).
    Check(check::Args),
    /// Rewrite strategy files in canonical form (comments kept).
    Fmt(fmt::Args),
    /// Run the `test` blocks of strategy files.
    Test(test::Args),
    /// Load CSV files into a portfolio database (one transaction).
    Import(import::Args),
    /// Produce the plan of actions for an as-of date.
    Plan(plan::Args),
    /// Show why one debtor gets (or does not get) each action on an as-of date.
    Explain(explain::Args),
    /// List the built-in fields every portfolio provides.
    Fields(fields::Args),
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Test(a) => test::run(a),
        Command::Import(a) => import::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Fields(a) => fields::run(a),
    }
}
