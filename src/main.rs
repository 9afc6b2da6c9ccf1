//! The `quoth` binary: the HTTP service and command-line extraction without a server.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use quoth::analysis::ModelInfo;
use quoth::{
    Analysis, Analyzer, AnalyzerConfig, EntityOrder, MentionScope, Options, Profile, Tasks,
};
use quoth_server::analysis;
use quoth_server::config::{Config, ProfileArg};
use quoth_server::dto::{Label, OffsetUnit, QuoteKind};
use quoth_server::problem::{Problem, ProblemCode};

/// quoth: who is in the news and who said what (spaCy-exact entities and quotes).
///
/// Without a subcommand, `quoth` runs `serve`.
#[derive(Debug, Parser)]
#[command(name = "quoth", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP service (default).
    Serve(Config),
    /// Analyse one text from a file or stdin and print the same JSON as the API.
    Extract(ExtractArgs),
    /// Read JSONL documents, write JSONL results in the same order, using all cores.
    Bulk(BulkArgs),
    /// Exit 0 when the local service answers /readyz with 2xx (container HEALTHCHECK).
    Healthcheck(HealthArgs),
    /// Print the OpenAPI document (the same as openapi/openapi.json).
    Openapi,
}

/// Which endpoint's JSON to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Task {
    /// Like POST /extract.
    Extract,
    /// Like POST /analyze.
    Analyze,
    /// Like POST /quotes.
    Quotes,
}

#[derive(Debug, Args)]
struct ModelArgs {
    /// spaCy v3 pipeline folder (default: the vendored model).
    #[arg(long, env = "QUOTH_MODEL")]
    model: Option<PathBuf>,
    /// Word forms whose embeddings each tok2vec caches (0 = off; speed only).
    #[arg(long, env = "QUOTH_LEXEME_CACHE", default_value_t = quoth::nlp::pipeline::DEFAULT_LEXEME_CACHE)]
    lexeme_cache: usize,
    /// Which models find the entities: fast (the model alone) or accurate (the NER ensemble of
    /// --accurate-models).
    #[arg(long, env = "QUOTH_PROFILE", value_enum, default_value_t = ProfileArg::Fast)]
    profile: ProfileArg,
    /// Pipeline folders whose NERs join the model's in the accurate profile, most trusted
    /// first. Unset: those vendored beside the model; `none`: no accurate profile.
    #[arg(long, env = "QUOTH_ACCURATE_MODELS", value_delimiter = ',')]
    accurate_models: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// Text file to read; `-` or absent reads stdin.
    file: Option<PathBuf>,
    /// Which endpoint's JSON to print.
    #[arg(long, value_enum, default_value_t = Task::Extract)]
    task: Task,
    /// Offset unit: code_point, utf16 or utf8.
    #[arg(long, default_value = "code_point", value_parser = parse_unit)]
    offset_unit: OffsetUnit,
    /// Keep only these labels (comma-separated, e.g. PERSON,ORG).
    #[arg(long, value_delimiter = ',', value_parser = parse_label)]
    labels: Option<Vec<Label>>,
    /// Unmodified engine mentions (spaCy parity).
    #[arg(long)]
    raw: bool,
    /// Which mentions: names, or all (pronouns and common nouns from coreference too).
    #[arg(long, default_value = "names", value_parser = parse_enum::<MentionScope>)]
    mentions: MentionScope,
    /// Entity order: salience (most salient first) or position (first mention first).
    #[arg(long, default_value = "salience", value_parser = parse_enum::<EntityOrder>)]
    sort: EntityOrder,
    /// Keep only quotes of these kinds (comma-separated: direct,mixed,indirect; default all).
    #[arg(long, value_delimiter = ',', value_parser = parse_enum::<QuoteKind>)]
    kinds: Option<Vec<QuoteKind>>,
    /// Print JSON on one line instead of pretty-printed.
    #[arg(long)]
    compact: bool,
    /// Print the story as a self-contained HTML page with its entities and quotes marked (the
    /// `/view` page, for reports and bug tickets); implies `--task analyze`, UTF-16 offsets.
    #[arg(long, conflicts_with_all = ["task", "offset_unit", "compact"])]
    html: bool,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Debug, Args)]
struct BulkArgs {
    /// JSONL input, one `{"id"?, "text", "offset_unit"?, "labels"?, "raw"?, "mentions"?, "sort"?, "kinds"?}` per line; `-` or
    /// absent reads stdin.
    input: Option<PathBuf>,
    /// Where to write JSONL results (default stdout).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Which endpoint's JSON to produce per line.
    #[arg(long, value_enum, default_value_t = Task::Extract)]
    task: Task,
    /// Worker threads (default: all available CPUs).
    #[arg(long, env = "QUOTH_THREADS")]
    threads: Option<usize>,
    /// Longest accepted text in code points; longer lines get an error record.
    #[arg(long, env = "QUOTH_MAX_TEXT_CHARS", default_value_t = 1_000_000)]
    max_text_chars: usize,
    /// Lines analysed together in one engine pass (1 = one at a time; results are identical).
    #[arg(long, default_value_t = BULK_RUN)]
    batch_lines: usize,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Debug, Args)]
struct HealthArgs {
    /// Port of the local service.
    #[arg(long, env = "QUOTH_PORT", default_value_t = 8080)]
    port: u16,
    /// Timeout in milliseconds.
    #[arg(long, default_value_t = 2000)]
    timeout_ms: u64,
}

fn parse_unit(s: &str) -> Result<OffsetUnit, String> {
    s.parse()
}

/// A snake_case wire enum from its name (`all`, `position`).
fn parse_enum<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_string()))
        .map_err(|e| e.to_string())
}

fn parse_label(s: &str) -> Result<Label, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_string()))
        .map_err(|_| format!("unknown label {s:?}"))
}

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() == 1 {
        args.push("serve".into());
    }
    let cli = Cli::parse_from(args);
    let result = match cli.command {
        Command::Serve(config) => {
            quoth_server::telemetry::init_tracing(config.log_format, &config.log);
            quoth_server::run(config)
        }
        Command::Extract(a) => cmd_extract(a),
        Command::Bulk(a) => cmd_bulk(a),
        Command::Healthcheck(a) => cmd_healthcheck(a),
        Command::Openapi => {
            print!("{}", quoth_server::openapi_json());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quoth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn load(model: &ModelArgs) -> Result<Analyzer, String> {
    // Diagnostics go to stderr so stdout stays pure JSON.
    let path = model
        .model
        .clone()
        .unwrap_or_else(quoth::nlp::Pipeline::default_model_path);
    let accurate_models = quoth_server::config::accurate_model_paths(&model.accurate_models, &path);
    if model.profile == ProfileArg::Accurate && accurate_models.is_empty() {
        return Err(quoth_server::config::NO_ACCURATE_MODELS.into());
    }
    let analyzer = Analyzer::load(&AnalyzerConfig {
        model: path,
        lexeme_cache: model.lexeme_cache,
        accurate_models,
    })
    .map_err(|e| format!("cannot load the model: {e}"))?;
    Ok(analyzer)
}

/// Any of the three response bodies, serialized as itself (fields in declaration order).
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum AnyResponse {
    Extract(quoth_server::dto::ExtractResponse),
    Analyze(quoth_server::dto::AnalyzeResponse),
    Quotes(quoth_server::dto::QuotesResponse),
}

impl Task {
    /// The library options for this task, as the matching endpoint builds them.
    fn options(
        self,
        offset_unit: OffsetUnit,
        labels: Option<Vec<Label>>,
        raw: bool,
        profile: Profile,
        view: analysis::View,
        kinds: Option<Vec<QuoteKind>>,
    ) -> Options {
        let tasks = match self {
            Task::Extract => Tasks::ENTITIES,
            Task::Analyze => Tasks::ALL,
            Task::Quotes => Tasks::QUOTES,
        };
        let mut o = analysis::options(tasks, offset_unit, labels.as_deref(), raw, profile, view);
        o.quote_kinds = kinds.filter(|_| tasks.quotes);
        o
    }

    /// The endpoint's response body for an analysis made with [`Task::options`].
    fn respond(self, a: Analysis, model: &ModelInfo) -> AnyResponse {
        match self {
            Task::Extract => AnyResponse::Extract(analysis::extract_response(a, model)),
            Task::Analyze => AnyResponse::Analyze(analysis::analyze_response(a, model)),
            Task::Quotes => AnyResponse::Quotes(analysis::quotes_response(a, model)),
        }
    }
}

fn cmd_extract(a: ExtractArgs) -> Result<(), String> {
    let mut text = String::new();
    let file = a.file.as_deref().filter(|p| p.as_os_str() != "-");
    match file {
        None => std::io::stdin().read_to_string(&mut text),
        Some(p) => std::fs::File::open(p).and_then(|mut f| f.read_to_string(&mut text)),
    }
    .map_err(|e| {
        let source = file.map_or_else(|| "stdin".to_owned(), |p| p.display().to_string());
        format!("cannot read {source} as UTF-8 text: {e}")
    })?;
    let analyzer = load(&a.model)?;
    let view = analysis::View {
        mentions: a.mentions,
        sort: a.sort,
    };
    if a.html {
        // The page indexes the text as a JavaScript string: UTF-16 offsets.
        let task = Task::Analyze;
        let analysis = analyzer.analyze(
            &text,
            &task.options(
                OffsetUnit::Utf16,
                a.labels,
                a.raw,
                a.model.profile.into(),
                view,
                a.kinds,
            ),
        );
        let value = task.respond(analysis, analyzer.model());
        let page = quoth_server::view::standalone(&text, &value).map_err(|e| e.to_string())?;
        print!("{page}");
        return Ok(());
    }
    let analysis = analyzer.analyze(
        &text,
        &a.task.options(
            a.offset_unit,
            a.labels,
            a.raw,
            a.model.profile.into(),
            view,
            a.kinds,
        ),
    );
    let value = a.task.respond(analysis, analyzer.model());
    let out = if a.compact {
        serde_json::to_string(&value)
    } else {
        serde_json::to_string_pretty(&value)
    }
    .map_err(|e| e.to_string())?;
    println!("{out}");
    Ok(())
}

/// One input line of `quoth bulk`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkRequest {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    offset_unit: OffsetUnit,
    #[serde(default)]
    labels: Option<Vec<Label>>,
    #[serde(default)]
    raw: bool,
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    mentions: MentionScope,
    #[serde(default)]
    sort: EntityOrder,
    #[serde(default)]
    kinds: Option<Vec<QuoteKind>>,
}

/// One output line: the input's line number and id, then the response or an error.
#[derive(Debug, Serialize)]
struct BulkOutput {
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<AnyResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Problem>,
}

/// A bulk input line once parsed: the text and options to analyse, or the error record.
enum BulkItem {
    Analyse {
        id: Option<serde_json::Value>,
        text: String,
        options: Options,
    },
    Failed(Box<BulkOutput>),
}

fn parse_bulk_line(a: &BulkArgs, line_no: usize, line: &str) -> BulkItem {
    let failed = |id, problem| {
        BulkItem::Failed(Box::new(BulkOutput {
            line: line_no,
            id,
            result: None,
            error: Some(problem),
        }))
    };
    match serde_json::from_str::<BulkRequest>(line) {
        Err(e) => {
            let code = if e.is_data() {
                ProblemCode::InvalidRequest
            } else {
                ProblemCode::InvalidJson
            };
            failed(None, Problem::new(code, e.to_string()))
        }
        Ok(req) => match analysis::check_text_length(&req.text, a.max_text_chars) {
            Err(p) => failed(req.id, p),
            Ok(()) => BulkItem::Analyse {
                id: req.id,
                options: a.task.options(
                    req.offset_unit,
                    req.labels,
                    req.raw,
                    req.profile.unwrap_or(a.model.profile.into()),
                    analysis::View {
                        mentions: req.mentions,
                        sort: req.sort,
                    },
                    req.kinds,
                ),
                text: req.text,
            },
        },
    }
}

fn output_line(out: &BulkOutput) -> String {
    serde_json::to_string(out).unwrap_or_else(|e| {
        format!(
            "{{\"line\":{},\"error\":{{\"code\":\"internal\",\"detail\":\"{e}\"}}}}",
            out.line
        )
    })
}

/// Analyse a run of parsed lines in one engine pass (the engine groups ~1,000 tokens at a
/// time) and render each output line, in input order.
fn bulk_run(analyzer: &Analyzer, task: Task, run: Vec<(usize, BulkItem)>) -> Vec<String> {
    let items: Vec<(&str, &Options)> = run
        .iter()
        .filter_map(|(_, item)| match item {
            BulkItem::Analyse { text, options, .. } => Some((text.as_str(), options)),
            BulkItem::Failed(_) => None,
        })
        .collect();
    let mut analyses = analyzer.analyze_batch(&items).into_iter();
    drop(items);
    run.into_iter()
        .map(|(line, item)| match item {
            BulkItem::Failed(out) => output_line(&out),
            BulkItem::Analyse { id, .. } => output_line(&BulkOutput {
                line,
                id,
                result: analyses.next().map(|a| task.respond(a, analyzer.model())),
                error: None,
            }),
        })
        .collect()
}

fn cmd_bulk(a: BulkArgs) -> Result<(), String> {
    let input: Box<dyn BufRead> = match a.input.as_deref() {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).map_err(|e| format!("cannot open {}: {e}", p.display()))?,
        )),
    };
    let output: Box<dyn Write> = match a.output.as_deref() {
        None => Box::new(std::io::stdout().lock()),
        Some(p) => Box::new(
            std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?,
        ),
    };
    let mut output = BufWriter::new(output);
    let analyzer = load(&a.model)?;
    let threads = a.threads.filter(|&n| n > 0).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    // Work in chunks so memory stays bounded on huge inputs; each chunk is cut into runs of
    // `batch_lines` lines, one engine pass each, spread over the threads. Order is kept within
    // and across chunks because `collect` on an indexed parallel iterator preserves order.
    let run_len = a.batch_lines.max(1);
    let chunk_size = threads * run_len * 4;
    let mut lines = input.lines().enumerate();
    let mut done = false;
    while !done {
        let mut chunk: Vec<(usize, BulkItem)> = Vec::with_capacity(chunk_size);
        for (i, line) in lines.by_ref() {
            let line = line.map_err(|e| format!("cannot read line {}: {e}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            chunk.push((i + 1, parse_bulk_line(&a, i + 1, &line)));
            if chunk.len() == chunk_size {
                break;
            }
        }
        if chunk.len() < chunk_size {
            done = true;
        }
        let mut runs: Vec<Vec<(usize, BulkItem)>> = Vec::new();
        let mut items = chunk.into_iter().peekable();
        while items.peek().is_some() {
            runs.push(items.by_ref().take(run_len).collect());
        }
        let results: Vec<Vec<String>> = pool.install(|| {
            runs.into_par_iter()
                .map(|run| bulk_run(&analyzer, a.task, run))
                .collect()
        });
        for r in results.into_iter().flatten() {
            writeln!(output, "{r}").map_err(|e| format!("cannot write: {e}"))?;
        }
    }
    output.flush().map_err(|e| format!("cannot write: {e}"))
}

/// Lines analysed in one engine pass by `quoth bulk` by default (news articles of a few hundred
/// words: a few engine groups of ~1,000 tokens).
const BULK_RUN: usize = 8;

fn cmd_healthcheck(a: HealthArgs) -> Result<(), String> {
    use std::net::{SocketAddr, TcpStream};
    let timeout = Duration::from_millis(a.timeout_ms.max(1));
    let addr = SocketAddr::from(([127, 0, 0, 1], a.port));
    let mut stream =
        TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("{addr}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|_| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(
            b"GET /readyz HTTP/1.0\r\nHost: localhost\r\nUser-Agent: quoth-healthcheck\r\n\r\n",
        )
        .map_err(|e| format!("{addr}: {e}"))?;
    let mut head = [0u8; 32];
    let n = stream.read(&mut head).map_err(|e| format!("{addr}: {e}"))?;
    let status_line = String::from_utf8_lossy(&head[..n]);
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("{addr}: not an HTTP response"))?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(format!("/readyz answered {status}"))
    }
}
