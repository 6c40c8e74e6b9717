//! Test helpers for generated clients and their users.
//!
//! In: canned [`HttpResponse`]s. Out: a [`CaptureConnector`] that replays them in order and
//! records every request it was sent, [`InstantSleep`], which records backoff delays without
//! waiting, and [`block_on`], a tiny executor for driving a client future in a plain `#[test]`
//! without an async runtime.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use crate::connector::{BoxFuture, ConnectorError, HttpConnector};
use crate::http::{HttpRequest, HttpResponse};
use crate::sleep::AsyncSleep;

/// A connector that answers with queued responses and remembers the requests.
///
/// Clones share the same queue and log, so a test can keep one clone and hand the other to a
/// config. When the queue is empty, calls fail with
/// [`ConnectorError::other`] "no more canned responses".
#[derive(Clone, Debug, Default)]
pub struct CaptureConnector {
    state: Arc<Mutex<CaptureState>>,
}

#[derive(Debug, Default)]
struct CaptureState {
    responses: VecDeque<HttpResponse>,
    requests: Vec<HttpRequest>,
}

impl CaptureConnector {
    /// A connector that will reply with `responses`, first to last.
    pub fn new(responses: Vec<HttpResponse>) -> Self {
        Self {
            state: Arc::new(Mutex::new(CaptureState {
                responses: responses.into(),
                requests: Vec::new(),
            })),
        }
    }

    /// Queues one more response.
    pub fn push_response(&self, response: HttpResponse) {
        self.lock().responses.push_back(response);
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().requests.clone()
    }

    /// The most recent request, if any.
    pub fn last_request(&self) -> Option<HttpRequest> {
        self.lock().requests.last().cloned()
    }

    fn lock(&self) -> MutexGuard<'_, CaptureState> {
        // A panicking test thread must not turn every later call into a second panic.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl HttpConnector for CaptureConnector {
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let mut state = self.lock();
        state.requests.push(request);
        let result = state
            .responses
            .pop_front()
            .ok_or_else(|| ConnectorError::other("no more canned responses".into()));
        Box::pin(std::future::ready(result))
    }
}

/// A sleep that completes at once and remembers every requested duration, so that tests can
/// assert the backoff sequence without waiting. Clones share the log. Not for configs with an
/// attempt or operation timeout: those would fire at once.
#[derive(Clone, Debug, Default)]
pub struct InstantSleep {
    log: Arc<Mutex<Vec<Duration>>>,
}

impl InstantSleep {
    /// A sleep with an empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every duration asked for so far, oldest first.
    pub fn logs(&self) -> Vec<Duration> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl AsyncSleep for InstantSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// Wakes the blocked thread by unparking it.
struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on the current thread, parking it while the future is pending.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            // Spurious wake-ups only cost another poll.
            Poll::Pending => thread::park(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn replays_in_order_then_fails() {
        let connector = CaptureConnector::new(vec![HttpResponse::new(200, "a")]);
        connector.push_response(HttpResponse::new(201, "b"));
        let probe = connector.clone();
        let first = block_on(connector.call(HttpRequest::new("GET", "/1")));
        let second = block_on(connector.call(HttpRequest::new("GET", "/2")));
        let third = block_on(connector.call(HttpRequest::new("GET", "/3")));
        assert_eq!(first.map(|r| r.status).ok(), Some(200));
        assert_eq!(second.map(|r| r.status).ok(), Some(201));
        let err = third.expect_err("queue is empty");
        assert!(!err.is_timeout() && !err.is_io());
        assert_eq!(
            crate::error::DisplayErrorContext(&err).to_string(),
            "connector error: no more canned responses"
        );
        let uris: Vec<_> = probe.requests().into_iter().map(|r| r.uri).collect();
        assert_eq!(uris, ["/1", "/2", "/3"]);
        assert_eq!(probe.last_request().map(|r| r.uri).as_deref(), Some("/3"));
    }

    /// Pending until another thread sets the flag and wakes the task.
    struct WokenLater {
        done: Arc<AtomicBool>,
        spawned: bool,
    }

    impl Future for WokenLater {
        type Output = &'static str;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            if self.done.load(Ordering::SeqCst) {
                return Poll::Ready("done");
            }
            if !self.spawned {
                self.spawned = true;
                let done = Arc::clone(&self.done);
                let waker = cx.waker().clone();
                thread::spawn(move || {
                    thread::sleep(Duration::from_millis(10));
                    done.store(true, Ordering::SeqCst);
                    waker.wake();
                });
            }
            Poll::Pending
        }
    }

    #[test]
    fn block_on_waits_for_wake() {
        assert_eq!(block_on(async { 1 + 1 }), 2);
        let future = WokenLater {
            done: Arc::new(AtomicBool::new(false)),
            spawned: false,
        };
        assert_eq!(block_on(future), "done");
    }
}
