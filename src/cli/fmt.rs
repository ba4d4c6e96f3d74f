//! `strat fmt`: rewrite strategy files in canonical form, in place; `--check` only lists the
//! files that would change (exit 1 if any) and writes nothing. A file with syntax errors is
//! never rewritten: its diagnostics go to stderr (exit 1). Must not implement formatting
//! (that is `crate::fmt`), nor judge it: the check that formatting kept the meaning is
//! `crate::fmt::keeps_meaning`.

use super::check::{human_capped, sort, Stream};
use super::source;
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::syntax;
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
    if !crate::fmt::keeps_meaning(&ast, &formatted) {
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
    match write_atomically(path, &formatted) {
        Ok(()) => Outcome::Formatted,
        Err(error) => {
            eprintln!("error: cannot write `{}`: {error}", path.display());
            Outcome::Failed
        }
    }
}

/// Replace the file's contents without a window in which it is truncated: write a sibling
/// temporary file with the same permissions, then rename it over the original. A symlink is
/// written through instead, so the link stays a link.
fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let metadata = std::fs::symlink_metadata(path)?;
    if metadata.file_type().is_symlink() {
        return std::fs::write(path, contents);
    }
    let file_name = path.file_name().map_or_else(
        || "strategy".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let temporary = path.with_file_name(format!(".{file_name}.fmt-{}", std::process::id()));
    let result = std::fs::write(&temporary, contents)
        .and_then(|()| std::fs::set_permissions(&temporary, metadata.permissions()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn report(source: &SourceFile, diagnostics: &[Diagnostic]) {
    eprint!("{}", human_capped(Stream::Stderr, source, diagnostics));
}
