//! Which tokens stand between quotation marks: a name inside a quote is the speaker's wording
//! (`Crooked Hillary Clinton`), not the story's.

use quoth_nlp::Doc;

/// For each token, whether it is between quotation marks in its paragraph (straight or curly
/// double marks). A line break closes an unclosed mark, whether it lies between tokens or is a
/// whitespace token itself (the parser keeps `\n` as a token): one stray mark must not turn
/// the rest of the text into a quote.
pub(crate) fn inside_marks(doc: &Doc) -> Vec<bool> {
    let mut out = vec![false; doc.tokens.len()];
    let mut open = false;
    let mut prev_end = 0;
    for (k, t) in doc.tokens.iter().enumerate() {
        let w = doc.text.get(t.start..t.end).unwrap_or("");
        if doc
            .text
            .get(prev_end..t.start)
            .is_some_and(|g| g.contains('\n'))
            || w.contains('\n')
        {
            open = false;
        }
        prev_end = t.end;
        match w {
            "\u{201c}" => open = true,
            "\u{201d}" => open = false,
            "\"" => open = !open,
            _ => out[k] = open,
        }
    }
    out
}
