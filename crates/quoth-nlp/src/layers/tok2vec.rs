//! spaCy `Tok2Vec` = `MultiHashEmbed` (hash tables [+ static vectors] → Maxout → LayerNorm)
//! followed by `MaxoutWindowEncoder` (residual blocks of expand_window → Maxout → LayerNorm over
//! a zero-padded batch; the padding rows are transformed like real rows, spec gotcha 3, except
//! the outer ones that can no longer reach a real token).
//!
//! Width, depth, window, pieces, feature columns and tables are read from the model file.

use std::collections::HashMap;
use std::sync::Arc;

use crate::attrs::LexFeatures;
use crate::model::{StaticVectors, ThincModel};
use crate::NlpError;

use super::gemm::gemm_abt;
use super::hashembed::HashEmbed;
use super::layernorm::LayerNorm;
use super::lexeme_cache::SharedLexemeCache;
use super::maxout::Maxout;
use super::node::{attr_strings, attr_u64, model_error, named, node_error};
use super::packed::PackedMatrix;
use super::simd::multiversion;
use super::static_vectors::StaticVectorsLayer;

/// Word forms each tok2vec's lexeme cache holds by default (about 3.8 kB each for
/// en_core_web_sm, so at most 31 MB per tok2vec; see [`Tok2Vec::set_lexeme_cache`]).
pub const DEFAULT_LEXEME_CACHE: usize = 8192;

/// Rows whose pre-activations are computed at once: 128 × 288 floats (147 kB for
/// en_core_web_sm) stay in cache between the GEMM that writes them and the maxout and layer
/// norm that read them (in-process A/B over the corpus: 128 rows ~4% faster than 256, ~5%
/// faster than 2,048 rows; 512 slower than 256). Also bounds the buffer on long inputs.
const CHUNK_ROWS: usize = 128;

/// `row_token` value of a padding row.
const NO_TOKEN: u32 = u32::MAX;

/// Where a token's embedding and first-block products are: a cache entry, or row i of this
/// call's computed misses.
#[derive(Clone, Copy)]
enum Source<'a> {
    Cached(&'a [f32]),
    Computed(usize),
}

/// Reads a token's embedding and first-block products from its [`Source`].
struct LexemeRows<'a> {
    mix: &'a [f32],
    products: &'a [f32],
    w: usize,
    op: usize,
    span: usize,
}

impl<'a> LexemeRows<'a> {
    #[inline(always)]
    fn embedding(&self, s: Source<'a>) -> &'a [f32] {
        match s {
            Source::Cached(d) => &d[..self.w],
            Source::Computed(i) => &self.mix[i * self.w..(i + 1) * self.w],
        }
    }

    /// The product for window position `j`.
    #[inline(always)]
    fn product(&self, s: Source<'a>, j: usize) -> &'a [f32] {
        let (w, op) = (self.w, self.op);
        match s {
            Source::Cached(d) => &d[w + j * op..w + (j + 1) * op],
            Source::Computed(i) => {
                let base = i * self.span * op + j * op;
                &self.products[base..base + op]
            }
        }
    }
}

/// Residual connection: row `rows[i]` of `z` (rows of `w` values) += row `i` of `tmp`.
#[inline(always)]
fn add_listed_rows(z: &mut [f32], tmp: &[f32], rows: &[u32], w: usize) {
    for (t, &r) in tmp.chunks_exact(w).zip(rows) {
        let r = r as usize;
        for (a, &b) in z[r * w..(r + 1) * w].iter_mut().zip(t) {
            *a += b;
        }
    }
}

/// One residual block over the listed rows (ascending) of the padded layout held in `z`,
/// which has `window` zero guard rows at each end (layout row `r` is `z` row `window + r`):
/// `compute(z, chunk, out)` writes the block's output for up to `CHUNK_ROWS` rows, reading
/// `z` as it was before the block, and `z[row] += output` follows. Every output must be
/// computed before its row changes, but a chunk's rows are no longer read once the chunks
/// being computed start more than `window` rows after it: chunk `c` is added to `z` when
/// chunk `c + lag` is done (rows ascend by at least one, so chunk `c + lag + 1` starts more
/// than `lag · CHUNK_ROWS ≥ window` rows after chunk `c` ends). So `tmp` holds `lag + 1`
/// chunks instead of the whole batch (for a 1 MB document that was 80 MB).
#[inline(always)]
fn residual_block(
    z: &mut [f32],
    tmp: &mut Vec<f32>,
    rows: &[u32],
    w: usize,
    window: usize,
    mut compute: impl FnMut(&[f32], &[u32], &mut [f32]),
) {
    let lag = window.saturating_sub(1) / CHUNK_ROWS + 1;
    let slots = lag + 1;
    let slot_len = CHUNK_ROWS * w;
    tmp.resize(slots * slot_len, 0.0);
    let n_chunks = rows.len().div_ceil(CHUNK_ROWS);
    let chunk_rows = |c: usize| &rows[c * CHUNK_ROWS..((c + 1) * CHUNK_ROWS).min(rows.len())];
    let commit = |z: &mut [f32], tmp: &[f32], c: usize| {
        let chunk = chunk_rows(c);
        let slot = (c % slots) * slot_len;
        add_listed_rows(
            &mut z[window * w..],
            &tmp[slot..slot + chunk.len() * w],
            chunk,
            w,
        );
    };
    for c in 0..n_chunks {
        let chunk = chunk_rows(c);
        let slot = (c % slots) * slot_len;
        compute(z, chunk, &mut tmp[slot..slot + chunk.len() * w]);
        if let Some(done) = c.checked_sub(lag) {
            commit(z, tmp, done);
        }
    }
    for c in n_chunks.saturating_sub(lag)..n_chunks {
        commit(z, tmp, c);
    }
}

/// The rows of the padded layout (`pad` rows, doc, `pad` rows, doc, ..., `pad` rows; empty
/// documents take no rows) that lie within `reach` rows of a token, ascending, into `out`.
fn reachable_rows(
    doc_lens: impl Iterator<Item = usize>,
    pad: usize,
    rows: usize,
    reach: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let mut start = pad;
    let mut done = 0;
    for n in doc_lens.filter(|&n| n > 0) {
        let lo = start.saturating_sub(reach).max(done);
        let hi = (start + n + reach).min(rows);
        out.extend((lo..hi).map(|r| r as u32));
        done = hi;
        start += n + pad;
    }
}

/// A lexical attribute the feature extractor can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexAttr {
    Orth,
    Lower,
    Norm,
    Prefix,
    Suffix,
    Shape,
    IsSpace,
    Spacy,
}

impl LexAttr {
    /// Parse a spaCy attribute name (`"NORM"`, `"IS_SPACE"`, ...).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "ORTH" => LexAttr::Orth,
            "LOWER" => LexAttr::Lower,
            "NORM" => LexAttr::Norm,
            "PREFIX" => LexAttr::Prefix,
            "SUFFIX" => LexAttr::Suffix,
            "SHAPE" => LexAttr::Shape,
            "IS_SPACE" => LexAttr::IsSpace,
            "SPACY" => LexAttr::Spacy,
            _ => return None,
        })
    }

    /// The uint64 value `doc.to_array` would give for this attribute.
    #[inline]
    pub fn get(self, t: &LexFeatures) -> u64 {
        match self {
            LexAttr::Orth => t.orth,
            LexAttr::Lower => t.lower,
            LexAttr::Norm => t.norm,
            LexAttr::Prefix => t.prefix,
            LexAttr::Suffix => t.suffix,
            LexAttr::Shape => t.shape,
            LexAttr::IsSpace => u64::from(t.is_space),
            LexAttr::Spacy => u64::from(t.spacy),
        }
    }
}

/// Reusable buffers for [`Tok2Vec::forward_batch`]; keep one per thread and reuse it across
/// documents so the hot path does not allocate.
#[derive(Debug, Default, Clone)]
pub struct Tok2VecScratch {
    orths: Vec<u64>,
    gathered: Vec<f32>,
    static_out: Vec<f32>,
    mix: Vec<f32>,
    pieces: Vec<f32>,
    /// Tokens not in the lexeme cache (masked keys), their first-block products, and the
    /// token (or none, for padding) at each row of the padded layout.
    misses: Vec<LexFeatures>,
    miss_index: HashMap<LexFeatures, usize>,
    miss_products: Vec<f32>,
    row_token: Vec<u32>,
    /// The rows of the padded layout the current block computes.
    block_rows: Vec<u32>,
    z: Vec<f32>,
    tmp: Vec<f32>,
}

/// A complete token-to-vector model.
#[derive(Debug, Clone)]
pub struct Tok2Vec {
    columns: Vec<LexAttr>,
    /// The hash tables pre-multiplied by their block of the mixer's weights: row width nO·nP.
    mixed_tables: Vec<HashEmbed>,
    static_vectors: Option<StaticVectorsLayer>,
    /// The mixer's weight block for the static-vectors input, (nO·nP) × static width.
    static_mix_w: Vec<f32>,
    mixer: Maxout,
    mixer_norm: LayerNorm,
    blocks: Vec<(Maxout, LayerNorm)>,
    /// The first block's weights with the window positions side by side, width ×
    /// ((2·window+1)·nP·nO): one GEMM gives a lexeme's contribution at every position.
    first_w: PackedMatrix,
    /// Whether a feature column reads the token-level `SPACY` flag (else it is masked out of
    /// the cache key).
    uses_spacy: bool,
    /// Per-lexeme embeddings and first-block products, shared by all threads.
    cache: SharedLexemeCache,
    window: usize,
    pad: usize,
    width: usize,
}

/// The architecture a [`Tok2Vec`] was built with, as found in its weights (compared with the
/// `config.cfg` settings when a pipeline loads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok2VecShape {
    /// Output width (`encode.width`).
    pub width: usize,
    /// Encoder blocks (`encode.depth`).
    pub depth: usize,
    /// Tokens on each side in an encoder window (`encode.window_size`).
    pub window: usize,
    /// Maxout pieces of the encoder blocks (`encode.maxout_pieces`).
    pub maxout_pieces: usize,
    /// Hash-table rows per embedded attribute, in column order (`embed.rows`).
    pub rows: Vec<usize>,
    /// Whether static vectors are mixed in (`embed.include_static_vectors`).
    pub static_vectors: bool,
}

impl Tok2Vec {
    /// The architecture found in the weights.
    pub fn shape(&self) -> Tok2VecShape {
        Tok2VecShape {
            width: self.width,
            depth: self.blocks.len(),
            window: self.window,
            maxout_pieces: self.blocks.first().map_or(0, |(m, _)| m.n_pieces()),
            rows: self.mixed_tables.iter().map(HashEmbed::n_rows).collect(),
            static_vectors: self.static_vectors.is_some(),
        }
    }

    /// Whether `model` contains a Tok2Vec (hash-embedding tables); the parser and tagger files
    /// only hold a listener.
    pub fn present_in(model: &ThincModel) -> bool {
        named(model, "hashembed").next().is_some()
    }

    /// Build from the nodes of `model` (a `tok2vec/model` file, or a `ner/model` with its own
    /// embedding). `vectors` is required when the model has a `static_vectors` layer.
    pub fn from_model(
        model: &ThincModel,
        vectors: Option<Arc<StaticVectors>>,
    ) -> Result<Self, NlpError> {
        // Feature columns.
        let mut extractors = named(model, "extract_features");
        let ex = extractors
            .next()
            .ok_or_else(|| model_error(model, "no `extract_features` node"))?;
        if extractors.next().is_some() {
            return Err(model_error(model, "more than one `extract_features` node"));
        }
        let columns = attr_strings(model, ex, "columns")?
            .iter()
            .map(|name| {
                LexAttr::from_name(name).ok_or_else(|| {
                    NlpError::unsupported(
                        &model.path,
                        format!("node {} `extract_features`: attribute {name}", ex.index),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        // Hash tables, in column order.
        let tables = named(model, "hashembed")
            .map(|n| {
                let t = HashEmbed::from_node(model, n)?;
                if t.column() >= columns.len() {
                    return Err(node_error(
                        model,
                        n,
                        format!("column {} but only {} features", t.column(), columns.len()),
                    ));
                }
                Ok(t)
            })
            .collect::<Result<Vec<_>, NlpError>>()?;
        let width = tables
            .first()
            .map(HashEmbed::width)
            .ok_or_else(|| model_error(model, "no `hashembed` node"))?;
        if tables.iter().any(|t| t.width() != width) {
            return Err(model_error(model, "hash tables of different widths"));
        }

        // Optional static vectors (md), always the last block of the concatenation.
        let mut statics = named(model, "static_vectors");
        let static_vectors = match statics.next() {
            None => None,
            Some(node) => {
                let v = vectors.ok_or_else(|| {
                    NlpError::unsupported(
                        &model.path,
                        format!(
                            "node {} `static_vectors` needs the pipeline's word vectors",
                            node.index
                        ),
                    )
                })?;
                Some(StaticVectorsLayer::from_node(model, node, v)?)
            }
        };
        if statics.next().is_some() {
            return Err(model_error(model, "more than one `static_vectors` node"));
        }
        let concat_width =
            tables.len() * width + static_vectors.as_ref().map_or(0, StaticVectorsLayer::width);

        // Maxout + LayerNorm pairs: the embedding mixer first, then the encoder blocks.
        let maxouts: Vec<_> = named(model, "maxout").collect();
        let norms: Vec<_> = named(model, "layernorm").collect();
        if maxouts.is_empty() || maxouts.len() != norms.len() {
            return Err(model_error(
                model,
                format!(
                    "expected matching maxout/layernorm nodes, found {} and {}",
                    maxouts.len(),
                    norms.len()
                ),
            ));
        }
        let mixer = Maxout::from_node(model, maxouts[0], Some(width), Some(concat_width))?;
        let mixer_norm = LayerNorm::from_node(model, norms[0], width)?;
        let op = mixer.n_out() * mixer.n_pieces();
        let mixed_tables = tables
            .iter()
            .enumerate()
            .map(|(k, t)| t.project(&mixer.column_block(k * width, width), op))
            .collect();
        let static_mix_w = match &static_vectors {
            Some(sv) => mixer.column_block(tables.len() * width, sv.width()),
            None => Vec::new(),
        };

        let windows = named(model, "expand_window")
            .map(|n| attr_u64(model, n, "window_size"))
            .collect::<Result<Vec<_>, _>>()?;
        let window = match windows.first() {
            Some(&w) if windows.iter().all(|&x| x == w) => {
                usize::try_from(w).map_err(|_| model_error(model, "window_size out of range"))?
            }
            Some(_) => return Err(model_error(model, "blocks with different window sizes")),
            None => 0,
        };
        if windows.len() != maxouts.len() - 1 {
            return Err(model_error(
                model,
                format!(
                    "{} encoder blocks but {} expand_window nodes",
                    maxouts.len() - 1,
                    windows.len()
                ),
            ));
        }
        let block_in = (2 * window + 1) * width;
        let blocks = maxouts[1..]
            .iter()
            .zip(&norms[1..])
            .map(|(m, n)| {
                Ok((
                    Maxout::from_node(model, m, Some(width), Some(block_in))?,
                    LayerNorm::from_node(model, n, width)?,
                ))
            })
            .collect::<Result<Vec<_>, NlpError>>()?;

        let pad = match model
            .nodes
            .iter()
            .find(|n| n.name.starts_with("with_array(residual"))
        {
            Some(n) => usize::try_from(attr_u64(model, n, "pad")?)
                .map_err(|_| node_error(model, n, "pad out of range"))?,
            None if blocks.is_empty() => 0,
            None => {
                return Err(model_error(
                    model,
                    "no `with_array(residual...)` encoder node",
                ))
            }
        };

        let span = 2 * window + 1;
        let first_w = match blocks.first() {
            Some((m, _)) => {
                let op = m.n_out() * m.n_pieces();
                let mut wcat = vec![0.0f32; width * span * op];
                for j in 0..span {
                    let wj = m.input_rows(j * width, width);
                    for c in 0..width {
                        wcat[c * span * op + j * op..c * span * op + (j + 1) * op]
                            .copy_from_slice(&wj[c * op..(c + 1) * op]);
                    }
                }
                PackedMatrix::new(wcat, width, span * op)
            }
            None => PackedMatrix::new(Vec::new(), 0, 0),
        };
        let uses_spacy = columns.contains(&LexAttr::Spacy);
        Ok(Tok2Vec {
            columns,
            mixed_tables,
            static_vectors,
            static_mix_w,
            mixer,
            mixer_norm,
            blocks,
            first_w,
            uses_spacy,
            cache: SharedLexemeCache::new(DEFAULT_LEXEME_CACHE),
            window,
            pad,
            width,
        })
    }

    /// Replace the lexeme cache by an empty one holding at most `capacity` word forms (0
    /// turns it off). Results do not depend on it; only speed and memory do (about
    /// (width + (2·window+1)·3·width) × 4 bytes per form: 3.8 kB for en_core_web_sm). A full
    /// cache that has declined 64 × `capacity` new forms is emptied and refills with the
    /// forms of the text that follows.
    pub fn set_lexeme_cache(&mut self, capacity: usize) {
        self.cache = SharedLexemeCache::new(capacity);
    }

    /// Word forms currently in the lexeme cache.
    pub fn lexeme_cache_len(&self) -> usize {
        self.cache.len()
    }

    /// Times the lexeme cache was emptied because it had gone stale (a full cache that kept
    /// declining new forms; see [`Tok2Vec::set_lexeme_cache`]).
    pub fn lexeme_cache_refreshes(&self) -> usize {
        self.cache.refreshes()
    }

    /// Output width (96 for en_core_web_sm).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of encoder blocks.
    pub fn depth(&self) -> usize {
        self.blocks.len()
    }

    /// Feature columns, in extraction order.
    pub fn columns(&self) -> &[LexAttr] {
        &self.columns
    }

    /// Encode one document: `out` becomes `tokens.len()` × width.
    pub fn forward(
        &self,
        tokens: &[LexFeatures],
        scratch: &mut Tok2VecScratch,
        out: &mut Vec<f32>,
    ) {
        self.forward_batch(&[tokens], scratch, out);
    }

    multiversion!(Tok2Vec;
        /// Encode a batch of documents exactly as spaCy does with `nlp.pipe`: `out` becomes
        /// Σn × width, the documents' rows concatenated in order.
        pub fn forward_batch(
            &self,
            docs: &[&[LexFeatures]],
            scratch: &mut Tok2VecScratch,
            out: &mut Vec<f32>,
        ) => forward_batch_impl
    );

    #[inline(always)]
    fn forward_batch_impl(
        &self,
        docs: &[&[LexFeatures]],
        scratch: &mut Tok2VecScratch,
        out: &mut Vec<f32>,
    ) {
        let w = self.width;
        let total: usize = docs.iter().map(|d| d.len()).sum();
        out.clear();
        out.resize(total * w, 0.0);
        if total == 0 {
            return;
        }
        let Some(((first_maxout, first_norm), rest)) = self.blocks.split_first() else {
            self.embed(docs, total, scratch);
            out.copy_from_slice(&scratch.mix[..total * w]);
            return;
        };

        // Each token's embedding and first-block products: from the lexeme cache, or
        // computed for the misses in one batch (and offered to the cache).
        let op = first_maxout.n_out() * first_maxout.n_pieces();
        let win = self.window;
        let span = 2 * win + 1;
        scratch.misses.clear();
        scratch.miss_index.clear();
        // This call's table: held (reference-counted) for the call even if it is replaced.
        let cache = self.cache.current();
        let sources: Vec<Source<'_>> = docs
            .iter()
            .flat_map(|d| d.iter())
            .map(|t| {
                let key = self.cache_key(t);
                match cache.get(&key) {
                    Some(data) => Source::Cached(data),
                    // A form missing from the cache is computed once per call, however often
                    // it occurs (a long document with a cold or full cache repeats many).
                    None => {
                        let next = scratch.misses.len();
                        let i = *scratch.miss_index.entry(key).or_insert(next);
                        if i == next {
                            scratch.misses.push(key);
                        }
                        Source::Computed(i)
                    }
                }
            })
            .collect();
        let n_miss = scratch.misses.len();
        if n_miss > 0 {
            let misses = std::mem::take(&mut scratch.misses);
            self.embed(&[&misses], n_miss, scratch);
            scratch.misses = misses;
            scratch.miss_products.resize(n_miss * span * op, 0.0);
            self.first_w
                .gemm(n_miss, &scratch.mix, 0.0, &mut scratch.miss_products);
            for (i, key) in scratch.misses.iter().enumerate() {
                cache.insert(
                    *key,
                    &[
                        &scratch.mix[i * w..(i + 1) * w],
                        &scratch.miss_products[i * span * op..(i + 1) * span * op],
                    ],
                );
            }
            self.cache.refresh_if_stale(&cache);
        }
        let lex = LexemeRows {
            mix: &scratch.mix,
            products: &scratch.miss_products,
            w,
            op,
            span,
        };

        // Padded layout: P zero rows, doc, P zero rows, doc, ..., P zero rows (empty docs are
        // skipped, as thinc's `ops.flatten` does). `z` holds it with `window` extra zero rows
        // at each end, so `concat(z[r-window], ..., z[r+window])` (thinc's `seq2col`, zeros
        // outside the layout) is the (2·window+1)·w values starting at row r of `z`: each
        // block's GEMM reads its input rows straight out of `z` with row stride w.
        let p = self.pad;
        let n_docs = docs.iter().filter(|d| !d.is_empty()).count();
        let rows = total + (n_docs + 1) * p;
        let z = &mut scratch.z;
        z.clear();
        z.resize((rows + 2 * win) * w, 0.0);
        let row_token = &mut scratch.row_token;
        row_token.clear();
        row_token.resize(rows, NO_TOKEN);
        let mut t = 0usize;
        let mut dst = p;
        for d in docs.iter().filter(|d| !d.is_empty()) {
            for r in dst..dst + d.len() {
                z[(win + r) * w..(win + r + 1) * w].copy_from_slice(lex.embedding(sources[t]));
                row_token[r] = t as u32;
                t += 1;
            }
            dst += d.len() + p;
        }

        // Only rows within (depth-1-b)·window of a real token can still influence the output,
        // so block b computes just those (padding between and around documents that cannot
        // reach a token is skipped; the set shrinks block by block and every row read was
        // computed by all earlier blocks).
        let depth = self.blocks.len();
        let doc_lens = docs.iter().map(|d| d.len());

        // First block: the pre-activation of row r is the sum over window positions j of the
        // product of token r - window + j's embedding with W's block j, which the lexemes
        // carry: ((0 + P0) + P1) + P2 (padding and the outside contribute nothing).
        // The pre-activations (nP·nO per row, the largest buffer) are made CHUNK_ROWS rows at
        // a time; `residual_block` adds a chunk's outputs to z once no later chunk reads it.
        reachable_rows(
            doc_lens.clone(),
            p,
            rows,
            (depth - 1) * win,
            &mut scratch.block_rows,
        );
        let pieces = &mut scratch.pieces;
        let row_token = &scratch.row_token;
        residual_block(
            &mut scratch.z,
            &mut scratch.tmp,
            &scratch.block_rows,
            w,
            win,
            |_, chunk, out| {
                pieces.clear();
                pieces.resize(chunk.len() * op, 0.0);
                for (acc, &r) in pieces.chunks_exact_mut(op).zip(chunk) {
                    let r = r as usize;
                    for j in 0..span {
                        let Some(q) = (r + j).checked_sub(win).filter(|&q| q < rows) else {
                            continue;
                        };
                        let tok = row_token[q];
                        if tok == NO_TOKEN {
                            continue;
                        }
                        for (a, &v) in acc.iter_mut().zip(lex.product(sources[tok as usize], j)) {
                            *a += v;
                        }
                    }
                }
                first_maxout.bias_max(pieces, chunk.len(), out);
                first_norm.forward_inplace(out);
            },
        );

        for (b, (maxout, norm)) in rest.iter().enumerate() {
            let reach = (depth - 2 - b) * win;
            reachable_rows(doc_lens.clone(), p, rows, reach, &mut scratch.block_rows);
            let pieces = &mut scratch.pieces;
            residual_block(
                &mut scratch.z,
                &mut scratch.tmp,
                &scratch.block_rows,
                w,
                win,
                |z, chunk, out| {
                    maxout.forward_rows(z, w, chunk, pieces, out);
                    norm.forward_inplace(out);
                },
            );
        }

        let mut src = win + p;
        let mut dst = 0;
        for d in docs.iter().filter(|d| !d.is_empty()) {
            let n = d.len();
            out[dst * w..(dst + n) * w].copy_from_slice(&scratch.z[src * w..(src + n) * w]);
            dst += n;
            src += n + p;
        }
    }

    /// The lexeme-cache key of a token: its features, without the whitespace flag unless a
    /// feature column reads it (every other field is a function of the word form or of the
    /// tokenizer's norm, which the columns or the static vectors read).
    #[inline(always)]
    fn cache_key(&self, t: &LexFeatures) -> LexFeatures {
        LexFeatures {
            spacy: t.spacy && self.uses_spacy,
            ..*t
        }
    }

    /// MultiHashEmbed: fills `scratch.mix` with total × width mixed embeddings. The mixer's
    /// pre-activations are the bias plus each table's pre-projected rows (plus the static
    /// vectors' block through a GEMM), then maxout and layer norm.
    #[inline(always)]
    fn embed(&self, docs: &[&[LexFeatures]], total: usize, scratch: &mut Tok2VecScratch) {
        let w = self.width;
        let op = self.mixer.n_out() * self.mixer.n_pieces();
        scratch.pieces.resize(total * op, 0.0);
        let tokens = docs.iter().flat_map(|d| d.iter());
        for (row, tok) in scratch.pieces.chunks_exact_mut(op).zip(tokens) {
            row.copy_from_slice(self.mixer.bias());
            for table in &self.mixed_tables {
                table.add_into(self.columns[table.column()].get(tok), row);
            }
        }
        if let Some(sv) = &self.static_vectors {
            let sw = sv.width();
            scratch.orths.clear();
            scratch
                .orths
                .extend(docs.iter().flat_map(|d| d.iter().map(|t| t.orth)));
            scratch.static_out.resize(total * sw, 0.0);
            sv.forward(
                &scratch.orths,
                &mut scratch.gathered,
                &mut scratch.static_out,
            );
            gemm_abt(
                total,
                sw,
                op,
                &scratch.static_out,
                &self.static_mix_w,
                1.0,
                &mut scratch.pieces,
            );
        }
        scratch.mix.resize(total * w, 0.0);
        self.mixer
            .max_pieces(&scratch.pieces, total, &mut scratch.mix);
        self.mixer_norm
            .forward_inplace(&mut scratch.mix[..total * w]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attr_names_parse() {
        assert_eq!(LexAttr::from_name("IS_SPACE"), Some(LexAttr::IsSpace));
        assert_eq!(LexAttr::from_name("LEMMA"), None);
        let t = LexFeatures {
            norm: 5,
            spacy: true,
            ..Default::default()
        };
        assert_eq!(LexAttr::Norm.get(&t), 5);
        assert_eq!(LexAttr::Spacy.get(&t), 1);
        assert_eq!(LexAttr::IsSpace.get(&t), 0);
    }

    /// `residual_block` gives what computing every output first and adding them after does,
    /// for windows below, at and above a chunk, over listed rows with gaps.
    #[test]
    fn residual_block_matches_add_after_all() {
        let w = 2;
        // Layout rows 0..700, with gaps (rows a block skips), several chunks.
        let rows: Vec<u32> = (0..700u32).filter(|r| r % 7 != 3).collect();
        let n_layout = 700;
        for window in [0, 1, 3, CHUNK_ROWS, CHUNK_ROWS + 1, 2 * CHUNK_ROWS + 5] {
            let z0: Vec<f32> = (0..(n_layout + 2 * window) * w)
                .map(|i| ((i * 37) % 101) as f32 * 0.01)
                .collect();
            // A block's output for layout row r: a weighted sum of z over r ± window.
            let output = |z: &[f32], r: usize, out: &mut [f32]| {
                for (c, o) in out.iter_mut().enumerate() {
                    *o = (0..=2 * window)
                        .map(|j| z[(r + j) * w + c] * (j + 1) as f32)
                        .sum();
                }
            };
            let mut expected = z0.clone();
            let outs: Vec<Vec<f32>> = rows
                .iter()
                .map(|&r| {
                    let mut o = vec![0.0; w];
                    output(&z0, r as usize, &mut o);
                    o
                })
                .collect();
            for (&r, o) in rows.iter().zip(&outs) {
                for c in 0..w {
                    expected[(window + r as usize) * w + c] += o[c];
                }
            }
            let mut z = z0.clone();
            let mut tmp = Vec::new();
            residual_block(&mut z, &mut tmp, &rows, w, window, |z, chunk, out| {
                for (&r, o) in chunk.iter().zip(out.chunks_exact_mut(w)) {
                    output(z, r as usize, o);
                }
            });
            assert_eq!(z, expected, "window {window}");
            assert!(
                tmp.len() < rows.len() * w,
                "window {window}: tmp not bounded"
            );
        }
    }
}
