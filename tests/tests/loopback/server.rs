//! A scripted HTTP/1.1 server on 127.0.0.1 for the loopback tests.
//!
//! In: a script of [`Reply`]s. Out: a base URL to point a client at, and every request the
//! server read ([`Received`]). One connection per reply; the server answers with
//! `connection: close`. Every accept, read and stall is bounded, and dropping the [`Server`]
//! aborts it and its open connections. The HTTP parsing is the minimum these tests need: a
//! request head and a `content-length` body.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// How long the server waits for the next connection of its script.
const ACCEPT_LIMIT: Duration = Duration::from_secs(10);

/// What the server does with one connection.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answers with a status, extra header lines (`name: value\r\n` each) and a body.
    Respond(u16, String, String),
    /// Writes these bytes as they are, then closes: for malformed responses.
    Raw(&'static str),
    /// Writes these bytes as they are, then says nothing more (bounded by [`STALL`]).
    RawThenStall(&'static str),
    /// Says nothing (bounded by [`STALL`]).
    Stall,
    /// Reads the request, then closes the connection without answering.
    Close,
    /// Closes the connection as soon as it is accepted, before reading anything.
    HangUp,
}

/// How long a stalling connection stays silent: longer than any timeout here.
pub const STALL: Duration = Duration::from_secs(8);

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Header lines in order, names lower-cased, values trimmed.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.iter().filter(|(n, _)| n == name);
        let value = values.next().map(|(_, v)| v.as_str());
        assert!(values.next().is_none(), "`{name}` is sent once");
        value
    }

    pub fn json(&self) -> serde_json::Value {
        integration_tests::json(&self.body)
    }

    pub fn client_token(&self) -> String {
        self.json()["clientToken"]
            .as_str()
            .expect("clientToken is a string")
            .to_owned()
    }
}

/// A scripted HTTP/1.1 server on 127.0.0.1; stopped when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    log: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Listens on an ephemeral port and plays `script`, one reply per connection.
    pub async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let received = Arc::clone(&log);
        let task = tokio::spawn(async move {
            // Dropping the set (when the server is aborted) aborts the connections too.
            let mut connections = JoinSet::new();
            for reply in script {
                let Ok(Ok((stream, _))) =
                    tokio::time::timeout(ACCEPT_LIMIT, listener.accept()).await
                else {
                    break;
                };
                connections.spawn(serve(stream, reply, Arc::clone(&received)));
            }
            while connections.join_next().await.is_some() {}
        });
        Server { url, log, task }
    }

    /// The requests read so far, in order.
    pub fn requests(&self) -> Vec<Received> {
        self.log.lock().expect("log").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, reply: Reply, log: Arc<Mutex<Vec<Received>>>) {
    if let Reply::HangUp = reply {
        return;
    }
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    log.lock().expect("log").push(request);
    match reply {
        Reply::Respond(status, headers, body) => {
            let response = format!(
                "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\nconnection: close\r\n\
                 {headers}\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(bytes.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Reply::RawThenStall(bytes) => {
            let _ = stream.write_all(bytes.as_bytes()).await;
            tokio::time::sleep(STALL).await;
        }
        Reply::Stall => tokio::time::sleep(STALL).await,
        Reply::Close | Reply::HangUp => drop(stream),
    }
}

/// Reads one request (head and `content-length` body), within 5 seconds and 1 MiB.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let read = async {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let (method, target, headers) = parse_head(&buf[..end])?;
                let length: usize = headers
                    .iter()
                    .find(|(n, _)| n == "content-length")
                    .map_or(Some(0), |(_, v)| v.parse().ok())?;
                if buf.len() >= end + 4 + length {
                    let body = buf[end + 4..end + 4 + length].to_vec();
                    return Some(Received {
                        method,
                        target,
                        headers,
                        body,
                    });
                }
            }
            if buf.len() > 1 << 20 {
                return None;
            }
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()
        .flatten()
}

type Head = (String, String, Vec<(String, String)>);

fn parse_head(head: &[u8]) -> Option<Head> {
    let head = std::str::from_utf8(head).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    if request_line.next() != Some("HTTP/1.1") {
        return None;
    }
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.to_ascii_lowercase(), value.trim().to_owned()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((method, target, headers))
}
