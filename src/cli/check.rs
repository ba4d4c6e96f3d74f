//! `strat check`: read, parse and check strategy files; print every diagnostic in the chosen
//! format (human to stdout with a summary line; JSON, SARIF or GitHub commands to stdout) and
//! exit 0 (no errors), 1 (errors, or warnings with `--deny-warnings`) or 2 (a file could not
//! be read); with `--explain CODE`, print that code's documentation instead. Also the
//! parse-then-check pipeline and terminal-aware human printing other commands reuse. Must not
//! implement parsing, checking or rendering itself.

use super::source::{self, Loaded};
use crate::check::{self as checker, CheckedStrategy};
use crate::diagnostics::{render, Code, Diagnostic, Severity};
use crate::source::SourceFile;
use crate::syntax;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format: `human` for people, `json`, `sarif` (code scanning) or `github`
    /// (workflow annotations) for CI.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print the documentation of a diagnostic code (`never-matches`), as
    /// `docs/diagnostics.md` has it, instead of checking files.
    #[arg(long, value_name = "CODE", conflicts_with = "files")]
    pub explain: Option<String>,
    /// Strategy files to check.
    #[arg(required_unless_present = "explain", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

pub fn run(args: Args) -> i32 {
    if let Some(name) = &args.explain {
        return explain_code(name);
    }
    let mut checked: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::new();
    let mut unreadable = false;
    for path in &args.files {
        match source::read(path) {
            Ok(loaded) => {
                let (_, diagnostics) = compile(&loaded);
                checked.push((loaded.source, diagnostics));
            }
            Err(error) => {
                eprintln!("error: {error}");
                unreadable = true;
            }
        }
    }

    let printed = match args.format {
        Format::Human => print_human_report(&checked),
        Format::Json => print_json(&render::json(&checked)),
        Format::Sarif => print_json(&render::sarif(&relative_names(checked.clone()))),
        Format::Github => write_stdout(&render::github(&checked)),
    };

    let (errors, warnings) = count(&checked);
    if unreadable || printed.is_err() {
        2
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        1
    } else {
        0
    }
}

/// `--explain CODE`: the code's documentation to stdout (exit 0), or for an unknown code an
/// error with the closest code to stderr (exit 2, a usage error).
fn explain_code(name: &str) -> i32 {
    match checker::docs::lookup(name) {
        Ok(code) => match write_stdout(&checker::docs::explain(code)) {
            Ok(()) => 0,
            Err(_) => 2,
        },
        Err(unknown) => {
            eprintln!("error: `{}` is not a diagnostic code", unknown.name);
            match unknown.suggestion {
                Some(close) => eprintln!("help: did you mean `{close}`?"),
                None => {
                    let names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
                    eprintln!("help: the codes are {}", names.join(", "));
                }
            }
            2
        }
    }
}

/// Parse, then (only when parsing found no errors, so the checker never sees a half-built
/// file) check. Returns the checked strategy when there are no errors, and every diagnostic
/// sorted by position. A rejected file (not UTF-8, too large) yields only its rejection.
pub fn compile(loaded: &Loaded) -> (Option<CheckedStrategy>, Vec<Diagnostic>) {
    if let Some(rejection) = &loaded.rejected {
        return (None, vec![rejection.clone()]);
    }
    let (ast, mut diagnostics) = syntax::parse(&loaded.source);
    let mut checked = None;
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let (strategy, found) = checker::check(&loaded.source, &ast);
        diagnostics.extend(found);
        checked = strategy;
    }
    sort(&mut diagnostics);
    (checked, diagnostics)
}

/// Position order (then errors before warnings, then code) so output is stable and reads
/// top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.severity, a.code).cmp(&(
            b.span.start,
            b.span.end,
            b.severity,
            b.code,
        ))
    });
}

/// Code scanning resolves SARIF paths against the repository root: make absolute paths
/// under the working directory relative to it (others are left as given).
fn relative_names(files: Vec<(SourceFile, Vec<Diagnostic>)>) -> Vec<(SourceFile, Vec<Diagnostic>)> {
    let Ok(cwd) = std::env::current_dir() else {
        return files;
    };
    files
        .into_iter()
        .map(|(source, diagnostics)| {
            let relative = std::path::Path::new(&source.name)
                .strip_prefix(&cwd)
                .ok()
                .map(|p| p.to_string_lossy().into_owned());
            let source = match relative {
                Some(name) => source.renamed(name),
                None => source,
            };
            (source, diagnostics)
        })
        .collect()
}

/// Where human output goes; decides colour and width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Render one file's diagnostics for a person reading `stream`: colour only on a terminal
/// with `NO_COLOR` unset, width from `COLUMNS` on a terminal, else 100.
pub fn human_for(stream: Stream, source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let terminal = match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = terminal
        .then(|| std::env::var("COLUMNS").ok()?.parse::<usize>().ok())
        .flatten()
        .filter(|&w| w >= 40)
        .unwrap_or(100);
    render::human(source, diagnostics, width, terminal && !no_color)
}

/// [`human_for`] showing at most [`MAX_HUMAN_PER_FILE`] findings, then a note of how many
/// more there are.
pub fn human_capped(stream: Stream, source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let shown = diagnostics.len().min(MAX_HUMAN_PER_FILE);
    let mut out = human_for(stream, source, &diagnostics[..shown]);
    if shown < diagnostics.len() {
        out.push_str(&format!(
            "… {} more in `{}` not shown (use --format json to see all)\n\n",
            diagnostics.len() - shown,
            source.name
        ));
    }
    out
}

/// Findings shown per file in human output. Past this a person stops reading (binary input
/// can yield thousands); machine formats always carry every finding.
const MAX_HUMAN_PER_FILE: usize = 50;

fn print_human_report(checked: &[(SourceFile, Vec<Diagnostic>)]) -> std::io::Result<()> {
    let mut out = String::new();
    for (source, diagnostics) in checked {
        out.push_str(&human_capped(Stream::Stdout, source, diagnostics));
    }
    let (errors, warnings) = count(checked);
    out.push_str(&summary(errors, warnings, checked.len()));
    out.push('\n');
    write_stdout(&out)
}

fn print_json(value: &serde_json::Value) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    write_stdout(&text)
}

/// Write everything at once; a closed pipe (`strat check … | head`) is an error, not a panic.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

fn count(checked: &[(SourceFile, Vec<Diagnostic>)]) -> (usize, usize) {
    let all = checked.iter().flat_map(|(_, d)| d);
    let errors = all
        .clone()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = all.filter(|d| d.severity == Severity::Warning).count();
    (errors, warnings)
}

/// `2 errors, 1 warning in 3 files`
fn summary(errors: usize, warnings: usize, files: usize) -> String {
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
