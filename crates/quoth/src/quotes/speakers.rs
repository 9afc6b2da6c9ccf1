//! Speaker resolution: from the speaker's head token to a name, a kind and the grouped entity.
//!
//! - names: the person's name without titles, expanded to the fullest earlier form with the same
//!   surname (`Terry` → `Sue Mi Terry`), never over another name the NER found before it
//!   (`Republican Donald Trump` is the party's and the person's: the speaker is `Donald
//!   Trump`, the entity of the name's last word);
//! - roles: `the spokesman` → the one person introduced as spokesman, with the description's
//!   capitalised modifiers before their name and no rank word the description lacks (`the
//!   Democratic presidential nominee` is not `Republican presidential nominee X`, `the former
//!   president` not `Vice President X`);
//! - pronouns: `he`/`she` → the most recent gender-compatible person outside quotes, preferring
//!   subjects; `it`/`they` → the most recent organisation;
//! - organisation nouns: `the company` → the most recent organisation entity;
//! - anything else is a description and keeps its own words; no guess when nothing fits.

use std::collections::HashMap;
use std::sync::Arc;

use crate::entities::{entity_for_text_span, is_rank_modifier, Entities};

use super::context::Ctx;
use super::lexicon::{self, Gender};
use super::{Span, Speaker, SpeakerKind};

/// How far back (in sentences) pronouns and role nouns look for their referent (long
/// features name a source once and quote them many paragraphs later).
const WINDOW: u32 = 16;

/// Sentences before a pronoun's own in which a subject outranks a more recent mention.
const SUBJECT_SENTENCES: u32 = 1;

/// A person or organisation named in the text (outside quotes).
#[derive(Debug, Clone)]
struct Name {
    /// Name tokens `[start, end)`, titles excluded.
    start: usize,
    end: usize,
    gender: Gender,
    subject: bool,
    org: bool,
    /// A common-noun organisation phrase (`the governor's office`): a referent for `it`, not a
    /// name to resolve to.
    common: bool,
    /// Tagged ORG or PRODUCT (a referent for `the company`).
    company: bool,
    /// Lowercase role words that introduce the person (`spokesman`, `senator`).
    role_start: usize,
    role_end: usize,
    /// A proper-noun subject the NER did not tag (`Park said`, but also `the 13th Amendment
    /// was`): a weaker antecedent than a tagged name.
    guessed: bool,
}

/// Per-document speaker resolver.
pub(crate) struct Resolver<'c, 'a> {
    ctx: &'c Ctx<'a>,
    entities: &'c Entities,
    /// Sorted by start token.
    names: Vec<Name>,
    /// Index of the fullest name per (last word, org, common).
    best: HashMap<(&'a str, bool, bool), usize>,
}

/// Text of tokens `[a, b)` joined with their original spacing.
fn join(ctx: &Ctx, a: usize, b: usize) -> String {
    if a >= b {
        return String::new();
    }
    let (s, e) = ctx.bytes(a, b - 1);
    ctx.doc.text.get(s..e).unwrap_or("").to_string()
}

/// A speaker that no entity stands for: a pronoun left open, a proper noun or a description
/// the grouping does not hold (`name` is what the text calls them, if anything).
fn unresolved(span: Span, name: Option<String>, pronoun: bool, kind: SpeakerKind) -> Speaker {
    Speaker {
        span,
        entity: None,
        name,
        label: None,
        pronoun,
        kind,
        description: None,
    }
}

fn is_possessive(ctx: &Ctx, k: usize) -> bool {
    ctx.tag(k) == "POS" || matches!(ctx.text(k), "'s" | "’s" | "'" | "’")
}

impl<'c, 'a> Resolver<'c, 'a> {
    /// Collect the document's names once.
    pub fn new(ctx: &'c Ctx<'a>, entities: &'c Entities) -> Self {
        let mut names: Vec<Name> = Vec::new();
        let mut covered = vec![false; ctx.len()];
        // Tokens of any NER mention: a person's name never grows over another one
        // (`Republican` + `Donald Trump` are a party and a person; `Virginia Democrats` is
        // one group).
        let mut tagged = vec![false; ctx.len()];
        for e in &ctx.doc.entities {
            for t in tagged.iter_mut().take(e.end_token).skip(e.start_token) {
                *t = true;
            }
        }
        for e in &ctx.doc.entities {
            if !is_speaker_label(&e.label) {
                // A law, title or date is no name the NER missed (`the 13th Amendment was …`).
                for c in covered.iter_mut().take(e.end_token).skip(e.start_token) {
                    *c = true;
                }
                continue;
            }
            let org = &*e.label != "PERSON";
            if e.start_token >= e.end_token || e.end_token > ctx.len() {
                continue;
            }
            if (e.start_token..e.end_token).any(|k| ctx.in_quote(k)) {
                continue;
            }
            // `coach Pep Guardiola` with only `Guardiola` tagged ORG: a first name or a person
            // role in the proper-noun chain before it makes it a person.
            let mut start = e.start_token;
            let last = e.end_token.saturating_sub(1);
            while start > 0
                && !(tagged[start - 1] && &*e.label == "PERSON")
                && ctx.tag(start - 1).starts_with("NNP")
                && ctx.head(start - 1) >= e.start_token
                && ctx.head(start - 1) <= last
            {
                start -= 1;
            }
            let before = start.checked_sub(1).map(|k| ctx.text(k));
            let multi = start < e.start_token || e.end_token - e.start_token > 1;
            let personal = org
                && ((multi && lexicon::gender_of_word(ctx.text(start)) != Gender::Unknown)
                    || before.is_some_and(|b| lexicon::contains(lexicon::PERSON_ROLES, b)));
            for c in covered.iter_mut().take(e.end_token).skip(start) {
                *c = true;
            }
            if let Some(mut n) = Self::name_at(ctx, start, e.end_token, org && !personal) {
                n.company = matches!(&*e.label, "ORG" | "PRODUCT");
                names.push(n);
            }
        }
        // Proper-noun subjects the NER missed (`Ana Ruiz said`, `Park said`).
        for (k, &cov) in covered.iter().enumerate() {
            if cov
                || ctx.in_quote(k)
                || !ctx.tag(k).starts_with("NNP")
                || !matches!(ctx.dep(k), "nsubj" | "nsubjpass" | "appos")
            {
                continue;
            }
            let mut s = k;
            while s > 0 && ctx.head(s - 1) == k && ctx.tag(s - 1).starts_with("NNP") {
                s -= 1;
            }
            if let Some(mut n) = Self::name_at(ctx, s, k + 1, false) {
                n.guessed = true;
                names.push(n);
            }
        }
        // Organisation noun phrases in subject position (`the governor's office released`).
        for k in 0..ctx.len() {
            if ctx.in_quote(k)
                || !matches!(ctx.tag(k), "NN" | "NNS")
                || !matches!(ctx.dep(k), "nsubj" | "nsubjpass")
                || !(lexicon::contains(lexicon::ORG_NOUNS, ctx.text(k)) || is_org_word(ctx.text(k)))
            {
                continue;
            }
            let (l, _) = phrase(ctx, k);
            if let Some(mut n) = Self::name_at(ctx, l, k + 1, true) {
                n.common = true;
                names.push(n);
            }
        }
        names.sort_by_key(|n| n.start);
        // Surnames of multi-word person names, with the first known gender.
        let mut surnames: HashMap<&'a str, Gender> = HashMap::new();
        for m in names.iter().filter(|m| !m.org && m.end - m.start > 1) {
            let g = surnames
                .entry(ctx.text(m.end - 1))
                .or_insert(Gender::Unknown);
            if *g == Gender::Unknown {
                *g = m.gender;
            }
        }
        for n in names.iter_mut() {
            if let Some(&g) = surnames.get(ctx.text(n.end - 1)) {
                // A one-word "organisation" that is a known person's surname is that person
                // (the small model tags a repeated surname GPE or ORG now and then).
                if n.org && !n.common && n.end - n.start == 1 {
                    n.org = false;
                }
                // Surname-only mentions take the gender of their full name.
                if !n.org && n.gender == Gender::Unknown {
                    n.gender = g;
                }
            }
        }
        // The fullest name per (last word, org, common).
        let mut best: HashMap<(&'a str, bool, bool), usize> = HashMap::new();
        for (i, m) in names.iter().enumerate() {
            let e = best
                .entry((ctx.text(m.end - 1), m.org, m.common))
                .or_insert(i);
            let b = &names[*e];
            if m.end - m.start > b.end - b.start {
                *e = i;
            }
        }
        Resolver {
            ctx,
            entities,
            names,
            best,
        }
    }

    /// A name over tokens `[a, b)`: strip titles, determiners and possessive endings; read
    /// gender and role words from what precedes it.
    fn name_at(ctx: &Ctx, mut a: usize, mut b: usize, org: bool) -> Option<Name> {
        let role_end = a;
        // A possessive, or a line break the recogniser took into the name (`Ana Ortiz¶`).
        while b > a && (is_possessive(ctx, b - 1) || ctx.text(b - 1).trim().is_empty()) {
            b -= 1;
        }
        // A dash or bracket the tagger glued to the name (`― Ana Ortiz`).
        while a < b && !ctx.text(a).chars().any(char::is_alphanumeric) {
            a += 1;
        }
        if !org {
            // Titles, determiners and lowercase role words (`baker Lucia Romano`).
            // (A fronted cue the tagger glued to the name is no part of it: `Said Ellis:`.)
            while a < b
                && (lexicon::is_title(ctx.text(a))
                    || ctx.tag(a) == "DT"
                    || ctx.text(a).starts_with(|c: char| c.is_lowercase())
                    || (a + 1 < b && ctx.is_verb(a) && lexicon::is_speech_verb(ctx.text(a))))
            {
                a += 1;
            }
        } else if a < b && ctx.tag(a) == "DT" {
            a += 1;
        }
        if a >= b {
            return None;
        }
        let mut role_start = role_end;
        while role_start > 0 {
            let t = ctx.text(role_start - 1);
            if lexicon::is_title(t) || ctx.tag(role_start - 1) == "NN" {
                role_start -= 1;
            } else {
                break;
            }
        }
        let mut gender = if org {
            Gender::Unknown
        } else {
            lexicon::gender_of_word(ctx.text(a))
        };
        if gender == Gender::Unknown && !org {
            for k in role_start..a {
                let g = lexicon::gender_of_word(ctx.text(k));
                if g != Gender::Unknown {
                    gender = g;
                }
            }
        }
        let head = b - 1;
        Some(Name {
            start: a,
            end: b,
            gender,
            subject: matches!(ctx.dep(head), "nsubj" | "nsubjpass"),
            org,
            company: false,
            common: false,
            role_start,
            role_end: a,
            guessed: false,
        })
    }

    /// The fullest name with the same last word as `n` (`Terry` → `Sue Mi Terry`).
    fn fullest(&self, n: &Name) -> Option<usize> {
        self.best
            .get(&(self.ctx.text(n.end - 1), n.org, n.common))
            .copied()
    }

    fn name_index_at(&self, k: usize) -> Option<usize> {
        let upto = self.names.partition_point(|n| n.start <= k);
        (upto.saturating_sub(4)..upto)
            .rev()
            .find(|&i| !self.names[i].common && k < self.names[i].end)
    }

    /// Resolve the speaker whose head token is `s`.
    pub fn resolve(&self, s: usize) -> Option<Speaker> {
        let ctx = self.ctx;
        let t = ctx.text(s);
        let lower_is = |w: &str| t.eq_ignore_ascii_case(w);
        let sent = ctx.sent(s);
        // Possessives hold nominal cues (`his refusal to …`, `her claim that …`) and resolve
        // as their subject forms do.
        if matches!(ctx.tag(s), "PRP" | "PRP$") {
            let span = span_of(ctx, s, s + 1);
            let target = if lower_is("he") || lower_is("she") || lower_is("his") || lower_is("her")
            {
                let g = if lower_is("he") || lower_is("his") {
                    Gender::Male
                } else {
                    Gender::Female
                };
                let named = self.person_before(s, sent, g);
                let after = named.map_or(0, |i| self.names[i].end);
                if let Some(d) = self.described_before(s, sent, g, after) {
                    let (l, mut r) = phrase(ctx, d);
                    // (`The woman’s enthusiasm`: the person, not the possessive ending.)
                    while r > d && ctx.tag(r) == "POS" {
                        r -= 1;
                    }
                    return Some(unresolved(
                        span,
                        Some(join(ctx, l, r + 1)),
                        true,
                        SpeakerKind::Description,
                    ));
                }
                named
            } else if lower_is("it") || lower_is("they") || lower_is("its") || lower_is("their") {
                self.org_before(s, sent)
            } else {
                None
            };
            return Some(match target {
                Some(i) => self.speaker_for(i, span, true, SpeakerKind::Pronoun),
                None => unresolved(span, None, true, SpeakerKind::Pronoun),
            });
        }
        // A named speaker (entity or proper noun).
        let found = self
            .name_index_at(s)
            .map(|i| (self.names[i].clone(), Some(i)));
        // A proper noun the name list does not hold (`Park, for her part, said`).
        let found = found.or_else(|| {
            if !ctx.tag(s).starts_with("NNP") {
                return None;
            }
            let mut a = s;
            while a > 0 && ctx.head(a - 1) == s && ctx.tag(a - 1).starts_with("NNP") {
                a -= 1;
            }
            Self::name_at(ctx, a, s + 1, false).map(|n| (n, None))
        });
        if let Some((n, idx)) = found {
            let Some(full) = self.fullest(&n).or(idx) else {
                let span = span_of(ctx, n.start, n.end);
                if let Some(sp) = self.via_grouping(span, SpeakerKind::Surname) {
                    return Some(sp);
                }
                return Some(unresolved(
                    span,
                    Some(join(ctx, n.start, n.end)),
                    false,
                    SpeakerKind::Named,
                ));
            };
            let f = &self.names[full];
            let kind = if n.org {
                SpeakerKind::Organisation
            } else if f.end - f.start > n.end - n.start {
                SpeakerKind::Surname
            } else {
                SpeakerKind::Named
            };
            return Some(self.speaker_for(full, span_of(ctx, n.start, n.end), false, kind));
        }
        // A common noun phrase: role with an appositive name, role noun, organisation noun, or
        // a description.
        let (l, r) = phrase(ctx, s);
        let span = span_of(ctx, l, r + 1);
        // `A spokesman for the ministry, Ahmed Khalil, said`: a name set off by a comma inside
        // the subject phrase.
        let right = (ctx.right(s) as usize).min(ctx.len().saturating_sub(1));
        if let Some(i) = (s + 1..=right.max(s))
            .filter(|&k| !ctx.in_quote(k))
            .filter_map(|k| self.name_index_at(k))
            .find(|&i| {
                let n = &self.names[i];
                // Titles between the comma and the name are allowed (`, Dr. James Park,`).
                let rs = n.role_start.max(s + 1).min(n.start);
                let set_off = (rs..=n.start).any(|k| {
                    k > 0
                        && ctx.text(k - 1) == ","
                        && (k == n.start || lexicon::is_title(ctx.text(k)))
                });
                n.start > s && set_off
            })
        {
            let full = self.fullest(&self.names[i]).unwrap_or(i);
            let n = &self.names[i];
            let kind = if n.org {
                SpeakerKind::Organisation
            } else {
                SpeakerKind::Named
            };
            return Some(self.speaker_for(full, span_of(ctx, n.start, n.end), false, kind));
        }
        let definite = ctx
            .kids(s)
            .any(|k| ctx.dep(k) == "det" && (ctx.text(k).eq_ignore_ascii_case("the")))
            && !ctx
                .kids(s)
                .any(|k| matches!(ctx.dep(k), "poss") || ctx.tag(k).starts_with("NNP"));
        if lexicon::contains(lexicon::PERSON_ROLES, t) && definite {
            // Capitalised modifiers (`the Democratic presidential nominee`) must be written
            // before the role holder's name too (not `Republican presidential nominee X`).
            let modifiers: Vec<&str> = (l + 1..s)
                .map(|k| ctx.text(k))
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            if let Some(i) = self.by_role(t, &modifiers, (l, r + 1), sent) {
                return Some(self.speaker_for(i, span, false, SpeakerKind::Surname));
            }
            // The grouping knows roles given anywhere in the text (`Mayor Karen Bass`).
            if let Some(sp) = self.via_grouping(span, SpeakerKind::Surname) {
                return Some(sp);
            }
        }
        // `the 27-year-old said`: the person the story is about, most recent first.
        if definite && (l..=r).any(|k| ctx.text(k).eq_ignore_ascii_case("year")) {
            if let Some(i) = self.person_before(s, sent, Gender::Unknown) {
                return Some(self.speaker_for(i, span, false, SpeakerKind::Surname));
            }
        }
        let org_noun = lexicon::contains(lexicon::ORG_NOUNS, t) || is_org_word(t);
        if org_noun {
            if definite {
                if let Some(i) = self.org_named(s, sent, t) {
                    return Some(self.speaker_for(i, span, false, SpeakerKind::Organisation));
                }
            }
            return Some(unresolved(
                span,
                Some(join(ctx, l, r + 1)),
                false,
                SpeakerKind::Organisation,
            ));
        }
        Some(unresolved(
            span,
            Some(join(ctx, l, r + 1)),
            false,
            SpeakerKind::Description,
        ))
    }

    /// Resolve a span through the entity grouping's own lookup (roles, surnames); persons and
    /// organisations only.
    fn via_grouping(&self, span: Span, kind: SpeakerKind) -> Option<Speaker> {
        let e = entity_for_text_span(self.entities, &self.ctx.doc.text, span.start, span.end)?;
        let g = self.entities.entities.get(e)?;
        let kind = match &*g.label {
            "PERSON" => kind,
            "ORG" => SpeakerKind::Organisation,
            _ => return None,
        };
        Some(Speaker {
            span,
            entity: Some(e),
            name: Some(g.name.clone()),
            label: Some(Arc::clone(&g.label)),
            pronoun: false,
            kind,
            description: None,
        })
    }

    /// Build the speaker for name `i`, linking the grouped entity when there is one.
    fn speaker_for(&self, i: usize, span: Span, pronoun: bool, kind: SpeakerKind) -> Speaker {
        let ctx = self.ctx;
        let full = self.fullest(&self.names[i]).unwrap_or(i);
        let f = &self.names[full];
        let mut name = join(ctx, f.start, f.end);
        let mut entity = None;
        // The mention holding the name's last word, its head (`coach Pep Guardiola`).
        let head = f.end.saturating_sub(1).max(f.start);
        let mut label = ctx
            .doc
            .entities
            .iter()
            .find(|e| e.start_token <= head && head < e.end_token)
            .map(|e| Arc::clone(&e.label));
        // Only an entity that can speak names the speaker: a title the NER ran over the name
        // and its verb (`Trump accused Holt of being` as a WORK_OF_ART) is no name for it.
        if let Some(m) = self
            .entities
            .mentions
            .iter()
            .find(|m| m.start_token <= head && head < m.end_token)
        {
            if let Some(g) = self
                .entities
                .entities
                .get(m.entity)
                .filter(|g| is_speaker_label(&g.label))
            {
                entity = Some(m.entity);
                label = Some(Arc::clone(&g.label));
                // (A dash the tagger glued to the name is no part of it: `― Ana Ortiz`.)
                let grouped = g.name.trim_start_matches(|c: char| !c.is_alphanumeric());
                if grouped.len() > name.len() {
                    name = grouped.to_string();
                }
            }
        }
        Speaker {
            span,
            entity,
            name: Some(name),
            label,
            pronoun,
            kind,
            description: None,
        }
    }

    /// Most recent person before token `s` compatible with gender `g` (`Unknown`: any): a known
    /// match or a subject first, else the most recent compatible mention.
    fn person_before(&self, s: usize, sent: u32, g: Gender) -> Option<usize> {
        let upto = self.names.partition_point(|n| n.start < s);
        if let Some(i) = self.subject_before(upto, sent, g) {
            return Some(i);
        }
        let mut fallback = None;
        for (i, n) in self.names[..upto].iter().enumerate().rev() {
            if n.org {
                continue;
            }
            if self.ctx.sent(n.start) + WINDOW < sent {
                break;
            }
            if g != Gender::Unknown && n.gender != Gender::Unknown && n.gender != g {
                continue;
            }
            if (g != Gender::Unknown && n.gender == g) || n.subject {
                return Some(i);
            }
            fallback.get_or_insert(i);
        }
        fallback
    }

    /// An unnamed person of gender `g` described after the last compatible name and before
    /// pronoun `s`, within the pronoun's sentence and the one before (`The woman’s enthusiasm
    /// … “…,” she said`): the pronoun is hers, not an earlier name's. A gendered noun with a
    /// determiner or possessor and no name beside it; the head noun's token.
    fn described_before(&self, s: usize, sent: u32, g: Gender, after: usize) -> Option<usize> {
        let ctx = self.ctx;
        let words = match g {
            Gender::Female => lexicon::FEMALE_WORDS,
            Gender::Male => lexicon::MALE_WORDS,
            Gender::Unknown => return None,
        };
        (after..s)
            .rev()
            .take_while(|&k| ctx.sent(k) + SUBJECT_SENTENCES >= sent)
            .find(|&k| {
                ctx.tag(k) == "NN"
                    && !ctx.in_quote(k)
                    && lexicon::contains(words, ctx.text(k))
                    && ctx.kids(k).any(|c| matches!(ctx.dep(c), "det" | "poss"))
                    && !ctx
                        .kids(k)
                        .any(|c| ctx.tag(c).starts_with("NNP") || ctx.dep(c) == "appos")
                    && !(ctx.dep(k) == "compound" || ctx.tag(ctx.head(k)).starts_with("NNP"))
                    && self.name_index_at(k).is_none()
            })
    }

    /// The most recent person subject of gender `g` (or of unknown gender) in the pronoun's
    /// sentence or the one before, among the first `upto` names: a pronoun continues the
    /// subject before a more recent object (`Obama said after meeting Putin. He …` is Obama).
    /// A subject the NER named wins over a more recent guessed one.
    fn subject_before(&self, upto: usize, sent: u32, g: Gender) -> Option<usize> {
        let recent = || {
            self.names[..upto]
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, n)| self.ctx.sent(n.start) + SUBJECT_SENTENCES >= sent)
                .filter(|(_, n)| {
                    !n.org && n.subject && (n.gender == g || n.gender == Gender::Unknown)
                })
        };
        recent()
            .find(|(_, n)| !n.guessed)
            .or_else(|| recent().next())
            .map(|(i, _)| i)
    }

    /// Most recent organisation before token `s`.
    fn org_before(&self, s: usize, sent: u32) -> Option<usize> {
        let upto = self.names.partition_point(|n| n.start < s);
        self.names[..upto]
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, n)| n.org)
            .take_while(|(_, n)| self.ctx.sent(n.start) + WINDOW >= sent)
            .map(|(i, _)| i)
            .next()
    }

    /// The organisation a definite noun (`the company`, `the ministry`) refers to: the most
    /// recent organisation whose name contains the noun, or any organisation for generic
    /// company words.
    fn org_named(&self, s: usize, sent: u32, noun: &str) -> Option<usize> {
        let ctx = self.ctx;
        let generic = is_org_word(noun);
        let upto = self.names.partition_point(|n| n.start < s);
        self.names[..upto]
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, n)| n.org && !n.common)
            .take_while(|(_, n)| ctx.sent(n.start) + WINDOW >= sent)
            .find(|(_, n)| {
                generic && n.company
                    || (n.start..n.end).any(|k| ctx.text(k).eq_ignore_ascii_case(noun))
            })
            .map(|(i, _)| i)
    }

    /// The one person introduced with role word `role` before this sentence.
    fn by_role(
        &self,
        role: &str,
        modifiers: &[&str],
        descr: (usize, usize),
        sent: u32,
    ) -> Option<usize> {
        let ctx = self.ctx;
        let mut found: Option<usize> = None;
        for (i, n) in self.names.iter().enumerate() {
            if n.org || ctx.sent(n.start) > sent {
                continue;
            }
            let before = (n.role_start..n.role_end).any(|k| ctx.text(k).eq_ignore_ascii_case(role));
            // Appositive role (`Ahmed Khalil, a spokesman`) or a role subject whose phrase holds
            // the name (`A spokesman for the ministry, Ahmed Khalil, said`).
            let appos = ctx
                .kids(n.end - 1)
                .any(|k| ctx.dep(k) == "appos" && ctx.text(k).eq_ignore_ascii_case(role));
            let holder = (0..n.start).rev().take(12).any(|k| {
                ctx.text(k).eq_ignore_ascii_case(role)
                    && (ctx.right(k) as usize) >= n.start
                    && ctx.left(k) as usize <= k
            });
            // the modifiers among the few words before the name, and the rank words there
            // (`vice`, `deputy`) among the description's
            let near = n.role_start.min(n.start).saturating_sub(MODIFIER_TOKENS)..n.start;
            let modified = modifiers
                .iter()
                .all(|w| near.clone().any(|k| ctx.text(k) == *w))
                && near.clone().all(|k| {
                    !is_rank_modifier(ctx.text(k))
                        || (descr.0..descr.1).any(|d| ctx.text(d).eq_ignore_ascii_case(ctx.text(k)))
                });
            if (before || appos || holder) && modified {
                let full = self.fullest(n).unwrap_or(i);
                match found {
                    Some(f) if f != full => return None,
                    _ => found = Some(full),
                }
            }
        }
        found
    }
}

/// How many tokens before a role holder's name (and its role words) [`Resolver::by_role`]
/// looks for the description's capitalised modifiers.
const MODIFIER_TOKENS: usize = 4;

/// Labels of the names that can speak: people, and organisations, peoples, places and
/// products speaking as bodies (`Russia said`, `Apple said`).
fn is_speaker_label(label: &str) -> bool {
    matches!(label, "PERSON" | "ORG" | "NORP" | "GPE" | "PRODUCT")
}

/// Generic words for companies and groups that may refer to any organisation named earlier.
fn is_org_word(t: &str) -> bool {
    [
        "company",
        "firm",
        "group",
        "maker",
        "manufacturer",
        "carrier",
        "airline",
        "retailer",
        "insurer",
        "lender",
        "chipmaker",
        "automaker",
        "producer",
        "operator",
        "provider",
        "giant",
        "conglomerate",
        "startup",
        "bank",
        "club",
        "team",
    ]
    .iter()
    .any(|w| t.eq_ignore_ascii_case(w))
}

/// The speaker phrase around noun `s`: its left dependents and right modifiers up to the first
/// comma, relative clause or apposition.
fn phrase(ctx: &Ctx, s: usize) -> (usize, usize) {
    let l = (ctx.left(s) as usize).min(s);
    let mut r = s;
    let right = ctx.right(s) as usize;
    let mut k = s + 1;
    while k <= right {
        let t = ctx.text(k);
        if matches!(t, "," | "(" | "—" | "–" | ";" | ":")
            || ctx.in_quote(k)
            || matches!(ctx.dep(k), "relcl" | "appos")
        {
            break;
        }
        r = k;
        k += 1;
    }
    (l, r)
}

fn span_of(ctx: &Ctx, a: usize, b: usize) -> Span {
    let (start, end) = ctx.bytes(a, b.max(a + 1) - 1);
    Span { start, end }
}
