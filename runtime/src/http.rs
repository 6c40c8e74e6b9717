//! HTTP request, response and header types that cross the connector boundary.
//!
//! In: method, URI, headers and body bytes from generated serializers (requests) or from a
//! connector (responses). Out: plain owned values that any HTTP stack can be adapted to. There is
//! no dependency on an HTTP crate: a connector converts to and from its own types.

/// An ordered list of header name/value pairs. Names compare case-insensitively (ASCII); values
/// are kept exactly as given. Order of insertion is preserved, and a name may occur many times.
///
/// `Debug` prints every entry but the values of [`SENSITIVE_HEADERS`] (signatures, session
/// tokens, cookies), which print as [`REDACTED`], so a logged request never shows a secret.
#[derive(Clone, Default, PartialEq)]
pub struct Headers {
    entries: Vec<(String, String)>,
}

/// Headers whose values `Debug` never prints (compared case-insensitively).
pub const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "cookie",
    "set-cookie",
    "proxy-authorization",
];

/// What `Debug` prints instead of a sensitive header value.
pub const REDACTED: &str = "** redacted **";

impl std::fmt::Debug for Headers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in &self.entries {
            let sensitive = SENSITIVE_HEADERS
                .iter()
                .any(|s| name.eq_ignore_ascii_case(s));
            let shown: &str = if sensitive { REDACTED } else { value };
            list.entry(&(name, shown));
        }
        list.finish()
    }
}

impl Headers {
    /// An empty header list.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first value for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value for `name`, in insertion order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name` to `value`, removing every earlier value of that name. The new entry goes
    /// where the first old one was, or at the end if there was none.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self
            .entries
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            Some(first) => {
                let mut index = 0;
                self.entries.retain(|(n, _)| {
                    let keep = index <= first || !n.eq_ignore_ascii_case(&name);
                    index += 1;
                    keep
                });
                self.entries[first] = (name, value);
            }
            None => self.entries.push((name, value)),
        }
    }

    /// Sets `name` to `value` unless the headers already have it (the caller's value wins).
    pub fn insert_if_absent(&mut self, name: &str, value: impl Into<String>) {
        if !self.contains(name) {
            self.insert(name, value);
        }
    }

    /// [`Headers::insert_if_absent`] with a value computed only when it is needed (a digest of
    /// the body, say).
    pub fn insert_if_absent_with(&mut self, name: &str, value: impl FnOnce() -> String) {
        if !self.contains(name) {
            self.insert(name, value());
        }
    }

    /// Adds a value for `name`, keeping any existing values.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.entries.push((name.into(), value.into()));
    }

    /// Removes every value for `name`.
    pub fn remove(&mut self, name: &str) {
        self.entries.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Whether any value for `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// All entries as `(name, value)`, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The number of entries (a name with two values counts twice).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        let mut headers = Headers::new();
        headers.extend(iter);
        headers
    }
}

impl<N: Into<String>, V: Into<String>> Extend<(N, V)> for Headers {
    fn extend<I: IntoIterator<Item = (N, V)>>(&mut self, iter: I) {
        for (name, value) in iter {
            self.append(name, value);
        }
    }
}

/// An HTTP request as generated serializers build it.
///
/// `uri` holds path and query (`/Op?x=1`) until [`crate::client::invoke`] prefixes the endpoint;
/// from then on it is absolute (`https://example.com/Op?x=1`).
///
/// `Debug` prints the body's length, not its bytes (it may hold `@sensitive` members), and the
/// headers with their secrets redacted (see [`Headers`]).
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// The method, upper case (`GET`, `PUT`, ...).
    pub method: String,
    /// Path and query, or the absolute URI once the endpoint is applied.
    pub uri: String,
    /// Request headers.
    pub headers: Headers,
    /// The request body; empty for none.
    pub body: Vec<u8>,
}

/// `body: [N bytes]` in a `Debug` listing.
struct BodyLength(usize);

impl std::fmt::Debug for BodyLength {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{} bytes]", self.0)
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &self.headers)
            .field("body", &BodyLength(self.body.len()))
            .finish()
    }
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyLength(self.body.len()))
            .finish()
    }
}

impl HttpRequest {
    /// A request with no headers and an empty body.
    pub fn new(method: impl Into<String>, uri: impl Into<String>) -> Self {
        Self {
            method: method.into(),
            uri: uri.into(),
            headers: Headers::new(),
            body: Vec::new(),
        }
    }

    /// The method (`POST`).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The full URI.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// Replaces the URI.
    pub fn set_uri(&mut self, uri: impl Into<String>) {
        self.uri = uri.into();
    }

    /// The headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The headers, to change (in `customize().mutate_request(..)`, before signing).
    pub fn headers_mut(&mut self) -> &mut Headers {
        &mut self.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// An HTTP status code, as `raw_response().status()` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatusCode(u16);

impl StatusCode {
    /// The code as a number.
    pub fn as_u16(&self) -> u16 {
        self.0
    }

    /// `200..=299`.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.0)
    }

    /// `400..=499`.
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.0)
    }

    /// `500..=599`.
    pub fn is_server_error(&self) -> bool {
        (500..600).contains(&self.0)
    }
}

impl From<u16> for StatusCode {
    fn from(code: u16) -> Self {
        StatusCode(code)
    }
}

impl From<StatusCode> for u16 {
    fn from(code: StatusCode) -> Self {
        code.0
    }
}

impl PartialEq<u16> for StatusCode {
    fn eq(&self, other: &u16) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Display for StatusCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An HTTP response as a connector returns it: status, headers and the whole body.
///
/// `Debug` prints the body's length, not its bytes, like [`HttpRequest`].
#[derive(Clone, PartialEq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
    /// The response body; empty for none.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with the given status and body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Headers::new(),
            body: body.into(),
        }
    }

    /// Appends a header and returns the response (for building canned responses).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        StatusCode(self.status)
    }

    /// The response headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether the status is in `200..=299`.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive() {
        let mut h = Headers::new();
        h.append("Content-Type", "application/json");
        assert_eq!(h.get("content-type"), Some("application/json"));
        assert_eq!(h.get("CONTENT-TYPE"), Some("application/json"));
        assert!(h.contains("content-TYPE"));
        assert!(!h.contains("content-length"));
        assert_eq!(h.get("x"), None);
    }

    #[test]
    fn append_keeps_all_and_get_returns_first() {
        let mut h = Headers::new();
        h.append("X-A", "1");
        h.append("x-a", "2");
        h.append("Other", "o");
        assert_eq!(h.get("x-a"), Some("1"));
        assert_eq!(h.get_all("X-A").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(h.len(), 3);
    }

    #[test]
    fn insert_replaces_every_earlier_value_in_place() {
        let mut h = Headers::new();
        h.append("a", "1");
        h.append("X-Dup", "1");
        h.append("b", "2");
        h.append("x-dup", "2");
        h.insert("X-DUP", "new");
        assert_eq!(
            h.iter().collect::<Vec<_>>(),
            [("a", "1"), ("X-DUP", "new"), ("b", "2")]
        );
        h.insert("c", "3");
        assert_eq!(h.get("c"), Some("3"));
        assert_eq!(h.len(), 4);
    }

    #[test]
    fn remove_drops_every_value() {
        let mut h: Headers = [("a", "1"), ("A", "2"), ("b", "3")].into_iter().collect();
        h.remove("a");
        assert_eq!(h.iter().collect::<Vec<_>>(), [("b", "3")]);
        h.remove("b");
        assert!(h.is_empty());
        h.remove("missing");
        assert!(h.is_empty());
    }

    #[test]
    fn debug_redacts_credentials_and_cookies() {
        let mut req = HttpRequest::new("POST", "/op");
        req.headers.append(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKID/..., Signature=abc123",
        );
        req.headers
            .append("X-Amz-Security-Token", "session-token-value");
        req.headers.append("cookie", "sid=s3cr3t");
        req.headers
            .append("Proxy-Authorization", "Basic dXNlcjpwYXNz");
        req.headers.append("x-amz-date", "20240101T000000Z");
        let shown = format!("{req:?} {req:#?}");
        for secret in ["abc123", "session-token-value", "s3cr3t", "dXNlcjpwYXNz"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        assert!(
            shown.contains("20240101T000000Z"),
            "other headers print: {shown}"
        );
        req.body = b"{\"secret\":\"hunter2\"}".to_vec();
        let shown = format!("{req:?}");
        assert!(shown.contains("body: [20 bytes]"), "{shown}");
        let response = HttpResponse::new(200, "{\"secret\":\"hunter2\"}");
        assert_eq!(
            format!("{response:?}"),
            "HttpResponse { status: 200, headers: [], body: [20 bytes] }"
        );
        assert!(shown.contains(REDACTED));
        // The values themselves are untouched.
        assert_eq!(req.headers.get("cookie"), Some("sid=s3cr3t"));
    }

    #[test]
    fn request_and_response_constructors() {
        let req = HttpRequest::new("GET", "/Op?x=1");
        assert_eq!(req.method, "GET");
        assert_eq!(req.uri, "/Op?x=1");
        assert!(req.headers.is_empty() && req.body.is_empty());

        let resp = HttpResponse::new(404, "nope").with_header("X-Amzn-RequestId", "r1");
        assert_eq!(resp.status(), 404);
        assert_eq!(resp.body(), b"nope");
        assert_eq!(resp.headers().get("x-amzn-requestid"), Some("r1"));
        assert!(!resp.is_success());
        assert!(HttpResponse::new(204, Vec::new()).is_success());
    }
}
