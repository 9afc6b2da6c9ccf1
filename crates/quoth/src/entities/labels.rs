//! Choosing one label for mentions that share a name.
//!
//! The rule, in order:
//! 1. **Majority.** Each mention casts one vote: for PERSON when it carries a person cue (a
//!    courtesy honorific or title in or just before it: `Mr. Trump`, `President Trump`,
//!    `leader Kim Jong Un`), otherwise for its NER label.
//! 2. **Ties** between labels go to PERSON when PERSON is among the tied labels and some
//!    mention has a person cue; otherwise
//! 3. to the label of the longest mention (in bytes, after span cleaning) among the tied
//!    labels; otherwise
//! 4. to the label of the first such mention in the text.

use std::sync::Arc;

/// The label name that person cues vote for.
pub(crate) const PERSON: &str = "PERSON";

/// The organisation label (firms keep it).
pub(crate) const ORG: &str = "ORG";

/// Labels for numbers, dates and amounts. They are grouped by surface and label only, are never
/// relabelled and never join a name: `May` the month stays apart from `May` the person.
pub(crate) const VALUE_LABELS: &[&str] = &[
    "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
];

/// Whether `label` is a value label (see [`VALUE_LABELS`]).
pub(crate) fn is_value(label: &str) -> bool {
    VALUE_LABELS.contains(&label)
}

/// A language shares its name with a nationality (`French`, `Chinese`): the NER tells the two
/// senses apart by context, so a LANGUAGE mention is grouped by key and label like a value.
pub(crate) const LANGUAGE: &str = "LANGUAGE";

/// Whether mentions with `label` group only with the same label and keep it (values and
/// languages).
pub(crate) fn keeps_label(label: &str) -> bool {
    is_value(label) || label == LANGUAGE
}

/// One mention's say in the vote.
#[derive(Debug, Clone)]
pub(crate) struct Ballot<'a> {
    pub label: &'a Arc<str>,
    pub person_cue: bool,
    /// Length of the cleaned mention span in bytes.
    pub len: usize,
}

/// Pick the label for a set of mentions (in text order) by the module rule. `person` is the
/// shared PERSON label string. `None` only for an empty slice.
pub(crate) fn vote(ballots: &[Ballot<'_>], person: &Arc<str>) -> Option<Arc<str>> {
    // (label, votes, longest mention, first position)
    let mut tally: Vec<(&Arc<str>, usize, usize, usize)> = Vec::new();
    let mut any_cue = false;
    for (pos, b) in ballots.iter().enumerate() {
        any_cue |= b.person_cue;
        let label = if b.person_cue { person } else { b.label };
        match tally.iter_mut().find(|t| t.0 == label) {
            Some(t) => t.1 += 1,
            None => tally.push((label, 1, 0, pos)),
        }
    }
    // The longest mention per label is measured on the mention's own NER label, so a cue does
    // not lend PERSON the length of an ORG-labelled span.
    for b in ballots {
        if let Some(t) = tally.iter_mut().find(|t| t.0 == b.label) {
            t.2 = t.2.max(b.len);
        }
    }
    let best = tally.iter().map(|t| t.1).max()?;
    let tied: Vec<_> = tally.iter().filter(|t| t.1 == best).collect();
    if tied.len() > 1 && any_cue {
        if let Some(t) = tied.iter().find(|t| &**t.0 == PERSON) {
            return Some(t.0.clone());
        }
    }
    let winner = tied
        .iter()
        .max_by(|a, b| a.2.cmp(&b.2).then(b.3.cmp(&a.3)))
        .map(|t| t.0.clone());
    winner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arc(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn majority_wins() {
        let (p, o) = (arc("PERSON"), arc("ORG"));
        let b = [
            Ballot {
                label: &o,
                person_cue: false,
                len: 5,
            },
            Ballot {
                label: &p,
                person_cue: false,
                len: 5,
            },
            Ballot {
                label: &o,
                person_cue: false,
                len: 5,
            },
        ];
        assert_eq!(vote(&b, &p).as_deref(), Some("ORG"));
    }

    #[test]
    fn person_cue_votes_person_and_wins_ties() {
        let (p, o) = (arc("PERSON"), arc("ORG"));
        // ORG, ORG, PERSON, "Mr." + ORG → 2 ORG vs 2 PERSON, cue breaks the tie
        let b = [
            Ballot {
                label: &o,
                person_cue: false,
                len: 5,
            },
            Ballot {
                label: &o,
                person_cue: false,
                len: 5,
            },
            Ballot {
                label: &p,
                person_cue: false,
                len: 5,
            },
            Ballot {
                label: &o,
                person_cue: true,
                len: 5,
            },
        ];
        assert_eq!(vote(&b, &p).as_deref(), Some("PERSON"));
    }

    #[test]
    fn ties_go_to_longest_then_first() {
        let (p, g, o) = (arc("PERSON"), arc("GPE"), arc("ORG"));
        let b = [
            Ballot {
                label: &g,
                person_cue: false,
                len: 6,
            },
            Ballot {
                label: &o,
                person_cue: false,
                len: 10,
            },
        ];
        assert_eq!(vote(&b, &p).as_deref(), Some("ORG"));
        let b = [
            Ballot {
                label: &g,
                person_cue: false,
                len: 6,
            },
            Ballot {
                label: &o,
                person_cue: false,
                len: 6,
            },
        ];
        assert_eq!(vote(&b, &p).as_deref(), Some("GPE"));
        assert_eq!(vote(&[], &p), None);
    }
}
