//! `strat fmt`: rewrite strategy files in canonical form, in place; `--check` only lists the
//! files that would change (exit 1 if any) and writes nothing. A file with syntax errors is
//! never rewritten: its diagnostics go to stderr (exit 1). Must not implement formatting
//! (that is `crate::fmt`).

use super::check::{human_capped, sort, Stream};
use super::source;
use crate::diagnostics::Diagnostic;
use crate::syntax::{self, span::SourceFile};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write nothing; list files whose formatting differs and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Strategy files to format.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// What happened to one file; the worst outcome decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Unchanged,
    Formatted,
    WouldChange,
    Invalid,
    Failed,
}

pub fn run(args: Args) -> i32 {
    let worst = args
        .files
        .iter()
        .map(|path| format_file(path, args.check))
        .max()
        .unwrap_or(Outcome::Unchanged);
    match worst {
        Outcome::Unchanged | Outcome::Formatted => 0,
        Outcome::WouldChange | Outcome::Invalid => 1,
        Outcome::Failed => 2,
    }
}

fn format_file(path: &Path, check_only: bool) -> Outcome {
    let loaded = match source::read(path) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return Outcome::Failed;
        }
    };
    if let Some(rejection) = &loaded.rejected {
        report(&loaded.source, std::slice::from_ref(rejection));
        return Outcome::Invalid;
    }
    let source = &loaded.source;
    let (ast, mut diagnostics) = syntax::parse(source);
    if diagnostics.iter().any(Diagnostic::is_error) {
        sort(&mut diagnostics);
        report(source, &diagnostics);
        return Outcome::Invalid;
    }
    let formatted = crate::fmt::format(source, &ast);
    if formatted == *source.text {
        return Outcome::Unchanged;
    }
    if !keeps_meaning(source, &ast, &formatted) {
        eprintln!(
            "error: formatting `{}` would change its meaning; the file is left unchanged \
             (this is a bug in strat fmt, please report it)",
            source.name
        );
        return Outcome::Failed;
    }
    if check_only {
        // A closed pipe (`strat fmt --check … | head`) must not panic; the exit code says it.
        let _ = writeln!(std::io::stdout(), "{}", source.name);
        return Outcome::WouldChange;
    }
    match std::fs::write(path, formatted) {
        Ok(()) => Outcome::Formatted,
        Err(error) => {
            eprintln!("error: cannot write `{}`: {error}", path.display());
            Outcome::Failed
        }
    }
}

/// The formatter's promise, checked before anything is written: the output parses without
/// errors to the same items with the same comments (spans and positions aside).
fn keeps_meaning(source: &SourceFile, ast: &syntax::ast::Strategy, formatted: &str) -> bool {
    let reformatted = SourceFile::new(source.name.clone(), formatted);
    let (again, diagnostics) = syntax::parse(&reformatted);
    let comment_texts = |s: &syntax::ast::Strategy| {
        s.comments
            .iter()
            .map(|c| c.text.trim().to_string())
            .collect::<Vec<_>>()
    };
    !diagnostics.iter().any(Diagnostic::is_error)
        && again.items == ast.items
        && comment_texts(&again) == comment_texts(ast)
}

fn report(source: &SourceFile, diagnostics: &[Diagnostic]) {
    eprint!("{}", human_capped(Stream::Stderr, source, diagnostics));
}
