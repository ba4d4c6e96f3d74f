//! GitHub Actions workflow commands (`::error file=...::message`), one line per diagnostic,
//! so a CI log shows annotations on the pull request. Escaping follows GitHub's toolkit
//! (`escapeData` / `escapeProperty`).

use super::region::Region;
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

/// One workflow command per diagnostic, each ending in a newline.
pub fn github(files: &[(SourceFile, Vec<Diagnostic>)]) -> String {
    let mut out = String::new();
    for (source, diagnostics) in files {
        for d in diagnostics {
            out.push_str(&command(source, d));
            out.push('\n');
        }
    }
    out
}

fn command(source: &SourceFile, d: &Diagnostic) -> String {
    let at = Region::of(source, d.span);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        d.severity.as_str(),
        escape_property(&source.name.replace('\\', "/")),
        at.line,
        at.column,
        at.end_line,
        at.end_column,
        escape_property(&d.code.qualified()),
        escape_data(&message)
    )
}

/// Escaping of a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value (`file=`, `title=`): also `:` and `,`, which delimit
/// properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
