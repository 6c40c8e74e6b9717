//! The pieces of a SigV4 canonical request: URI parsing, the canonical path and query, and
//! canonical header values.
//!
//! In: the request's absolute URI text and header values, plus the path settings. Out:
//! canonical strings that contain only RFC 3986 unreserved characters, `/`, `%XX` escapes
//! (upper-case hex), `=` and `&` (query) or the trimmed header text. Nothing here panics on
//! input: a URI or header that cannot be signed is a [`SigningError`].

use super::SigningError;
use crate::percent::{
    decode as percent_decode, encode as uri_encode, hex_pair, is_unreserved, push_escaped,
};

/// An absolute `http`/`https` URI split into the parts signing needs. Borrowed from the
/// request's `uri`; the path and query are kept exactly as written (already percent-encoded,
/// or with literal characters that still need encoding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParsedUri<'a> {
    /// The host as written, brackets included for IPv6 literals.
    host: &'a str,
    /// The port, when written and not the scheme's default.
    port: Option<&'a str>,
    /// The path, `""` or starting with `/`.
    pub(super) path: &'a str,
    /// The query without `?`, if there is one.
    pub(super) query: Option<&'a str>,
}

impl ParsedUri<'_> {
    /// The value for a `host` header: `host` or `host:port`, omitting the default port.
    pub(super) fn host_header(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.to_owned(),
        }
    }
}

/// Splits `uri` (`scheme://host[:port][/path][?query][#fragment]`). The fragment is dropped
/// (it is never sent); userinfo is refused, as is anything with control characters.
pub(super) fn parse_uri(uri: &str) -> Result<ParsedUri<'_>, SigningError> {
    let bad = |reason: &str| SigningError::uri(uri, reason);
    if uri.bytes().any(|b| b.is_ascii_control()) {
        return Err(bad("it contains a control character"));
    }
    let (scheme, rest) = uri
        .split_once("://")
        .ok_or_else(|| bad("it is not absolute (expected `https://host/path`)"))?;
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        "443"
    } else if scheme.eq_ignore_ascii_case("http") {
        "80"
    } else {
        return Err(bad("the scheme is not http or https"));
    };
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(bad("it contains userinfo (`user@host`)"));
    }
    let (host, port) =
        split_host_port(authority).ok_or_else(|| bad("the host or port is not valid"))?;
    if host.is_empty() || host == "[]" {
        return Err(bad("the host is empty"));
    }
    if host.contains(' ') {
        return Err(bad("the host contains a space"));
    }
    let port = port.filter(|p| !p.is_empty() && *p != default_port);
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    Ok(ParsedUri {
        host,
        port,
        path,
        query,
    })
}

/// `host[:port]` or `[v6][:port]` into host and (possibly empty) port; `None` if the port is
/// not a number in `0..=65535` or the brackets are unbalanced.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, after) = authority.split_at(close + 1);
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.contains(['[', ']']) && !host.starts_with('[') {
        return None;
    }
    if let Some(port) = port {
        let valid = port.is_empty()
            || (port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u32>().is_ok_and(|p| p <= 65_535));
        if !valid {
            return None;
        }
    }
    Some((host, port))
}

/// Like [`uri_encode`] with `/` kept, but an existing `%XX` escape is kept as one escape
/// (upper-cased) instead of being encoded again: encoding an already-encoded path once.
fn uri_encode_keeping_escapes(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b == b'%' {
            if let Some(decoded) = hex_pair(input, i + 1) {
                push_escaped(&mut out, decoded);
                i += 3;
                continue;
            }
        }
        if is_unreserved(b) || b == b'/' {
            out.push(char::from(b));
        } else {
            push_escaped(&mut out, b);
        }
        i += 1;
    }
    out
}

/// Removes `.` and `..` segments and empty segments (`//`) from an absolute path, as the AWS
/// SDKs do for every service except S3. The result starts with `/`; it ends with `/` when the
/// input ended with `/` or `/.`. A `..` above the root is dropped.
pub(super) fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    let trailing_slash = path.ends_with('/') || path.ends_with("/.");
    if out.is_empty() || (trailing_slash && !out.ends_with('/')) {
        out.push('/');
    }
    out
}

/// The canonical URI: the path (`/` if empty), normalised when `normalize`, then encoded.
///
/// The path is taken as written in the request, which is already percent-encoded for the
/// wire. With `double_encode` (every service but S3) it is encoded again as a whole, so `%3D`
/// becomes `%253D`; without it, existing escapes are kept and only characters that are not
/// allowed unescaped (a literal space, non-ASCII, reserved characters) are encoded.
pub(super) fn canonical_uri(path: &str, normalize: bool, double_encode: bool) -> String {
    let path = if normalize {
        normalize_path(path)
    } else if path.is_empty() {
        "/".to_owned()
    } else {
        path.to_owned()
    };
    if double_encode {
        uri_encode(path.as_bytes(), true)
    } else {
        uri_encode_keeping_escapes(path.as_bytes())
    }
}

/// The canonical query string: each `key=value` pair decoded, then re-encoded strictly (space
/// as `%20`, `+` as `%2B`), sorted by encoded key and then value, and joined with `&`. A pair
/// without `=` gets an empty value (`key=`); empty pairs (`a=1&&b=2`) are skipped.
pub(super) fn canonical_query(query: Option<&str>) -> String {
    let Some(query) = query else {
        return String::new();
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                uri_encode(&percent_decode(key), false),
                uri_encode(&percent_decode(value), false),
            )
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len());
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Whether `name` is an RFC 9110 token: what header names and methods must be.
pub(super) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// Whether `value` can be sent as a header value: no control characters except tab (so no
/// CR/LF: a folded multi-line value must be unfolded before it gets here).
pub(super) fn is_valid_header_value(value: &str) -> bool {
    value.bytes().all(|b| b == b'\t' || !b.is_ascii_control())
}

/// A header value as it appears in the canonical request: leading and trailing spaces and
/// tabs removed, and each inner run of them replaced by one space.
pub(super) fn canonical_header_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split([' ', '\t']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encode_keeps_only_unreserved() {
        let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        assert_eq!(uri_encode(unreserved.as_bytes(), false), unreserved);
        assert_eq!(uri_encode(b"a b", false), "a%20b");
        assert_eq!(uri_encode(b"a+b=c&d", false), "a%2Bb%3Dc%26d");
        assert_eq!(uri_encode(b"/a/b", false), "%2Fa%2Fb");
        assert_eq!(uri_encode(b"/a/b", true), "/a/b");
        assert_eq!(uri_encode("ሴ".as_bytes(), true), "%E1%88%B4");
        assert_eq!(uri_encode(b"%3D", true), "%253D");
        assert_eq!(
            uri_encode(b"@:!*'()$,;", true),
            "%40%3A%21%2A%27%28%29%24%2C%3B"
        );
    }

    #[test]
    fn single_encoding_keeps_existing_escapes() {
        assert_eq!(uri_encode_keeping_escapes(b"/a%3db/c d"), "/a%3Db/c%20d");
        assert_eq!(uri_encode_keeping_escapes(b"/100%"), "/100%25");
        assert_eq!(uri_encode_keeping_escapes(b"/%zz"), "/%25zz");
        assert_eq!(uri_encode_keeping_escapes(b"/k=v:@"), "/k%3Dv%3A%40");
    }

    #[test]
    fn normalize_path_follows_the_suite() {
        for (input, expected) in [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("//example//", "/example/"),
            ("/a/b/../c", "/a/c"),
            ("/a/./b/.", "/a/b/"),
            ("/a/b/..", "/a"),
            ("/../../a", "/a"),
            ("/a/..b/.c", "/a/..b/.c"),
            ("/example space/", "/example space/"),
        ] {
            assert_eq!(normalize_path(input), expected, "normalize {input:?}");
        }
    }

    #[test]
    fn canonical_uri_modes() {
        let path = "/test/@connections/JBDvjfGEIAMCERw%3D";
        assert_eq!(
            canonical_uri(path, true, true),
            "/test/%40connections/JBDvjfGEIAMCERw%253D"
        );
        assert_eq!(
            canonical_uri(path, false, false),
            "/test/%40connections/JBDvjfGEIAMCERw%3D"
        );
        assert_eq!(canonical_uri("//a/./b", false, true), "//a/./b");
        assert_eq!(canonical_uri("//a/./b", true, true), "/a/b");
        assert_eq!(canonical_uri("", false, true), "/");
        assert_eq!(
            canonical_uri("/example space/", false, true),
            "/example%20space/"
        );
    }

    #[test]
    fn canonical_query_sorts_and_encodes() {
        assert_eq!(canonical_query(None), "");
        assert_eq!(canonical_query(Some("")), "");
        assert_eq!(
            canonical_query(Some("Param2=value2&Param1=value1")),
            "Param1=value1&Param2=value2"
        );
        // Sorted by encoded key, so `%E1…` sorts before letters.
        assert_eq!(
            canonical_query(Some("Param-3=Value3&Param=Value2&%E1%88%B4=Value1")),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"
        );
        assert_eq!(canonical_query(Some("ሴ=bar")), "%E1%88%B4=bar");
        assert_eq!(canonical_query(Some("b=2&a&c=")), "a=&b=2&c=");
        assert_eq!(canonical_query(Some("a=1&&a=0")), "a=0&a=1");
        assert_eq!(canonical_query(Some("c+d")), "c%2Bd=");
        assert_eq!(canonical_query(Some("k=a%20b%2fc d")), "k=a%20b%2Fc%20d");
        assert_eq!(canonical_query(Some("k=100%")), "k=100%25");
        // Sorting is by key first: `a` < `a-b`, whatever the values.
        assert_eq!(canonical_query(Some("a-b=1&a=2")), "a=2&a-b=1");
    }

    #[test]
    fn parse_uri_parts() {
        let p = parse_uri("https://example.com/a/b?x=1&y#frag").unwrap();
        assert_eq!(
            (p.host_header().as_str(), p.path, p.query),
            ("example.com", "/a/b", Some("x=1&y"))
        );
        let p = parse_uri("https://example.com").unwrap();
        assert_eq!((p.path, p.query), ("", None));
        let p = parse_uri("https://example.com?a=b").unwrap();
        assert_eq!((p.path, p.query), ("", Some("a=b")));
        assert_eq!(
            parse_uri("https://example.com:443/").unwrap().host_header(),
            "example.com"
        );
        assert_eq!(
            parse_uri("HTTP://example.com:80/").unwrap().host_header(),
            "example.com"
        );
        assert_eq!(
            parse_uri("http://example.com:443/").unwrap().host_header(),
            "example.com:443"
        );
        assert_eq!(
            parse_uri("https://localhost:8080/").unwrap().host_header(),
            "localhost:8080"
        );
        assert_eq!(
            parse_uri("https://[::1]:8443/x").unwrap().host_header(),
            "[::1]:8443"
        );
        assert_eq!(parse_uri("https://[::1]/x").unwrap().host_header(), "[::1]");
        assert_eq!(
            parse_uri("https://example.com:/").unwrap().host_header(),
            "example.com"
        );
        assert_eq!(parse_uri("https://h/a b").unwrap().path, "/a b");
    }

    #[test]
    fn parse_uri_rejects_what_cannot_be_signed() {
        for (uri, reason) in [
            ("/relative?x=1", "not absolute"),
            ("", "not absolute"),
            ("ftp://example.com/", "scheme"),
            ("https:///path", "host is empty"),
            ("https://", "host is empty"),
            ("https://user:pw@example.com/", "userinfo"),
            ("https://example.com:99999/", "port is not valid"),
            ("https://example.com:8a/", "port is not valid"),
            ("https://[::1/", "port is not valid"),
            ("https://[::1]x/", "port is not valid"),
            ("https://exa mple.com/", "space"),
            ("https://example.com/a\r\nb", "control"),
            ("https://example.com/\0", "control"),
        ] {
            let err = parse_uri(uri).unwrap_err().to_string();
            assert!(err.contains(reason), "{uri:?}: {err}");
        }
    }

    #[test]
    fn header_values_are_trimmed_and_collapsed() {
        assert_eq!(canonical_header_value(" value1"), "value1");
        assert_eq!(canonical_header_value(" \"a   b   c\" "), "\"a b c\"");
        assert_eq!(canonical_header_value("a \t b\t"), "a b");
        assert_eq!(canonical_header_value("   "), "");
        assert_eq!(canonical_header_value("VALUE1"), "VALUE1");
    }

    #[test]
    fn header_validation() {
        assert!(is_token("X-Amz-Date"));
        assert!(!is_token(""));
        assert!(!is_token("bad name"));
        assert!(!is_token("bad:name"));
        assert!(is_valid_header_value("a\tb é"));
        assert!(!is_valid_header_value("a\r\n b"));
        assert!(!is_valid_header_value("a\0"));
    }
}
