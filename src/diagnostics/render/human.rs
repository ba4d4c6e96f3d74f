//! Human rendering: each diagnostic becomes a miette graphical report over the whole file
//! (a `NamedSource`), at a fixed width, with or without colour. Must not decide width or
//! colour itself (the caller does, so snapshots stay stable).

use super::region::{clamp, Region};
use crate::diagnostics::{Diagnostic, Severity};
use crate::syntax::span::SourceFile;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
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
    let mut out = String::new();
    for diagnostic in diagnostics {
        let at = Region::of(source, diagnostic.span);
        let header = format!("{}:{}:{}", source.name, at.line, at.column);
        let named = NamedSource::new(header, Arc::clone(&source.text));
        let report = Report::new(source, &named, diagnostic);
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, &report).is_err() {
            // miette refused the spans; never lose the finding, fall back to one plain line.
            rendered = plain(source, diagnostic);
        }
        out.push_str(rendered.trim_end());
        out.push_str("\n\n");
    }
    out
}

/// `file:line:col: error[strat::code]: message` — used only if miette cannot render.
fn plain(source: &SourceFile, diagnostic: &Diagnostic) -> String {
    let at = Region::of(source, diagnostic.span);
    let mut line = format!(
        "{}:{}:{}: {}[{}]: {}",
        source.name,
        at.line,
        at.column,
        diagnostic.severity.as_str(),
        diagnostic.code.qualified(),
        diagnostic.message
    );
    if let Some(help) = &diagnostic.help {
        line.push_str("\n  help: ");
        line.push_str(help);
    }
    line
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
