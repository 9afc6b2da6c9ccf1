//! Numeric layers: hash embeddings, static vectors, maxout, layer norm, the window CNN
//! encoder (Tok2Vec), the tagger's output layer and the parser/NER step model.
//!
//! Every layer is built from a [`ThincModel`](crate::nlp::model::ThincModel) by locating
//! nodes by name and checking dims; wrong shapes are [`NlpError::Format`](crate::nlp::NlpError)
//! errors naming the file and node. All math is float32 row-major; GEMMs go through
//! [`gemm`].

pub mod gemm;
pub mod hashembed;
pub mod layernorm;
pub mod linear;
pub mod maxout;
pub mod node;
pub mod parser_model;
pub mod static_vectors;
pub mod tok2vec;

pub use hashembed::{murmur3_x64_128_u64, HashEmbed};
pub use layernorm::LayerNorm;
pub use linear::Linear;
pub use maxout::Maxout;
pub use parser_model::{ParserModel, ParserStep};
pub use static_vectors::StaticVectorsLayer;
pub use tok2vec::{LexAttr, Tok2Vec, Tok2VecScratch};
