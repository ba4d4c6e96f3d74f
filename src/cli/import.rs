//! `strat import`: load CSV files into a portfolio database as one transaction. Parses the
//! arguments, opens the store, reports the outcome; the work is `portfolio::import`'s.

use crate::portfolio::import::{import, ImportError, ImportFiles};
use crate::portfolio::store::Store;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The portfolio database (created if it does not exist).
    #[arg(long, value_name = "P.db")]
    pub portfolio: PathBuf,
    /// Debtors: id,name,document,email,phone,timezone and any custom columns.
    #[arg(long, value_name = "CSV")]
    pub debtors: Option<PathBuf>,
    /// Debts: id,debtor_id,principal,issued_on,due_on.
    #[arg(long, value_name = "CSV")]
    pub debts: Option<PathBuf>,
    /// Payments: id,debt_id,paid_on,amount.
    #[arg(long, value_name = "CSV")]
    pub payments: Option<PathBuf>,
    /// Contacts: debtor_id,channel,at,rule,outcome.
    #[arg(long, value_name = "CSV")]
    pub contacts: Option<PathBuf>,
    /// Opt-outs: debtor_id,channel,since.
    #[arg(long = "opt-outs", value_name = "CSV")]
    pub opt_outs: Option<PathBuf>,
    /// Agreements: id,debtor_id,made_on,installments,status.
    #[arg(long, value_name = "CSV")]
    pub agreements: Option<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    let files = ImportFiles {
        debtors: args.debtors,
        debts: args.debts,
        payments: args.payments,
        contacts: args.contacts,
        opt_outs: args.opt_outs,
        agreements: args.agreements,
    };
    if files.debtors.is_none()
        && files.debts.is_none()
        && files.payments.is_none()
        && files.contacts.is_none()
        && files.opt_outs.is_none()
        && files.agreements.is_none()
    {
        return fail(&ImportError::NothingToImport);
    }
    let mut store = match Store::open(&args.portfolio) {
        Ok(store) => store,
        Err(e) => return fail(&ImportError::Store(e)),
    };
    match import(&mut store, &files) {
        Ok(summary) => {
            let parts: Vec<String> = summary
                .imported
                .iter()
                .map(|(table, rows)| format!("{rows} {}", table.name()))
                .collect();
            println!(
                "imported {} into {}",
                parts.join(", "),
                args.portfolio.display()
            );
            0
        }
        Err(e) => fail(&e),
    }
}

fn fail(error: &ImportError) -> i32 {
    eprintln!("error: {error}");
    if let ImportError::Data { .. } = error {
        eprintln!("  nothing was imported (the import is one transaction)");
    }
    error.exit_code()
}
