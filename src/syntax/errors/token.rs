//! The text around a parse failure: the offending token, the word before it, and a token
//! shortened for display. Best-effort scanning of raw text; must not know the grammar.

/// The token starting at `pos`: a word, a quoted text up to its end on the line, or one char.
pub(super) fn token_at(text: &str, pos: usize) -> (usize, usize) {
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
pub(super) fn previous_word(text: &str, pos: usize) -> &str {
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
pub(super) fn shorten(token: &str) -> String {
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
