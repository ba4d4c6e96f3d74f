//! Human rendering: each diagnostic becomes a miette graphical report over the whole file
//! (a `NamedSource`), at a fixed width, with or without colour. Must not decide width or
//! colour itself (the caller does, so snapshots stay stable).

use super::region::{clamp, Region};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::SourceFile;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Render every diagnostic of one file, in the order given, each followed by a blank line.
/// `width` is the total line width miette wraps to; `color` turns ANSI styling on.
pub fn human(source: &SourceFile, diagnostics: &[Diagnostic], width: usize, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_context_lines(1)
        // miette counts the header's column in bytes; we name the source `file:line:col`
        // ourselves, in characters, like every other format.
        .without_primary_span_start();
    let shown: Arc<str> = match displayable(&source.text) {
        Cow::Borrowed(_) => Arc::clone(&source.text),
        Cow::Owned(text) => Arc::from(text),
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let at = Region::of(source, diagnostic.span);
        let header = format!("{}:{}:{}", source.name, at.line, at.column);
        let rendered = if shows_long_line(source, diagnostic) {
            without_snippet(&header, diagnostic)
        } else {
            let named = NamedSource::new(&header, Arc::clone(&shown));
            let report = Report::new(source, &named, diagnostic);
            let mut rendered = String::new();
            match handler.render_report(&mut rendered, &report) {
                Ok(()) => rendered,
                // miette refused the spans; never lose the finding.
                Err(_) => without_snippet(&header, diagnostic),
            }
        };
        out.push_str(rendered.trim_end());
        out.push_str("\n\n");
    }
    out
}

/// The text as miette may print it: every character that would move the cursor or restyle a
/// terminal (control characters, lone carriage returns, which miette also counts as line
/// breaks, and bidirectional overrides, the "Trojan source" trick) replaced by a visible
/// character of the same UTF-8 length, so every span still points at the same bytes.
fn displayable(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let replaced = text
        .chars()
        .map(|c| match c {
            c if !hidden(c) => c,
            '\r' => ' ',
            c => match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => char::REPLACEMENT_CHARACTER,
            },
        })
        .collect();
    Cow::Owned(replaced)
}

/// Longest source line shown in a snippet. Longer lines (minified or binary input) would
/// flood the terminal, and miette cannot underline past column 65535.
const MAX_SHOWN_LINE_BYTES: usize = 1000;

/// Whether any line a snippet would show (each label's lines and one line of context
/// around them) is too long to show.
fn shows_long_line(source: &SourceFile, diagnostic: &Diagnostic) -> bool {
    let spans = std::iter::once(diagnostic.span).chain(diagnostic.labels.iter().map(|l| l.span));
    spans.into_iter().any(|span| {
        let Region { line, end_line, .. } = Region::of(source, span);
        (line.saturating_sub(1)..=end_line.saturating_add(1))
            .any(|n| source.line_range(n).len() > MAX_SHOWN_LINE_BYTES)
    })
}

/// The same layout as miette's report, with the location but no source snippet.
fn without_snippet(header: &str, diagnostic: &Diagnostic) -> String {
    let icon = match diagnostic.severity {
        Severity::Error => '×',
        Severity::Warning => '⚠',
    };
    let mut out = format!(
        "{}\n\n  {icon} {}\n   ╭─[{header}]\n   │ (line too long to show)\n   ╰────\n",
        diagnostic.code.qualified(),
        diagnostic.message
    );
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!("  help: {help}\n"));
    }
    out
}

/// Adapter presenting our plain-data diagnostic to miette.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    named: &'a NamedSource<Arc<str>>,
    labels: Vec<LabeledSpan>,
}

impl<'a> Report<'a> {
    fn new(
        source: &SourceFile,
        named: &'a NamedSource<Arc<str>>,
        diagnostic: &'a Diagnostic,
    ) -> Self {
        let span = |s| SourceSpan::from(clamp(source, s));
        let primary_text = (!diagnostic.label.is_empty()).then(|| diagnostic.label.clone());
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            primary_text,
            span(diagnostic.span),
        )];
        labels.extend(
            diagnostic
                .labels
                .iter()
                .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), span(l.span))),
        );
        Report {
            diagnostic,
            named,
            labels,
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.qualified()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.named)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
