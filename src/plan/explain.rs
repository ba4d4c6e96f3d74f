//! `strat explain` as data: for one debtor on one date, the derived field values, each rule's
//! verdict (with the first failing condition's source text and line), the actions the plan
//! chooses and every guardrail decision on each. Built from the same planner as `strat plan`,
//! so the two can never disagree. Pure; the CLI prints it (human text or JSON).

use super::action::ReasonCode;
use super::action::{format_rfc3339, Action, Status};
use super::build::{ActionTrace, DebtorInputs, PlanContext, PlanError, Planner};
use super::output::detail;
use crate::check::FieldInfo;
use crate::schema::{Row, Type, Value};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub debtor_id: String,
    pub as_of: NaiveDate,
    pub strategy: String,
    pub strategy_version: u32,
    /// `first` or `all`.
    pub hit: String,
    pub fields: Vec<FieldValue>,
    pub rules: Vec<RuleVerdict>,
    pub actions: Vec<ExplainedAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldValue {
    pub name: String,
    /// `int`, `money`, ... as the analyst spells types.
    #[serde(rename = "type")]
    pub ty: String,
    /// `true` for a declared (custom) field.
    pub declared: bool,
    /// The value in plain form (`1234.56`, `2025-01-31`, `30%`); `None` when missing.
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleVerdict {
    pub rule: String,
    pub line: u32,
    pub matched: bool,
    /// The debtor gets this rule's actions (under `hit first`, only the first match).
    pub chosen: bool,
    /// When not matched: the first condition that was false.
    pub failed: Option<FailedCondition>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedCondition {
    /// The condition's source text.
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedAction {
    pub action: Action,
    pub guardrails: Vec<GuardrailDecision>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuardrailDecision {
    pub guardrail: &'static str,
    pub passed: bool,
    /// The stable code of a suppression (as in the plan's `reason_code`).
    pub reason_code: Option<ReasonCode>,
    pub reason: Option<String>,
}

/// Explain one debtor. `debtor.derived` must be derived for `ctx.as_of`.
pub fn explain_debtor(
    planner: &Planner<'_>,
    debtor: DebtorInputs<'_>,
    ctx: PlanContext<'_>,
) -> Result<Explanation, PlanError> {
    let strategy = planner.strategy();
    let program = planner.program();
    let row = &debtor.derived.row;

    let mut chosen = Vec::new();
    program.select(row, ctx.as_of, &mut chosen);
    let rules = strategy
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            let verdict = program.verdict(index, row, ctx.as_of);
            let failed = verdict
                .failed
                .filter(|_| !verdict.matched)
                .map(|span| FailedCondition {
                    text: strategy.source.slice(span).trim().to_string(),
                    line: strategy.source.line(span.start),
                });
            RuleVerdict {
                rule: rule.name.clone(),
                line: rule.line,
                matched: verdict.matched,
                chosen: chosen.contains(&index),
                failed,
            }
        })
        .collect();

    let mut actions = Vec::new();
    let mut traces: Vec<ActionTrace> = Vec::new();
    planner.plan_debtor_traced(debtor, ctx, &mut actions, &mut traces)?;
    let actions = actions
        .into_iter()
        .zip(traces)
        .map(|(action, trace)| ExplainedAction {
            action,
            guardrails: trace
                .decisions
                .into_iter()
                .map(|(guardrail, suppression)| GuardrailDecision {
                    guardrail: guardrail.name(),
                    passed: suppression.is_none(),
                    reason_code: suppression.as_ref().map(|s| s.code),
                    reason: suppression.map(|s| s.reason),
                })
                .collect(),
        })
        .collect();

    Ok(Explanation {
        debtor_id: debtor.history.id.clone(),
        as_of: ctx.as_of,
        strategy: strategy.header.name.clone(),
        strategy_version: strategy.header.version,
        hit: match strategy.header.hit {
            crate::schema::HitPolicy::First => "first".into(),
            crate::schema::HitPolicy::All => "all".into(),
        },
        fields: strategy
            .fields
            .iter()
            .map(|f| FieldValue {
                name: f.name.clone(),
                ty: f.ty.describe(),
                declared: f.builtin.is_none(),
                value: plain_value(f, row),
            })
            .collect(),
        rules,
        actions,
    })
}

/// A field's value in plain, unambiguous form.
pub fn plain_value(field: &FieldInfo, row: &Row) -> Option<String> {
    Some(match row.get(field.slot) {
        Value::Missing => return None,
        Value::Int(n) | Value::Days(n) => n.to_string(),
        Value::Money(m) => m.to_string(),
        Value::Percent(p) => format!("{}%", p.normalize()),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Channel(c) => c.as_str().to_string(),
        Value::Text => row.text(field.slot).unwrap_or("").to_string(),
        Value::Enum(index) => match &field.ty {
            Type::Enum { variants, .. } => variants.get(index as usize)?.clone(),
            _ => index.to_string(),
        },
    })
}

/// The explanation as text for an operator.
pub fn render_human(explanation: &Explanation) -> String {
    let mut out = String::new();
    let e = explanation;
    let _ = writeln!(
        out,
        "debtor {} on {}: strategy \"{}\" version {} (hit {})",
        e.debtor_id, e.as_of, e.strategy, e.strategy_version, e.hit
    );

    let _ = writeln!(out, "\nfields");
    let width = e.fields.iter().map(|f| f.name.len()).max().unwrap_or(0);
    for field in &e.fields {
        let _ = writeln!(
            out,
            "  {:width$}  {}",
            field.name,
            field.value.as_deref().unwrap_or("(missing)"),
        );
    }

    let _ = writeln!(out, "\nrules");
    for rule in &e.rules {
        let verdict = match (&rule.failed, rule.matched, rule.chosen) {
            (_, true, true) => "matched, chosen".to_string(),
            (_, true, false) => "matched, not chosen (an earlier rule matched first)".to_string(),
            (Some(failed), false, _) => {
                format!(
                    "not matched: `{}` (line {}) is false",
                    failed.text, failed.line
                )
            }
            (None, false, _) => "not matched".to_string(),
        };
        let _ = writeln!(out, "  \"{}\" (line {}): {verdict}", rule.rule, rule.line);
    }

    let _ = writeln!(out, "\nactions");
    if e.actions.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for explained in &e.actions {
        let a = &explained.action;
        let what = match a.channel {
            Some(channel) => format!("{} {}", a.kind.as_str(), channel.as_str()),
            None => a.kind.as_str().to_string(),
        };
        let status = match a.status {
            Status::Planned => format!("planned for {}", format_rfc3339(&a.scheduled_for)),
            Status::Suppressed => "suppressed".to_string(),
        };
        let _ = writeln!(
            out,
            "  {what} (rule \"{}\", line {}): {status}",
            a.rule, a.line
        );
        let shown = detail(a);
        if !shown.is_empty() && a.status == Status::Planned {
            let _ = writeln!(out, "    {shown}");
        }
        for decision in &explained.guardrails {
            match &decision.reason {
                None => {
                    let _ = writeln!(out, "    {}: passed", decision.guardrail);
                }
                Some(reason) => {
                    let _ = writeln!(out, "    {}: {reason}", decision.guardrail);
                }
            }
        }
    }
    out
}
