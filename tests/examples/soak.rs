//! The fault-injection soak (`errtable_tests::soak`): requests through the reqwest
//! integration with a retry budget, against a loopback server injecting 429s, 5xx,
//! resets and slow responses. Prints the summary; exits 1 if anything did not hold.
//!
//! `cargo run --release -p errtable-tests --example soak -- [OPTIONS]`
//!
//! Options (defaults in brackets): `--requests N` [10000], `--concurrency N` [16],
//! `--seed N` [1], `--rate-429 F` [0.10], `--rate-5xx F` [0.05], `--rate-reset F` [0.03],
//! `--rate-slow F` [0.02], `--slow-ms N` [20], `--budget TOKENS` [500], `--max-delay-ms N`
//! [2].

use std::process::ExitCode;
use std::time::Duration;

use errtable_tests::soak::{self, Config};

fn parse(config: &mut Config, name: &str, value: &str) -> Result<(), String> {
    let bad = |e: &dyn std::fmt::Display| format!("{name} {value}: {e}");
    let float = || value.parse::<f64>().map_err(|e| bad(&e));
    let int = || value.parse::<u64>().map_err(|e| bad(&e));
    match name {
        "--requests" => config.requests = int()?,
        "--concurrency" => config.concurrency = int()? as usize,
        "--seed" => config.seed = int()?,
        "--rate-429" => config.faults.rate_limited = float()?,
        "--rate-5xx" => config.faults.server_error = float()?,
        "--rate-reset" => config.faults.reset = float()?,
        "--rate-slow" => config.faults.slow = float()?,
        "--slow-ms" => config.faults.slow_delay = Duration::from_millis(int()?),
        "--budget" => config.budget = u32::try_from(int()?).map_err(|e| bad(&e))?,
        "--max-delay-ms" => config.max_delay = Duration::from_millis(int()?),
        _ => return Err(format!("unknown option {name}")),
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut config = Config::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", include_str!("soak.rs").lines().take(10).collect::<Vec<_>>().join("\n"));
        return ExitCode::SUCCESS;
    }
    for pair in args.chunks(2) {
        let result = match pair {
            [name, value] => parse(&mut config, name, value),
            [name] => Err(format!("{name} needs a value")),
            _ => Ok(()),
        };
        if let Err(message) = result {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let report = soak::run(&config);
    println!("{report}");
    if report.problems().is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
