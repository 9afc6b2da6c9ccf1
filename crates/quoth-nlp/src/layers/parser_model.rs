//! spaCy `TransitionBasedParser.v2` (parser and NER heads): token vectors → Linear projection →
//! `PrecomputableAffine` lower layer precomputed per token → per state: sum of the state's
//! feature blocks (learned `pad` block for absent tokens) + bias → maxout → upper Linear.

use std::sync::Arc;

use crate::model::{StaticVectors, ThincModel, ThincNode};
use crate::transition::StateScorer;
use crate::NlpError;

use super::gemm::transpose;
use super::linear::Linear;
use super::maxout::{max_over_pieces, piece_major};
use super::node::{model_error, named, node_error, param};
use super::packed::PackedMatrix;
use super::simd::multiversion;
use super::tok2vec::Tok2Vec;

/// A loaded parser/NER model.
#[derive(Debug, Clone)]
pub struct ParserModel {
    /// The model's own Tok2Vec (NER); `None` when it listens to the shared `tok2vec` (parser).
    tok2vec: Option<Tok2Vec>,
    proj: Linear,
    /// Lower weights viewed as (nF·nP·nO) × nI, transposed: nI × (nF·nP·nO). The file has
    /// (nF, nO, nP); pieces are kept piece-major per feature (see [`Maxout`](super::Maxout))
    /// so the per-state max over pieces vectorises.
    lower_wt: PackedMatrix,
    /// (nP·nO).
    lower_b: Vec<f32>,
    /// (nF·nP·nO): the block used for an absent feature token, per feature slot.
    lower_pad: Vec<f32>,
    upper: Linear,
    n_feat: usize,
    n_hidden: usize,
    n_pieces: usize,
}

impl ParserModel {
    /// Hidden width and maxout pieces of the lower layer, as found in the weights
    /// (`hidden_width`, `maxout_pieces` in `config.cfg`).
    pub fn hidden_shape(&self) -> (usize, usize) {
        (self.n_hidden, self.n_pieces)
    }
}

/// Reorder an (nF, nO, nP, `inner`) array to (nF, nP, nO, `inner`).
fn per_feature(x: &[f32], nf: usize, no: usize, np: usize, inner: usize) -> Vec<f32> {
    let block = no * np * inner;
    x.chunks_exact(block)
        .take(nf)
        .flat_map(|f| piece_major(f, no, np, inner))
        .collect()
}

fn ref_node<'a>(
    model: &'a ThincModel,
    root: &ThincNode,
    key: &str,
) -> Result<&'a ThincNode, NlpError> {
    root.refs
        .get(key)
        .copied()
        .flatten()
        .and_then(|i| model.nodes.get(i))
        .ok_or_else(|| node_error(model, root, format!("ref `{key}` missing")))
}

impl ParserModel {
    /// Build from a `parser/model` or `ner/model` file. `vectors` is needed only when the
    /// model's own Tok2Vec uses static vectors (md).
    pub fn from_model(
        model: &ThincModel,
        vectors: Option<Arc<StaticVectors>>,
    ) -> Result<Self, NlpError> {
        let root = named(model, "parser_model")
            .next()
            .ok_or_else(|| model_error(model, "no `parser_model` node"))?;
        if root.attrs.get("has_upper").and_then(|v| v.as_bool()) == Some(false) {
            return Err(NlpError::unsupported(
                &model.path,
                "parser_model without upper layer (use_upper = false)",
            ));
        }
        let lower_node = ref_node(model, root, "lower")?;
        let upper_node = ref_node(model, root, "upper")?;
        if lower_node.name != "precomputable_affine" {
            return Err(node_error(
                model,
                lower_node,
                "expected `precomputable_affine`",
            ));
        }
        let w = param(model, lower_node, "W", &[None, None, None, None])?;
        let (nf, no, np, ni) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3]);
        if nf == 0 || no == 0 || np == 0 || ni == 0 {
            return Err(node_error(model, lower_node, "empty lower layer"));
        }
        let b = param(model, lower_node, "b", &[Some(no), Some(np)])?;
        let pad = param(
            model,
            lower_node,
            "pad",
            &[Some(1), Some(nf), Some(no), Some(np)],
        )?;
        let upper = Linear::from_node(model, upper_node, None, Some(no))?;

        let projs: Vec<_> = named(model, "linear")
            .filter(|n| n.index != upper_node.index)
            .collect();
        let proj_node = match projs.as_slice() {
            [one] => *one,
            _ => {
                return Err(model_error(
                    model,
                    format!(
                        "expected one projection `linear` node, found {}",
                        projs.len()
                    ),
                ))
            }
        };
        let proj = Linear::from_node(model, proj_node, Some(ni), None)?;

        let tok2vec = if Tok2Vec::present_in(model) {
            let t = Tok2Vec::from_model(model, vectors)?;
            if t.width() != proj.n_in() {
                return Err(node_error(
                    model,
                    proj_node,
                    format!(
                        "input width {} but tok2vec width {}",
                        proj.n_in(),
                        t.width()
                    ),
                ));
            }
            Some(t)
        } else {
            None
        };

        Ok(ParserModel {
            tok2vec,
            proj,
            lower_wt: PackedMatrix::new(
                transpose(&per_feature(&w.data, nf, no, np, ni), nf * no * np, ni),
                ni,
                nf * no * np,
            ),
            lower_b: piece_major(&b.data, no, np, 1),
            lower_pad: per_feature(&pad.data, nf, no, np, 1),
            upper,
            n_feat: nf,
            n_hidden: no,
            n_pieces: np,
        })
    }

    /// The model's own Tok2Vec (the NER has one; the parser listens to the shared one).
    pub fn tok2vec(&self) -> Option<&Tok2Vec> {
        self.tok2vec.as_ref()
    }

    /// The model's own Tok2Vec, mutably (to size its lexeme cache).
    pub fn tok2vec_mut(&mut self) -> Option<&mut Tok2Vec> {
        self.tok2vec.as_mut()
    }

    /// Width of the token vectors the projection expects.
    pub fn input_width(&self) -> usize {
        self.proj.n_in()
    }

    /// Feature tokens per state (nF).
    pub fn n_features(&self) -> usize {
        self.n_feat
    }

    /// Number of classes (rows of the upper layer).
    pub fn n_classes(&self) -> usize {
        self.upper.n_out()
    }

    /// An empty step object; call [`ParserStep::prepare`] with a document's token vectors.
    pub fn step(&self) -> ParserStep<'_> {
        self.begin_with(&[], 0, StepBuffers::default())
    }

    /// A step object prepared for a document's token vectors (n × input width).
    pub fn begin(&self, tokvecs: &[f32], n_tokens: usize) -> ParserStep<'_> {
        self.begin_with(tokvecs, n_tokens, StepBuffers::default())
    }

    /// [`ParserModel::begin`] reusing the buffers of an earlier step (from
    /// [`ParserStep::into_buffers`]), so a long-lived caller allocates them once.
    pub fn begin_with(
        &self,
        tokvecs: &[f32],
        n_tokens: usize,
        buffers: StepBuffers,
    ) -> ParserStep<'_> {
        let mut s = ParserStep {
            model: self,
            proj: buffers.proj,
            yf: buffers.yf,
            seg_slot: Vec::new(),
            slot_seg: Vec::new(),
            next_victim: 0,
            n_tokens: 0,
            window: (0, 0),
            acc: buffers.acc,
            hidden: buffers.hidden,
        };
        s.acc.clear();
        s.acc.resize(self.n_hidden * self.n_pieces, 0.0);
        s.hidden.clear();
        s.hidden.resize(self.n_hidden, 0.0);
        s.prepare(tokvecs, n_tokens);
        s
    }
}

/// The heap buffers of a [`ParserStep`], kept between documents or groups.
#[derive(Debug, Default, Clone)]
pub struct StepBuffers {
    proj: Vec<f32>,
    yf: Vec<f32>,
    acc: Vec<f32>,
    hidden: Vec<f32>,
}

/// Tokens per precomputed segment of the lower layer.
const SEGMENT: usize = 256;
/// Segments held at once: groups up to 16 × 256 tokens are precomputed in one GEMM; longer
/// documents get segments computed when a state first needs one, recycling the oldest, so
/// memory stays bounded (a 200,000-token document would otherwise need 0.8 GB for the
/// parser alone). Every row is the same whichever way it is computed.
const MAX_SEGMENTS: usize = 16;
/// `seg_slot` / `slot_seg` value for "none".
const NO_SLOT: u32 = u32::MAX;

/// Per-document scorer: holds the precomputed lower-layer blocks of the tokens (all of them,
/// or a bounded set of segments for long inputs). Reuse one across documents with
/// [`ParserStep::prepare`] to avoid reallocating.
#[derive(Debug, Clone)]
pub struct ParserStep<'m> {
    model: &'m ParserModel,
    proj: Vec<f32>,
    /// Slots of SEGMENT rows × (nF·nP·nO).
    yf: Vec<f32>,
    /// Per segment of the prepared rows: its slot in `yf`, or NO_SLOT.
    seg_slot: Vec<u32>,
    /// Per slot: the segment it holds, or NO_SLOT.
    slot_seg: Vec<u32>,
    /// Next slot to recycle (round robin: parsing moves forward, so the oldest goes first).
    next_victim: usize,
    n_tokens: usize,
    /// The document being scored: rows `start..start + len` (feature ids are relative to it).
    window: (usize, usize),
    acc: Vec<f32>,
    hidden: Vec<f32>,
}

impl ParserStep<'_> {
    /// Project `tokvecs` (n × input width) and precompute the tokens' lower-layer blocks (up
    /// to [`MAX_SEGMENTS`] × [`SEGMENT`] tokens now, the rest when needed). If `tokvecs`
    /// holds fewer than `n_tokens` rows, only the rows present are used (tokens past them
    /// score as absent).
    pub fn prepare(&mut self, tokvecs: &[f32], n_tokens: usize) {
        let m = self.model;
        debug_assert!(
            tokvecs.len() >= n_tokens * m.proj.n_in(),
            "tokvecs too short"
        );
        let n_tokens = n_tokens.min(tokvecs.len() / m.proj.n_in());
        let ni = m.proj.n_out();
        let block = m.n_feat * m.n_hidden * m.n_pieces;
        self.n_tokens = n_tokens;
        self.window = (0, n_tokens);
        self.proj.resize(n_tokens * ni, 0.0);
        m.proj.forward(tokvecs, n_tokens, &mut self.proj);
        let n_segments = n_tokens.div_ceil(SEGMENT);
        self.seg_slot.clear();
        self.seg_slot.resize(n_segments, NO_SLOT);
        self.slot_seg.clear();
        self.next_victim = 0;
        if n_segments <= MAX_SEGMENTS {
            // Everything at once: segment s in slot s, one GEMM.
            self.yf.resize(n_tokens * block, 0.0);
            m.lower_wt.gemm(n_tokens, &self.proj, 0.0, &mut self.yf);
            for s in 0..n_segments {
                self.seg_slot[s] = s as u32;
                self.slot_seg.push(s as u32);
            }
        } else {
            self.yf.resize(MAX_SEGMENTS * SEGMENT * block, 0.0);
            self.slot_seg.resize(MAX_SEGMENTS, NO_SLOT);
        }
    }

    /// Offset in `yf` of prepared row `t` (< n_tokens), computing its segment if needed.
    #[inline]
    fn row_offset(&mut self, t: usize) -> usize {
        let m = self.model;
        let block = m.n_feat * m.n_hidden * m.n_pieces;
        let seg = t / SEGMENT;
        let slot = match self.seg_slot[seg] {
            NO_SLOT => self.load_segment(seg),
            s => s as usize,
        };
        slot * SEGMENT * block + (t % SEGMENT) * block
    }

    /// Compute segment `seg` into the next slot to recycle; returns the slot.
    #[cold]
    fn load_segment(&mut self, seg: usize) -> usize {
        let m = self.model;
        let block = m.n_feat * m.n_hidden * m.n_pieces;
        let ni = m.proj.n_out();
        let slot = self.next_victim;
        self.next_victim = (self.next_victim + 1) % self.slot_seg.len().max(1);
        if let Some(old) = self.slot_seg.get(slot).copied().filter(|&o| o != NO_SLOT) {
            self.seg_slot[old as usize] = NO_SLOT;
        }
        let first = seg * SEGMENT;
        let rows = SEGMENT.min(self.n_tokens - first);
        m.lower_wt.gemm(
            rows,
            &self.proj[first * ni..(first + rows) * ni],
            0.0,
            &mut self.yf[slot * SEGMENT * block..(slot * SEGMENT + rows) * block],
        );
        self.slot_seg[slot] = seg as u32;
        self.seg_slot[seg] = slot as u32;
        slot
    }

    /// For a batch of documents passed to [`ParserStep::prepare`] as one concatenated matrix
    /// (one larger GEMM): score the document in rows `start..start + len` from now on; feature
    /// ids are relative to `start`. The range is clamped to the prepared rows.
    pub fn select_doc(&mut self, start: usize, len: usize) {
        let start = start.min(self.n_tokens);
        self.window = (start, len.min(self.n_tokens - start));
    }

    /// Give back the buffers for [`ParserModel::begin_with`].
    pub fn into_buffers(self) -> StepBuffers {
        StepBuffers {
            proj: self.proj,
            yf: self.yf,
            acc: self.acc,
            hidden: self.hidden,
        }
    }

    /// The projected token vectors (n × nI), for inspection.
    pub fn projected(&self) -> &[f32] {
        &self.proj
    }

    /// The precomputed block of prepared row `t` (nF × nP × nO: piece-major, unlike the
    /// file's nF × nO × nP), for inspection; `None` past the prepared rows.
    pub fn precomputed(&mut self, t: usize) -> Option<&[f32]> {
        if t >= self.n_tokens {
            return None;
        }
        let m = self.model;
        let block = m.n_feat * m.n_hidden * m.n_pieces;
        let off = self.row_offset(t);
        Some(&self.yf[off..off + block])
    }
}

impl StateScorer for ParserStep<'_> {
    fn n_features(&self) -> usize {
        self.model.n_feat
    }

    fn n_classes(&self) -> usize {
        self.model.upper.n_out()
    }

    multiversion!(ParserStep<'_>;
        /// `features` holds nF token indices (`-1` = absent; a missing slot or an index past the
        /// document is treated as absent too, so no input can panic). Writes
        /// `min(scores.len(), n_classes)` scores.
        fn score(&mut self, features: &[i32], scores: &mut [f32]) => score_impl
    );
}

impl ParserStep<'_> {
    #[inline(always)]
    fn score_impl(&mut self, features: &[i32], scores: &mut [f32]) {
        let m = self.model;
        let op = m.n_hidden * m.n_pieces;
        self.acc.fill(0.0);
        for f in 0..m.n_feat {
            let t = features.get(f).copied().unwrap_or(-1);
            let src = match usize::try_from(t) {
                Ok(t) if t < self.window.1 => {
                    let off = self.row_offset(t + self.window.0);
                    &self.yf[off + f * op..off + (f + 1) * op]
                }
                _ => {
                    debug_assert!(t < 0, "feature token {t} past document end");
                    &m.lower_pad[f * op..(f + 1) * op]
                }
            };
            for (a, s) in self.acc.iter_mut().zip(src) {
                *a += s;
            }
        }
        for (a, b) in self.acc.iter_mut().zip(&m.lower_b) {
            *a += b;
        }
        max_over_pieces(&self.acc, 1, m.n_hidden, m.n_pieces, None, &mut self.hidden);
        m.upper.forward_row(&self.hidden, scores);
    }
}
