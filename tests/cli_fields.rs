#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! `strat fields` lists every built-in field with its type: the place the checker's
//! `unknown-field` help sends the analyst.

use assert_cmd::Command;
use strat::schema::Builtin;

#[test]
fn fields_lists_every_builtin_with_its_type() {
    let out = Command::cargo_bin("strat")
        .unwrap()
        .arg("fields")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), Builtin::ALL.len());
    for (line, b) in lines.iter().zip(Builtin::ALL) {
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some(b.name()));
        assert_eq!(words.next(), Some(b.ty().describe().as_str()));
    }
    assert!(text.contains("days_overdue") && text.contains("days"));
}
