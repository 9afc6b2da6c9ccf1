//! Print the parse (tokens, tags, heads, dependencies, entities) and the quotes quoth finds
//! for a text read from standard input: a triage tool for quote attribution.
//!
//! ```text
//! echo 'Smith said the plan was "dead." "It is over," he said.' | \
//!     cargo run --release -p quoth --example quotes_debug [-- --no-parse]
//! ```

use std::io::Read;

use quoth::entities::{group_entities, GroupOptions};
use quoth::nlp::Pipeline;
use quoth::quotes::extract_quotes;

fn main() {
    let parse = !std::env::args().any(|a| a == "--no-parse");
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("cannot read standard input: {e}");
        std::process::exit(1);
    }
    let nlp = match Pipeline::load_default() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("cannot load the model: {e}");
            std::process::exit(1);
        }
    };
    let doc = nlp.analyze(&text);
    if parse {
        for (i, t) in doc.tokens.iter().enumerate() {
            let head = doc
                .tokens
                .get(t.head)
                .map_or("?", |_| doc.token_text(t.head));
            println!(
                "{i:>4} {:<18} {:<5} {:<10} -> {:>4} {head}{}",
                doc.token_text(i).replace('\n', "\\n"),
                t.tag,
                t.dep,
                t.head,
                if t.is_sent_start { "   [S]" } else { "" }
            );
        }
        for e in &doc.entities {
            println!("ENT {} {}", e.label, doc.entity_text(e));
        }
    }
    let ents = group_entities(&doc, &GroupOptions::default());
    for q in extract_quotes(&doc, &ents) {
        let content: Vec<&str> = q.content.iter().map(|s| s.text(&doc.text)).collect();
        let speaker = q.speaker.as_ref().map(|s| {
            format!(
                "{} [{}] {:?}",
                s.name.clone().unwrap_or_default(),
                s.span.text(&doc.text),
                s.kind
            )
        });
        println!(
            "QUOTE {:?} {} cue={:?} speaker={:?}\n      {:?}",
            q.kind,
            q.rule,
            q.cue.map(|c| c.text(&doc.text)),
            speaker,
            content
        );
    }
}
