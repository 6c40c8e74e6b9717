//! `cargo xtask bench`: the pinned model in, a small table of timings out.
//!
//! Rows: the parse floor (`serde_json::Value` of the model, what any generator pays), the
//! generator on the default operation and on all operations (in process, min/median/mean over N
//! runs after 3 warm-ups), and a whole `regenerate --check` process of the Image Builder golden
//! (the built xtask binary spawned 10 times, median wall time). A generator run that fails is
//! reported with its first error line instead of a timing.

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use codegen::{OperationSelection, Settings};

use crate::cli::{BenchArgs, RegenerateArgs};
use crate::{regenerate, workspace_root};

/// Untimed runs before the timed ones.
const WARMUPS: usize = 3;
/// Timed spawns of `regenerate --check`.
const PROCESS_RUNS: usize = 10;

/// Summary of a set of timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub runs: usize,
    pub min: Duration,
    pub median: Duration,
    pub mean: Duration,
}

impl Stats {
    /// Summarises at least one sample.
    pub fn of(mut samples: Vec<Duration>) -> Stats {
        assert!(!samples.is_empty(), "no samples");
        samples.sort_unstable();
        let n = samples.len();
        let median = if n % 2 == 1 {
            samples[n / 2]
        } else {
            (samples[n / 2 - 1] + samples[n / 2]) / 2
        };
        let total: Duration = samples.iter().sum();
        Stats {
            runs: n,
            min: samples[0],
            median,
            mean: total / n as u32,
        }
    }
}

/// Times `f` `iterations` times after [`WARMUPS`] untimed calls.
fn time<T>(iterations: usize, mut f: impl FnMut() -> T) -> Stats {
    for _ in 0..WARMUPS {
        black_box(f());
    }
    let samples = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    Stats::of(samples)
}

/// One line of the table: a timing or why there is none.
enum Row {
    Timed(Stats),
    Failed(String),
}

/// `cargo xtask bench`.
pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    let n = args.iterations;
    let base = RegenerateArgs {
        models_dir: args.models_dir.clone(),
        ..Default::default()
    };
    let model = regenerate::model_path(&base)?;
    let json = std::fs::read_to_string(&model)
        .with_context(|| format!("cannot read model {}", model.display()))?;
    let root = workspace_root();
    let mut rows: Vec<(String, Row)> = Vec::new();

    let floor = time(n, || {
        serde_json::from_str::<serde_json::Value>(&json).map(|_| ())
    });
    rows.push(("parse floor (serde_json::Value)".into(), Row::Timed(floor)));

    let default_ops = regenerate::DEFAULT_OPERATIONS.join(",");
    rows.push((
        format!("generate: {default_ops}"),
        time_generate(&json, &regenerate::model_settings(&base, &root, &json)?, n),
    ));
    let all = RegenerateArgs {
        operations: Some(OperationSelection::All),
        ..base.clone()
    };
    rows.push((
        "generate: all operations".into(),
        time_generate(&json, &regenerate::model_settings(&all, &root, &json)?, n),
    ));
    rows.push((
        "parse+lower+name: all operations".into(),
        match codegen::load(&json, &OperationSelection::All) {
            Ok(_) => Row::Timed(time(n, || {
                codegen::load(&json, &OperationSelection::All).map(|_| ())
            })),
            Err(e) => Row::Failed(format!("load failed: {e}")),
        },
    ));
    rows.push((
        format!("process: xtask regenerate --check --operations {default_ops}"),
        time_process(args.models_dir.as_deref())?,
    ));

    println!(
        "model: {} ({} KiB)",
        regenerate::display_dir(&model),
        json.len() / 1024
    );
    print!("{}", table(&rows));
    if cfg!(debug_assertions) {
        println!(
            "(debug build: for representative figures run \
             `cargo run --release -p xtask -- bench`)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Times the generator if one untimed run succeeds, else reports the first error line.
fn time_generate(json: &str, settings: &Settings, n: usize) -> Row {
    if let Err(errors) = codegen::generate(json, settings) {
        let first = errors
            .0
            .first()
            .map_or_else(|| errors.to_string(), ToString::to_string);
        return Row::Failed(format!("generation failed: {first}"));
    }
    Row::Timed(time(n, || codegen::generate(json, settings)))
}

/// Spawns this binary as `regenerate --check` [`PROCESS_RUNS`] times (after one warm-up) and
/// reports the wall times. A non-zero exit (e.g. goldens out of date) is noted, not fatal.
fn time_process(models_dir: Option<&Path>) -> Result<Row> {
    let exe = std::env::current_exe().context("cannot find the xtask binary")?;
    let spawn = || -> Result<(Duration, std::process::ExitStatus)> {
        let mut cmd = Command::new(&exe);
        // One crate, the Image Builder golden (plain `regenerate --check` checks every golden).
        let operations = regenerate::DEFAULT_OPERATIONS.join(",");
        cmd.args(["regenerate", "--check", "--operations", &operations]);
        if let Some(dir) = models_dir {
            cmd.arg("--models-dir").arg(dir);
        }
        let start = Instant::now();
        let status = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| format!("cannot run {}", exe.display()))?;
        Ok((start.elapsed(), status))
    };
    let (_, status) = spawn()?;
    if !status.success() {
        return Ok(Row::Failed(format!(
            "`xtask regenerate --check` exited with {status}; run it to see why"
        )));
    }
    let samples = (0..PROCESS_RUNS)
        .map(|_| spawn().map(|(t, _)| t))
        .collect::<Result<_>>()?;
    Ok(Row::Timed(Stats::of(samples)))
}

fn table(rows: &[(String, Row)]) -> String {
    let width = rows
        .iter()
        .map(|(name, _)| name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>10}  {:>10}  {:>10}\n",
        "case", "runs", "min", "median", "mean"
    );
    for (name, row) in rows {
        match row {
            Row::Timed(s) => out.push_str(&format!(
                "{name:<width$}  {:>5}  {:>10}  {:>10}  {:>10}\n",
                s.runs,
                human(s.min),
                human(s.median),
                human(s.mean)
            )),
            Row::Failed(why) => out.push_str(&format!("{name:<width$}  {why}\n")),
        }
    }
    out
}

/// `812.3 µs`, `12.41 ms`, `1.20 s`.
fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 1e-3 {
        format!("{:.1} µs", secs * 1e6)
    } else if secs < 1.0 {
        format!("{:.2} ms", secs * 1e3)
    } else {
        format!("{secs:.2} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn stats_of_odd_and_even_samples() {
        let s = Stats::of(vec![ms(5), ms(1), ms(3)]);
        assert_eq!(
            s,
            Stats {
                runs: 3,
                min: ms(1),
                median: ms(3),
                mean: ms(3)
            }
        );
        let s = Stats::of(vec![ms(4), ms(1), ms(2), ms(9)]);
        assert_eq!(s.median, ms(3));
        assert_eq!(s.mean, ms(4));
    }

    #[test]
    fn human_units() {
        assert_eq!(human(Duration::from_micros(812)), "812.0 µs");
        assert_eq!(human(Duration::from_micros(12_410)), "12.41 ms");
        assert_eq!(human(ms(1_200)), "1.20 s");
    }

    #[test]
    fn table_aligns_timed_and_failed_rows() {
        let rows = vec![
            ("short".to_string(), Row::Timed(Stats::of(vec![ms(2)]))),
            (
                "a longer case".to_string(),
                Row::Failed("generation failed: x".into()),
            ),
        ];
        let t = table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "case            runs         min      median        mean"
        );
        assert_eq!(
            lines[1],
            "short              1     2.00 ms     2.00 ms     2.00 ms"
        );
        assert_eq!(lines[2], "a longer case  generation failed: x");
    }
}
