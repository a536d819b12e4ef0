//! The `kensaku` binary: parse arguments, run one command, turn its result into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use kensaku::cli::Cli;
use kensaku::config::Config;
use kensaku::error::{Error, Result, exit};
use kensaku::{corpus, export, index, render, search};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match Config::from_command(cli.command).and_then(run) {
        Ok(code) => code,
        // A closed pipe (`kensaku search x | head`) is not an error worth a message.
        Err(err) if err.is_broken_pipe() => exit::OK,
        Err(err) => {
            eprintln!("kensaku: {err}");
            err.exit_code()
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn run(config: Config) -> Result<i32> {
    match config {
        Config::Index {
            dir,
            index,
            rebuild,
            progress,
            wait,
            json,
        } => {
            let options = index::IndexOptions {
                rebuild,
                progress,
                wait,
                cancel: Some(ctrl_c_flag()),
            };
            run_index(&dir, &index, &options, json)
        }
        Config::Search {
            index,
            corpus,
            request,
            queries,
            json,
            color,
        } => {
            if let Some(dir) = corpus {
                let options = index::IndexOptions {
                    progress: true,
                    cancel: Some(ctrl_c_flag()),
                    ..Default::default()
                };
                let code = run_index(&dir, &index, &options, false)?;
                if code != exit::OK {
                    eprintln!("kensaku: searching what was indexed");
                }
            }
            match queries {
                Some(file) => run_batch(&index, &file, &request, json, color),
                None => run_search(&index, &request, json, color),
            }
        }
        Config::Export { index } => {
            let kindex = index::open(&index)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            let count = export::ndjson(&kindex, &mut out)?;
            out.flush()?;
            eprintln!("kensaku: exported {count} passages");
            Ok(exit::OK)
        }
        Config::Parse { file, json } => run_parse(&file, json),
    }
}

/// A flag set by Ctrl-C: indexing commits what it finished and stops with a message.
fn ctrl_c_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = Arc::clone(&flag);
    // If a handler cannot be installed, Ctrl-C keeps its default effect (the last commit survives).
    let _ = ctrlc::set_handler(move || {
        if handler_flag.swap(true, Ordering::Relaxed) {
            std::process::exit(exit::INTERRUPTED);
        }
        eprintln!(
            "\nkensaku: interrupted; committing finished files (Ctrl-C again to quit at once)"
        );
    });
    flag
}

fn run_index(
    dir: &std::path::Path,
    index_dir: &std::path::Path,
    options: &index::IndexOptions,
    json: bool,
) -> Result<i32> {
    let report = index::update(dir, index_dir, options)?;
    // File names come from the corpus too: shown, not obeyed, like its text.
    for w in &report.warnings {
        let (path, reason) = (render::visible(&w.path), render::visible(&w.reason));
        eprintln!("kensaku: warning: {path}: {reason}");
    }
    for s in &report.skipped {
        let (path, reason) = (render::visible(&s.path), render::visible(&s.reason));
        eprintln!("kensaku: skipped {path}: {reason}");
    }
    if let Some(why) = &report.rebuilt {
        eprintln!("kensaku: {why}");
    }
    if json {
        render::json_line(&mut io::stdout().lock(), &report)?;
    } else {
        eprintln!("{}", render::index_summary(&report));
    }
    Ok(if report.skipped.is_empty() {
        exit::OK
    } else {
        exit::SKIPPED
    })
}

fn run_search(
    index_dir: &std::path::Path,
    request: &search::Request,
    json: bool,
    color: bool,
) -> Result<i32> {
    let kindex = index::open(index_dir)?;
    let engine = search::Engine::new(&kindex)?;
    let results = engine.search(request)?;
    for w in &results.warnings {
        eprintln!("kensaku: {w}");
    }
    let mut out = io::stdout().lock();
    if json {
        render::json_line(&mut out, &results)?;
    } else {
        render::results_text(&mut out, &results, color)?;
    }
    out.flush()?;
    let code = if results.total == 0 {
        exit::NO_HITS
    } else {
        exit::OK
    };
    // The process ends now: leave the index files mapped for the kernel to tear down with the
    // process, rather than unmapping them one by one (≈ 4 % of a search process, BENCHMARKS.md).
    std::mem::forget((engine, kindex));
    Ok(code)
}

fn run_parse(file: &std::path::Path, json: bool) -> Result<i32> {
    let display = file.display().to_string();
    let chapter = corpus::parse_file(file, &display)
        .map_err(|e| Error::Other(anyhow::anyhow!("{display}: {e}")))?;
    let mut out = io::stdout().lock();
    if json {
        render::json_line(&mut out, &chapter)?;
    } else {
        render::chapter_text(&mut out, &chapter)?;
    }
    Ok(exit::OK)
}

/// Run one query per line of `file` (`-` = stdin) in this one process.
fn run_batch(
    index_dir: &std::path::Path,
    file: &std::path::Path,
    template: &search::Request,
    json: bool,
    color: bool,
) -> Result<i32> {
    let text = if file.as_os_str() == "-" {
        io::read_to_string(io::stdin())?
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| Error::Usage(format!("--queries {}: {e}", file.display())))?
    };
    let kindex = index::open(index_dir)?;
    let engine = search::Engine::new(&kindex)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut any_hit = false;
    // The exit code of the worst failed query: every line still runs.
    let mut failed: Option<i32> = None;
    for query in text.lines().map(str::trim).filter(|q| !q.is_empty()) {
        let request = search::Request {
            query: query.to_string(),
            ..template.clone()
        };
        let started = std::time::Instant::now();
        let results = match engine.search(&request) {
            Ok(r) => r,
            Err(e) => {
                failed = failed.max(Some(e.exit_code()));
                if json {
                    render::json_line(
                        &mut out,
                        &serde_json::json!({"query": query, "error": e.to_string()}),
                    )?;
                } else {
                    eprintln!("kensaku: {query}: {e}");
                }
                continue;
            }
        };
        let took_us = started.elapsed().as_micros();
        any_hit |= results.total > 0;
        if json {
            render::json_line(
                &mut out,
                &search::Timed {
                    results: &results,
                    took_us,
                },
            )?;
        } else {
            writeln!(out, "== {query}")?;
            render::results_text(&mut out, &results, color)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(match failed {
        Some(code) => code,
        None if any_hit => exit::OK,
        None => exit::NO_HITS,
    })
}
