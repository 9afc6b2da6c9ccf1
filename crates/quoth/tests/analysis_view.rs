//! What an [`Analysis`] shows of issue 11 (salience, every mention, sources) on the vendored
//! model: salience shares sorted and summing to 1, every index consistent after the sort,
//! `MentionScope::All` adding coreference mentions with their kind, quotes linked to their
//! speaker entity with the descriptions the text gives it.

use std::sync::{Arc, OnceLock};

use quoth::analysis::MentionKind;
use quoth::offsets::OffsetUnit;
use quoth::{Analysis, Analyzer, AnalyzerConfig, EntityOrder, MentionScope, Options, Tasks};

fn analyzer() -> Arc<Analyzer> {
    static A: OnceLock<Arc<Analyzer>> = OnceLock::new();
    A.get_or_init(|| {
        let config = AnalyzerConfig::default();
        Arc::new(Analyzer::load(&config).expect("these tests need the vendored model"))
    })
    .clone()
}

const STORY: &str = "Acme Robotics hires new chief executive\n\
Acme Robotics said on Monday that Maria Lopez will lead the company from March. \
Ms. Lopez, the former head of engineering, joined Acme Robotics in 2015. \
She replaces Tom Baker, who retired last year. \
\u{201c}I am proud of this team,\u{201d} said Lopez, the incoming chief executive. \
Analysts in Chicago welcomed the appointment. \
Lopez said she would visit every factory.";

/// Every cross-reference of `a` agrees: mention ↔ entity, speaker → entity, entity → quotes.
fn check_indices(a: &Analysis) {
    for (i, m) in a.mentions.iter().enumerate() {
        assert!(a.entities[m.entity].mentions.contains(&i), "{m:?}");
        assert_eq!(m.label, a.entities[m.entity].label, "{m:?}");
    }
    for (j, e) in a.entities.iter().enumerate() {
        assert!(!e.mentions.is_empty(), "{e:?}");
        assert!(e.mentions.windows(2).all(|w| w[0] < w[1]), "{e:?}");
        assert!(e.mentions.iter().all(|&i| a.mentions[i].entity == j));
        for &q in e.quotes.iter().flatten() {
            assert_eq!(a.quotes[q].speaker.as_ref().unwrap().entity, Some(j));
        }
    }
    assert!(a
        .mentions
        .windows(2)
        .all(|w| (w[0].start, w[0].end) <= (w[1].start, w[1].end)));
    for (qi, q) in a.quotes.iter().enumerate() {
        if let Some(e) = q.speaker.as_ref().and_then(|s| s.entity) {
            if !a.entities.is_empty() {
                assert!(a.entities[e].quotes.as_ref().unwrap().contains(&qi));
            }
        }
    }
}

fn check_salience(a: &Analysis) {
    let total: f32 = a.entities.iter().map(|e| e.salience).sum();
    assert!((total - 1.0).abs() < 1e-4, "sum {total}");
    assert!(a.entities.iter().all(|e| (0.0..=1.0).contains(&e.salience)));
    assert!(
        a.entities
            .windows(2)
            .all(|w| w[0].salience >= w[1].salience),
        "not sorted"
    );
}

#[test]
fn entities_carry_salience_most_salient_first_with_indices_kept() {
    let a = analyzer().analyze(STORY, &Options::default());
    check_salience(&a);
    check_indices(&a);
    assert_eq!(a.entities[0].name, "Maria Lopez", "{:?}", a.entities);
    let chicago = a.entities.iter().position(|e| e.name == "Chicago").unwrap();
    assert!(chicago > 1, "{:?}", a.entities);
    // Value entities get a share too (the model's label prior for them is 0).
    assert!(a.entities.iter().any(|e| e.label == "DATE"));
}

#[test]
fn position_order_is_first_mention_order_with_the_same_shares() {
    let by_salience = analyzer().analyze(STORY, &Options::default());
    let by_position = analyzer().analyze(
        STORY,
        &Options {
            sort: EntityOrder::Position,
            ..Options::default()
        },
    );
    check_indices(&by_position);
    let firsts: Vec<usize> = by_position.entities.iter().map(|e| e.mentions[0]).collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
    assert_eq!(by_position.entities[0].name, "Acme Robotics");
    // Same entities, same shares, same mentions: only the numbering differs.
    for e in &by_position.entities {
        let f = by_salience
            .entities
            .iter()
            .find(|x| x.name == e.name && x.label == e.label)
            .unwrap();
        assert_eq!(f.salience, e.salience);
        assert_eq!(f.mentions, e.mentions);
    }
    assert_eq!(by_position.mentions.len(), by_salience.mentions.len());
}

#[test]
fn all_mentions_add_pronouns_and_common_nouns_with_their_kind() {
    let text = "Angela Merkel arrived in Paris on Monday. She said the talks had gone well.";
    let names = analyzer().analyze(text, &Options::default());
    assert!(names.mentions.iter().all(|m| m.kind == MentionKind::Proper));
    let all = analyzer().analyze(
        text,
        &Options {
            mentions: MentionScope::All,
            ..Options::default()
        },
    );
    check_indices(&all);
    check_salience(&all);
    let she = all
        .mentions
        .iter()
        .find(|m| m.text == "She")
        .unwrap_or_else(|| panic!("{:?}", all.mentions));
    assert_eq!(she.kind, MentionKind::Pronoun);
    assert_eq!(she.sentence, 1);
    assert_eq!(all.entities[she.entity].name, "Angela Merkel");
    assert_eq!(she.label, "PERSON");
    // The names are the default's, unchanged; only the extra mentions are added.
    let proper: Vec<(usize, usize, &str)> = all
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Proper)
        .map(|m| (m.start, m.end, all.entities[m.entity].name.as_str()))
        .collect();
    let default: Vec<(usize, usize, &str)> = names
        .mentions
        .iter()
        .map(|m| (m.start, m.end, names.entities[m.entity].name.as_str()))
        .collect();
    assert_eq!(proper, default);
    // Listing them changes neither the shares nor the order.
    let s = |a: &Analysis| -> Vec<(String, f32)> {
        a.entities
            .iter()
            .map(|e| (e.name.clone(), e.salience))
            .collect()
    };
    assert_eq!(s(&all), s(&names));
}

#[test]
fn utf16_offsets_of_every_mention_after_astral_characters() {
    let text = "😀 Angela Merkel arrived in Paris. 😀😀 She said the talks had gone well.";
    let a = analyzer().analyze(
        text,
        &Options {
            mentions: MentionScope::All,
            offset_unit: OffsetUnit::Utf16,
            ..Options::default()
        },
    );
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(a.text_length, units.len());
    for m in &a.mentions {
        assert_eq!(
            String::from_utf16(&units[m.start..m.end]).unwrap(),
            m.text,
            "{m:?}"
        );
    }
    let she = a.mentions.iter().find(|m| m.text == "She").unwrap();
    // 😀 is two UTF-16 units: "She" is at 37 in code points, 40 in UTF-16.
    assert_eq!((she.start, she.end), (40, 43));
    assert_eq!(she.kind, MentionKind::Pronoun);
}

#[test]
fn sources_link_quotes_and_descriptions_to_their_speaker() {
    let a = analyzer().analyze(STORY, &Options::default());
    check_indices(&a);
    let lopez = a.entities.iter().find(|e| e.name == "Maria Lopez").unwrap();
    let quotes = lopez.quotes.as_ref().unwrap();
    assert!(!quotes.is_empty(), "{:?}", a.quotes);
    let descriptions: Vec<&str> = lopez
        .descriptions
        .as_ref()
        .unwrap()
        .iter()
        .map(|d| d.text.as_str())
        .collect();
    assert!(
        descriptions.contains(&"the incoming chief executive"),
        "{descriptions:?} {:?}",
        a.quotes
    );
    // Entities nobody quotes have empty lists; entities alone (no quotes task) have none.
    let chicago = a.entities.iter().find(|e| e.name == "Chicago").unwrap();
    assert_eq!(chicago.quotes.as_deref(), Some(&[][..]));
    let e = analyzer().analyze(
        STORY,
        &Options {
            tasks: Tasks::ENTITIES,
            ..Options::default()
        },
    );
    assert!(e.entities.iter().all(|x| x.quotes.is_none()));
    let strip = |a: &Analysis| -> Vec<(String, f32, Vec<usize>)> {
        a.entities
            .iter()
            .map(|x| (x.name.clone(), x.salience, x.mentions.clone()))
            .collect()
    };
    // Entities alone are numbered and scored as in the full analysis.
    assert_eq!(strip(&e), strip(&a));
    // Quotes alone speak of entities numbered as the entities alone are.
    let q = analyzer().analyze(
        STORY,
        &Options {
            tasks: Tasks::QUOTES,
            ..Options::default()
        },
    );
    let speakers = |a: &Analysis| -> Vec<Option<usize>> {
        a.quotes
            .iter()
            .map(|q| q.speaker.as_ref().and_then(|s| s.entity))
            .collect()
    };
    assert_eq!(speakers(&q), speakers(&a));
}

#[test]
fn raw_mentions_get_salience_too() {
    let a = analyzer().analyze(
        STORY,
        &Options {
            raw: true,
            ..Options::default()
        },
    );
    check_salience(&a);
    check_indices(&a);
}

#[test]
fn gender_comes_only_from_the_texts_pronouns_and_honorifics() {
    use quoth::analysis::Gender;
    let text = "Angela Merkel arrived in Paris on Monday. She said the talks had gone well. \
                Mr. Baker, the envoy, met Chris Evans. \u{201c}It went well,\u{201d} said Baker.";
    let a = analyzer().analyze(text, &Options::default());
    let gender = |name: &str| {
        a.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", a.entities))
            .gender
    };
    assert_eq!(gender("Angela Merkel"), Some(Gender::Female));
    assert_eq!(gender("Baker"), Some(Gender::Male));
    // No pronoun, no honorific: unknown (never from a first name); places too.
    assert_eq!(gender("Chris Evans"), Some(Gender::Unknown));
    assert_eq!(gender("Paris"), Some(Gender::Unknown));
    // Entities alone carry no gender.
    let e = analyzer().analyze(
        text,
        &Options {
            tasks: Tasks::ENTITIES,
            ..Options::default()
        },
    );
    assert!(e.entities.iter().all(|x| x.gender.is_none()));
}
