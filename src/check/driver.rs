//! The checker's pipeline, in order: header → fields → policy → segments → templates → rules
//! → tests → lints (flow analysis only when nothing above failed) → suppressions. Owns the
//! order and the final sort of diagnostics; each step lives in its own module.

use super::analysis::Normalizer;
use super::lints::{self, LintContext};
use super::names::Names;
use super::tests::TestScope;
use super::{fields, header, policy, rules, segments, suppress, templates, tests, CheckedStrategy};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast::Strategy;

pub fn check(source: &SourceFile, ast: &Strategy) -> (Option<CheckedStrategy>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let header = header::resolve(source, ast, &mut out);
    let fields = fields::resolve(ast, &mut out);
    let (policy, policy_spans) = policy::resolve(ast, &mut out);
    let segment_decls = segments::declarations(ast);
    let names = Names::new(
        &fields,
        segment_decls.iter().map(|s| s.name.node.as_str()).collect(),
    );
    let segments = segments::resolve(source, &segment_decls, &names, &mut out);
    let template_decls = templates::declarations(ast);
    let templates = templates::resolve(&template_decls, &names, &mut out);
    let rule_decls = rules::declarations(ast);
    let infos = rules::resolve(source, &rule_decls, &template_decls, &names, &mut out);
    let test_decls = tests::declarations(ast);
    let scope = TestScope {
        source,
        names: &names,
        policy: &policy,
        rules: &infos,
        templates: &template_decls,
    };
    let tests = tests::check(&scope, &test_decls, &mut out);

    let flow = if out.iter().any(Diagnostic::is_error) {
        None
    } else {
        let normalizer = Normalizer {
            fields: &fields,
            segments: &segments,
        };
        Some(
            infos
                .iter()
                .map(|r| normalizer.normalize(&r.condition))
                .collect::<Vec<_>>(),
        )
    };
    let cx = LintContext {
        source,
        ast,
        header: &header,
        policy: &policy,
        policy_spans: &policy_spans,
        templates: &template_decls,
        rules: &rule_decls,
        infos: &infos,
        flow: flow.as_deref(),
    };
    lints::run_all(&cx, &mut out);

    let mut out = suppress::apply(source, ast, out);
    out.sort_by_key(|d| (d.span.start, d.span.end));
    if out.iter().any(Diagnostic::is_error) {
        return (None, out);
    }
    let checked = CheckedStrategy {
        source: source.clone(),
        header,
        fields,
        policy,
        segments,
        templates,
        rules: infos,
        tests,
        diagnostics: out.clone(),
    };
    (Some(checked), out)
}
