//! Clock-skew correction, as the AWS SDKs do it.
//!
//! In: for every response, the local time the attempt was sent and received and the response's
//! `Date` and `Age` headers. Out: the signed offset between the service's clock and ours, kept
//! per client and used to sign later attempts at `now + skew`, and whether an error response
//! is a clock-skew error worth retrying.
//!
//! - The offset is `Date - midpoint(sent, received)` (the service stamped `Date` halfway
//!   through the round trip). It is measured on every response, so a stale value corrects
//!   itself, except when the response has no usable `Date`, carries `Age` (a cached answer
//!   whose `Date` is old), or took longer than [`MAX_TRUSTED_ROUND_TRIP`].
//! - An error response whose code is one of [`CLOCK_SKEW_ERROR_CODES`] and whose measured
//!   offset exceeds [`DETECTION_THRESHOLD`] is retried (as a server error: it costs the standard
//!   retry quota and counts toward the attempts); the retry is signed with the new offset.
//!   Below the threshold such an error is taken at its word (a real signature problem).

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::http::Headers;
use crate::primitives::{DateTime, TimestampFormat};

/// Below this offset an error with a clock-skew code is not treated as clock skew.
pub const DETECTION_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// A round trip longer than this says too little about the service's clock.
pub const MAX_TRUSTED_ROUND_TRIP: Duration = Duration::from_secs(15 * 60);

/// Error codes that may mean the request was signed with a skewed clock.
pub const CLOCK_SKEW_ERROR_CODES: &[&str] = &[
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
    "RequestTimeTooSkewed",
    "AccessDeniedException",
];

/// A signed clock offset in milliseconds: positive when the service's clock is ahead of ours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skew(i64);

impl Skew {
    /// An offset of `millis` milliseconds (positive: the service is ahead).
    pub fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// The offset in milliseconds.
    pub fn as_millis(self) -> i64 {
        self.0
    }

    /// Its size, whatever the direction.
    pub fn magnitude(self) -> Duration {
        Duration::from_millis(self.0.unsigned_abs())
    }

    /// `time` moved by this offset (unchanged if that is not representable).
    pub fn apply(self, time: SystemTime) -> SystemTime {
        let shift = self.magnitude();
        if self.0 >= 0 {
            time.checked_add(shift)
        } else {
            time.checked_sub(shift)
        }
        .unwrap_or(time)
    }

    /// The offset a response implies, or `None` when it cannot be trusted (see the module
    /// docs).
    pub fn measure(headers: &Headers, sent: SystemTime, received: SystemTime) -> Option<Skew> {
        if headers.contains("age") {
            return None;
        }
        let date = headers.get("date")?;
        let server = DateTime::from_str(date, TimestampFormat::HttpDate).ok()?;
        // An HTTP date is at or after 1900 and whole seconds; before 1970 says nothing useful.
        let server = SystemTime::UNIX_EPOCH
            .checked_add(Duration::from_secs(u64::try_from(server.secs()).ok()?))?;
        let round_trip = received.duration_since(sent).unwrap_or_default();
        if round_trip > MAX_TRUSTED_ROUND_TRIP {
            return None;
        }
        let midpoint = sent + round_trip / 2;
        Some(match server.duration_since(midpoint) {
            Ok(ahead) => Skew(i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX)),
            Err(behind) => Skew(-i64::try_from(behind.duration().as_millis()).unwrap_or(i64::MAX)),
        })
    }

    /// Whether an error response with `code` and this measured offset is a clock-skew error.
    pub fn explains(self, code: Option<&str>) -> bool {
        self.magnitude() > DETECTION_THRESHOLD
            && code.is_some_and(|c| CLOCK_SKEW_ERROR_CODES.contains(&c))
    }
}

/// The offset learned by a client, shared by its calls.
#[derive(Debug, Default)]
pub struct ClientSkew(Mutex<Skew>);

impl ClientSkew {
    /// The current offset.
    pub fn get(&self) -> Skew {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces the offset.
    pub fn set(&self, skew: Skew) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = skew;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(T0 + secs)
    }

    fn date(secs: u64) -> Headers {
        let mut h = Headers::new();
        let text = DateTime::from_secs((T0 + secs) as i64).fmt(TimestampFormat::HttpDate);
        h.insert("Date", text.expect("formats"));
        h
    }

    #[test]
    fn offset_is_measured_from_the_midpoint() {
        // Sent at 0 s, received at 2 s, the service says 1 s: clocks agree.
        assert_eq!(Skew::measure(&date(1), at(0), at(2)), Some(Skew(0)));
        // The service says 5 min 1 s: it is 300 s ahead.
        assert_eq!(Skew::measure(&date(301), at(0), at(2)), Some(Skew(300_000)));
        // Behind.
        assert_eq!(
            Skew::measure(&date(1000), at(1200), at(1202)),
            Some(Skew(-201_000))
        );
    }

    #[test]
    fn untrustworthy_responses_say_nothing() {
        assert_eq!(Skew::measure(&Headers::new(), at(0), at(2)), None);
        let mut bad = Headers::new();
        bad.insert("date", "yesterday");
        assert_eq!(Skew::measure(&bad, at(0), at(2)), None);
        let mut cached = date(100);
        cached.insert("age", "17280");
        assert_eq!(Skew::measure(&cached, at(20_000), at(20_002)), None);
        // A 16-minute round trip.
        assert_eq!(Skew::measure(&date(600), at(0), at(960)), None);
        // 15 minutes is still trusted.
        assert_eq!(Skew::measure(&date(450), at(0), at(900)), Some(Skew(0)));
    }

    #[test]
    fn only_large_offsets_with_skew_codes_are_skew_errors() {
        let five_min = Skew(300_000);
        assert!(five_min.explains(Some("RequestTimeTooSkewed")));
        assert!(five_min.explains(Some("InvalidSignatureException")));
        assert!(Skew(-300_000).explains(Some("SignatureDoesNotMatch")));
        assert!(!five_min.explains(Some("ValidationException")));
        assert!(!five_min.explains(None));
        assert!(!Skew(120_000).explains(Some("RequestTimeTooSkewed")));
        assert!(
            !Skew(240_000).explains(Some("RequestTimeTooSkewed")),
            "the threshold itself"
        );
    }

    #[test]
    fn applying_moves_time_both_ways() {
        assert_eq!(Skew(300_000).apply(at(0)), at(300));
        assert_eq!(Skew(-300_000).apply(at(300)), at(0));
        assert_eq!(Skew::default().apply(at(7)), at(7));
        let client = ClientSkew::default();
        assert_eq!(client.get(), Skew(0));
        client.set(Skew(5));
        assert_eq!(client.get().as_millis(), 5);
    }
}
