//! A tiny fuzzing harness shared by the `fuzz_*` tests: a seeded PRNG, case counts from the
//! environment, and a runner that executes cases on worker threads, turns panics into findings
//! (with the seed and what the case did), and reports any case that runs longer than a limit,
//! even one that never returns.
//!
//! Environment: `FUZZ_CASES=N` runs N cases instead of the test's default; `FUZZ_SEED=S`
//! changes the base seed (the default is fixed, so CI runs the same cases every time). Each
//! finding prints the seed of its case; `FUZZ_SEED=<that seed> FUZZ_CASES=1` replays it alone.
//! `FUZZ_TRACE=1` prints every case before it runs (for a crash that aborts the process).

#![allow(dead_code)]

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

/// splitmix64: small, fast, and good enough to drive mutations.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

/// The number of cases: `FUZZ_CASES`, else `release` in optimised builds and `debug` otherwise
/// (a debug build is about five times slower; `cargo test --workspace` must stay quick).
pub fn case_count(release: u64, debug: u64) -> u64 {
    match std::env::var("FUZZ_CASES") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("FUZZ_CASES must be a number, got {v:?}")),
        Err(_) if cfg!(debug_assertions) => debug,
        Err(_) => release,
    }
}

/// The seed of case `index`: `FUZZ_SEED` (default fixed) for case 0, then consecutive.
pub fn case_seed(index: u64) -> u64 {
    let base: u64 = match std::env::var("FUZZ_SEED") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("FUZZ_SEED must be a number, got {v:?}")),
        Err(_) => 0x5EED_0000,
    };
    base.wrapping_add(index)
}

/// What one running case has done so far; the runner reads it when the case panics or hangs.
#[derive(Debug, Default)]
pub struct Case {
    pub seed: u64,
    description: Mutex<String>,
}

impl Case {
    /// Records what the case does (its mutations), for the report.
    pub fn describe(&self, text: impl Into<String>) {
        let text = text.into();
        if std::env::var_os("FUZZ_TRACE").is_some() {
            // A stack overflow aborts the process without a report: trace to find the case.
            eprintln!("seed {}: {text}", self.seed);
        }
        *self.description.lock().unwrap_or_else(|p| p.into_inner()) = text;
    }

    fn description(&self) -> String {
        self.description
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// The outcome of a fuzz run.
#[derive(Debug)]
pub struct Report {
    pub name: &'static str,
    pub cases: u64,
    pub elapsed: Duration,
    pub findings: Vec<String>,
}

impl Report {
    /// Prints the summary and fails the test when anything was found.
    pub fn assert_clean(&self) {
        eprintln!(
            "{}: {} cases in {:.1} s, {} finding(s)",
            self.name,
            self.cases,
            self.elapsed.as_secs_f64(),
            self.findings.len()
        );
        if !self.findings.is_empty() {
            let shown: Vec<&str> = self.findings.iter().take(20).map(String::as_str).collect();
            panic!(
                "{}: {} finding(s) in {} cases (replay one with FUZZ_SEED=<seed> FUZZ_CASES=1):\n\n{}",
                self.name,
                self.findings.len(),
                self.cases,
                shown.join("\n\n")
            );
        }
    }
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

const WORKER_PREFIX: &str = "fuzz-";

/// Panics on fuzz workers are recorded (message and location) instead of printed; other
/// threads keep the default hook.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let on_worker = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with(WORKER_PREFIX));
            if !on_worker {
                return previous(info);
            }
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(non-string panic payload)".into());
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message} at {location}")));
        }));
    });
}

struct Slot {
    running: Mutex<Option<(Arc<Case>, Instant)>>,
}

/// Runs `cases` cases of `check` on worker threads. `check` gets the case (seed, description
/// slot) and returns `Err(finding)` for a wrong result; a panic is a finding too, and so is a
/// case that takes longer than `limit` (reported as soon as the limit passes, even if the case
/// never ends).
pub fn run<F>(name: &'static str, cases: u64, limit: Duration, check: F) -> Report
where
    F: Fn(&Case) -> Result<(), String> + Send + Sync + 'static,
{
    install_panic_hook();
    let start = Instant::now();
    let check = Arc::new(check);
    let next = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let findings = Arc::new(Mutex::new(Vec::<String>::new()));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let mut slots = Vec::new();
    let mut handles = Vec::new();
    for t in 0..threads {
        let slot = Arc::new(Slot {
            running: Mutex::new(None),
        });
        slots.push(Arc::clone(&slot));
        let (check, next, stop, findings) = (
            Arc::clone(&check),
            Arc::clone(&next),
            Arc::clone(&stop),
            Arc::clone(&findings),
        );
        let handle = std::thread::Builder::new()
            .name(format!("{WORKER_PREFIX}{name}-{t}"))
            // Deep inputs must fail cleanly, not by luck of a large stack: use the default
            // size of a spawned thread (2 MiB), like `cargo test`'s own test threads.
            .stack_size(2 << 20)
            .spawn(move || loop {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= cases {
                    return;
                }
                let case = Arc::new(Case {
                    seed: case_seed(index),
                    description: Mutex::new(String::new()),
                });
                *slot.running.lock().unwrap() = Some((Arc::clone(&case), Instant::now()));
                let began = Instant::now();
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| check(&case)));
                let took = began.elapsed();
                *slot.running.lock().unwrap() = None;
                let finding = match outcome {
                    Ok(Ok(())) if took <= limit => None,
                    Ok(Ok(())) => Some(format!(
                        "took {:.1} s (limit {:?})",
                        took.as_secs_f64(),
                        limit
                    )),
                    Ok(Err(e)) => Some(e),
                    Err(_) => Some(format!(
                        "PANIC: {}",
                        LAST_PANIC
                            .with(|p| p.borrow_mut().take())
                            .unwrap_or_else(|| "(no message)".into())
                    )),
                };
                if let Some(f) = finding {
                    findings.lock().unwrap().push(format!(
                        "seed {}: {f}\n  case: {}",
                        case.seed,
                        case.description()
                    ));
                }
            })
            .expect("spawn fuzz worker");
        handles.push(handle);
    }
    // Watchdog: a case past the limit is a finding now; its thread is left behind.
    let mut hung = vec![false; threads];
    loop {
        if handles
            .iter()
            .enumerate()
            .all(|(i, h)| h.is_finished() || hung[i])
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        for (i, slot) in slots.iter().enumerate() {
            if hung[i] {
                continue;
            }
            if let Some((case, since)) = slot.running.lock().unwrap().as_ref() {
                if since.elapsed() > limit * 3 {
                    hung[i] = true;
                    stop.store(true, Ordering::SeqCst);
                    findings.lock().unwrap().push(format!(
                        "seed {}: HANG: still running after {:.1} s\n  case: {}",
                        case.seed,
                        since.elapsed().as_secs_f64(),
                        case.description()
                    ));
                }
            }
        }
    }
    for (i, h) in handles.into_iter().enumerate() {
        if !hung[i] {
            h.join().expect("fuzz worker exits normally");
        }
    }
    let findings = std::mem::take(&mut *findings.lock().unwrap());
    Report {
        name,
        cases: next.load(Ordering::SeqCst).min(cases),
        elapsed: start.elapsed(),
        findings,
    }
}
