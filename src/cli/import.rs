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
    /// A folder holding any of debtors.csv, debts.csv, payments.csv, contacts.csv,
    /// opt_outs.csv and agreements.csv (a file named by an option takes precedence).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    if let Some(dir) = &args.dir {
        if !dir.is_dir() {
            eprintln!("error: `{}` is not a folder", dir.display());
            return 2;
        }
    }
    let in_dir = |given: Option<PathBuf>, name: &str| {
        given.or_else(|| {
            let path = args.dir.as_ref()?.join(name);
            path.is_file().then_some(path)
        })
    };
    let files = ImportFiles {
        debtors: in_dir(args.debtors.clone(), "debtors.csv"),
        debts: in_dir(args.debts.clone(), "debts.csv"),
        payments: in_dir(args.payments.clone(), "payments.csv"),
        contacts: in_dir(args.contacts.clone(), "contacts.csv"),
        opt_outs: in_dir(args.opt_outs.clone(), "opt_outs.csv"),
        agreements: in_dir(args.agreements.clone(), "agreements.csv"),
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
    let existed = args.portfolio.exists();
    let mut store = match Store::open(&args.portfolio) {
        Ok(store) => store,
        Err(e) => return fail(&ImportError::Store(e)),
    };
    let outcome = import(&mut store, &files);
    if outcome.is_err() && !existed {
        // "Leave the database as it was": it was not there, so do not leave an empty one.
        drop(store);
        let _ = std::fs::remove_file(&args.portfolio);
    }
    match outcome {
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
