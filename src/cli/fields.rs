//! `strat fields`: list the built-in fields every portfolio provides, with their types and
//! meaning (what the checker's `unknown-field` help points to).

use crate::schema::Builtin;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(args: Args) -> i32 {
    let Args {} = args;
    print!("{}", table());
    0
}

/// The listing, one field per line: name, type, meaning.
pub fn table() -> String {
    let width = Builtin::ALL
        .iter()
        .map(|b| b.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for b in Builtin::ALL {
        out.push_str(&format!(
            "{:width$}  {:6}  {}\n",
            b.name(),
            b.ty().describe(),
            b.doc().trim()
        ));
    }
    out
}
