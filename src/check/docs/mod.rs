//! The documentation of every diagnostic code, available at run time: one registry from
//! [`Code`] to its [`Doc`], which `strat check --explain CODE` prints and from which
//! `docs/diagnostics.md` is generated ([`page`]); a test fails when the checked-in page differs.
//!
//! Where the text lives: a lint's in its own file (`src/check/lints/<name>.rs`, the `DOC`
//! constant, written as a doc comment in the sections What it does / Why is this bad? /
//! Example), every other code's in [`errors`]. The `match` in [`doc`] is exhaustive, so a new
//! `Code` does not compile until it is documented.

pub mod errors;

use super::lints;
use super::suggest;
use crate::diagnostics::{Code, Severity};

/// Documentation of one code: the severities it is reported with, and Markdown text in the
/// sections `## What it does`, `## Why is this bad?` and `## Example` (whose two `text`
/// blocks are the bad example and its fix).
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    pub severities: &'static [Severity],
    /// The doc comment's lines as the compiler gives them (each after `///`, so most begin
    /// with one space); [`Doc::markdown`] strips it.
    pub lines: &'static [&'static str],
}

/// Turns a doc comment into a `Doc` constant that keeps the comment as its rustdoc:
/// `code_doc! { /// ## What it does … const DOC = [Error]; }`.
macro_rules! code_doc {
    ($(#[doc = $line:literal])* const $name:ident = [$($severity:ident),+];) => {
        $(#[doc = $line])*
        pub const $name: $crate::check::docs::Doc = $crate::check::docs::Doc {
            severities: &[$($crate::diagnostics::Severity::$severity),+],
            lines: &[$($line),*],
        };
    };
}
pub(crate) use code_doc;

impl Doc {
    /// The text as Markdown, sections at level 2 (`## What it does`).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for line in self.lines {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// `error`, `warning` or `error or warning`.
    pub fn severity(&self) -> String {
        let names: Vec<&str> = self.severities.iter().map(|s| s.as_str()).collect();
        names.join(" or ")
    }

    /// The text of the section headed `## {heading}`, without the heading line.
    pub fn section(&self, heading: &str) -> Option<String> {
        let text = self.markdown();
        let start = text.find(&format!("## {heading}\n"))? + heading.len() + 4;
        let rest = text.get(start..)?;
        let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
        rest.get(..end).map(str::to_string)
    }
}

/// The documentation of `code`.
pub fn doc(code: Code) -> Doc {
    match code {
        Code::InvalidInput => errors::INVALID_INPUT,
        Code::SyntaxError => errors::SYNTAX_ERROR,
        Code::UnknownField => errors::UNKNOWN_FIELD,
        Code::UnknownTemplate => errors::UNKNOWN_TEMPLATE,
        Code::TypeMismatch => errors::TYPE_MISMATCH,
        Code::UnknownPlaceholder => errors::UNKNOWN_PLACEHOLDER,
        Code::TemplateChannel => errors::TEMPLATE_CHANNEL,
        Code::NeverMatches => lints::never_matches::DOC,
        Code::ShadowedRule => lints::shadowed_rule::DOC,
        Code::DuplicateName => errors::DUPLICATE_NAME,
        Code::InstallmentsAbovePolicy => lints::installments_above_policy::DOC,
        Code::DiscountAbovePolicy => lints::discount_above_policy::DOC,
        Code::LateFeeAboveLegal => lints::late_fee_above_legal::DOC,
        Code::InterestAboveCustomary => lints::interest_above_customary::DOC,
        Code::BureauWithoutNotice => lints::bureau_without_notice::DOC,
        Code::BureauWithoutLetter => lints::bureau_without_letter::DOC,
        Code::ImpossibleInstallment => lints::impossible_installment::DOC,
        Code::LetterWithoutCreditor => lints::letter_without_creditor::DOC,
        Code::CoverageGap => lints::coverage_gap::DOC,
        Code::InvalidSetting => errors::INVALID_SETTING,
        Code::InvalidTest => errors::INVALID_TEST,
    }
}

/// A name given to `--explain` that is no code; carries the closest code, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

/// The code named `name` (`never-matches` or `strat::never-matches`, any case).
pub fn lookup(name: &str) -> Result<Code, UnknownCode> {
    let wanted = name.trim().to_lowercase();
    Code::from_name(&wanted).ok_or_else(|| {
        let bare = wanted.strip_prefix("strat::").unwrap_or(&wanted);
        UnknownCode {
            name: name.to_string(),
            suggestion: suggest::closest(bare, Code::ALL.iter().map(|c| c.name())),
        }
    })
}

/// What `strat check --explain CODE` prints: the code as a title, its severity, its text.
pub fn explain(code: Code) -> String {
    let doc = doc(code);
    format!(
        "# {}\n\nSeverity: {}.\n\n{}",
        code.name(),
        doc.severity(),
        doc.markdown()
    )
}

/// The text of `docs/diagnostics.md`: [`INTRO`], a table of codes, then every code's
/// documentation in [`Code::ALL`] order, its sections one level down (`### Example`).
pub fn page() -> String {
    let mut out = String::from(INTRO);
    out.push_str("\n| code | severity |\n|---|---|\n");
    for code in Code::ALL {
        let name = code.name();
        out.push_str(&format!(
            "| [`{name}`](#{name}) | {} |\n",
            doc(*code).severity()
        ));
    }
    for code in Code::ALL {
        let doc = doc(*code);
        out.push_str(&format!(
            "\n## {}\n\nSeverity: {}.\n\n",
            code.name(),
            doc.severity()
        ));
        let mut in_code = false;
        for line in doc.markdown().lines() {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with("## ") {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The opening of `docs/diagnostics.md`, before the table of codes.
pub const INTRO: &str = "\
<!-- Generated from the documentation in the code (src/check/docs/): do not edit by hand.
     Regenerate with `UPDATE_DOCS=1 cargo test --test diagnostics`. -->

# Diagnostics

Every finding of `strat check` has a stable code (`strat::unknown-field`), a severity, the exact
span it is about, a plain message with the analyst's own text in backticks, a label, and a help
line saying what to do. Errors make `strat check` exit 1 and stop the strategy from being planned;
warnings are reported but do not block. `strat check --explain CODE` prints one code's
documentation below.

**Suppressing a warning.** `# strat: allow CODE` (several codes may be separated by commas) on
the line before an item, or at the end of its first line, silences that warning for that item.
Errors cannot be silenced. `coverage-gap` concerns the whole file, so its allow comment may be
anywhere.

**Flow analysis** (`never-matches`, `shadowed-rule`, `coverage-gap`, `impossible-installment`) runs
once the file has no other errors. It turns each condition into alternatives (`or` branches) of
per-field constraints — numeric intervals, sets of enum variants/channels/booleans, present or
missing — and reports only what it is sure of. Conditions it does not understand (arithmetic,
text equality, two fields compared, functions) are treated as \"could be anything\", so they never
cause a false report. Very large conditions (over 256 alternatives) are skipped the same way.

This page is generated from the code: each lint's documentation is a doc comment in its own
file (`src/check/lints/<name>.rs`), the other codes' are in `src/check/docs/errors.rs`. The
examples are the fixtures in `tests/fixtures/diagnostics/<code>/` (`bad.strat`, `good.strat`),
checked by `tests/diagnostics.rs`.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_accepts_the_qualified_name_and_suggests_a_close_one() {
        assert_eq!(lookup("never-matches"), Ok(Code::NeverMatches));
        assert_eq!(lookup("strat::Never-Matches"), Ok(Code::NeverMatches));
        let unknown = lookup("never-match").err();
        assert_eq!(unknown.and_then(|u| u.suggestion), Some("never-matches"));
    }

    #[test]
    fn sections_are_found_by_heading() {
        let doc = doc(Code::LateFeeAboveLegal);
        let what = doc.section("What it does").unwrap_or_default();
        assert_eq!(what, "Flags a policy `late_fee` above 2%.\n\n");
    }
}
