//! Character-level edits of strategy text for the never-panic property tests (tests/parse.rs,
//! tests/robustness.rs): each edit deletes, inserts or swaps one character.

/// Apply `edits` (kind, position, character) in order. Kind 0 deletes the character at the
/// position, 1 inserts `c` there, 2 swaps it with the one `swap_distance` further on
/// (wrapping). Positions wrap around the text; an empty text gets `c`.
pub fn mutate(text: &str, edits: &[(u8, usize, char)], swap_distance: usize) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(kind, at, c) in edits {
        if chars.is_empty() {
            chars.push(c);
            continue;
        }
        let i = at % chars.len();
        match kind % 3 {
            0 => {
                chars.remove(i);
            }
            1 => chars.insert(i, c),
            _ => {
                let j = (i + swap_distance) % chars.len();
                chars.swap(i, j);
            }
        }
    }
    chars.into_iter().collect()
}
