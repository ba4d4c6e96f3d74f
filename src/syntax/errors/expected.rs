//! What a parse failure was waiting for: pest's set of expected rules grouped into the few
//! things an analyst knows (a condition, an action, a policy setting, `then`, ...). Must not
//! word messages (that is `phrase.rs`).

use crate::syntax::keywords::keyword_text;
use crate::syntax::parser::Rule;

/// What a parse failure was waiting for, grouped into the few things an analyst knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Expected {
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
    pub(super) fn describe(self) -> String {
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

/// The expected rules of one failure, grouped; context decides the ambiguous keywords.
pub(super) fn expectations(positives: &[Rule]) -> Vec<Expected> {
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
