//! Compiled Python `re` patterns with Python's `search`, `match` and `finditer` semantics.
//!
//! A pattern is split at its top-level `|` into alternatives ([`super::pyre`]). Consecutive
//! alternatives that need no backtracking VM are compiled together into one fancy-regex (which
//! hands them whole to regex-automata's linear engines); every look-around alternative is
//! compiled alone. Python's leftmost-first semantics are preserved across groups:
//! - `search`: each group's leftmost match is found; the earliest start wins, ties go to the
//!   earlier group (within a group, the engine's own leftmost-first order applies).
//! - `finditer`: the same merge, repeated from the end of the previous match, with each group's
//!   next match cached while it still lies ahead.
//! - `match`: groups are tried anchored at 0, in order.
//!
//! Speed on long haystacks: a group whose alternatives are all `^`-anchored is searched anchored
//! (cost independent of the haystack length). A group whose alternatives are all `$`-anchored
//! and bounded (at most `m` characters) is tried anchored at the last `m` character positions
//! only. So prefix and suffix searches cost O(affix), not O(chunk), and spaCy's affix loop stays
//! linear on long chunks.
//!
//! Python's `$` also matches before a final `\n`; groups are compiled with `$` as `\z`, and a
//! second, exact compilation of the whole pattern is used for haystacks ending in `\n`.
//!
//! Look-around alternatives are searched through their look-around-free relaxation (a linear
//! regex-automata search that finds every position where a match could start), each candidate
//! then verified by an anchored run of the real pattern in fancy-regex's backtracking VM.
//!
//! fancy-regex stops a backtracking run after [`BACKTRACK_LIMIT`] steps and returns an error.
//! Then the relaxation's verdict is used instead (for `url_match` this ignores the private-IP
//! look-aheads), or "no match" for a pattern without a relaxation. Python would backtrack to the
//! end; only hostile or absurd inputs (e.g. a URL with user info and hundreds of `:` in its
//! path) reach the limit.

use fancy_regex::{Regex, RegexBuilder, RegexInput};

use super::pyre::{self, Dollar, Flags, Node};
use crate::NlpError;

/// Backtracking steps allowed per fancy-regex search before it is abandoned as "no match".
pub const BACKTRACK_LIMIT: usize = 200_000;

#[derive(Debug)]
struct Group {
    re: Regex,
    /// Every alternative is `^`-anchored.
    start_anchored: bool,
    /// Every alternative is `$`-anchored and this is the longest match in characters.
    end_window: Option<usize>,
    /// For a look-around alternative: its look-around-free relaxation, a linear-time filter
    /// for candidate start positions (a match can only start where the relaxation matches).
    seek: Option<Regex>,
}

/// A compiled Python pattern. `Send + Sync`.
#[derive(Debug)]
pub struct PyRegex {
    name: String,
    groups: Vec<Group>,
    /// Whole pattern with exact `$`, used for haystacks ending in `\n` (None if no `$`).
    exact_nl: Option<Regex>,
}

fn build(name: &str, pattern: String) -> Result<Regex, NlpError> {
    RegexBuilder::new(&pattern)
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
        .map_err(|e| NlpError::Regex {
            name: name.to_string(),
            what: format!("cannot compile: {e}"),
        })
}

fn emit_alts(alts: &[&Node], flags: Flags, dollar: Dollar) -> String {
    let mut s = String::from(pyre::flag_prefix(flags));
    let wrap = alts.len() > 1;
    if wrap {
        s.push_str("(?:");
    }
    for (i, a) in alts.iter().enumerate() {
        if i > 0 {
            s.push('|');
        }
        pyre::emit(a, flags, dollar, &mut s);
    }
    if wrap {
        s.push(')');
    }
    s
}

impl PyRegex {
    /// Translate and compile a Python `re` pattern; `name` names it in errors.
    pub fn new(name: &str, pattern: &str) -> Result<Self, NlpError> {
        let parsed = pyre::parse(name, pattern)?;
        let flags = parsed.flags;
        let alts = &parsed.alternatives;
        let mut groups = Vec::new();
        let mut i = 0;
        while i < alts.len() {
            let mut j = i + 1;
            if !alts[i].is_fancy(Dollar::End, flags) {
                while j < alts.len() && !alts[j].is_fancy(Dollar::End, flags) {
                    j += 1;
                }
            }
            let members: Vec<&Node> = alts[i..j].iter().collect();
            let start_anchored = members.iter().all(|a| a.start_anchored(flags));
            // windowed anchored attempts only help the backtracking VM; regex-automata runs
            // `$`-anchored groups in reverse from the end on its own
            let fancy = members.iter().any(|a| a.is_fancy(Dollar::End, flags));
            let end_window = if fancy && members.iter().all(|a| a.end_anchored(flags)) {
                members
                    .iter()
                    .try_fold(0usize, |acc, a| Some(acc.max(a.max_chars()?)))
            } else {
                None
            };
            let re = build(name, emit_alts(&members, flags, Dollar::End))?;
            let seek = if members.len() == 1 && members[0].is_fancy(Dollar::End, flags) {
                match members[0].relaxed() {
                    Some(r) => Some(build(name, emit_alts(&[&r], flags, Dollar::End))?),
                    None => None,
                }
            } else {
                None
            };
            groups.push(Group {
                re,
                start_anchored,
                end_window,
                seek,
            });
            i = j;
        }
        let exact_nl = if alts.iter().any(Node::has_dollar) && !flags.multiline {
            let all: Vec<&Node> = alts.iter().collect();
            Some(build(name, emit_alts(&all, flags, Dollar::Exact))?)
        } else {
            None
        };
        Ok(PyRegex {
            name: name.to_string(),
            groups,
            exact_nl,
        })
    }

    /// The name given at construction.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn exact_for(&self, hay: &str) -> Option<&Regex> {
        if hay.ends_with('\n') {
            self.exact_nl.as_ref()
        } else {
            None
        }
    }

    /// Leftmost match of one group at or after `pos`.
    fn group_find(g: &Group, hay: &str, pos: usize) -> Option<(usize, usize)> {
        if let Some(seek) = &g.seek {
            return Self::seek_find(g, seek, hay, pos);
        }
        if g.start_anchored {
            if pos > 0 {
                return None;
            }
            let input = RegexInput::new(hay).anchored(true);
            return g
                .re
                .find_input(input)
                .ok()
                .flatten()
                .map(|m| (m.start(), m.end()));
        }
        if let Some(w) = g.end_window {
            // candidates: the last `w` character positions, and the end itself
            let mut first = hay.len();
            for (k, (b, _)) in hay.char_indices().rev().enumerate() {
                if k >= w {
                    break;
                }
                first = b;
            }
            let mut p = first.max(pos);
            while !hay.is_char_boundary(p) {
                p += 1;
            }
            loop {
                let input = RegexInput::new(hay).from_pos(p).anchored(true);
                if let Ok(Some(m)) = g.re.find_input(input) {
                    return Some((m.start(), m.end()));
                }
                if p >= hay.len() {
                    return None;
                }
                p += hay[p..].chars().next().map_or(1, char::len_utf8);
            }
        }
        g.re.find_from_pos(hay, pos)
            .ok()
            .flatten()
            .map(|m| (m.start(), m.end()))
    }

    /// Leftmost match of a look-around group: candidates from the relaxation, each verified
    /// by an anchored run of the real pattern.
    fn seek_find(g: &Group, seek: &Regex, hay: &str, pos: usize) -> Option<(usize, usize)> {
        let mut p = pos;
        loop {
            let found = if g.start_anchored {
                if p > 0 {
                    return None;
                }
                seek.find_input(RegexInput::new(hay).anchored(true))
            } else {
                seek.find_from_pos(hay, p)
            };
            let (c, c_end) = match found {
                Ok(Some(m)) => (m.start(), m.end()),
                _ => return None,
            };
            let input = RegexInput::new(hay).from_pos(c).anchored(true);
            match g.re.find_input(input) {
                Ok(Some(m)) => return Some((m.start(), m.end())),
                Ok(None) => {}
                // backtrack limit hit: fall back to the look-around-free relaxation
                Err(_) => return Some((c, c_end)),
            }
            if g.start_anchored || c >= hay.len() {
                return None;
            }
            p = c + hay[c..].chars().next().map_or(1, char::len_utf8);
        }
    }

    /// Python `pattern.search(hay)`: byte span of the first match.
    pub fn search(&self, hay: &str) -> Option<(usize, usize)> {
        if let Some(re) = self.exact_for(hay) {
            return re.find(hay).ok().flatten().map(|m| (m.start(), m.end()));
        }
        let mut best: Option<(usize, usize)> = None;
        for g in &self.groups {
            if let Some(m) = Self::group_find(g, hay, 0) {
                if best.is_none_or(|b| m.0 < b.0) {
                    best = Some(m);
                    if m.0 == 0 {
                        break;
                    }
                }
            }
        }
        best
    }

    /// Python `bool(pattern.match(hay))`.
    pub fn matches_at_start(&self, hay: &str) -> bool {
        if let Some(re) = self.exact_for(hay) {
            let input = RegexInput::new(hay).anchored(true);
            return matches!(re.find_input(input), Ok(Some(_)));
        }
        self.groups.iter().any(|g| {
            if let Some(seek) = &g.seek {
                let input = RegexInput::new(hay).anchored(true);
                if !matches!(seek.find_input(input), Ok(Some(_))) {
                    return false;
                }
            }
            let input = RegexInput::new(hay).anchored(true);
            match g.re.find_input(input) {
                Ok(m) => m.is_some(),
                // backtrack limit hit: the relaxation (checked above) decides
                Err(_) => g.seek.is_some(),
            }
        })
    }

    /// Python `pattern.finditer(hay)` spans, appended to `out` (cleared first).
    pub fn find_iter(&self, hay: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        if let Some(re) = self.exact_for(hay) {
            python_finditer(hay, out, |p| {
                re.find_from_pos(hay, p)
                    .ok()
                    .flatten()
                    .map(|m| (m.start(), m.end()))
            });
            return;
        }
        // next match of each group at or after the current position (None = exhausted; an
        // exhausted group stays exhausted as the position only moves right)
        let mut stack = [None; 16];
        let mut heap = Vec::new();
        let next: &mut [Option<(usize, usize)>] = if self.groups.len() <= stack.len() {
            &mut stack[..self.groups.len()]
        } else {
            heap.resize(self.groups.len(), None);
            &mut heap
        };
        for (slot, g) in next.iter_mut().zip(&self.groups) {
            *slot = Self::group_find(g, hay, 0);
        }
        python_finditer(hay, out, |p| {
            let mut best: Option<(usize, usize)> = None;
            for (slot, g) in next.iter_mut().zip(&self.groups) {
                if slot.is_some_and(|(s, _)| s < p) {
                    *slot = Self::group_find(g, hay, p);
                }
                if let Some(m) = *slot {
                    if best.is_none_or(|b| m.0 < b.0) {
                        best = Some(m);
                    }
                }
            }
            best
        });
    }
}

/// Python's finditer loop over a "first match at or after p" function: non-overlapping, left
/// to right; after an empty match the next search starts one character later.
fn python_finditer(
    hay: &str,
    out: &mut Vec<(usize, usize)>,
    mut find: impl FnMut(usize) -> Option<(usize, usize)>,
) {
    let mut p = 0;
    let mut last_empty_at: Option<usize> = None;
    while p <= hay.len() {
        let Some((s, e)) = find(p) else { break };
        if s == e && last_empty_at == Some(s) {
            // an empty match where the previous match ended empty: step over a char
            p = s + hay[s..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        out.push((s, e));
        if s == e {
            last_empty_at = Some(s);
            p = s + hay[s..].chars().next().map_or(1, char::len_utf8);
        } else {
            last_empty_at = None;
            p = e;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_prefers_earliest_start_then_order() {
        let re = PyRegex::new("t", r"b|(?<=a)bc|abc").unwrap();
        assert_eq!(re.search("xabc"), Some((1, 4)));
        let suf = PyRegex::new("s", r"\.$|(?<=[0-9])km$|m$").unwrap();
        assert_eq!(suf.search("5km"), Some((1, 3)));
        assert_eq!(suf.search("xkm"), Some((2, 3)));
        assert_eq!(suf.search("a."), Some((1, 2)));
        assert_eq!(suf.search("ab"), None);
    }

    #[test]
    fn python_dollar_before_final_newline() {
        let re = PyRegex::new("t", r"a$").unwrap();
        assert_eq!(re.search("a\n"), Some((0, 1)));
        assert_eq!(re.search("a\n\n"), None);
        assert_eq!(re.search("ba"), Some((1, 2)));
    }

    #[test]
    fn finditer_merges_groups() {
        let re = PyRegex::new("t", r"\.\.+|(?<=[0-9])-(?=[0-9])|,").unwrap();
        let mut v = Vec::new();
        re.find_iter("a...1-2,b-c", &mut v);
        assert_eq!(v, vec![(1, 4), (5, 6), (7, 8)]);
    }

    #[test]
    fn match_is_anchored() {
        let re = PyRegex::new("t", r"(?u)^\w+://\S+$").unwrap();
        assert!(re.matches_at_start("http://x.y"));
        assert!(!re.matches_at_start(" http://x.y"));
        assert!(!re.matches_at_start("http://x y"));
    }
}
