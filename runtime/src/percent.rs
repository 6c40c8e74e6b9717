//! Percent-encoding (RFC 3986), shared by URI labels and query strings, the endpoint rules'
//! `uriEncode`, SigV4's canonical request and the protocol-test assertions.
//!
//! In: bytes or text. Out: text with every byte except the unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`, and `/` when asked) written as `%XX` with upper-case hex; or the
//! bytes of text whose `%XX` escapes are decoded (an invalid escape and `+` stay as they are).

/// RFC 3986 unreserved characters: the only ones never escaped.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Appends `%XX` for `b`.
pub(crate) fn push_escaped(out: &mut String, b: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(DIGITS[usize::from(b >> 4)]));
    out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
}

/// Percent-encodes every byte of `input` except unreserved characters (and `/` when
/// `keep_slash`). A `%` is encoded too, so already-encoded text is encoded a second time.
pub(crate) fn encode(input: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(input.len());
    for &b in input {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            push_escaped(&mut out, b);
        }
    }
    out
}

/// The byte that the two hex digits at `input[at..at + 2]` spell, if they are hex digits.
pub(crate) fn hex_pair(input: &[u8], at: usize) -> Option<u8> {
    let digit = |b: u8| char::from(b).to_digit(16);
    let hi = digit(*input.get(at)?)?;
    let lo = digit(*input.get(at + 1)?)?;
    u8::try_from(hi * 16 + lo).ok()
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays a literal `%`, and `+`
/// is left alone (a literal plus, not a space).
pub(crate) fn decode(input: &str) -> Vec<u8> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(decoded) = hex_pair(bytes, i + 1) {
                out.push(decoded);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
