//! The field table: built-ins in slots `0..BUILTIN_SLOTS`, then declared fields in declaration
//! order. Owns `duplicate-name` for fields and enum variants; must not type expressions.

use super::FieldInfo;
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::{Type, BUILTIN_SLOTS};
use crate::syntax::ast::{FieldDecl, Item, Strategy, TypeExpr};

/// Every field a rule may read, in slot order.
pub fn resolve(ast: &Strategy, out: &mut Vec<Diagnostic>) -> Vec<FieldInfo> {
    let mut fields = FieldInfo::builtins();
    debug_assert_eq!(fields.len(), BUILTIN_SLOTS);
    for item in &ast.items {
        let Item::Field(decl) = item else { continue };
        if let Some(existing) = fields.iter().find(|f| f.name == decl.name.node) {
            out.push(redeclared(decl, existing));
            continue;
        }
        let ty = declared_type(decl, out);
        fields.push(FieldInfo {
            name: decl.name.node.clone(),
            ty,
            slot: fields.len(),
            builtin: None,
            span: decl.name.span,
        });
    }
    fields
}

fn redeclared(decl: &FieldDecl, existing: &FieldInfo) -> Diagnostic {
    let name = &decl.name.node;
    if existing.builtin.is_some() {
        Diagnostic::error(
            Code::DuplicateName,
            decl.name.span,
            format!("`{name}` is a built-in field and cannot be declared again"),
        )
        .with_label("built-in field")
        .with_help(format!(
            "remove this line to use the built-in `{name}` ({}), or pick another name",
            existing.ty.describe()
        ))
    } else {
        Diagnostic::error(
            Code::DuplicateName,
            decl.name.span,
            format!("the field `{name}` is declared twice"),
        )
        .with_label("declared again here")
        .with_secondary(existing.span, "first declared here")
        .with_help("keep one declaration")
    }
}

fn declared_type(decl: &FieldDecl, out: &mut Vec<Diagnostic>) -> Type {
    match &decl.ty.node {
        TypeExpr::Int => Type::Int,
        TypeExpr::Money => Type::Money,
        TypeExpr::Percent => Type::Percent,
        TypeExpr::Date => Type::Date,
        TypeExpr::Days => Type::Days,
        TypeExpr::Text => Type::Text,
        TypeExpr::Bool => Type::Bool,
        TypeExpr::Channel => Type::Channel,
        TypeExpr::Enum(variants) => {
            let mut names: Vec<String> = Vec::new();
            for (i, v) in variants.iter().enumerate() {
                if let Some(first) = variants[..i].iter().find(|w| w.node == v.node) {
                    out.push(
                        Diagnostic::error(
                            Code::DuplicateName,
                            v.span,
                            format!("the variant `{}` is listed twice", v.node),
                        )
                        .with_label("listed again here")
                        .with_secondary(first.span, "first listed here")
                        .with_help("list each variant once"),
                    );
                } else {
                    names.push(v.node.clone());
                }
            }
            Type::Enum {
                name: decl.name.node.clone(),
                variants: names,
            }
        }
    }
}
