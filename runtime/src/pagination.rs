//! Paginators: the stream that generated `<Op>Paginator::send()` returns.
//!
//! In: an operation's input builder, how to read and write its input token, how to read the
//! output token of a page, and a function that sends one request. Out: a
//! [`PaginationStream`] whose [`next`](PaginationStream::next) sends the next request on
//! demand, and ([`PaginationStream::items`]) a stream of the items of every page.
//!
//! The stream ends after a page whose output token is absent or empty, after a page that
//! returns the very token that was sent for it (the AWS SDKs stop there rather than loop
//! forever; [`token_pages`] can be told not to), and after an error, which is yielded once.
//! There is no dependency on the `futures` crate: the stream is a boxed state machine with an
//! `async fn next`.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;

use crate::connector::BoxFuture;

/// A source of values, produced one at a time by an asynchronous step.
trait Source<T>: Send {
    fn next(&mut self) -> BoxFuture<'_, Option<T>>;
}

/// An asynchronous stream of pages or items, pulled with [`next`](Self::next).
///
/// Each call to `next` on a page stream sends one request; a stream of `Result`s ends after
/// the first error it yields.
pub struct PaginationStream<T> {
    source: Box<dyn Source<T>>,
}

impl<T> fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaginationStream").finish_non_exhaustive()
    }
}

impl<T: Send + 'static> PaginationStream<T> {
    fn new(source: impl Source<T> + 'static) -> Self {
        Self {
            source: Box::new(source),
        }
    }

    /// The next value, or `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<T> {
        self.source.next().await
    }

    /// Every remaining value, collected into `C`: a `Vec`, or for a stream of results a
    /// `Result<Vec<_>, _>` (the first error; the stream ends after an error anyway).
    pub async fn collect<C: FromIterator<T>>(mut self) -> C {
        let mut all = Vec::new();
        while let Some(value) = self.next().await {
            all.push(value);
        }
        all.into_iter().collect()
    }
}

impl<T: Send + 'static, E: Send + 'static> PaginationStream<Result<T, E>> {
    /// The next value, `Ok(None)` once the stream has ended, or the error the stream yields.
    pub async fn try_next(&mut self) -> Result<Option<T>, E> {
        self.next().await.transpose()
    }

    /// Every remaining value, or the first error (after which the stream has ended anyway).
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut all = Vec::new();
        while let Some(value) = self.try_next().await? {
            all.push(value);
        }
        Ok(all)
    }

    /// A stream of the items of every page, in order: `items_of` takes a page apart. An error
    /// page is yielded as the error, and the stream ends after it.
    pub fn items<I, F>(self, items_of: F) -> PaginationStream<Result<I::Item, E>>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: FnMut(T) -> I + Send + 'static,
    {
        PaginationStream::new(Items {
            pages: self,
            items_of,
            buffered: VecDeque::new(),
        })
    }
}

/// A pagination token: a string, or (as DynamoDB's `ExclusiveStartKey`) a map. An empty
/// token means there are no more pages.
pub trait Token: Clone + PartialEq + Send + 'static {
    /// Whether the token is empty.
    fn is_empty_token(&self) -> bool;
}

impl Token for String {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl<V: Clone + PartialEq + Send + 'static> Token for std::collections::HashMap<String, V> {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

/// The page stream of an operation paginated by tokens (the `@paginated` trait).
///
/// Each step clones `builder`, sends it with `send`, and yields the result. `token` is the
/// builder's input token field, set from the page's output token (read by `next_token`)
/// before the next step; the first request sends whatever token the builder already holds.
/// The stream ends after an error, after a page without a (non-empty) output token and, when
/// `stop_on_duplicate_token` is set, after a page whose output token equals the token sent.
pub fn token_pages<B, T, O, E, S, F>(
    builder: B,
    token: fn(&mut B) -> &mut Option<T>,
    next_token: fn(&O) -> Option<&T>,
    stop_on_duplicate_token: bool,
    send: S,
) -> PaginationStream<Result<O, E>>
where
    B: Clone + Send + 'static,
    T: Token,
    O: Send + 'static,
    E: Send + 'static,
    S: FnMut(B) -> F + Send + 'static,
    F: Future<Output = Result<O, E>> + Send + 'static,
{
    PaginationStream::new(TokenPages {
        builder,
        token,
        next_token,
        stop_on_duplicate_token,
        send,
        done: false,
    })
}

struct TokenPages<B, T, O, S> {
    builder: B,
    token: fn(&mut B) -> &mut Option<T>,
    next_token: fn(&O) -> Option<&T>,
    stop_on_duplicate_token: bool,
    send: S,
    done: bool,
}

impl<B, T, O, E, S, F> Source<Result<O, E>> for TokenPages<B, T, O, S>
where
    B: Clone + Send + 'static,
    T: Token,
    O: Send + 'static,
    E: Send + 'static,
    S: FnMut(B) -> F + Send + 'static,
    F: Future<Output = Result<O, E>> + Send + 'static,
{
    fn next(&mut self) -> BoxFuture<'_, Option<Result<O, E>>> {
        Box::pin(async move {
            if self.done {
                return None;
            }
            let sent = (self.token)(&mut self.builder).clone();
            let result = (self.send)(self.builder.clone()).await;
            let next = match &result {
                Ok(page) => match (self.next_token)(page) {
                    Some(t) if t.is_empty_token() => None,
                    Some(t) if self.stop_on_duplicate_token && sent.as_ref() == Some(t) => None,
                    other => other.cloned(),
                },
                Err(_) => None,
            };
            match next {
                Some(t) => *(self.token)(&mut self.builder) = Some(t),
                None => self.done = true,
            }
            Some(result)
        })
    }
}

struct Items<P, E, F, T> {
    pages: PaginationStream<Result<P, E>>,
    items_of: F,
    buffered: VecDeque<T>,
}

impl<P, E, F, I> Source<Result<I::Item, E>> for Items<P, E, F, I::Item>
where
    P: Send + 'static,
    E: Send + 'static,
    I: IntoIterator,
    I::Item: Send + 'static,
    F: FnMut(P) -> I + Send + 'static,
{
    fn next(&mut self) -> BoxFuture<'_, Option<Result<I::Item, E>>> {
        Box::pin(async move {
            loop {
                if let Some(item) = self.buffered.pop_front() {
                    return Some(Ok(item));
                }
                match self.pages.next().await? {
                    Ok(page) => self.buffered.extend((self.items_of)(page)),
                    Err(e) => return Some(Err(e)),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::block_on;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Debug, Default)]
    struct Input {
        token: Option<String>,
    }

    struct Page {
        next: Option<String>,
        items: Vec<u32>,
    }

    /// The token sent with each request, oldest first.
    type Log = Arc<Mutex<Vec<Option<String>>>>;

    /// A page stream over canned results that records the token of every request.
    fn pages(
        start: Option<&str>,
        stop_on_duplicate_token: bool,
        canned: Vec<Result<Page, &'static str>>,
    ) -> (PaginationStream<Result<Page, &'static str>>, Log) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&sent);
        let mut canned = VecDeque::from(canned);
        let stream = token_pages(
            Input {
                token: start.map(String::from),
            },
            |b: &mut Input| &mut b.token,
            |p: &Page| p.next.as_ref(),
            stop_on_duplicate_token,
            move |input: Input| {
                log.lock().unwrap().push(input.token);
                let result = canned.pop_front().expect("a canned page per request");
                async move { result }
            },
        );
        (stream, sent)
    }

    fn page(next: Option<&'static str>, items: &[u32]) -> Result<Page, &'static str> {
        Ok(Page {
            next: next.map(String::from),
            items: items.to_vec(),
        })
    }

    fn tokens(log: &Log) -> Vec<Option<String>> {
        log.lock().unwrap().clone()
    }

    #[test]
    fn map_tokens_end_when_empty() {
        use std::collections::HashMap;
        let key = |k: &str| HashMap::from([(k.to_string(), 1u8)]);
        let mut canned = VecDeque::from(vec![key("a"), key("b"), HashMap::new()]);
        let mut stream = token_pages(
            None::<HashMap<String, u8>>,
            |b| b,
            |p: &HashMap<String, u8>| Some(p),
            true,
            move |_| {
                let page = canned.pop_front();
                async move { page.ok_or("no more pages") }
            },
        );
        let pages: Vec<_> = block_on(async {
            let mut all = Vec::new();
            while let Some(p) = stream.next().await {
                all.push(p);
            }
            all
        });
        assert_eq!(pages.len(), 3);
        assert!(pages.iter().all(Result::is_ok));
    }

    #[test]
    fn passes_each_output_token_on_until_it_is_absent() {
        let (stream, log) = pages(
            None,
            true,
            vec![
                page(Some("a"), &[1]),
                page(Some("b"), &[2]),
                page(None, &[3]),
            ],
        );
        let all = block_on(stream.try_collect()).unwrap();
        assert_eq!(
            all.iter().map(|p| p.items[0]).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(tokens(&log), [None, Some("a".into()), Some("b".into())]);
    }

    #[test]
    fn a_stream_of_results_collects_into_a_result() {
        let (stream, _) = pages(None, true, vec![page(Some("a"), &[1]), page(None, &[2])]);
        let all: Result<Vec<_>, _> = block_on(stream.collect());
        assert_eq!(all.unwrap().len(), 2);
    }

    #[test]
    fn starts_from_the_builders_token_and_stops_on_an_empty_one() {
        let (stream, log) = pages(Some("s"), true, vec![page(Some(""), &[1])]);
        assert_eq!(block_on(stream.collect::<Vec<_>>()).len(), 1);
        assert_eq!(tokens(&log), [Some("s".to_string())]);
    }

    #[test]
    fn stops_on_a_repeated_token_unless_told_not_to() {
        let (stream, log) = pages(None, true, vec![page(Some("a"), &[]), page(Some("a"), &[])]);
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 2);
        assert_eq!(tokens(&log).len(), 2);

        let canned = vec![page(Some("a"), &[]), page(Some("a"), &[]), page(None, &[])];
        let (stream, log) = pages(None, false, canned);
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 3);
        assert_eq!(tokens(&log).len(), 3);
    }

    #[test]
    fn yields_an_error_once_then_ends() {
        let (mut stream, log) = pages(None, true, vec![page(Some("a"), &[1]), Err("boom")]);
        assert!(matches!(block_on(stream.try_next()), Ok(Some(_))));
        assert_eq!(block_on(stream.try_next()).err(), Some("boom"));
        assert!(block_on(stream.next()).is_none());
        assert!(block_on(stream.next()).is_none());
        assert_eq!(tokens(&log).len(), 2);
    }

    #[test]
    fn items_flatten_pages_and_end_after_an_error() {
        let canned = vec![
            page(Some("a"), &[1, 2]),
            page(Some("b"), &[]),
            page(None, &[3]),
        ];
        let (stream, _) = pages(None, true, canned);
        let items = block_on(stream.items(|p: Page| p.items).try_collect()).unwrap();
        assert_eq!(items, [1, 2, 3]);

        let (stream, _) = pages(None, true, vec![page(Some("a"), &[1]), Err("boom")]);
        let mut items = stream.items(|p: Page| p.items);
        assert_eq!(block_on(items.next()), Some(Ok(1)));
        assert_eq!(block_on(items.next()), Some(Err("boom")));
        assert_eq!(block_on(items.next()), None);
    }

    #[test]
    fn streams_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let (mut stream, _) = pages(None, true, vec![page(None, &[])]);
        assert_send(&stream);
        assert_send(&stream.next());
    }
}
