//! spaCy's `attribute_ruler` factory: token patterns that overwrite `pos`, `tag` and `dep`.

use super::{BuildContext, Component, Group, OwnBuffers, SharedBuffers};
use crate::attribute_ruler::{AttributeRuler, RulerOutput, RulerToken};
use crate::{chars, Doc, NlpError};

/// The attribute ruler component.
#[derive(Debug)]
pub(crate) struct Ruler {
    ruler: AttributeRuler,
}

impl Ruler {
    pub fn build(name: &str, cx: &BuildContext<'_>) -> Result<Self, NlpError> {
        Ok(Ruler {
            ruler: AttributeRuler::read(&cx.dir(name).join("patterns"))?,
        })
    }
}

impl Component for Ruler {
    fn factory(&self) -> &'static str {
        "attribute_ruler"
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn process(&self, group: &mut Group<'_>, shared: &mut SharedBuffers, _own: &mut OwnBuffers) {
        for (doc, &(a, b)) in group.docs.iter_mut().zip(group.bounds) {
            if a < b {
                apply(&self.ruler, doc, &group.is_space[a..b], &mut shared.ruler);
            }
        }
    }
}

/// Buffers of the attribute ruler, reused across documents.
#[derive(Default)]
pub(crate) struct RulerScratch {
    lower_buf: String,
    lower_ends: Vec<usize>,
    out: Vec<RulerOutput>,
}

fn apply(ruler: &AttributeRuler, doc: &mut Doc, is_space: &[bool], s: &mut RulerScratch) {
    // Lower-case forms of every token in one buffer.
    s.lower_buf.clear();
    s.lower_ends.clear();
    for t in &doc.tokens {
        chars::push_lower_str(&doc.text[t.start..t.end], &mut s.lower_buf);
        s.lower_ends.push(s.lower_buf.len());
    }
    let mut begin = 0;
    let toks: Vec<RulerToken<'_>> = doc
        .tokens
        .iter()
        .zip(&s.lower_ends)
        .zip(is_space)
        .map(|((t, &end), &space)| {
            let lower = &s.lower_buf[begin..end];
            begin = end;
            RulerToken {
                text: &doc.text[t.start..t.end],
                lower,
                tag: &t.tag,
                pos: &t.pos,
                dep: &t.dep,
                is_space: space,
            }
        })
        .collect();
    ruler.apply_into(&toks, &mut s.out);
    drop(toks);
    for (tok, out) in doc.tokens.iter_mut().zip(s.out.drain(..)) {
        if let Some(p) = out.pos {
            tok.pos = p;
        }
        if let Some(t) = out.tag {
            tok.tag = t;
        }
        if let Some(d) = out.dep {
            tok.dep = d;
        }
    }
}
