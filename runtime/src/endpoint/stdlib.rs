//! The rules language's standard library: the functions a generated resolver calls for
//! `isValidHostLabel`, `parseURL`, `substring` and `uriEncode`.
//!
//! In: strings from endpoint parameters and earlier conditions. Out: the values the Smithy
//! rules-engine specification defines, with `None` where the specification says the function
//! returns an empty value (a condition on it is then not met).

/// `isValidHostLabel`: whether `input` is one RFC 1123 host label (1 to 63 ASCII letters, digits
/// and `-`, not starting with `-`), or, with `allow_subdomains`, one or more such labels joined
/// by `.` (an empty label, as in `a..b` or `a.`, is invalid).
pub fn is_valid_host_label(input: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        input.split('.').all(is_host_label)
    } else {
        is_host_label(input)
    }
}

fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// The parts of a URL that `parseURL` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`, lower case.
    pub scheme: String,
    /// `host[:port]` as written (with any user info).
    pub authority: String,
    /// The path as written: empty for `https://example.com`, `/` for `https://example.com/`.
    pub path: String,
    /// The path with a leading and a trailing `/` (`/` when the path is empty).
    pub normalized_path: String,
    /// Whether the host is an IPv4 address or a bracketed IPv6 address.
    pub is_ip: bool,
}

/// `parseURL`: splits an absolute `http` or `https` URL into its parts.
///
/// `None` when the input is not such a URL, has an empty host or a bad port, contains
/// whitespace or control characters, or has a query (`?`), which endpoint URLs may not carry.
/// A fragment (`#...`) is dropped, as the reference implementations do.
pub fn parse_url(input: &str) -> Option<Url> {
    if input.chars().any(|c| c.is_whitespace() || c.is_control()) || input.contains('?') {
        return None;
    }
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = host_of(authority)?;
    Some(Url {
        scheme,
        authority: authority.to_string(),
        path: path.to_string(),
        normalized_path: normalize_path(path),
        is_ip: is_ip(host),
    })
}

/// The host of an authority (user info and port removed); `None` when it is empty or the port
/// is not a number.
fn host_of(authority: &str) -> Option<&str> {
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = if host_port.starts_with('[') {
        let close = host_port.find(']')?;
        let (host, after) = host_port.split_at(close + 1);
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    let port_ok = match port {
        None => true,
        Some(p) => !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()),
    };
    (!host.is_empty() && port_ok).then_some(host)
}

fn normalize_path(path: &str) -> String {
    if path.trim().is_empty() {
        return "/".to_string();
    }
    let mut normalized = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(path);
    if !path.ends_with('/') {
        normalized.push('/');
    }
    normalized
}

/// Whether a host is a bracketed IPv6 address or looks like an IPv4 address: four dot-separated
/// numbers of one to three digits without leading zeros (the range is not checked, as in the
/// reference implementation).
pub(crate) fn is_ip(host: &str) -> bool {
    if host.len() >= 2 && host.starts_with('[') && host.ends_with(']') {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

/// `substring`: the characters `start..stop` of an ASCII string, counted from the end when
/// `reverse` is set (the result still reads forwards).
///
/// `None` when `start >= stop`, the input is shorter than `stop`, or it is not all ASCII.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || input.len() < stop || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    Some(input[from..to].to_string())
}

/// `uriEncode`: percent-encodes every byte of the UTF-8 input except the RFC 3986 unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`), with upper-case hex digits.
pub fn uri_encode(input: &str) -> String {
    crate::percent::encode(input.as_bytes(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        for ok in ["a", "us-east-1", "0abc", "A-B-", &"x".repeat(63)] {
            assert!(is_valid_host_label(ok, false), "{ok}");
        }
        for bad in ["", "-a", "a.b", "a_b", "ü", &"x".repeat(64)] {
            assert!(!is_valid_host_label(bad, false), "{bad}");
        }
        assert!(is_valid_host_label("a.b-c.d1", true));
        for bad in ["a..b", "a.", ".a", "a.-b", "a.b_c", ""] {
            assert!(!is_valid_host_label(bad, true), "{bad}");
        }
    }

    fn url(scheme: &str, authority: &str, path: &str, normalized: &str, is_ip: bool) -> Url {
        Url {
            scheme: scheme.into(),
            authority: authority.into(),
            path: path.into(),
            normalized_path: normalized.into(),
            is_ip,
        }
    }

    #[test]
    fn parse_urls() {
        assert_eq!(
            parse_url("https://example.com"),
            Some(url("https", "example.com", "", "/", false))
        );
        assert_eq!(
            parse_url("https://example.com/"),
            Some(url("https", "example.com", "/", "/", false))
        );
        assert_eq!(
            parse_url("HTTP://localhost:8000/path/to"),
            Some(url(
                "http",
                "localhost:8000",
                "/path/to",
                "/path/to/",
                false
            ))
        );
        assert_eq!(
            parse_url("https://127.0.0.1:8443/foo/"),
            Some(url("https", "127.0.0.1:8443", "/foo/", "/foo/", true))
        );
        assert_eq!(
            parse_url("https://[fe80::1]:443"),
            Some(url("https", "[fe80::1]:443", "", "/", true))
        );
        assert_eq!(
            parse_url("https://user@host/a#frag"),
            Some(url("https", "user@host", "/a", "/a/", false))
        );
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://example.com?x=1",
            "https://example.com/?",
            "https://host:port",
            "https://host:",
            "https://[::1",
            "https://[::1]x",
            "https://exa mple.com",
        ] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn ip_detection() {
        assert!(is_ip("1.2.3.4"));
        assert!(is_ip("192.168.100.255"));
        assert!(is_ip("999.1.1.1"));
        assert!(!is_ip("1.2.3"));
        assert!(!is_ip("1.2.3.4.5"));
        assert!(!is_ip("01.2.3.4"));
        assert!(!is_ip("1.2.3.a"));
        assert!(!is_ip("1234.2.3.4"));
        assert!(!is_ip("123.com"));
        assert!(!is_ip("["));
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("hello", 0, 2, false).as_deref(), Some("he"));
        assert_eq!(substring("hello", 0, 2, true).as_deref(), Some("lo"));
        assert_eq!(substring("hello", 1, 3, true).as_deref(), Some("ll"));
        assert_eq!(substring("hello", 0, 5, false).as_deref(), Some("hello"));
        assert_eq!(substring("hello", 0, 6, false), None);
        assert_eq!(substring("hello", 2, 2, false), None);
        assert_eq!(substring("hello", 3, 2, true), None);
        assert_eq!(substring("a🐱b", 0, 1, false), None);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("abc-._~XYZ019"), "abc-._~XYZ019");
        assert_eq!(uri_encode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
        assert_eq!(uri_encode("*+%:@"), "%2A%2B%25%3A%40");
        assert_eq!(uri_encode("é"), "%C3%A9");
        assert_eq!(uri_encode(""), "");
    }
}
