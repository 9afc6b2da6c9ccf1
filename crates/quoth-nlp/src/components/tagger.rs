//! spaCy's `tagger` factory: a softmax layer over the shared tok2vec; sets `token.tag`.

use std::sync::Arc;

use super::{BuildContext, Component, Group, OwnBuffers, SharedBuffers};
use crate::layers::linear::{argmax, Linear};
use crate::model::files::ComponentCfg;
use crate::model::ThincModel;
use crate::NlpError;

/// The tagger: an output layer over the shared tok2vec, and its labels in row order.
#[derive(Debug)]
pub(crate) struct Tagger {
    output: Linear,
    labels: Vec<Arc<str>>,
}

impl Tagger {
    pub fn build(name: &str, cx: &BuildContext<'_>) -> Result<Self, NlpError> {
        let width = cx.needs_shared(name)?;
        super::shape_check::tagger(cx, name)?;
        let dir = cx.dir(name);
        let model = ThincModel::read(&dir.join("model"))?;
        let node = model
            .nodes
            .iter()
            .find(|n| n.name == "softmax")
            .ok_or_else(|| NlpError::format(&model.path, "no `softmax` node"))?;
        let output = Linear::from_node(&model, node, None, Some(width))?;
        let labels: Vec<Arc<str>> = ComponentCfg::read(&dir.join("cfg"))?
            .labels()?
            .into_iter()
            .map(Arc::from)
            .collect();
        if labels.len() != output.n_out() {
            return Err(NlpError::format(
                dir.join("cfg"),
                format!(
                    "{} labels but the model has {} outputs",
                    labels.len(),
                    output.n_out()
                ),
            ));
        }
        Ok(Tagger { output, labels })
    }
}

impl Component for Tagger {
    fn factory(&self) -> &'static str {
        "tagger"
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn process(&self, group: &mut Group<'_>, shared: &mut SharedBuffers, _own: &mut OwnBuffers) {
        if !group.shared {
            return;
        }
        let total = group.is_space.len();
        let k = self.output.n_out();
        let logits = &mut shared.logits;
        logits.clear();
        logits.resize(total * k, 0.0);
        self.output.forward(group.vecs, total, logits);
        for (doc, &(a, _)) in group.docs.iter_mut().zip(group.bounds) {
            for (i, tok) in doc.tokens.iter_mut().enumerate() {
                let row = a + i;
                let best = argmax(&logits[row * k..(row + 1) * k]);
                if let Some(l) = self.labels.get(best) {
                    tok.tag = l.clone();
                }
            }
        }
    }
}
