//! A moto server (the AWS service emulator, <https://github.com/getmoto/moto>) on loopback, for
//! the end-to-end tests of the generated clients (`tests/tests/moto_*.rs`).
//!
//! [`Moto::start`] provisions the pinned moto once per process (`tests/moto/setup.sh`: a venv
//! under the target directory, from `tests/moto/requirements.txt`), starts
//! `tests/moto/serve.py` on a free loopback port and waits until it answers HTTP. The server
//! stops when the [`Moto`] is dropped, and also when the test process dies: `serve.py` exits
//! when its standard input (a pipe this process holds) closes. [`Moto::shared`] is one server
//! for the whole test binary; tests sharing it use [`unique_name`]s for their resources.
//!
//! Nothing here skips: without python3, venv or PyPI the first test panics with what to run.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long [`Moto::start`] waits for the server to answer (moto imports slowly, and the
/// machine may be busy compiling).
pub const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The region the moto tests use.
pub const REGION: &str = "us-east-1";
/// moto's default account, which its ARNs and queue URLs carry.
pub const ACCOUNT_ID: &str = "123456789012";
/// The access key of the static credentials (moto accepts any signed request).
pub const ACCESS_KEY_ID: &str = "AKIDMOTOTESTS";
/// The secret key of the static credentials.
pub const SECRET_ACCESS_KEY: &str = "moto-secret";

/// A running moto server. Dropping it kills the server and waits for it.
pub struct Moto {
    child: Child,
    /// The write end of the watchdog pipe; closing it stops the server too.
    stdin: Option<ChildStdin>,
    addr: SocketAddr,
    log: Arc<Mutex<Log>>,
}

impl Moto {
    /// Provisions moto (once per process) and starts a server of its own for the caller.
    ///
    /// Panics, with moto's output and what to run, when python3 or PyPI is missing, the
    /// server exits, or it does not answer within [`START_TIMEOUT`].
    pub fn start() -> Moto {
        let python = python();
        let script = moto_dir().join("serve.py");
        let mut child = Command::new(python)
            .arg(&script)
            .args(["-H", "127.0.0.1", "-p", "0"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {} {}: {e}", python.display(), script.display())
            });
        let log = Arc::new(Mutex::new(Log::default()));
        // werkzeug announces the port it bound (`-p 0`) on stderr; both streams are drained for
        // the server's whole life, so its request log can never fill a pipe and block it.
        let (port_tx, port_rx) = mpsc::channel();
        drain(
            child.stderr.take().expect("piped"),
            log.clone(),
            Some(port_tx),
        );
        drain(child.stdout.take().expect("piped"), log.clone(), None);
        let stdin = child.stdin.take();
        let mut moto = Moto {
            child,
            stdin,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        let port = loop {
            match port_rx.recv_timeout(Duration::from_millis(100)) {
                Ok(port) => break port,
                Err(mpsc::RecvTimeoutError::Timeout) => moto.fail_if_gone_or_late(deadline),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    moto.fail("moto closed its output without announcing a port")
                }
            }
        };
        moto.addr.set_port(port);
        while !answers(moto.addr) {
            moto.fail_if_gone_or_late(deadline);
            std::thread::sleep(Duration::from_millis(50));
        }
        moto
    }

    /// One server for the whole test binary, started by the first caller. It is never
    /// dropped: it stops when the test process exits (the watchdog pipe closes).
    pub fn shared() -> &'static Moto {
        static SHARED: OnceLock<Moto> = OnceLock::new();
        SHARED.get_or_init(Moto::start)
    }

    /// The server's base URL, `http://127.0.0.1:PORT`, for a client's `endpoint_url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What the server printed so far (its request log, errors).
    pub fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).text()
    }

    fn fail_if_gone_or_late(&mut self, deadline: Instant) {
        match self.child.try_wait() {
            Ok(Some(status)) => self.fail(&format!("moto exited with {status} while starting")),
            Ok(None) if Instant::now() >= deadline => self.fail(&format!(
                "moto did not answer HTTP within {} s",
                START_TIMEOUT.as_secs()
            )),
            Ok(None) => {}
            Err(e) => self.fail(&format!("cannot poll the moto process: {e}")),
        }
    }

    fn fail(&mut self, what: &str) -> ! {
        self.stop();
        panic!(
            "{what} (listening at {}).\nmoto's output:\n{}\nTo try it by hand: `bash \
             tests/moto/setup.sh && {} tests/moto/serve.py -H 127.0.0.1 -p 0`",
            self.addr,
            self.log(),
            python().display()
        );
    }

    fn stop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A name no other test of any process uses: `prefix-<pid>-<n>-<nanos>` (letters, digits and
/// `-`, which queue, key alias, log group and table names all accept).
pub fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}-{}-{n}-{nanos}", std::process::id())
}

/// `tests/moto/`.
pub fn moto_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("moto")
}

/// The venv `tests/moto/setup.sh` provisions: `$MOTO_VENV`, else `moto-venv` in
/// `$CARGO_TARGET_DIR`, else in the workspace's `target/` (the script's own rule; the harness
/// passes its choice to the script so that both agree).
pub fn venv_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf();
    let from_env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let dir = match (from_env("MOTO_VENV"), from_env("CARGO_TARGET_DIR")) {
        (Some(venv), _) => PathBuf::from(venv),
        (None, Some(target)) => PathBuf::from(target).join("moto-venv"),
        (None, None) => root.join("target").join("moto-venv"),
    };
    if dir.is_absolute() {
        dir
    } else {
        root.join(dir)
    }
}

/// The venv's python, after running `tests/moto/setup.sh` once per process. Panics with the
/// script's output when it fails.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let script = moto_dir().join("setup.sh");
        let venv = venv_dir();
        let start = Instant::now();
        let out = Command::new("bash")
            .arg(&script)
            .env("MOTO_VENV", &venv)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run `bash {}`: {e}", script.display()));
        if !out.status.success() {
            panic!(
                "`bash tests/moto/setup.sh` failed ({}) after {:.1} s: the moto tests need \
                 python3 (CPython 3.11 with venv and pip) and access to PyPI. Run it by hand to \
                 see why; then rerun the tests.\nstdout:\n{}\nstderr:\n{}",
                out.status,
                start.elapsed().as_secs_f64(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let python = venv.join("bin").join("python");
        assert!(
            python.exists(),
            "tests/moto/setup.sh succeeded but {} does not exist",
            python.display()
        );
        python
    })
}

/// Copies a stream of the server into `log`, line by line, until it closes; sends the port of
/// werkzeug's ` * Running on http://127.0.0.1:PORT` line to `port` once.
fn drain(
    stream: impl Read + Send + 'static,
    log: Arc<Mutex<Log>>,
    mut port: Option<mpsc::Sender<u16>>,
) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = Vec::new();
        while let Ok(1..) = reader.read_until(b'\n', &mut line) {
            let text = String::from_utf8_lossy(&line).into_owned();
            line.clear();
            if let Some(p) = port.as_ref().and_then(|_| announced_port(&text)) {
                let _ = port.take().expect("checked").send(p);
            }
            log.lock().unwrap_or_else(|e| e.into_inner()).push(text);
        }
    });
}

/// moto's output: the first lines (why it failed to start) and the most recent ones.
#[derive(Default)]
struct Log {
    head: Vec<String>,
    tail: VecDeque<String>,
    dropped: usize,
}

impl Log {
    const HEAD: usize = 200;
    const TAIL: usize = 200;

    fn push(&mut self, line: String) {
        if self.head.len() < Self::HEAD {
            self.head.push(line);
            return;
        }
        if self.tail.len() == Self::TAIL {
            self.tail.pop_front();
            self.dropped += 1;
        }
        self.tail.push_back(line);
    }

    fn text(&self) -> String {
        let mut out: String = self.head.concat();
        if self.dropped > 0 {
            out.push_str(&format!("[... {} lines ...]\n", self.dropped));
        }
        out.extend(self.tail.iter().map(String::as_str));
        out
    }
}

/// The port of a line ` * Running on http://127.0.0.1:PORT`.
fn announced_port(line: &str) -> Option<u16> {
    let rest = line.split("Running on http://127.0.0.1:").nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Whether a plain HTTP request to moto's own API gets an HTTP response.
fn answers(addr: SocketAddr) -> bool {
    let attempt = || -> std::io::Result<bool> {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        s.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
        let mut head = [0u8; 12];
        s.read_exact(&mut head)?;
        Ok(head.starts_with(b"HTTP/1."))
    };
    attempt().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_announced_port_is_parsed() {
        assert_eq!(
            announced_port(" * Running on http://127.0.0.1:37723\n"),
            Some(37723)
        );
        assert_eq!(
            announced_port("\u{1b}[33m * Running on http://127.0.0.1:8\u{1b}[0m"),
            Some(8)
        );
        assert_eq!(announced_port("Press CTRL+C to quit"), None);
    }

    #[test]
    fn the_log_keeps_its_head_and_tail() {
        let mut log = Log::default();
        for i in 0..1000 {
            log.push(format!("{i}\n"));
        }
        let text = log.text();
        assert!(text.starts_with("0\n1\n"), "{text}");
        assert!(text.contains("[... 600 lines ...]\n"), "{text}");
        assert!(text.ends_with("998\n999\n"), "{text}");
    }

    #[test]
    fn unique_names_differ() {
        assert_ne!(unique_name("q"), unique_name("q"));
        assert!(unique_name("q").starts_with("q-"));
    }
}
