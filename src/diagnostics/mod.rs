//! Diagnostics as data: what every stage reports (code, severity, span, message, labels, help)
//! and nothing about how it is shown. Rendering (human via miette, JSON, SARIF, GitHub
//! annotations) lives in [`render`]; no other module formats diagnostics.

pub mod render;

use crate::source::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A secondary span with its own short message ("shadowed by this rule").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding about one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Plain language, lowercase start, user input in backticks.
    pub message: String,
    /// The primary span: exactly the offending text.
    pub span: Span,
    /// What the primary span is, shown under it (may be empty).
    pub label: String,
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            label: String::new(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident => $name:literal, )*) => {
        /// Every diagnostic code strat can emit. The string form (`strat::unknown-field`) is
        /// stable: CI configurations and suppressions (`# strat: allow unknown-field`) name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The short name, without the `strat::` prefix (`unknown-field`).
            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// One-line summary of what the code means.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => concat!($($doc),*), )* }
            }
        }
    };
}

codes! {
    /// The file could not be read as a strategy (not UTF-8, too large, unreadable).
    InvalidInput => "invalid-input",
    /// The text does not follow the strategy grammar.
    SyntaxError => "syntax-error",
    /// A condition, segment, test or template names a field that is neither built in nor declared.
    UnknownField => "unknown-field",
    /// A rule names a template that is not declared.
    UnknownTemplate => "unknown-template",
    /// A value is compared with something of another type, or an enum variant does not exist.
    TypeMismatch => "type-mismatch",
    /// A template placeholder names no known value.
    UnknownPlaceholder => "unknown-placeholder",
    /// A template is declared for one channel and used on another.
    TemplateChannel => "template-channel",
    /// A rule's condition can never be true.
    NeverMatches => "never-matches",
    /// Under `hit first`, an earlier rule matches every debtor this rule would.
    ShadowedRule => "shadowed-rule",
    /// Two rules, fields, templates, segments or tests share a name.
    DuplicateName => "duplicate-name",
    /// An installment offer above the policy's `max installments`.
    InstallmentsAbovePolicy => "installments-above-policy",
    /// A discount offer above the policy's `max discount`.
    DiscountAbovePolicy => "discount-above-policy",
    /// A `late_fee` above the 2% of CDC art. 52 §1.
    LateFeeAboveLegal => "late-fee-above-legal",
    /// An `interest` above 1% per month (the customary limit for late interest).
    InterestAboveCustomary => "interest-above-customary",
    /// A rule reports to a bureau but the policy has no `bureau notice`.
    BureauWithoutNotice => "bureau-without-notice",
    /// A rule reports to a bureau and no letter rule comes before it.
    BureauWithoutLetter => "bureau-without-letter",
    /// An installment offer that `min installment` makes impossible for the smallest balance the rule can reach.
    ImpossibleInstallment => "impossible-installment",
    /// A letter template lacks the creditor's name or document (CDC art. 42-A).
    LetterWithoutCreditor => "letter-without-creditor",
    /// Some overdue debtors are matched by no rule (a gap in `days_overdue` coverage).
    CoverageGap => "coverage-gap",
    /// A header or policy setting is invalid (unknown time zone, currency, empty window, repeated setting).
    InvalidSetting => "invalid-setting",
    /// A test block is malformed (unknown field in `given`, a value of the wrong type).
    InvalidTest => "invalid-test",
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.qualified())
    }
}

impl Code {
    /// `strat::unknown-field`
    pub fn qualified(self) -> String {
        format!("strat::{}", self.name())
    }

    pub fn from_name(name: &str) -> Option<Code> {
        let name = name.strip_prefix("strat::").unwrap_or(name);
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}
