//! The header items (`strategy`, `creditor`, `currency`, `timezone`, `hit`) → [`Header`], with
//! defaults for what is not written. Owns `invalid-setting` for the header; must not look at
//! fields, policy or rules.

use super::suggest::did_you_mean;
use super::Header;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{HitPolicy, Item, Strategy};

/// The only currency strat computes in (money rounding and formatting assume centavos).
pub const CURRENCY: &str = "BRL";
/// The default time zone when the header does not name one.
pub const DEFAULT_TIMEZONE: chrono_tz::Tz = chrono_tz::America::Sao_Paulo;

/// Resolve the header. Each header item may appear once; a repeat is `invalid-setting`.
pub fn resolve(source: &SourceFile, ast: &Strategy, out: &mut Vec<Diagnostic>) -> Header {
    let mut header = Header {
        name: file_stem(&source.name),
        version: 1,
        creditor_name: None,
        creditor_document: None,
        currency: CURRENCY.to_string(),
        timezone: DEFAULT_TIMEZONE,
        hit: HitPolicy::First,
    };
    let mut seen: Vec<(&'static str, Span)> = Vec::new();
    for item in &ast.items {
        let key = match item {
            Item::Strategy { .. } => "strategy",
            Item::Creditor { .. } => "creditor",
            Item::Currency(_) => "currency",
            Item::Timezone(_) => "timezone",
            Item::Hit(_) => "hit",
            _ => continue,
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            out.push(
                Diagnostic::error(
                    Code::InvalidSetting,
                    item.span(),
                    format!("the `{key}` header is written twice"),
                )
                .with_label("repeated here")
                .with_secondary(*first, "first written here")
                .with_help(format!("keep a single `{key}` line")),
            );
            continue;
        }
        seen.push((key, item.span()));
        match item {
            Item::Strategy { name, version, .. } => {
                header.name = name.node.clone();
                if let Some(v) = version {
                    if v.node == 0 {
                        out.push(
                            Diagnostic::error(
                                Code::InvalidSetting,
                                v.span,
                                "a strategy version starts at `1`",
                            )
                            .with_label("version 0")
                            .with_help("write `version 1` or a higher number"),
                        );
                    }
                    header.version = v.node;
                }
            }
            Item::Creditor { name, document, .. } => {
                header.creditor_name = Some(name.node.clone());
                header.creditor_document = document.as_ref().map(|d| d.node.clone());
            }
            Item::Currency(currency) if currency.node != CURRENCY => {
                out.push(
                    Diagnostic::error(
                        Code::InvalidSetting,
                        currency.span,
                        format!("currency `{}` is not supported", currency.node),
                    )
                    .with_label("unsupported currency")
                    .with_help("strat computes in Brazilian reais: write `currency BRL`"),
                );
            }
            Item::Timezone(zone) => match zone.node.parse::<chrono_tz::Tz>() {
                Ok(tz) => header.timezone = tz,
                Err(_) => {
                    let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
                    let help = did_you_mean(&zone.node, names).unwrap_or_else(|| {
                        "use an IANA time zone name such as `America/Sao_Paulo`".to_string()
                    });
                    out.push(
                        Diagnostic::error(
                            Code::InvalidSetting,
                            zone.span,
                            format!("`{}` is not a known time zone", zone.node),
                        )
                        .with_label("unknown time zone")
                        .with_help(help),
                    );
                }
            },
            Item::Hit(hit) => header.hit = hit.node,
            _ => {}
        }
    }
    header
}

/// `strategies/varejo-pf.strat` → `varejo-pf`.
fn file_stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
        .to_string()
}
