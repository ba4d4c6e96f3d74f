//! Did-you-mean: the closest known name to a misspelled one, by edit distance. Owns only the
//! distance threshold; callers decide which names are candidates.

/// The candidate closest to `name`, if it is close enough to be a plausible typo.
/// Ties go to the earliest candidate, so suggestions are deterministic.
pub fn closest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (name.chars().count() / 3).max(2);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = strsim::damerau_levenshtein(name, candidate);
        let close = distance <= limit || candidate.starts_with(name) && name.len() >= 4;
        if close && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `x`?` or `None`.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_name_and_not_a_far_one() {
        let names = ["days_overdue", "days_to_due", "balance"];
        assert_eq!(closest("days_overdu", names), Some("days_overdue"));
        assert_eq!(closest("balanse", names), Some("balance"));
        assert_eq!(closest("zzzzzz", names), None);
    }
}
