//! `segment NAME = condition` → [`SegmentInfo`]. A segment may use only segments declared
//! above it, so segments never form a cycle. Owns `duplicate-name` for segments.

use super::names::Names;
use super::typed::{TExpr, TExprKind};
use super::types::Typer;
use super::SegmentInfo;
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::{Type, Value};
use crate::source::SourceFile;
use crate::syntax::ast::{Item, SegmentDecl, Strategy};

/// Every segment declaration, in order (duplicates included, so indices match declarations).
pub fn declarations(ast: &Strategy) -> Vec<&SegmentDecl> {
    ast.items
        .iter()
        .filter_map(|i| match i {
            Item::Segment(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Type every segment's condition. A segment whose condition has errors gets a placeholder
/// `true` condition so later stages do not report it twice (the strategy is not checked then).
pub fn resolve(
    source: &SourceFile,
    decls: &[&SegmentDecl],
    names: &Names<'_>,
    out: &mut Vec<Diagnostic>,
) -> Vec<SegmentInfo> {
    let mut segments = Vec::with_capacity(decls.len());
    for (index, decl) in decls.iter().enumerate() {
        let name = decl.name.node.as_str();
        if let Some(field) = names.field(name) {
            let mut d = Diagnostic::error(
                Code::DuplicateName,
                decl.name.span,
                format!("the segment `{name}` has the name of a field"),
            )
            .with_label("already a field")
            .with_help("rename the segment so conditions can tell them apart");
            if field.builtin.is_none() {
                d = d.with_secondary(field.span, "the field is declared here");
            }
            out.push(d);
        } else if let Some(first) = decls[..index].iter().find(|d| d.name.node == name) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    decl.name.span,
                    format!("the segment `{name}` is declared twice"),
                )
                .with_label("declared again here")
                .with_secondary(first.name.span, "first declared here")
                .with_help("rename one of them or merge their conditions with `or`"),
            );
        }
        let mut typer = Typer {
            source,
            names,
            visible_segments: index,
            out,
        };
        let condition = typer.condition(&decl.condition).unwrap_or(TExpr {
            kind: TExprKind::Const(Value::Bool(true)),
            ty: Type::Bool,
            span: decl.condition.span,
        });
        segments.push(SegmentInfo {
            name: name.to_string(),
            condition,
        });
    }
    segments
}
