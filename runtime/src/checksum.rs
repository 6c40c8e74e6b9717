//! Request checksums the protocol asks for: `Content-MD5` for operations with
//! `@httpChecksumRequired`, and the SHA-256 and SHA-256 tree hash headers Glacier requires.
//!
//! In: a request body. Out: the base64 MD5 digest for the `Content-MD5` header (MD5, RFC 1321,
//! is implemented here, as the body integrity check the trait requires, not for security), or
//! lower-case hex SHA-256 digests.

use crate::primitives::base64_encode;

/// Per-round shift amounts.
const S: [u32; 64] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
    14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15,
    21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

/// `floor(abs(sin(i + 1)) * 2^32)`.
const K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/// The MD5 digest of `data`.
pub fn md5(data: &[u8]) -> [u8; 16] {
    let mut state: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    // Whole blocks straight from `data`; the rest, the `0x80` marker, zero padding and the bit
    // length go through a one- or two-block tail buffer, so the body is never copied.
    let whole = data.len() / 64 * 64;
    for block in data[..whole].chunks_exact(64) {
        md5_block(&mut state, block);
    }
    let rest = &data[whole..];
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let tail_len = if rest.len() < 56 { 64 } else { 128 };
    tail[tail_len - 8..tail_len]
        .copy_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    for block in tail[..tail_len].chunks_exact(64) {
        md5_block(&mut state, block);
    }
    let mut digest = [0u8; 16];
    for (out, word) in digest.chunks_exact_mut(4).zip(state) {
        out.copy_from_slice(&word.to_le_bytes());
    }
    digest
}

/// One 64-byte block of MD5 into `state`.
fn md5_block(state: &mut [u32; 4], block: &[u8]) {
    let mut m = [0u32; 16];
    for (word, bytes) in m.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    let [mut a, mut b, mut c, mut d] = *state;
    for i in 0..64 {
        let (f, g) = match i / 16 {
            0 => ((b & c) | (!b & d), i),
            1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
            2 => (b ^ c ^ d, (3 * i + 5) % 16),
            _ => (c ^ (b | !d), (7 * i) % 16),
        };
        let rotated = a
            .wrapping_add(f)
            .wrapping_add(K[i])
            .wrapping_add(m[g])
            .rotate_left(S[i]);
        a = d;
        d = c;
        c = b;
        b = b.wrapping_add(rotated);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d]) {
        *s = s.wrapping_add(v);
    }
}

/// The `Content-MD5` header value of a body: its MD5 digest in base64.
pub fn content_md5(body: &[u8]) -> String {
    base64_encode(&md5(body))
}

/// Lower-case hex SHA-256 of `body` (`X-Amz-Content-Sha256`).
pub fn sha256_hex(body: &[u8]) -> String {
    hex(&hmac_sha256::Hash::hash(body))
}

/// Lower-case hex SHA-256 tree hash of `body` (`X-Amz-Sha256-Tree-Hash`, Glacier): SHA-256 of
/// each 1 MiB chunk, then of each adjacent pair of hashes, level by level (an odd hash out moves
/// up unchanged) until one is left. An empty body hashes as one empty chunk.
pub fn tree_hash_hex(body: &[u8]) -> String {
    const CHUNK: usize = 1024 * 1024;
    let mut level: Vec<[u8; 32]> = if body.is_empty() {
        vec![hmac_sha256::Hash::hash(b"")]
    } else {
        body.chunks(CHUNK).map(hmac_sha256::Hash::hash).collect()
    };
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => {
                    let mut h = hmac_sha256::Hash::new();
                    h.update(a);
                    h.update(b);
                    h.finalize()
                }
                [single] => *single,
                _ => unreachable!("chunks(2) yields one or two hashes"),
            })
            .collect();
    }
    hex(&level[0])
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_1321_test_suite() {
        let cases = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(hex(&md5(input.as_bytes())), expected, "{input:?}");
        }
    }

    #[test]
    fn content_md5_is_base64() {
        assert_eq!(
            content_md5(br#"{"foo":"base64 encoded md5 checksum"}"#),
            "iB0/3YSo7maijL0IGOgA9g=="
        );
    }

    #[test]
    fn sha256_and_tree_hash() {
        let hello = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(sha256_hex(b"hello world"), hello);
        // One chunk: the tree hash is the plain hash.
        assert_eq!(tree_hash_hex(b"hello world"), hello);
        assert_eq!(tree_hash_hex(b""), sha256_hex(b""));
        // Three chunks: H(H(H(c0) + H(c1)) + H(c2)).
        let mib = 1024 * 1024;
        let body: Vec<u8> = (0..(2 * mib + 10)).map(|i| (i % 251) as u8).collect();
        let h = |data: &[u8]| hmac_sha256::Hash::hash(data);
        let (c0, c1, c2) = (h(&body[..mib]), h(&body[mib..2 * mib]), h(&body[2 * mib..]));
        let left = h(&[c0, c1].concat());
        let expected = hex(&h(&[left, c2].concat()));
        assert_eq!(tree_hash_hex(&body), expected);
        assert_ne!(tree_hash_hex(&body), sha256_hex(&body));
    }
}
