//! Numeric layers: hash embeddings, static vectors, maxout, layer norm, the window CNN
//! encoder (Tok2Vec), the tagger's output layer and the parser/NER step model.
//!
//! Every layer is built from a [`ThincModel`](crate::model::ThincModel) by locating
//! nodes by name and checking dims; wrong shapes are [`NlpError::Format`](crate::NlpError)
//! errors naming the file and node. All math is float32 row-major; GEMMs go through
//! [`gemm`].
//!
//! Typical use (one [`Tok2VecScratch`] and one [`ParserStep`] per thread, reused across docs):
//! - shared tok2vec: [`Tok2Vec::from_model`] on `tok2vec/model`, then [`Tok2Vec::forward`]
//!   (or [`Tok2Vec::forward_batch`] for many docs; same results) on the tokens' `LexFeatures`;
//! - tagger: [`Linear::softmax_output`] on `tagger/model`, `forward` on the tok2vec rows,
//!   [`Linear::argmax_rows`] → label index (labels from `tagger/cfg`);
//! - parser: [`ParserModel::from_model`] on `parser/model`, [`ParserModel::begin`] with the
//!   shared tok2vec rows → a [`StateScorer`](crate::transition::StateScorer);
//! - NER: [`ParserModel::from_model`] on `ner/model`; its own Tok2Vec is
//!   [`ParserModel::tok2vec`]; feed those rows to `begin`.

pub mod gemm;
pub mod hashembed;
pub mod layernorm;
pub(crate) mod lexeme_cache;
pub mod linear;
pub mod maxout;
pub mod node;
pub mod packed;
pub mod parser_model;
pub(crate) mod simd;
pub mod static_vectors;
pub mod tok2vec;

pub use hashembed::HashEmbed;
pub use layernorm::LayerNorm;
pub use linear::Linear;
pub use maxout::Maxout;
pub use parser_model::{ParserModel, ParserStep};
pub use static_vectors::StaticVectorsLayer;
pub use tok2vec::{LexAttr, Tok2Vec, Tok2VecScratch};
