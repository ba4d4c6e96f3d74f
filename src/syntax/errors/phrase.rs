//! The message and help line for what a failure expected, worded for an analyst ("expected
//! `then` after the condition", with an example of a rule). Must not look at pest's rules
//! (that is [`super::expected`]).

use super::expected::Expected;

const ACTION_HELP: &str = "actions are `email`, `sms`, `whatsapp`, `letter` or `call` (optionally with `template \"name\"`), `offer up to N installments`, `offer discount up to P%`, `report to bureau`, `escalate to agency \"X\"`, `assign to queue \"X\"`, `tag \"X\"` and `suspend service`, separated by `;`";
const RULE_HELP: &str =
    "a rule reads `when <condition> then <actions>`, e.g. `when days_overdue = 1 then sms`";
const ITEM_HELP: &str = "each item starts its line with a keyword: `strategy`, `creditor`, `currency`, `timezone`, `hit`, `field`, `policy`, `segment`, `template`, `rule`, `when` or `test`";
const POLICY_HELP: &str = "policy settings are `late_fee P%`, `interest P% per month`, `max installments N`, `min installment X`, `max discount P%`, `contact hours ...`, `contact on sundays`, `contact on holidays`, `max contacts N per D days`, `bureau notice N days` and `offer valid N days`; close the block with `}`";
const TEST_HELP: &str = "a test block holds `as of DATE`, `given field = value, ...`, `expect actions`, `expect rule \"name\"` or `expect nothing`, and ends with `}`";
const CONDITION_HELP: &str =
    "a condition compares fields with values, e.g. `days_overdue >= 20 and balance > 100`";

/// The message and help for a failure that `expected` one of these, right after the word
/// `previous`.
pub(super) fn phrase(expected: &[Expected], previous: &str) -> (String, &'static str) {
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
