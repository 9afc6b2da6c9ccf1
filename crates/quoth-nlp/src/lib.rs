//! The spaCy engine: loads a spaCy v3 pipeline folder and reproduces its output exactly.
//!
//! The public surface is deliberate: [`Pipeline`] (load, analyse), [`Doc`] and its
//! [`Navigation`], [`NlpError`]. The internals (model files, layers, transition systems,
//! tokenizer, lexical attributes) are public only with the `internals` feature, for the
//! conformance tests and benchmarks that check them against spaCy piece by piece. Model-file
//! reading (`model`) is kept apart from inference. Offsets are UTF-8 byte offsets inside the
//! engine; conversion to other units happens at the edge.

/// Declare engine-internal modules: public with the `internals` feature, private otherwise
/// (where items only the conformance tests call would be dead code, hence the allow).
macro_rules! internal_modules {
    ($($name:ident),* $(,)?) => {
        $(
            #[cfg(feature = "internals")]
            pub mod $name;
            #[cfg(not(feature = "internals"))]
            #[allow(dead_code, unused_imports)]
            mod $name;
        )*
    };
}

internal_modules!(
    attribute_ruler,
    attrs,
    chars,
    layers,
    model,
    strings,
    tokenizer,
    transition
);

mod components;
pub mod doc;
pub mod error;
pub mod navigation;
pub mod pipeline;

pub use doc::{Doc, EntitySpan, Sentence, Token};
pub use error::NlpError;
pub use model::ModelMeta;
pub use navigation::Navigation;
pub use pipeline::Pipeline;
