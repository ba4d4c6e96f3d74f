//! The house rules of `src/lib.rs`, checked on the code itself: each module imports only from
//! the layers below it, and no two files import each other, directly or in a ring.
//!
//! References are read from the text: every `crate::a::b` path (also inside `use crate::{…}`
//! groups) and every `super::` path, in code (comments are skipped). A module's own `mod.rs`
//! (or `x.rs` beside an `x/` folder) using its children is structure, not a cycle, and is not
//! counted as an edge; everything else is.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers of `src/lib.rs`, bottom first. A module may import only from a lower layer.
const LAYERS: &[&[&str]] = &[
    &["source"],
    &["schema"],
    &["money", "diagnostics", "sqlite"],
    &["syntax"],
    &["check", "fmt"],
    &["eval", "portfolio"],
    &["plan"],
    &["simulate", "executor"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `src`, as its module path (`plan/build.rs` → `["plan", "build"]`).
fn source_files() -> BTreeMap<Vec<String>, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).unwrap().with_extension("");
                let mut module: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                if module == ["lib"] || module == ["main"] {
                    continue;
                }
                files.insert(module, path);
            }
        }
    }
    files
}

/// The code of a file without comments (line comments, doc comments) or string contents,
/// so a path written in prose or in a message is not read as an import.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    in_string = false;
                    out.push('"');
                }
                '\n' => out.push('\n'),
                _ => {}
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                in_string = true;
                out.push('"');
            }
            // A char literal such as '"' must not open a string.
            '\'' => {
                out.push('\'');
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("\\") || rest.chars().nth(1) == Some('\'') {
                    for next in chars.by_ref() {
                        if next == '\'' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths a file refers to, made absolute (`super::x` from `plan/build.rs` is
/// `plan::x`). Group imports `crate::a::{b, c::d}` give `a::b` and `a::c::d`.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != ':';
        if !starts_word {
            i += 1;
            continue;
        }
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let (mut base, mut j) = if rest.starts_with("crate::") {
            (Vec::new(), i + 7)
        } else if rest.starts_with("super::") {
            // A file's module path names the file itself (a `mod.rs` is named by its folder),
            // so `super` is that path minus its last segment in both cases.
            let mut base = module.to_vec();
            base.pop();
            let mut j = i + 7;
            while bytes[j..].iter().collect::<String>().starts_with("super::") {
                base.pop();
                j += 7;
            }
            (base, j)
        } else {
            i += 1;
            continue;
        };
        let mut path = std::mem::take(&mut base);
        loop {
            let start = j;
            while j < bytes.len() && is_ident(bytes[j]) {
                j += 1;
            }
            if j > start {
                path.push(bytes[start..j].iter().collect());
            }
            if bytes[j..].iter().take(2).collect::<String>() == "::" {
                j += 2;
                if j < bytes.len() && bytes[j] == '{' {
                    let end = (j..bytes.len()).find(|&k| bytes[k] == '}').unwrap_or(j);
                    let group: String = bytes[j + 1..end].iter().collect();
                    for item in group.split(',') {
                        let item = item.trim().split(" as ").next().unwrap_or("").trim();
                        if item.is_empty() || item.contains('{') {
                            continue;
                        }
                        let mut full = path.clone();
                        if item != "self" {
                            full.extend(item.split("::").map(str::to_string));
                        }
                        found.push(full);
                    }
                    j = end;
                    break;
                }
                continue;
            }
            break;
        }
        found.push(path);
        i = j.max(i + 1);
    }
    found
}

/// The file that defines the longest prefix of `path` that is a file.
fn resolve<'a>(
    files: &'a BTreeMap<Vec<String>, PathBuf>,
    path: &[String],
) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.get_key_value(&path[..n]).map(|(k, _)| k))
}

fn edges() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = source_files();
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, path) in &files {
        let text = fs::read_to_string(path).unwrap();
        let code = code_of(&text);
        let targets = graph.entry(module.clone()).or_default();
        for reference in references(module, &code) {
            let Some(target) = resolve(&files, &reference) else {
                continue;
            };
            let parent_to_child = target.len() > module.len() && target.starts_with(module);
            if target != module && !parent_to_child {
                targets.insert(target.clone());
            }
        }
    }
    graph
}

fn name(module: &[String]) -> String {
    module.join("::")
}

#[test]
fn each_module_imports_only_from_the_layers_below_it() {
    let mut wrong = Vec::new();
    for (from, targets) in edges() {
        let Some(from_layer) = layer_of(&from[0]) else {
            wrong.push(format!("{} is in no layer of src/lib.rs", name(&from)));
            continue;
        };
        for to in targets {
            if to[0] == from[0] {
                continue;
            }
            match layer_of(&to[0]) {
                Some(to_layer) if to_layer < from_layer => {}
                _ => wrong.push(format!("{} imports {}", name(&from), name(&to))),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_syntax_tree_stays_in_syntax_check_and_fmt() {
    let files = source_files();
    let mut wrong = Vec::new();
    for (module, path) in &files {
        if ["syntax", "check", "fmt"].contains(&module[0].as_str()) {
            continue;
        }
        let code = code_of(&fs::read_to_string(path).unwrap());
        // Also `syntax::ast::X` written after a `use crate::syntax;`.
        if code.contains("syntax::ast")
            || references(module, &code)
                .iter()
                .any(|r| r.len() >= 2 && r[0] == "syntax" && r[1] == "ast")
        {
            wrong.push(name(module));
        }
    }
    assert!(
        wrong.is_empty(),
        "modules after the checker that read the syntax tree (they should take the checked form):\n{}",
        wrong.join("\n")
    );
}

/// Tarjan's strongly connected components; every component of more than one file is a ring.
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on_stack: BTreeSet<&'g Vec<String>>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g Vec<String>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.graph.get(v) {
            for w in targets {
                let Some((w, _)) = s.graph.get_key_value(w) else {
                    continue;
                };
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(name(w));
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

#[test]
fn no_two_files_import_each_other() {
    let rings = cycles(&edges());
    assert!(
        rings.is_empty(),
        "files that import each other (directly or in a ring):\n{}",
        rings
            .iter()
            .map(|r| r.join(" <-> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_checker_sees_a_ring_and_an_upward_import() {
    // The reader itself: a `super::` path and a group import resolve as the compiler would.
    let module = vec!["eval".to_string(), "flat".to_string()];
    let refs = references(
        &module,
        &code_of("use super::keyed::Key;\nuse crate::plan::{build::Planner, store};\n// crate::cli::x\nlet s = \"crate::cli::y\";\n"),
    );
    assert!(refs.contains(&vec!["eval".into(), "keyed".into(), "Key".into()]));
    assert!(refs.contains(&vec!["plan".into(), "build".into(), "Planner".into()]));
    assert!(refs.contains(&vec!["plan".into(), "store".into()]));
    assert!(!refs.iter().any(|r| r.first().is_some_and(|m| m == "cli")));
    let a = vec!["a".to_string()];
    let b = vec!["b".to_string()];
    let graph = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([a.clone()])),
    ]);
    assert_eq!(cycles(&graph), vec![vec!["a".to_string(), "b".to_string()]]);
}
