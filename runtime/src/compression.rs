//! Request compression (`@requestCompression`), feature `request-compression`.
//!
//! In: a request an operation with the trait is about to send, the encodings the model lists
//! (in preference order) and the config's switches. Out: the same request with its body
//! gzip-compressed and `gzip` appended to `Content-Encoding`, when compression is on, the body
//! is at least `request_min_compression_size_bytes` long and `gzip` is among the encodings;
//! otherwise the request unchanged. Runs before signing, so the signature covers the
//! compressed body. Encodings other than `gzip` are skipped, as the Smithy specification says
//! of unsupported ones.

use crate::config::{Config, MAX_REQUEST_MIN_COMPRESSION_SIZE_BYTES};
use crate::http::HttpRequest;

/// Compresses `request`'s body if the operation, the config and the body size call for it.
/// A threshold above 10 MiB is an error, as in the AWS SDKs.
pub(crate) fn compress_request(
    config: &Config,
    encodings: &[&str],
    request: &mut HttpRequest,
) -> Result<(), String> {
    if encodings.is_empty() || config.disable_request_compression() {
        return Ok(());
    }
    let threshold = config.request_min_compression_size_bytes();
    if threshold > MAX_REQUEST_MIN_COMPRESSION_SIZE_BYTES {
        return Err(format!(
            "request_min_compression_size_bytes is {threshold}; it must be at most {MAX_REQUEST_MIN_COMPRESSION_SIZE_BYTES}"
        ));
    }
    if !encodings.contains(&"gzip") || request.body.len() < threshold as usize {
        return Ok(());
    }
    request.body = gzip(&request.body);
    let encoding = match request.headers.get("content-encoding") {
        Some(existing) if !existing.trim().is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_owned(),
    };
    request.headers.insert("content-encoding", encoding);
    Ok(())
}

/// `data` as a gzip member (RFC 1952): header, DEFLATE (level 6), CRC-32 and length.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
    let mut out = Vec::with_capacity(deflated.len() + 18);
    // ID1 ID2, CM = deflate, no flags, no mtime, XFL 0, OS = unknown.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    out.extend_from_slice(&deflated);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    // ISIZE: the input length modulo 2^32.
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as gzip uses it.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |crc, &b| {
        TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414f_a339
        );
    }

    #[test]
    fn gzip_round_trips() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let packed = gzip(&data);
        assert_eq!(&packed[..3], &[0x1f, 0x8b, 8]);
        assert!(packed.len() < data.len() / 4, "{} bytes", packed.len());
        // The DEFLATE stream decodes back (miniz_oxide's decoder), and the trailer carries
        // CRC-32 and size.
        let body = &packed[10..packed.len() - 8];
        let unpacked = miniz_oxide::inflate::decompress_to_vec(body).expect("inflates");
        assert_eq!(unpacked, data);
        let trailer = &packed[packed.len() - 8..];
        assert_eq!(trailer[..4], crc32(&data).to_le_bytes());
        assert_eq!(trailer[4..], (data.len() as u32).to_le_bytes());
    }

    fn request(body_len: usize, encoding: Option<&str>) -> HttpRequest {
        let mut r = HttpRequest::new("POST", "/");
        r.body = vec![b'a'; body_len];
        if let Some(e) = encoding {
            r.headers.insert("Content-Encoding", e);
        }
        r
    }

    #[test]
    fn compresses_only_when_asked_and_large_enough() {
        let config = Config::builder().build();
        let mut big = request(10_240, None);
        compress_request(&config, &["gzip"], &mut big).expect("ok");
        assert_eq!(big.headers.get("content-encoding"), Some("gzip"));
        assert_eq!(&big.body[..2], &[0x1f, 0x8b]);

        let mut custom = request(20_000, Some("custom"));
        compress_request(&config, &["br", "gzip"], &mut custom).expect("ok");
        assert_eq!(custom.headers.get("content-encoding"), Some("custom, gzip"));

        let mut small = request(10_239, None);
        compress_request(&config, &["gzip"], &mut small).expect("ok");
        assert_eq!(
            (small.body.len(), small.headers.get("content-encoding")),
            (10_239, None)
        );

        let mut not_gzip = request(20_000, None);
        compress_request(&config, &["br"], &mut not_gzip).expect("ok");
        assert_eq!(not_gzip.body.len(), 20_000);

        let mut not_modeled = request(20_000, None);
        compress_request(&config, &[], &mut not_modeled).expect("ok");
        assert_eq!(not_modeled.body.len(), 20_000);

        let off = Config::builder().disable_request_compression(true).build();
        let mut disabled = request(20_000, None);
        compress_request(&off, &["gzip"], &mut disabled).expect("ok");
        assert_eq!(disabled.body.len(), 20_000);

        let zero = Config::builder()
            .request_min_compression_size_bytes(0)
            .build();
        let mut empty = request(0, None);
        compress_request(&zero, &["gzip"], &mut empty).expect("ok");
        assert_eq!(empty.headers.get("content-encoding"), Some("gzip"));
        assert_eq!(empty.body.len(), 20);
    }

    #[test]
    fn threshold_above_10_mib_is_an_error() {
        let config = Config::builder()
            .request_min_compression_size_bytes(MAX_REQUEST_MIN_COMPRESSION_SIZE_BYTES + 1)
            .build();
        let err = compress_request(&config, &["gzip"], &mut request(1, None)).expect_err("too big");
        assert_eq!(
            err,
            "request_min_compression_size_bytes is 10485761; it must be at most 10485760"
        );
    }
}
