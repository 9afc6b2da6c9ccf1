//! Per-entity salience (issue 11): how much a document is about each of its entities, 0–1,
//! summing to 1 over the entities (as Google's Natural Language API reports it).
//!
//! A linear score over features the engine already gives ([`features`]), turned into shares by
//! a softmax. Features: name (picture credits aside: `Image: X`) and pronoun/common-noun
//! mention counts (log), first mention in the
//! headline (first sentence) or the lead, relative position of the first mention, spread of the
//! mentions over the text, mentions as grammatical subject, quotes the entity speaks, the
//! label, how often the name only modifies a noun (`Iraqi` in `an Iraqi architect`: the
//! story is about the architect), and the first person linked to the entity (the voice of a
//! letter, a speech, an interview: `I`, `me`, `my`). The weights ([`WEIGHTS`]) were fit on GUM train (177 documents) by
//! `scripts/fit_salience.py`: the same softmax, listwise cross-entropy against the gold
//! salience counts (0–5) of the matched gold entities, L2 0.01, over the features written by
//! `cargo run --release -p quoth --example eval_gum -- --gold gum_train.jsonl --out /tmp/x.jsonl
//! --mentions all --features /tmp/feat_train.jsonl`.

use quoth_nlp::Doc;

use crate::coref::{is_first_singular, link_mentions_with_quotes, ExtraMention, MentionKind};
use crate::entities::{headline_end, is_credit_label, Entities};
use crate::quotes::Quote;

/// Number of features per entity (the length of each [`features`] row).
pub const N_FEATURES: usize = 13;

/// Index of the modifier share in a [`features`] row.
pub const MODIFIER_FEATURE: usize = 11;

/// Index of the first-person mention count in a [`features`] row.
pub const FIRST_PERSON_FEATURE: usize = 12;

/// Sentences counted as the lead (after the headline, which is sentence 0).
const LEAD_SENTENCES: usize = 3;

/// Weights of the features, in [`features`] order (fit on GUM train, see the module docs):
/// `[ln(1+names), ln(1+pronouns/common), headline, lead, first position (0..1), spread (0..1),
///   ln(1+subject mentions), ln(1+quotes spoken), PERSON, ORG, place (GPE/LOC/FAC),
///   share of name mentions that are adjectival modifiers (0..1), ln(1+first-person mentions)]`.
pub const WEIGHTS: [f32; N_FEATURES] = [
    W_NAMES,
    W_EXTRA,
    W_HEADLINE,
    W_LEAD,
    W_FIRST_POS,
    W_SPREAD,
    W_SUBJECT,
    W_QUOTED,
    W_PERSON,
    W_ORG,
    W_PLACE,
    W_MODIFIER,
    W_FIRST_PERSON,
];
/// Each doubling of the name mentions.
const W_NAMES: f32 = 0.91;
/// Pronoun and common-noun mentions (coreference).
const W_EXTRA: f32 = 0.20;
/// Named in the headline (first sentence, or first line when it is short).
const W_HEADLINE: f32 = 0.59;
/// Named in the lead.
const W_LEAD: f32 = 0.46;
/// Position of the first mention, 0 = start, 1 = end (late entities are less central).
const W_FIRST_POS: f32 = -0.64;
/// Distance between first and last mention as a share of the text.
const W_SPREAD: f32 = 0.34;
/// Subject mentions (what the sentences are about).
const W_SUBJECT: f32 = -0.13;
/// Quotes spoken (sources).
const W_QUOTED: f32 = -0.13;
/// Label priors (relative to other labels: NORP, works, products, events…).
const W_PERSON: f32 = 0.25;
const W_ORG: f32 = 0.13;
const W_PLACE: f32 = 0.13;
/// Name mentions that only modify a noun (`an Iraqi architect`, `Argentine exports`). Not from
/// the listwise fit, which leaves it near 0 (its cross-entropy is not the ranking): chosen on
/// GUM train's P@3 / R@5 / NDCG@10 over -1, -2, -3 (48.5 / 58.7 / 62.7 at 0 → 49.4 / 59.6 /
/// 63.6 at -2).
const W_MODIFIER: f32 = -2.00;
/// First-person mentions (`I`, `me`, `my`, quoted or the text's voice), on top of
/// [`W_EXTRA`]: the writer of a letter, the speaker of a speech, the interviewee. Not from the
/// listwise fit either: the one added weight, chosen on GUM train over -1, -0.5, 0.5, 1 (P@3 /
/// R@5 / NDCG@10 49.4 / 60.0 / 63.7 at 0 → 49.9 / 60.3 / 64.6 at 0.5, the best P@3; 1 gives
/// 49.9 / 60.3 / 64.4); refitting the other weights with it gained on train and lost on dev.
const W_FIRST_PERSON: f32 = 0.5;

/// One salience share per entity of `ents` (same order), summing to 1; empty when there are
/// no entities. Runs [`link_mentions_with_quotes`] to count pronoun and common-noun mentions;
/// use [`salience_with`] when they are already computed.
pub fn salience(doc: &Doc, ents: &Entities, quotes: &[Quote]) -> Vec<f32> {
    let extra = link_mentions_with_quotes(doc, ents, quotes);
    salience_with(doc, ents, quotes, &extra)
}

/// [`salience`] with the document's pronoun and common-noun mentions given.
pub fn salience_with(
    doc: &Doc,
    ents: &Entities,
    quotes: &[Quote],
    extra: &[ExtraMention],
) -> Vec<f32> {
    let rows = features(doc, ents, quotes, extra);
    let scores: Vec<f32> = rows
        .iter()
        .map(|x| x.iter().zip(WEIGHTS.iter()).map(|(a, w)| a * w).sum())
        .collect();
    softmax(&scores)
}

/// Shares proportional to `exp(score)`, summing to 1 (empty for empty input).
fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
    let total: f32 = exps.iter().sum();
    if total > 0.0 && total.is_finite() {
        exps.iter().map(|e| e / total).collect()
    } else {
        let n = scores.len().max(1) as f32;
        scores.iter().map(|_| 1.0 / n).collect()
    }
}

/// The feature rows of [`salience`], one per entity (order in [`WEIGHTS`]).
pub fn features(
    doc: &Doc,
    ents: &Entities,
    quotes: &[Quote],
    extra: &[ExtraMention],
) -> Vec<[f32; N_FEATURES]> {
    let len = doc.text.len().max(1) as f32;
    // A short first line is a headline, even when the parser ran it into the next sentence.
    let headline_end = headline_end(&doc.text);
    let mut rows = vec![[0f32; N_FEATURES]; ents.entities.len()];
    let mut extra_count = vec![0usize; rows.len()];
    let mut subjects = vec![0usize; rows.len()];
    let mut first_person = vec![0usize; rows.len()];
    let mut span = vec![(usize::MAX, 0usize); rows.len()];
    for x in extra {
        if let Some(c) = extra_count.get_mut(x.entity) {
            *c += 1;
            if x.kind == MentionKind::Pronoun && is_first_person(doc, x.start_token, x.end_token) {
                first_person[x.entity] += 1;
            }
            let s = &mut span[x.entity];
            *s = (s.0.min(x.start), s.1.max(x.start));
            if (x.start_token..x.end_token).any(|k| is_subject(doc, k)) {
                subjects[x.entity] += 1;
            }
        }
    }
    let mut spoken = vec![0usize; rows.len()];
    for q in quotes {
        if let Some(e) = q.speaker.as_ref().and_then(|s| s.entity) {
            if let Some(c) = spoken.get_mut(e) {
                *c += 1;
            }
        }
    }
    for (e, group) in ents.entities.iter().enumerate() {
        let mut first_sentence = usize::MAX;
        let mut modifiers = 0usize;
        let mut names = 0usize;
        for &m in &group.mentions {
            let Some(m) = ents.mentions.get(m) else {
                continue;
            };
            if is_credit(doc, m.start_token) {
                continue;
            }
            names += 1;
            first_sentence = first_sentence.min(m.sentence);
            if is_adjectival(doc, m.start_token, m.end_token) {
                modifiers += 1;
            }
            let s = &mut span[e];
            *s = (s.0.min(m.start), s.1.max(m.start));
            if (m.start_token..m.end_token).any(|k| is_subject(doc, k)) {
                subjects[e] += 1;
            }
        }
        let (first, last) = if span[e].0 == usize::MAX {
            (doc.text.len(), doc.text.len())
        } else {
            span[e]
        };
        let label = group.label.as_ref();
        rows[e] = [
            (1.0 + names as f32).ln(),
            (1.0 + extra_count[e] as f32).ln(),
            f32::from(u8::from(first_sentence == 0 || first < headline_end)),
            f32::from(u8::from(first_sentence <= LEAD_SENTENCES)),
            first as f32 / len,
            last.saturating_sub(first) as f32 / len,
            (1.0 + subjects[e] as f32).ln(),
            (1.0 + spoken[e] as f32).ln(),
            f32::from(u8::from(label == "PERSON")),
            f32::from(u8::from(label == "ORG")),
            f32::from(u8::from(matches!(label, "GPE" | "LOC" | "FAC"))),
            modifiers as f32 / names.max(1) as f32,
            (1.0 + first_person[e] as f32).ln(),
        ];
    }
    rows
}

/// Whether the name starting at token `a` is a picture credit (`Image: Nick Moreau`, `Photo
/// by X`): the photographer or agency a caption credits is not what the story is about, however
/// many pictures it has, so such mentions do not count.
fn is_credit(doc: &Doc, a: usize) -> bool {
    let word = |k: usize| doc.word(k);
    a >= 2 && matches!(word(a - 1), ":" | "by") && is_credit_label(word(a - 2))
}

/// Whether the mention over tokens `a..b` is an adjective modifying a noun outside it (`Iraqi`
/// in `an Iraqi architect`): its root is an `amod`.
fn is_adjectival(doc: &Doc, a: usize, b: usize) -> bool {
    (a..b.min(doc.tokens.len())).any(|k| {
        let t = &doc.tokens[k];
        !(a..b).contains(&t.head) && t.dep.as_ref() == "amod"
    })
}

/// Whether tokens `a..b` are one first-person singular pronoun (`I`, `me`, `my`, `mine`,
/// `myself`, any case).
fn is_first_person(doc: &Doc, a: usize, b: usize) -> bool {
    b == a + 1 && is_first_singular(&doc.word(a).to_ascii_lowercase())
}

fn is_subject(doc: &Doc, k: usize) -> bool {
    doc.tokens
        .get(k)
        .is_some_and(|t| matches!(t.dep.as_ref(), "nsubj" | "nsubjpass"))
}
