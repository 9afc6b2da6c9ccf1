//! spaCy's `tok2vec` factory: the shared encoder other components listen to.

use super::{BuildContext, Component, Group, OwnBuffers, SharedBuffers};
use crate::layers::tok2vec::Tok2Vec;
use crate::model::ThincModel;
use crate::NlpError;

/// The shared tok2vec: writes its rows to [`Group::vecs`] for the listeners after it.
#[derive(Debug)]
pub(crate) struct SharedTok2Vec {
    encoder: Tok2Vec,
}

impl SharedTok2Vec {
    pub fn build(name: &str, cx: &BuildContext<'_>) -> Result<Self, NlpError> {
        let model = ThincModel::read(&cx.dir(name).join("model"))?;
        let encoder = Tok2Vec::from_model(&model, cx.vectors.clone())?;
        super::shape_check::tok2vec(cx, name, &encoder)?;
        Ok(SharedTok2Vec { encoder })
    }
}

impl Component for SharedTok2Vec {
    fn factory(&self) -> &'static str {
        "tok2vec"
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn process(&self, group: &mut Group<'_>, shared: &mut SharedBuffers, _own: &mut OwnBuffers) {
        self.encoder
            .forward_batch(group.features, &mut shared.t2v, group.vecs);
        group.shared = true;
    }

    fn tok2vec(&self) -> Option<&Tok2Vec> {
        Some(&self.encoder)
    }

    fn tok2vec_mut(&mut self) -> Option<&mut Tok2Vec> {
        Some(&mut self.encoder)
    }
}
