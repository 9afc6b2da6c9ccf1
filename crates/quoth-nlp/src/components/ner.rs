//! spaCy's `ner` factory: greedy BILUO decoding, over its own tok2vec or the shared one;
//! appends `doc.ents`.

use super::{
    for_each_prepared_doc, BuildContext, Component, Group, OwnBuffers, Run, SharedBuffers,
};
use crate::layers::parser_model::ParserModel;
use crate::layers::tok2vec::Tok2Vec;
use crate::model::files::ComponentCfg;
use crate::model::{Moves, ThincModel};
use crate::transition::ner::{NerContext, NerSystem};
use crate::{EntitySpan, NlpError};

/// The entity recognizer: its model and its transition system.
#[derive(Debug)]
pub(crate) struct Ner {
    pub(crate) model: ParserModel,
    pub(crate) system: NerSystem,
}

impl Ner {
    pub fn build(name: &str, cx: &BuildContext<'_>) -> Result<Self, NlpError> {
        let dir = cx.dir(name);
        ComponentCfg::read(&dir.join("cfg"))?.check_greedy()?;
        let model_path = dir.join("model");
        let model = ParserModel::from_model(&ThincModel::read(&model_path)?, cx.vectors.clone())?;
        if model.tok2vec().is_none() {
            cx.needs_shared(name)?;
        }
        let system = NerSystem::from_moves(&Moves::read(dir.join("moves"))?)?;
        system.check_scorer(&model.step(), &model_path)?;
        super::shape_check::parser(cx, name, &model)?;
        Ok(Ner { model, system })
    }
}

impl Component for Ner {
    fn factory(&self) -> &'static str {
        "ner"
    }

    fn runs_in(&self, run: Run) -> bool {
        run != Run::WithoutNer
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn process(&self, group: &mut Group<'_>, shared: &mut SharedBuffers, own: &mut OwnBuffers) {
        match self.model.tok2vec() {
            Some(encoder) => {
                encoder.forward_batch(group.features, &mut shared.t2v, group.vecs);
                group.shared = false;
            }
            // It listens to the shared tok2vec: its rows must still be in `vecs`.
            None if group.shared => {}
            None => return,
        }
        let Group {
            docs,
            bounds,
            is_space,
            starts,
            vecs,
            ..
        } = group;
        for_each_prepared_doc(
            &self.model,
            &mut own.steps,
            vecs,
            bounds,
            |i, (a, b), step| {
                let ctx = NerContext {
                    is_space: &is_space[a..b],
                    sent_starts: &starts[a..b],
                };
                let doc = &mut docs[i];
                let n = b - a;
                doc.entities.extend(
                    self.system
                        .decode(&ctx, step)
                        .into_iter()
                        .filter(|s| s.end <= n)
                        .filter_map(|s| EntitySpan::over(&doc.tokens, s.start, s.end, s.label)),
                );
            },
        );
    }

    fn tok2vec(&self) -> Option<&Tok2Vec> {
        self.model.tok2vec()
    }

    fn tok2vec_mut(&mut self) -> Option<&mut Tok2Vec> {
        self.model.tok2vec_mut()
    }
}
