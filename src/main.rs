//! The `kensaku` binary: parse arguments, run one command, turn its result into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use kensaku::cli::Cli;
use kensaku::config::Config;
use kensaku::error::{Error, Result, exit};
use kensaku::{corpus, index, render, search};

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
            json,
        } => run_index(&dir, &index, rebuild, progress, json),
        Config::Search {
            index,
            corpus,
            request,
            json,
            color,
        } => {
            if let Some(dir) = corpus {
                let code = run_index(&dir, &index, false, true, false)?;
                if code != exit::OK {
                    eprintln!("kensaku: searching what was indexed");
                }
            }
            run_search(&index, &request, json, color)
        }
        Config::Parse { file, json } => run_parse(&file, json),
    }
}

fn run_index(
    dir: &std::path::Path,
    index_dir: &std::path::Path,
    rebuild: bool,
    progress: bool,
    json: bool,
) -> Result<i32> {
    let options = index::IndexOptions { rebuild, progress };
    let report = index::update(dir, index_dir, &options)?;
    for w in &report.warnings {
        eprintln!("kensaku: warning: {}: {}", w.path, w.reason);
    }
    for s in &report.skipped {
        eprintln!("kensaku: skipped {}: {}", s.path, s.reason);
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
    Ok(if results.total == 0 {
        exit::NO_HITS
    } else {
        exit::OK
    })
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
