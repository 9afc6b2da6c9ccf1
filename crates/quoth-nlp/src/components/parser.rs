//! spaCy's `parser` factory: greedy arc-eager parsing over the shared tok2vec; sets heads,
//! dependency labels and sentence starts.

use super::{for_each_prepared_doc, BuildContext, Component, Group, OwnBuffers, SharedBuffers};
use crate::layers::parser_model::ParserModel;
use crate::model::files::ComponentCfg;
use crate::model::{Moves, ThincModel};
use crate::transition::parser::ParserSystem;
use crate::NlpError;

/// The dependency parser: its model and its transition system.
#[derive(Debug)]
pub(crate) struct Parser {
    model: ParserModel,
    system: ParserSystem,
}

impl Parser {
    pub fn build(name: &str, cx: &BuildContext<'_>) -> Result<Self, NlpError> {
        cx.needs_shared(name)?;
        let dir = cx.dir(name);
        ComponentCfg::read(&dir.join("cfg"))?.check_greedy()?;
        let model_path = dir.join("model");
        let model = ParserModel::from_model(&ThincModel::read(&model_path)?, None)?;
        let system = ParserSystem::from_moves(&Moves::read(dir.join("moves"))?)?;
        system.check_scorer(&model.step(), &model_path)?;
        super::shape_check::parser(cx, name, &model)?;
        Ok(Parser { model, system })
    }
}

impl Component for Parser {
    fn factory(&self) -> &'static str {
        "parser"
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn process(&self, group: &mut Group<'_>, _shared: &mut SharedBuffers, own: &mut OwnBuffers) {
        if !group.shared {
            return;
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
                let p = self.system.parse(&is_space[a..b], step);
                for (t, tok) in docs[i].tokens.iter_mut().enumerate() {
                    tok.head = p.heads.get(t).copied().unwrap_or(t);
                    if let Some(d) = p.deps.get(t) {
                        tok.dep = d.clone();
                    }
                }
                if p.sent_starts.len() == b - a {
                    starts[a..b].copy_from_slice(&p.sent_starts);
                }
            },
        );
    }
}
