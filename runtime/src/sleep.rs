//! Waiting: the retry backoff and the attempt / operation timeouts.
//!
//! In: a [`Duration`]. Out: a future that completes after it. [`AsyncSleep`] is the seam that
//! tests replace to assert backoff sequences without real waiting; the default
//! ([`default_async_sleep`]) uses tokio's timer inside a tokio runtime (feature `rt-tokio`, on
//! by default) and otherwise a short-lived thread per wait, so it works under any executor.
//! Names follow `aws_smithy_async::rt::sleep`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use crate::connector::BoxFuture;

/// Something that can wait.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// A cheaply cloneable, shared [`AsyncSleep`].
#[derive(Clone, Debug)]
pub struct SharedAsyncSleep(Arc<dyn AsyncSleep>);

impl SharedAsyncSleep {
    /// Wraps a sleep implementation so that configs can share it.
    pub fn new(sleep: impl AsyncSleep + 'static) -> Self {
        Self(Arc::new(sleep))
    }
}

impl AsyncSleep for SharedAsyncSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.sleep(duration)
    }
}

/// The default: `TokioSleep` with the `rt-tokio` feature, else [`ThreadSleep`].
pub fn default_async_sleep() -> SharedAsyncSleep {
    #[cfg(feature = "rt-tokio")]
    return SharedAsyncSleep::new(TokioSleep);
    #[cfg(not(feature = "rt-tokio"))]
    return SharedAsyncSleep::new(ThreadSleep);
}

/// tokio's timer when called inside a tokio runtime, else [`ThreadSleep`].
#[cfg(feature = "rt-tokio")]
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

#[cfg(feature = "rt-tokio")]
impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        match tokio::runtime::Handle::try_current() {
            Ok(_) => Box::pin(tokio::time::sleep(duration)),
            Err(_) => ThreadSleep.sleep(duration),
        }
    }
}

/// Waits on a spawned thread and wakes the task when done: needs no runtime. A zero duration
/// completes at once without a thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadSleep;

impl AsyncSleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        if duration.is_zero() {
            return Box::pin(std::future::ready(()));
        }
        let state = Arc::new(Mutex::new(ThreadSleepState::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            std::thread::sleep(duration);
            let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
            state.done = true;
            if let Some(waker) = state.waker.take() {
                waker.wake();
            }
        });
        Box::pin(ThreadSleepFuture(state))
    }
}

#[derive(Default)]
struct ThreadSleepState {
    done: bool,
    waker: Option<Waker>,
}

struct ThreadSleepFuture(Arc<Mutex<ThreadSleepState>>);

impl Future for ThreadSleepFuture {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if state.done {
            Poll::Ready(())
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// `future`'s output, or `Err(())` when `limit` passes first. `None` means no limit.
pub(crate) async fn timeout<F: Future>(
    sleep: &SharedAsyncSleep,
    limit: Option<Duration>,
    future: F,
) -> Result<F::Output, ()> {
    let Some(limit) = limit else {
        return Ok(future.await);
    };
    let mut future = std::pin::pin!(future);
    let mut timer = sleep.sleep(limit);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        timer.as_mut().poll(cx).map(Err)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::block_on;
    use std::time::Instant;

    #[test]
    fn thread_sleep_waits_and_zero_is_immediate() {
        let start = Instant::now();
        block_on(ThreadSleep.sleep(Duration::from_millis(20)));
        assert!(start.elapsed() >= Duration::from_millis(20));
        block_on(ThreadSleep.sleep(Duration::ZERO));
    }

    #[test]
    fn default_sleep_works_outside_a_runtime() {
        let start = Instant::now();
        block_on(default_async_sleep().sleep(Duration::from_millis(5)));
        assert!(start.elapsed() >= Duration::from_millis(5));
    }

    #[test]
    fn timeout_races_the_future() {
        let sleep = SharedAsyncSleep::new(ThreadSleep);
        let quick = block_on(timeout(&sleep, Some(Duration::from_secs(5)), async { 7 }));
        assert_eq!(quick, Ok(7));
        let never = std::future::pending::<()>();
        let slow = block_on(timeout(&sleep, Some(Duration::from_millis(10)), never));
        assert_eq!(slow, Err(()));
        assert_eq!(block_on(timeout(&sleep, None, async { 1 })), Ok(1));
    }

    #[cfg(feature = "rt-tokio")]
    #[tokio::test]
    async fn tokio_sleep_inside_a_runtime() {
        let start = Instant::now();
        TokioSleep.sleep(Duration::from_millis(5)).await;
        assert!(start.elapsed() >= Duration::from_millis(5));
    }
}
