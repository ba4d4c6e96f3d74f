//! Syntax errors in plain language: pest's "expected one of these rules" sets become messages
//! an analyst understands ("expected `then`"), with the exact span of the offending token and
//! a help line. Must not render diagnostics (that is `diagnostics::render`).

use super::lower::syntax_error;
use super::parser::Rule;
use crate::diagnostics::Diagnostic;
use crate::source::Span;
use pest::error::{ErrorVariant, InputLocation};

const ACTION_HELP: &str = "actions are `email`, `sms`, `whatsapp`, `letter` or `call` (optionally with `template \"name\"`), `offer up to N installments`, `offer discount up to P%`, `report to bureau`, `escalate to agency \"X\"`, `assign to queue \"X\"`, `tag \"X\"` and `suspend service`, separated by `;`";
const RULE_HELP: &str =
    "a rule reads `when <condition> then <actions>`, e.g. `when days_overdue = 1 then sms`";
const ITEM_HELP: &str = "each item starts its line with a keyword: `strategy`, `creditor`, `currency`, `timezone`, `hit`, `field`, `policy`, `segment`, `template`, `rule`, `when` or `test`";
const POLICY_HELP: &str = "policy settings are `late_fee P%`, `interest P% per month`, `max installments N`, `min installment X`, `max discount P%`, `contact hours ...`, `contact on sundays`, `contact on holidays`, `max contacts N per D days`, `bureau notice N days` and `offer valid N days`; close the block with `}`";
const TEST_HELP: &str = "a test block holds `as of DATE`, `given field = value, ...`, `expect actions`, `expect rule \"name\"` or `expect nothing`, and ends with `}`";
const CONDITION_HELP: &str =
    "a condition compares fields with values, e.g. `days_overdue >= 20 and balance > 100`";

/// The text of a keyword rule, or `None` if `rule` is not a keyword.
pub(crate) fn keyword_text(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_strategy => "strategy",
        Rule::kw_version => "version",
        Rule::kw_creditor => "creditor",
        Rule::kw_document => "document",
        Rule::kw_currency => "currency",
        Rule::kw_timezone => "timezone",
        Rule::kw_hit => "hit",
        Rule::kw_first => "first",
        Rule::kw_all => "all",
        Rule::kw_field => "field",
        Rule::kw_enum => "enum",
        Rule::kw_policy => "policy",
        Rule::kw_late_fee => "late_fee",
        Rule::kw_interest => "interest",
        Rule::kw_per => "per",
        Rule::kw_month => "month",
        Rule::kw_max => "max",
        Rule::kw_min => "min",
        Rule::kw_installments => "installments",
        Rule::kw_installment => "installment",
        Rule::kw_discount => "discount",
        Rule::kw_contact => "contact",
        Rule::kw_hours => "hours",
        Rule::kw_on => "on",
        Rule::kw_sundays => "sundays",
        Rule::kw_holidays => "holidays",
        Rule::kw_days => "days",
        Rule::kw_bureau => "bureau",
        Rule::kw_notice => "notice",
        Rule::kw_offer => "offer",
        Rule::kw_valid => "valid",
        Rule::kw_segment => "segment",
        Rule::kw_template => "template",
        Rule::kw_for => "for",
        Rule::kw_rule => "rule",
        Rule::kw_when => "when",
        Rule::kw_then => "then",
        Rule::kw_up => "up",
        Rule::kw_to => "to",
        Rule::kw_report => "report",
        Rule::kw_escalate => "escalate",
        Rule::kw_agency => "agency",
        Rule::kw_assign => "assign",
        Rule::kw_queue => "queue",
        Rule::kw_tag => "tag",
        Rule::kw_suspend => "suspend",
        Rule::kw_service => "service",
        Rule::kw_once => "once",
        Rule::kw_every => "every",
        Rule::kw_test => "test",
        Rule::kw_as => "as",
        Rule::kw_of => "of",
        Rule::kw_given => "given",
        Rule::kw_expect => "expect",
        Rule::kw_nothing => "nothing",
        Rule::kw_missing => "missing",
        Rule::kw_present => "present",
        Rule::kw_true => "true",
        Rule::kw_false => "false",
        Rule::kw_in => "in",
        Rule::kw_between => "between",
        Rule::kw_and => "and",
        Rule::kw_is => "is",
        Rule::colon => ":",
        Rule::semicolon => ";",
        Rule::comma => ",",
        Rule::equals => "=",
        Rule::open_brace => "{",
        Rule::close_brace => "}",
        Rule::open_paren => "(",
        Rule::close_paren => ")",
        Rule::open_bracket => "[",
        Rule::close_bracket => "]",
        Rule::dash => "-",
        _ => return None,
    })
}

/// What a parse failure was waiting for, grouped into the few things an analyst knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Keyword(&'static str),
    Item,
    Condition,
    Operator,
    Action,
    Repeat,
    PolicySetting,
    TestStatement,
    Text,
    Name,
    WholeNumber,
    Number,
    Percent,
    Date,
    Time,
    Weekday,
    Channel,
    Type,
    ContactNoun,
    Binding,
    Value,
    EndOfItem,
}

impl Expected {
    fn describe(self) -> String {
        match self {
            Expected::Keyword(k) => format!("`{k}`"),
            Expected::Item => "a new item such as `rule`, `when` or `field`".into(),
            Expected::Condition => "a condition".into(),
            Expected::Operator => "an operator such as `and`, `or`, `=` or `>=`".into(),
            Expected::Action => {
                "an action such as `email`, `call` or `offer up to 6 installments`".into()
            }
            Expected::Repeat => "`once` or `every N days`".into(),
            Expected::PolicySetting => {
                "a policy setting such as `max installments 12`, or `}`".into()
            }
            Expected::TestStatement => "`given`, `expect`, `as of`, or `}`".into(),
            Expected::Text => "a text in double quotes".into(),
            Expected::Name => "a name".into(),
            Expected::WholeNumber => "a whole number".into(),
            Expected::Number => "a number".into(),
            Expected::Percent => "a percentage such as `30%`".into(),
            Expected::Date => "a date such as `2025-01-31`".into(),
            Expected::Time => "a time such as `08:00`".into(),
            Expected::Weekday => "a weekday (`mon` ... `sun`)".into(),
            Expected::Channel => "a channel: `email`, `sms`, `whatsapp`, `letter` or `call`".into(),
            Expected::Type => {
                "a type: `int`, `money`, `percent`, `date`, `days`, `text`, `bool`, `channel` or `enum(...)`".into()
            }
            Expected::ContactNoun => {
                "`contacts` or a channel in the plural (`calls`, `emails`, `sms`, `whatsapp`, `letters`)".into()
            }
            Expected::Binding => "a value for a field, e.g. `days_overdue = 20`".into(),
            Expected::Value => {
                "a value: a number, percentage, date, text, `true`, `false`, a name or `missing`".into()
            }
            Expected::EndOfItem => "a new line with the next item".into(),
        }
    }
}

fn classify(rule: Rule) -> Option<Expected> {
    use Rule as R;
    Some(match rule {
        R::file
        | R::item_chunk
        | R::strategy_item
        | R::creditor_item
        | R::currency_item
        | R::timezone_item
        | R::hit_item
        | R::field_item
        | R::policy_item
        | R::segment_item
        | R::template_item
        | R::rule_item
        | R::rule_name
        | R::test_item
        | R::kw_strategy
        | R::kw_creditor
        | R::kw_currency
        | R::kw_timezone
        | R::kw_hit
        | R::kw_field
        | R::kw_policy
        | R::kw_segment
        | R::kw_template
        | R::kw_test
        | R::kw_rule
        | R::kw_when => Expected::Item,
        R::late_fee
        | R::interest
        | R::max_installments
        | R::min_installment
        | R::max_discount
        | R::contact_hours
        | R::contact_on
        | R::max_contacts
        | R::bureau_notice
        | R::offer_valid
        | R::kw_late_fee
        | R::kw_interest
        | R::kw_min
        | R::kw_bureau => Expected::PolicySetting,
        R::kw_max | R::kw_contact | R::kw_offer => return None, // resolved by context in `expectations`
        R::repeat | R::every_days | R::kw_once | R::kw_every => Expected::Repeat,
        R::test_as_of
        | R::test_given
        | R::test_expect_rule
        | R::test_expect_nothing
        | R::test_expect
        | R::kw_as
        | R::kw_given
        | R::kw_expect => Expected::TestStatement,
        R::expr
        | R::arith
        | R::op_not
        | R::op_neg
        | R::paren
        | R::call
        | R::ident
        | R::kw_true
        | R::kw_false => Expected::Condition,
        R::given_value | R::kw_missing => Expected::Value,
        R::op_or
        | R::op_and
        | R::op_eq
        | R::op_ne
        | R::op_lt
        | R::op_le
        | R::op_gt
        | R::op_ge
        | R::op_add
        | R::op_sub
        | R::op_mul
        | R::op_div
        | R::kw_in
        | R::kw_between
        | R::kw_is
        | R::in_set
        | R::between_range
        | R::is_test => Expected::Operator,
        R::action
        | R::contact
        | R::offer_installments
        | R::offer_discount
        | R::report_to_bureau
        | R::escalate
        | R::assign
        | R::tag
        | R::suspend_service
        | R::kw_report
        | R::kw_escalate
        | R::kw_assign
        | R::kw_tag
        | R::kw_suspend => Expected::Action,
        R::binding => Expected::Binding,
        R::string | R::string_body | R::string_escape => Expected::Text,
        R::currency_code => Expected::Name,
        R::uint => Expected::WholeNumber,
        R::number | R::number_part => Expected::Number,
        R::percent => Expected::Percent,
        R::date => Expected::Date,
        R::clock_time => Expected::Time,
        R::weekday | R::contact_window => Expected::Weekday,
        R::channel => Expected::Channel,
        R::type_expr | R::type_name | R::enum_type => Expected::Type,
        R::contact_noun => Expected::ContactNoun,
        R::EOI => Expected::EndOfItem,
        other => Expected::Keyword(keyword_text(other)?),
    })
}

/// Turn pest's failure on a chunk starting at byte `offset` of `text` into a diagnostic.
pub(crate) fn from_pest(
    error: &pest::error::Error<Rule>,
    chunk: &str,
    offset: usize,
) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    // A failure at the very end of the chunk is shown right after its last token, not on the
    // next item's line.
    let content_end = chunk.trim_end().len();
    let (token_start, token_end) = if pos >= content_end {
        (content_end, content_end)
    } else {
        token_at(chunk, pos)
    };
    let span = Span::new(offset + token_start, offset + token_end);
    let found = chunk.get(token_start..token_end).unwrap_or("");

    if found.starts_with('"') && !found.ends_with('"') || found == "\"" {
        return syntax_error(
            span,
            "this text is never closed",
            "end the text with `\"` on the same line",
        )
        .with_label("unclosed text");
    }

    let previous = previous_word(chunk, token_start);
    let mut expected = expectations(&positives);
    expected.sort();
    expected.dedup();
    let (message, help) = phrase(&expected, previous);
    let found_text = if found.is_empty() {
        "the end of the item".to_string()
    } else {
        format!("`{}`", shorten(found))
    };
    syntax_error(span, message, help).with_label(format!("found {found_text}"))
}

fn expectations(positives: &[Rule]) -> Vec<Expected> {
    let mut out = Vec::new();
    for &rule in positives {
        match rule {
            Rule::kw_max | Rule::kw_contact | Rule::kw_offer => {
                // `offer` starts both an action and a policy setting; `max`/`contact` only settings.
                let in_actions =
                    positives.contains(&Rule::channel) || positives.contains(&Rule::kw_report);
                if rule == Rule::kw_offer && in_actions {
                    out.push(Expected::Action);
                } else {
                    out.push(Expected::PolicySetting);
                }
            }
            // `missing` after `is` is a keyword; in a `given` binding it is a value.
            Rule::kw_missing if positives.contains(&Rule::kw_present) => {
                out.push(Expected::Keyword("missing"))
            }
            other => out.extend(classify(other)),
        }
    }
    // A condition may always be continued by an operator; saying so only adds noise when
    // something more specific (like `then`) is awaited.
    if out
        .iter()
        .any(|e| matches!(e, Expected::Keyword(_) | Expected::Action))
    {
        out.retain(|e| *e != Expected::Operator);
    }
    // The chunk end is a valid stop after an item, but "a new item" says it better.
    if out.contains(&Expected::Item) {
        out.retain(|e| *e != Expected::EndOfItem);
    }
    out
}

fn phrase(expected: &[Expected], previous: &str) -> (String, &'static str) {
    let has = |e: Expected| expected.contains(&e);
    if has(Expected::Keyword("then")) {
        return ("expected `then` after the condition".into(), RULE_HELP);
    }
    if has(Expected::Value) {
        return (
            format!("expected {}", Expected::Value.describe()),
            "a test gives each field a value, e.g. `given days_overdue = 20, email = missing`",
        );
    }
    if has(Expected::Condition) && !has(Expected::Operator) {
        let after = match previous {
            "when" | "not" | "and" | "or" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-"
            | "*" | "/" => format!(" after `{previous}`"),
            _ => String::new(),
        };
        let help = if previous == "when" {
            RULE_HELP
        } else {
            CONDITION_HELP
        };
        return (format!("expected a condition{after}"), help);
    }
    if has(Expected::Action) {
        let after = match previous {
            "then" | ";" | "expect" | "," => format!(" after `{previous}`"),
            _ => String::new(),
        };
        return (
            format!(
                "expected an action such as `email`, `call` or `offer up to 6 installments`{after}"
            ),
            ACTION_HELP,
        );
    }
    if previous == "max" && has(Expected::ContactNoun) {
        return (
            "expected what `max` limits: `installments`, `discount`, `contacts` or a channel in the plural (`calls`, `emails`, `sms`, `whatsapp`, `letters`)".into(),
            POLICY_HELP,
        );
    }
    if has(Expected::PolicySetting) {
        return ("expected a policy setting or `}`".into(), POLICY_HELP);
    }
    if has(Expected::TestStatement) {
        return (
            "expected `given`, `expect`, `as of` or `}` in the test".into(),
            TEST_HELP,
        );
    }
    let help = if has(Expected::Item) {
        ITEM_HELP
    } else {
        "see docs/language.md for the spelling of every construct"
    };
    let described: Vec<String> = expected.iter().map(|e| e.describe()).collect();
    let message = match described.as_slice() {
        [] => "this is not valid here".to_string(),
        [one] => format!("expected {one}"),
        [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
    };
    (message, help)
}

/// The token starting at `pos`: a word, a quoted text up to its end on the line, or one char.
fn token_at(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let rest = text.get(pos..).unwrap_or("");
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return (pos, pos);
    };
    let len = if first == '"' {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        rest[1..line_end]
            .find('"')
            .map(|k| k + 2)
            .unwrap_or(line_end)
    } else if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '%'))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    (pos, pos + len.max(first.len_utf8()))
}

/// The word or symbol just before `pos`, skipping blanks and comments (best effort).
fn previous_word(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("");
    // Drop trailing comments line by line.
    let mut end = before.len();
    loop {
        let slice = &before[..end];
        let trimmed = slice.trim_end();
        let line_start = trimmed.rfind('\n').map(|k| k + 1).unwrap_or(0);
        match trimmed[line_start..].find('#') {
            Some(hash) if !trimmed[line_start..line_start + hash].contains('"') => {
                end = line_start + hash;
            }
            _ => {
                end = trimmed.len();
                break;
            }
        }
    }
    let trimmed = &before[..end];
    let operator_start = trimmed
        .rfind(|c: char| !matches!(c, '<' | '>' | '=' | '!'))
        .map_or(0, |k| {
            k + trimmed[k..].chars().next().map_or(1, char::len_utf8)
        });
    if operator_start < trimmed.len() {
        return &trimmed[operator_start..];
    }
    let word_start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(|k| k + trimmed[k..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    if word_start < trimmed.len() {
        &trimmed[word_start..]
    } else {
        trimmed
            .char_indices()
            .last()
            .map(|(k, _)| &trimmed[k..])
            .unwrap_or("")
    }
}

/// The token as shown in a message: at most 40 characters, control characters escaped.
fn shorten(token: &str) -> String {
    const MAX: usize = 40;
    let mut shown: String = token
        .chars()
        .take(MAX)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if token.chars().count() > MAX {
        shown.push_str("...");
    }
    shown
}
