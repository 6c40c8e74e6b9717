use super::*;
use std::time::{Duration, UNIX_EPOCH};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "session-token-value";

/// 2015-08-30T12:36:00Z, the time of the AWS examples.
fn suite_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

fn params(service: &'static str) -> SigningParams<'static> {
    SigningParams {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: SECRET,
        session_token: None,
        region: "us-east-1",
        service,
        time: suite_time(),
        settings: SigningSettings::default(),
    }
}

fn header_names(request: &HttpRequest) -> Vec<String> {
    request
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect()
}

#[test]
fn signs_the_aws_documentation_iam_example() {
    // The worked GET example from the AWS SigV4 documentation (IAM ListUsers).
    let mut request = HttpRequest::new(
        "GET",
        "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
    );
    request.headers.append(
        "Content-Type",
        "application/x-www-form-urlencoded; charset=utf-8",
    );
    let params = params("iam");
    let creq = canonical_request(&request, &params).unwrap();
    assert_eq!(
        creq.as_str(),
        "GET\n/\nAction=ListUsers&Version=2010-05-08\n\
         content-type:application/x-www-form-urlencoded; charset=utf-8\n\
         host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n\
         content-type;host;x-amz-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let sts = string_to_sign(creq.as_str(), &params).unwrap();
    assert_eq!(
        sts,
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n\
         f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
    );
    assert_eq!(
        signature(&sts, &params).unwrap(),
        "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    );

    sign(&mut request, &params).unwrap();
    assert_eq!(
        request.headers.get("authorization"),
        Some(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        )
    );
    assert_eq!(request.headers.get("host"), Some("iam.amazonaws.com"));
    assert_eq!(request.headers.get("x-amz-date"), Some("20150830T123600Z"));
    assert!(!request.headers.contains("x-amz-content-sha256"));
    assert!(!request.headers.contains("x-amz-security-token"));
}

#[test]
fn canonical_request_does_not_touch_the_request() {
    let request = HttpRequest::new("GET", "https://example.com/");
    let before = request.clone();
    canonical_request(&request, &params("service")).unwrap();
    assert_eq!(request, before);
}

#[test]
fn host_comes_from_the_uri_without_default_ports() {
    for (uri, host) in [
        ("https://example.com:443/", "example.com"),
        ("http://example.com:80/", "example.com"),
        ("https://example.com:8443/", "example.com:8443"),
        ("http://127.0.0.1:9000/x", "127.0.0.1:9000"),
    ] {
        let mut request = HttpRequest::new("GET", uri);
        sign(&mut request, &params("service")).unwrap();
        assert_eq!(request.headers.get("host"), Some(host), "{uri}");
        assert!(request
            .headers
            .get("authorization")
            .unwrap()
            .contains("SignedHeaders=host;x-amz-date,"));
    }
}

#[test]
fn an_existing_host_header_is_kept_and_signed() {
    let mut request = HttpRequest::new("GET", "https://127.0.0.1:4566/");
    request.headers.append("Host", "bucket.localhost");
    let creq = canonical_request(&request, &params("s3")).unwrap();
    assert!(creq.as_str().contains("\nhost:bucket.localhost\n"));
    sign(&mut request, &params("s3")).unwrap();
    assert_eq!(request.headers.get_all("host").count(), 1);
    assert_eq!(request.headers.get("host"), Some("bucket.localhost"));
}

#[test]
fn session_token_and_payload_checksum_are_added_and_signed() {
    let mut request = HttpRequest::new("PUT", "https://bucket.s3.amazonaws.com/key");
    request.body = b"hello".to_vec();
    let mut params = params("s3");
    params.session_token = Some(TOKEN);
    params.settings.payload_checksum = PayloadChecksum::SetHeader;
    sign(&mut request, &params).unwrap();
    let hash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assert_eq!(request.headers.get("x-amz-content-sha256"), Some(hash));
    assert_eq!(request.headers.get("x-amz-security-token"), Some(TOKEN));
    let authorization = request.headers.get("authorization").unwrap();
    assert!(authorization
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"));
}

#[test]
fn omitted_session_token_is_sent_but_not_signed() {
    let mut request = HttpRequest::new("POST", "https://example.amazonaws.com/");
    let mut params = params("service");
    params.session_token = Some(TOKEN);
    params.settings.omit_session_token = true;
    let creq = canonical_request(&request, &params).unwrap();
    assert!(!creq.as_str().contains(TOKEN));
    assert_eq!(creq.signed_headers(), "host;x-amz-date");
    sign(&mut request, &params).unwrap();
    assert_eq!(request.headers.get("x-amz-security-token"), Some(TOKEN));
    assert!(request
        .headers
        .get("authorization")
        .unwrap()
        .contains("SignedHeaders=host;x-amz-date,"));
}

#[test]
fn unsigned_headers_are_left_out_and_replaced_headers_are_not_duplicated() {
    let mut request = HttpRequest::new("GET", "https://example.com/");
    request.headers.append("User-Agent", "agent/1");
    request.headers.append("X-Amzn-Trace-Id", "Root=1");
    request.headers.append("Expect", "100-continue");
    request.headers.append("Transfer-Encoding", "chunked");
    request.headers.append("Authorization", "stale");
    request.headers.append("X-Amz-Date", "19990101T000000Z");
    request.headers.append("X-Custom", "b");
    request.headers.append("x-custom", " a ");
    let creq = canonical_request(&request, &params("service")).unwrap();
    assert_eq!(creq.signed_headers(), "host;x-amz-date;x-custom");
    assert!(creq
        .as_str()
        .contains("\nx-amz-date:20150830T123600Z\nx-custom:b,a\n"));

    sign(&mut request, &params("service")).unwrap();
    assert_eq!(request.headers.get_all("authorization").count(), 1);
    assert_ne!(request.headers.get("authorization"), Some("stale"));
    assert_eq!(
        request.headers.get_all("x-amz-date").collect::<Vec<_>>(),
        ["20150830T123600Z"]
    );
    assert_eq!(request.headers.get("user-agent"), Some("agent/1"));
}

#[test]
fn signing_twice_gives_the_same_headers() {
    let mut request = HttpRequest::new("POST", "https://example.com/a?b=c");
    request.headers.append("Content-Type", "application/json");
    request.body = b"{}".to_vec();
    let mut params = params("service");
    params.session_token = Some(TOKEN);
    sign(&mut request, &params).unwrap();
    let once = request.clone();
    sign(&mut request, &params).unwrap();
    assert_eq!(request, once);
}

#[test]
fn double_encoding_and_normalisation_can_be_switched_off() {
    let request = HttpRequest::new("GET", "https://bucket.s3.amazonaws.com//a/./b%3D c");
    let mut params = params("s3");
    let creq = canonical_request(&request, &params).unwrap();
    assert!(creq.as_str().starts_with("GET\n/a/b%253D%20c\n"));
    params.settings.normalize_uri_path = false;
    params.settings.double_uri_encode = false;
    let creq = canonical_request(&request, &params).unwrap();
    assert!(creq.as_str().starts_with("GET\n//a/./b%3D%20c\n"));
}

#[test]
fn debug_output_redacts_secrets() {
    let mut params = params("service");
    params.session_token = Some(TOKEN);
    let debug = format!("{params:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("AKIDEXAMPLE") && debug.contains("** redacted **"));

    let request = HttpRequest::new("GET", "https://example.com/");
    let creq = canonical_request(&request, &params).unwrap();
    assert!(creq.to_string().contains(TOKEN));
    let debug = format!("{creq:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("x-amz-security-token:** redacted **"));

    let no_token = format!("{:?}", self::params("service"));
    assert!(no_token.contains("session_token: None"));
}

#[test]
fn bad_input_is_an_error_and_leaves_the_request_alone() {
    let cases: Vec<(HttpRequest, SigningParams<'static>, &str)> = vec![
        (
            HttpRequest::new("GET", "/relative"),
            params("s"),
            "not absolute",
        ),
        (HttpRequest::new("GET", "ftp://h/"), params("s"), "scheme"),
        (
            HttpRequest::new("GE T", "https://h/"),
            params("s"),
            "method",
        ),
        (HttpRequest::new("", "https://h/"), params("s"), "method"),
        (
            {
                let mut r = HttpRequest::new("GET", "https://h/");
                r.headers.append("X-Bad", "a\r\nInjected: b");
                r
            },
            params("s"),
            "control character",
        ),
        (
            {
                let mut r = HttpRequest::new("GET", "https://h/");
                r.headers.append("Bad Name", "v");
                r
            },
            params("s"),
            "not a valid token",
        ),
        (
            HttpRequest::new("GET", "https://h/"),
            SigningParams {
                time: UNIX_EPOCH - Duration::from_secs(1),
                ..params("s")
            },
            "before 1970",
        ),
        (
            HttpRequest::new("GET", "https://h/"),
            SigningParams {
                region: "us-east-1/evil",
                ..params("s")
            },
            "region",
        ),
        (
            HttpRequest::new("GET", "https://h/"),
            params(""),
            "service name is empty",
        ),
        (
            HttpRequest::new("GET", "https://h/"),
            SigningParams {
                access_key_id: "AKID, Signature=x",
                ..params("s")
            },
            "access key id",
        ),
        (
            HttpRequest::new("GET", "https://h/"),
            SigningParams {
                secret_access_key: "",
                ..params("s")
            },
            "secret access key is empty",
        ),
        (
            HttpRequest::new("GET", "https://h/"),
            SigningParams {
                session_token: Some("tok\nen"),
                ..params("s")
            },
            "session token",
        ),
    ];
    for (mut request, params, expected) in cases {
        let before = request.clone();
        let err = sign(&mut request, &params).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(
            !message.contains(SECRET) && !message.contains("Injected"),
            "{message}"
        );
        assert_eq!(request, before, "request changed on error: {message}");
    }
    let params = SigningParams {
        time: UNIX_EPOCH - Duration::from_secs(1),
        ..params("s")
    };
    assert!(string_to_sign("x", &params).is_err());
    assert!(signature("x", &params).is_err());
}

#[test]
fn odd_uris_never_panic() {
    let uris = [
        "https://h",
        "https://h?",
        "https://h/?&&=&=a&a=&%",
        "https://h/%",
        "https://h/%%%41",
        "https://h/%e1%88%b4?%zz=%GG",
        "https://h/..",
        "https://h/../../..",
        "https://h:0/",
        "https://[::]:65535/",
        "https://h/ሴ?ሴ=ሴ#ሴ",
        "https://h#/x?y",
        "https://a:b:c/",
        "https://]/",
        "https://[/",
        "http s://h/",
        "://h/",
        "https:/h/",
    ];
    for uri in uris {
        let mut request = HttpRequest::new("GET", uri);
        let _ = sign(&mut request, &params("service"));
        for (normalize, double) in [(false, false), (true, false), (false, true)] {
            let mut params = params("service");
            params.settings.normalize_uri_path = normalize;
            params.settings.double_uri_encode = double;
            let _ = canonical_request(&request, &params);
        }
    }
}

#[test]
fn header_order_does_not_change_the_signature() {
    let mut a = HttpRequest::new("GET", "https://example.com/");
    a.headers.append("X-B", "2");
    a.headers.append("X-A", "1");
    let mut b = HttpRequest::new("GET", "https://example.com/");
    b.headers.append("x-a", "1");
    b.headers.append("x-b", "2");
    sign(&mut a, &params("service")).unwrap();
    sign(&mut b, &params("service")).unwrap();
    assert_eq!(
        a.headers.get("authorization"),
        b.headers.get("authorization")
    );
    assert_eq!(header_names(&a)[..2], ["x-b", "x-a"]);
}
