//! Print the engine's raw output for a text: `cargo run --example analyze -- "text"`.
use quoth::nlp::Pipeline;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text: String = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let nlp = Pipeline::load_default()?;
    let doc = nlp.analyze(&text);
    for (i, t) in doc.tokens.iter().enumerate() {
        println!(
            "{i}\t{}\t{}\t{}\t{}\t{}\t{}",
            doc.token_text(i),
            t.tag,
            t.pos,
            t.dep,
            t.head,
            if t.is_sent_start { "S" } else { "" }
        );
    }
    for e in &doc.entities {
        println!(
            "{} {} {}..{}",
            doc.entity_text(e),
            e.label,
            e.char_start,
            e.char_end
        );
    }
    Ok(())
}
