//! Quotation-mark scanning over the original text.
//!
//! Pairs opening and closing marks into quoted spans: straight `"` (and `''`), curly `“ ”` (and mixed
//! `“…"`), guillemets `« »`, low-high `„ “`/`„ ”`, curly singles `‘ ’` (inside double-quoted copy
//! too: headlines use them), and, in texts that use no double marks at all, straight singles
//! `' '`. Apostrophes (`don't`, `Korea’s`, `’90s`) and inch marks (`6'2"`)
//! are never taken as quote marks. A paragraph break closes any open quote, so one stray mark
//! can cost at most the rest of its paragraph; a paragraph that starts with an opening mark right
//! after such an open quote continues it (news style for multi-paragraph quotes).
//!
//! Marks inside a markup tag (`<tweet author="@x" date="May 1">`) are attribute delimiters, never
//! quote marks.

/// One quoted span of text, marks included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkSpan {
    /// Byte offset of the opening mark.
    pub start: usize,
    /// Byte offset one past the closing mark, or past the last non-space byte of the paragraph
    /// when the quote was left open.
    pub end: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
    /// Whether this span continues the previous one: the previous paragraph ended inside an
    /// open quote and this paragraph reopens it.
    pub continues: bool,
}

/// Which family of mark opened the current quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `"`, `“`, `”` used as an opener.
    Double,
    /// `„` (closed by `“` or `”`).
    Low,
    /// `«`.
    Guillemet,
    /// `'`, `‘` (single-mark texts only).
    Single,
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace())
}

/// Characters after which a mark is an opener: start, whitespace, brackets, dashes, slashes.
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':'),
    }
}

/// Scan `text` and append its quoted spans to `out` (cleared first), in text order.
pub fn scan(text: &str, out: &mut Vec<MarkSpan>) {
    out.clear();
    let singles = !text.contains(['"', '“', '”', '«', '»', '„']) && !text.contains("''");
    let mut open: Option<(usize, Family, bool)> = None; // (start, family, continues)
                                                        // The previous paragraph ended with an open quote; `at_para_start` until the first
                                                        // non-space character of the new paragraph.
    let mut carry = false;
    let mut at_para_start = true;
    let mut prev: Option<char> = None;
    let mut last_non_space_end = 0usize;
    let mut chars = text.char_indices().peekable();
    // End of the markup tag being skipped, if any.
    let mut tag_end = 0usize;
    while let Some((i, c)) = chars.next() {
        if i < tag_end {
            continue;
        }
        let mut next = chars.peek().map(|&(_, n)| n);
        if c == '<' {
            if let Some(e) = tag_close(text, i) {
                tag_end = e;
                last_non_space_end = e;
                at_para_start = false;
                prev = Some('>');
                continue;
            }
        }
        // Two straight apostrophes are one double mark (`''Yes,'' he said`, older wire copy).
        let mut width = c.len_utf8();
        let c = if c == '\'' && next == Some('\'') {
            chars.next();
            next = chars.peek().map(|&(_, n)| n);
            width = 2;
            '"'
        } else {
            c
        };
        if c == '\n' {
            if let Some((s, _, cont)) = open.take() {
                push_open(out, s, last_non_space_end, cont);
                carry = true;
            } else if !at_para_start {
                carry = false;
            }
            at_para_start = true;
            prev = Some(c);
            continue;
        }
        if c.is_whitespace() {
            prev = Some(c);
            continue;
        }
        let para_start = at_para_start;
        at_para_start = false;
        let cont = para_start && carry;
        // Only a mark opening the paragraph's first character continues a quote.
        if para_start {
            carry = false;
        }
        let end = i + width;
        // A double mark while a single quote is open: the single was an apostrophe or stray.
        if matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
            && matches!(open, Some((_, Family::Single, _)))
        {
            open = None;
        }
        match c {
            '"' => match open {
                Some((s, Family::Double, oc)) => {
                    // An opener-looking mark inside an open quote means the earlier opener was
                    // stray: end that span before this mark and start afresh.
                    if opens_after(prev) && is_word(next) && !is_word(prev) && prev != Some(':') {
                        push_open(out, s, last_non_space_end, oc);
                        open = Some((i, Family::Double, false));
                    } else {
                        push_closed(out, s, end, oc);
                        open = None;
                    }
                }
                Some(_) => {}
                None => {
                    let inch = prev.is_some_and(|p| p.is_ascii_digit());
                    if !inch && !is_space(next) {
                        open = Some((i, Family::Double, cont));
                    }
                }
            },
            '“' => match open {
                Some((s, Family::Low, oc)) => {
                    push_closed(out, s, end, oc);
                    open = None;
                }
                Some((s, Family::Double, oc)) => {
                    if is_space(next) || !opens_after(prev) {
                        // Used as a closer (`“…“` typesetting slip).
                        push_closed(out, s, end, oc);
                        open = None;
                    } else {
                        push_open(out, s, last_non_space_end, oc);
                        open = Some((i, Family::Double, false));
                    }
                }
                Some(_) => {}
                None => open = Some((i, Family::Double, cont)),
            },
            '”' => match open {
                Some((s, Family::Double | Family::Low, oc)) => {
                    push_closed(out, s, end, oc);
                    open = None;
                }
                Some(_) => {}
                None => {
                    // Some copy uses ” as an opener; accept it only where a quote can start.
                    if opens_after(prev) && !is_space(next) {
                        open = Some((i, Family::Double, cont));
                    }
                }
            },
            '„' if open.is_none() => open = Some((i, Family::Low, cont)),
            '«' if open.is_none() => open = Some((i, Family::Guillemet, cont)),
            '»' => {
                if let Some((s, Family::Guillemet, oc)) = open {
                    push_closed(out, s, end, oc);
                    open = None;
                }
            }
            // Curly singles are quote marks in any text (headlines quote with them inside
            // double-quoted copy); straight ones only where no double marks are used.
            '\'' | '‘' | '’' if singles || c != '\'' => {
                let apostrophe = (is_word(prev) && is_word(next))
                    || (next.is_some_and(|n| n.is_ascii_digit()) && !is_word(prev));
                if !apostrophe {
                    match open {
                        Some((s, Family::Single, oc)) => {
                            if c != '‘' && !is_space(prev) && !is_word(next) {
                                push_closed(out, s, end, oc);
                                open = None;
                            }
                        }
                        Some(_) => {}
                        None => {
                            if c != '’' && opens_after(prev) && is_word(next) {
                                open = Some((i, Family::Single, cont));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        last_non_space_end = end;
        prev = Some(c);
    }
    if let Some((s, _, cont)) = open {
        push_open(out, s, last_non_space_end, cont);
    }
}

/// The byte offset past the `>` of a markup tag opening at `lt` (`<name …>` or `</name>`), if
/// `lt` opens one. A tag may wrap onto following lines (within a few hundred bytes) once it has
/// an attribute on its first line (`<tweet date="May 1¶">`).
fn tag_close(text: &str, lt: usize) -> Option<usize> {
    let rest = text.get(lt + 1..)?;
    let first = rest.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '/') {
        return None;
    }
    let (gt, _) = rest
        .char_indices()
        .find(|&(_, c)| c == '>' || c == '<')
        .filter(|&(_, c)| c == '>')?;
    let tag = &rest[..gt];
    if let Some(nl) = tag.find('\n') {
        if gt > 400 || !tag[..nl].contains('=') {
            return None;
        }
    }
    // A tag name ends at a space or at the `>` (`<b>`, `<tweet id=…>`); `<x.y>` is no tag.
    let name_end = tag
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | ':')))
        .unwrap_or(tag.len());
    if name_end < tag.len() && !tag[name_end..].starts_with(' ') {
        return None;
    }
    Some(lt + 1 + gt + 1)
}

fn push_closed(out: &mut Vec<MarkSpan>, start: usize, end: usize, continues: bool) {
    out.push(MarkSpan {
        start,
        end,
        closed: true,
        continues,
    });
}

fn push_open(out: &mut Vec<MarkSpan>, start: usize, end: usize, continues: bool) {
    // A lone mark with nothing after it in its paragraph is no quote at all.
    if end > start + 1 {
        out.push(MarkSpan {
            start,
            end: end.max(start),
            closed: false,
            continues,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(&str, bool, bool)> {
        let mut v = Vec::new();
        scan(text, &mut v);
        v.iter()
            .map(|m| (&text[m.start..m.end], m.closed, m.continues))
            .collect()
    }

    #[test]
    fn pairs_straight_curly_and_mixed_marks() {
        assert_eq!(
            spans(r#"“A,” she said, "B." And “C.""#),
            vec![
                ("“A,”", true, false),
                ("\"B.\"", true, false),
                ("“C.\"", true, false)
            ]
        );
    }

    #[test]
    fn guillemets_and_low_high() {
        assert_eq!(
            spans("«Oui,» il a dit. „Ja“, sagte er."),
            vec![("«Oui,»", true, false), ("„Ja“", true, false)]
        );
    }

    #[test]
    fn apostrophes_and_inches_are_not_marks() {
        assert_eq!(
            spans("The 6'2\" forward said: “I don’t know Korea’s ’90s teams.”"),
            vec![("“I don’t know Korea’s ’90s teams.”", true, false)]
        );
    }

    #[test]
    fn stray_mark_stops_at_paragraph_end() {
        assert_eq!(
            spans("He said \"good. More text\nNext \"para\" here."),
            vec![
                ("\"good. More text", false, false),
                ("\"para\"", true, false)
            ]
        );
    }

    #[test]
    fn multi_paragraph_quote_reopens() {
        assert_eq!(
            spans("“One.\n\n“Two.”\nPlain."),
            vec![("“One.", false, false), ("“Two.”", true, true)]
        );
    }

    #[test]
    fn markup_attributes_are_not_quotes() {
        assert_eq!(
            spans(
                "<post author=\"@sam\" date=\"May 1,\n2016\">“Go,” he wrote.</post> a < b \"c\" d"
            ),
            vec![("“Go,”", true, false), ("\"c\"", true, false)]
        );
    }

    #[test]
    fn single_marks_only_in_single_mark_texts() {
        assert_eq!(
            spans("'We go again,' he said of the players' union."),
            vec![("'We go again,'", true, false)]
        );
        assert_eq!(spans("“It’s ‘fine’,” he said.").len(), 1);
    }
}
