//! Loopback throughput of our generated client and of the official SDK for one service.
//!
//! `cmp-bench [--requests N] [--concurrency C] [--rounds R] [--warmup W] [--time-limit SECS]`
//! starts itself again as `cmp-bench serve` (a child process, so the client's CPU time is not
//! mixed with the server's), reads the port the server prints, then sends the same input of
//! the service's operation (`service.rs`, copied by run.sh from `<service>.rs`: the clients,
//! the call and the server's fixed answer) with each client: N requests one after the other,
//! then N requests with C in flight, R rounds in alternating order. Every phase stops after
//! N requests or SECS seconds, whichever comes first. The server exits when its stdin closes
//! (the parent exited) or after a hard deadline.
//!
//! Output: human-readable lines plus one machine-readable line per client and mode:
//! `BENCH|mode|client|requests|errors|wall_s|req_per_s|cpu_us_per_req` (medians over rounds).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod service;

use service::{Target, BODY, CONTENT_TYPE};

/// The server never lives longer than this, whatever the parent does.
const SERVER_HARD_DEADLINE: Duration = Duration::from_secs(900);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve") {
        serve();
        return;
    }
    let mut opts = Opts {
        requests: 2000,
        concurrency: 8,
        rounds: 3,
        warmup: 100,
        time_limit: 60.0,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().expect("flag needs a value").clone();
        match flag.as_str() {
            "--requests" => opts.requests = value().parse().expect("--requests"),
            "--concurrency" => opts.concurrency = value().parse().expect("--concurrency"),
            "--rounds" => opts.rounds = value().parse().expect("--rounds"),
            "--warmup" => opts.warmup = value().parse().expect("--warmup"),
            "--time-limit" => opts.time_limit = value().parse().expect("--time-limit"),
            other => panic!("unknown argument {other}"),
        }
    }
    run(opts);
}

struct Opts {
    requests: usize,
    concurrency: usize,
    rounds: usize,
    warmup: usize,
    time_limit: f64,
}

// ---------------------------------------------------------------- server (child process)

fn serve() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        println!("{}", listener.local_addr().unwrap().port());
        // Stop when the parent closes our stdin (it exited or is done) or at the hard deadline.
        let stdin_closed = async {
            let mut stdin = tokio::io::stdin();
            let mut buf = [0u8; 64];
            while let Ok(n) = stdin.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        };
        let accept = async {
            loop {
                if let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(handle(stream));
                }
            }
        };
        tokio::select! {
            _ = stdin_closed => {}
            _ = tokio::time::sleep(SERVER_HARD_DEADLINE) => eprintln!("server: hard deadline reached"),
            _ = accept => {}
        }
    });
    std::process::exit(0);
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Reads more bytes into `buf`; false on EOF or error.
async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

/// One keep-alive HTTP/1.1 connection: every request gets 200 and the fixed JSON body.
async fn handle(mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {}\r\nx-amzn-requestid: r\r\ncontent-length: {}\r\n\r\n{}",
        CONTENT_TYPE,
        BODY.len(),
        BODY
    );
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        // Head.
        let head_end = loop {
            if let Some(p) = find(&buf, b"\r\n\r\n", 0) {
                break p + 4;
            }
            if !fill(&mut stream, &mut buf).await {
                return;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let mut content_length = 0usize;
        let mut chunked = false;
        let mut close = false;
        for line in head.split("\r\n").skip(1) {
            if let Some((name, value)) = line.split_once(':') {
                let value = value.trim();
                match name.trim() {
                    "content-length" => content_length = value.parse().unwrap_or(0),
                    "transfer-encoding" => chunked = value.contains("chunked"),
                    "connection" => close = value.contains("close"),
                    _ => {}
                }
            }
        }
        // Body.
        let end = if chunked {
            let mut pos = head_end;
            loop {
                let line_end = loop {
                    if let Some(p) = find(&buf, b"\r\n", pos) {
                        break p;
                    }
                    if !fill(&mut stream, &mut buf).await {
                        return;
                    }
                };
                let size_text = String::from_utf8_lossy(&buf[pos..line_end]).to_string();
                let size_hex = size_text.split(';').next().unwrap_or("").trim();
                let Ok(size) = usize::from_str_radix(size_hex, 16) else {
                    return;
                };
                pos = line_end + 2;
                if size == 0 {
                    // Trailers (if any) end with an empty line.
                    loop {
                        let l = loop {
                            if let Some(p) = find(&buf, b"\r\n", pos) {
                                break p;
                            }
                            if !fill(&mut stream, &mut buf).await {
                                return;
                            }
                        };
                        let empty = l == pos;
                        pos = l + 2;
                        if empty {
                            break;
                        }
                    }
                    break pos;
                }
                while buf.len() < pos + size + 2 {
                    if !fill(&mut stream, &mut buf).await {
                        return;
                    }
                }
                pos += size + 2;
            }
        } else {
            while buf.len() < head_end + content_length {
                if !fill(&mut stream, &mut buf).await {
                    return;
                }
            }
            head_end + content_length
        };
        buf.drain(..end);
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
        if close {
            return;
        }
    }
}

fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[derive(Clone, Copy, Default)]
struct Phase {
    done: usize,
    errors: usize,
    wall: f64,
    cpu: f64,
}

impl Phase {
    fn rps(&self) -> f64 {
        self.done as f64 / self.wall
    }
    fn cpu_us_per_req(&self) -> f64 {
        self.cpu * 1e6 / self.done.max(1) as f64
    }
}

/// `requests` calls, `concurrency` in flight, stopping early at `limit`.
async fn phase(target: &Target, requests: usize, concurrency: usize, limit: Duration) -> Phase {
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let first_error: Arc<std::sync::Mutex<Option<String>>> = Arc::default();
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let deadline = t0 + limit;
    let worker = {
        let (next, errors, done, first_error, target) = (
            next.clone(),
            errors.clone(),
            done.clone(),
            first_error.clone(),
            target.clone(),
        );
        move || {
            let (next, errors, done, first_error, target) = (
                next.clone(),
                errors.clone(),
                done.clone(),
                first_error.clone(),
                target.clone(),
            );
            async move {
                while next.fetch_add(1, Ordering::Relaxed) < requests && Instant::now() < deadline {
                    match tokio::time::timeout_at(deadline.into(), target.call()).await {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            first_error.lock().unwrap().get_or_insert(e);
                        }
                        Err(_) => break,
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    };
    if concurrency <= 1 {
        worker().await;
    } else {
        let handles: Vec<_> = (0..concurrency).map(|_| tokio::spawn(worker())).collect();
        for h in handles {
            h.await.expect("worker panicked");
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = (cpu_time() - cpu0).as_secs_f64();
    if let Some(e) = first_error.lock().unwrap().take() {
        eprintln!("  {}: first error: {e}", target.name());
    }
    let done = done.load(Ordering::Relaxed);
    if done < requests {
        eprintln!(
            "  {}: time limit reached after {done} of {requests} requests",
            target.name()
        );
    }
    Phase {
        done,
        errors: errors.load(Ordering::Relaxed),
        wall,
        cpu,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn run(opts: Opts) {
    use std::io::BufRead;
    let exe = std::env::current_exe().expect("current_exe");
    let mut server = std::process::Command::new(exe)
        .arg("serve")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start server");
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("port");
    let port: u16 = line.trim().parse().expect("server printed no port");
    let endpoint = format!("http://127.0.0.1:{port}");
    println!(
        "loopback server on {endpoint} (child pid {}); {} requests per phase, {} in flight for the concurrent phase, {} round(s), {} warm-up requests, {} s limit per phase",
        server.id(), opts.requests, opts.concurrency, opts.rounds, opts.warmup, opts.time_limit
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (ours, aws) = service::targets(&endpoint);
        let limit = Duration::from_secs_f64(opts.time_limit);
        for t in [&ours, &aws] {
            let w = phase(t, opts.warmup, 1, limit).await;
            if w.errors > 0 || w.done == 0 {
                eprintln!("warm-up of {} failed ({} errors of {})", t.name(), w.errors, w.done);
                std::process::exit(2);
            }
        }
        for (mode, concurrency) in [("sequential", 1usize), ("concurrent", opts.concurrency)] {
            let mut results: Vec<(&Target, Vec<Phase>)> = vec![(&ours, vec![]), (&aws, vec![])];
            for round in 0..opts.rounds {
                // Alternate which client goes first.
                let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
                for i in order {
                    let p = phase(results[i].0, opts.requests, concurrency, limit).await;
                    println!(
                        "  {mode:<10} round {} {:<7} {:>5} req {:>3} err {:>7.3} s {:>9.0} req/s {:>7.1} us CPU/req",
                        round + 1, results[i].0.name(), p.done, p.errors, p.wall, p.rps(), p.cpu_us_per_req()
                    );
                    results[i].1.push(p);
                }
            }
            for (t, phases) in &results {
                let rps = median(phases.iter().map(Phase::rps).collect());
                let cpu = median(phases.iter().map(Phase::cpu_us_per_req).collect());
                let done: usize = phases.iter().map(|p| p.done).sum();
                let errors: usize = phases.iter().map(|p| p.errors).sum();
                let wall: f64 = phases.iter().map(|p| p.wall).sum();
                let label = if concurrency > 1 { format!("{mode}-{concurrency}") } else { mode.to_string() };
                println!("BENCH|{label}|{}|{done}|{errors}|{wall:.3}|{rps:.1}|{cpu:.1}", t.name());
            }
        }
    });
    drop(rt);
    drop(server.stdin.take()); // the server exits on EOF
    let _ = server.wait();
}
