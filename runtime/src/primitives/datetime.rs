//! [`DateTime`]: an instant as seconds and nanoseconds since the Unix epoch, with the three
//! Smithy wire formats.
//!
//! In: epoch seconds (integers or decimals), RFC 3339 date-times, IMF-fixdate HTTP dates. Out:
//! the same formats as text. The civil-calendar arithmetic (proleptic Gregorian, UTC) is done
//! here, so no date crate is needed. Parsing never panics; formatting as a date fails only for
//! years outside `0..=9999`, which the text formats cannot express.

use std::fmt;

use super::TimestampFormat;

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// An instant: whole seconds since 1970-01-01T00:00:00Z (negative before) plus a nanosecond
/// fraction in `0..1_000_000_000` that always counts forward. So -1.5 s is `(-2, 500_000_000)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    subsec_nanos: u32,
}

impl DateTime {
    /// Whole seconds since the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        Self {
            seconds,
            subsec_nanos: 0,
        }
    }

    /// Milliseconds since the epoch.
    pub fn from_millis(millis: i64) -> Self {
        Self {
            seconds: millis.div_euclid(1000),
            // rem_euclid is in 0..1000, so this fits.
            subsec_nanos: millis.rem_euclid(1000) as u32 * 1_000_000,
        }
    }

    /// Seconds plus a forward nanosecond fraction. Nanoseconds of a second or more carry into
    /// the seconds (saturating at the ends of the range).
    pub fn from_secs_and_nanos(seconds: i64, subsec_nanos: u32) -> Self {
        Self {
            seconds: seconds.saturating_add(i64::from(subsec_nanos / NANOS_PER_SEC)),
            subsec_nanos: subsec_nanos % NANOS_PER_SEC,
        }
    }

    /// Fractional seconds since the epoch, rounded to the nearest nanosecond. `None` for NaN,
    /// infinities and values outside the `i64` seconds range.
    pub fn from_secs_f64(epoch_seconds: f64) -> Option<Self> {
        if !epoch_seconds.is_finite() {
            return None;
        }
        let floor = epoch_seconds.floor();
        // 2^63 is exactly representable; anything at or above it does not fit.
        if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&floor) {
            return None;
        }
        let mut seconds = floor as i64;
        let mut nanos = ((epoch_seconds - floor) * f64::from(NANOS_PER_SEC)).round() as u32;
        if nanos >= NANOS_PER_SEC {
            seconds = seconds.checked_add(1)?;
            nanos = 0;
        }
        Some(Self {
            seconds,
            subsec_nanos: nanos,
        })
    }

    /// Whole seconds since the epoch (rounded towards negative infinity).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// The nanosecond fraction, counted forward from [`secs`](Self::secs).
    pub fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Fractional seconds since the epoch (may lose precision far from the epoch).
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsec_nanos) / f64::from(NANOS_PER_SEC)
    }

    /// Parses `text` in `format`.
    ///
    /// - epoch-seconds: `1515531081`, `-1.5`, `1515531081.123` (decimal text is read exactly;
    ///   exponent forms such as `1.5e9` go through `f64`);
    /// - date-time: RFC 3339, e.g. `2019-12-16T23:48:18Z`, `2019-12-16t23:48:18.52+01:00`;
    /// - http-date: IMF-fixdate, e.g. `Tue, 29 Apr 2014 18:30:38 GMT`, also with `.123` seconds.
    pub fn from_str(text: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        let parsed = match format {
            TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
            TimestampFormat::DateTime => parse_date_time(text),
            TimestampFormat::HttpDate => parse_http_date(text),
        };
        parsed.map_err(|reason| DateTimeParseError::new(text, format, reason))
    }

    /// Formats in `format`. Fails only for date formats when the year is outside `0..=9999`.
    ///
    /// Date-times print the fraction when it is non-zero, trailing zeros trimmed
    /// (`2019-12-16T23:48:18.5Z`); http-dates print whole seconds (IMF-fixdate has no fraction);
    /// epoch seconds print a fraction only when non-zero (`1515531081.123`).
    pub fn fmt(&self, format: TimestampFormat) -> Result<String, DateTimeFormatError> {
        if format != TimestampFormat::EpochSeconds {
            let (year, _, _) = civil_from_days(self.seconds.div_euclid(SECS_PER_DAY));
            if !(0..=9999).contains(&year) {
                return Err(DateTimeFormatError {
                    date_time: *self,
                    format,
                });
            }
        }
        Ok(self.fmt_lenient(format))
    }

    /// Like [`fmt`](Self::fmt) but never fails: years outside `0..=9999` are written with as
    /// many digits as needed and a sign when negative (ISO 8601 expanded years). For writers
    /// that have no way to report an error.
    pub(crate) fn fmt_lenient(&self, format: TimestampFormat) -> String {
        match format {
            TimestampFormat::EpochSeconds => self.fmt_epoch_seconds(),
            TimestampFormat::DateTime => self.fmt_date_time(),
            TimestampFormat::HttpDate => self.fmt_http_date(),
        }
    }

    fn fmt_epoch_seconds(&self) -> String {
        if self.subsec_nanos == 0 {
            return self.seconds.to_string();
        }
        // Negative instants with a fraction: (-2, 0.5) is -1.5.
        let (sign, whole, frac) = if self.seconds < 0 {
            (
                "-",
                (i128::from(self.seconds) + 1).unsigned_abs(),
                NANOS_PER_SEC - self.subsec_nanos,
            )
        } else {
            (
                "",
                i128::from(self.seconds).unsigned_abs(),
                self.subsec_nanos,
            )
        };
        format!("{sign}{whole}.{}", fraction_digits(frac))
    }

    fn fmt_date_time(&self) -> String {
        let (days, secs_of_day) = self.days_and_secs();
        let (year, month, day) = civil_from_days(days);
        let mut out = format!(
            "{}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            fmt_year(year),
            secs_of_day / 3600,
            secs_of_day / 60 % 60,
            secs_of_day % 60
        );
        if self.subsec_nanos != 0 {
            out.push('.');
            out.push_str(&fraction_digits(self.subsec_nanos));
        }
        out.push('Z');
        out
    }

    fn fmt_http_date(&self) -> String {
        let (days, secs_of_day) = self.days_and_secs();
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday.
        let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
        let month = MONTHS[(month - 1) as usize];
        format!(
            "{weekday}, {day:02} {month} {} {:02}:{:02}:{:02} GMT",
            fmt_year(year),
            secs_of_day / 3600,
            secs_of_day / 60 % 60,
            secs_of_day % 60
        )
    }

    fn days_and_secs(&self) -> (i64, i64) {
        (
            self.seconds.div_euclid(SECS_PER_DAY),
            self.seconds.rem_euclid(SECS_PER_DAY),
        )
    }
}

impl DateTime {
    /// Milliseconds since the epoch (sub-millisecond nanoseconds dropped, toward the past);
    /// an error when the instant is outside the `i64` milliseconds range.
    pub fn to_millis(&self) -> Result<i64, ConversionError> {
        self.seconds
            .checked_mul(1000)
            .and_then(|ms| ms.checked_add(i64::from(self.subsec_nanos / 1_000_000)))
            .ok_or(ConversionError(
                "the instant is outside the i64 milliseconds range",
            ))
    }
}

impl From<std::time::SystemTime> for DateTime {
    /// The instant of a `SystemTime` (saturating at the ends of the `i64` seconds range).
    fn from(time: std::time::SystemTime) -> Self {
        match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => DateTime::from_secs_and_nanos(
                i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                after.subsec_nanos(),
            ),
            Err(before) => {
                let before = before.duration();
                let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => DateTime::from_secs(secs.saturating_neg()),
                    nanos => DateTime::from_secs_and_nanos(
                        secs.saturating_neg().saturating_sub(1),
                        NANOS_PER_SEC - nanos,
                    ),
                }
            }
        }
    }
}

impl TryFrom<DateTime> for std::time::SystemTime {
    type Error = ConversionError;

    /// The `SystemTime` of an instant; an error when the platform cannot represent it.
    fn try_from(time: DateTime) -> Result<Self, ConversionError> {
        let out_of_range = ConversionError("the instant is outside the range of SystemTime");
        let epoch = std::time::UNIX_EPOCH;
        if time.seconds >= 0 {
            let after = std::time::Duration::new(time.seconds.unsigned_abs(), time.subsec_nanos);
            epoch.checked_add(after).ok_or(out_of_range)
        } else {
            let back = std::time::Duration::from_secs(time.seconds.unsigned_abs());
            let forward = std::time::Duration::from_nanos(u64::from(time.subsec_nanos));
            epoch
                .checked_sub(back)
                .and_then(|t| t.checked_add(forward))
                .ok_or(out_of_range)
        }
    }
}

/// A [`DateTime`] that does not fit the type it is converted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionError(&'static str);

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for ConversionError {}

impl fmt::Display for DateTime {
    /// The RFC 3339 date-time form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fmt_lenient(TimestampFormat::DateTime))
    }
}

/// Text that could not be parsed as a timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    input: String,
    format: TimestampFormat,
    reason: &'static str,
}

impl DateTimeParseError {
    fn new(input: &str, format: TimestampFormat, reason: &'static str) -> Self {
        // Keep messages readable when handed a huge string.
        let input = match input.char_indices().nth(64) {
            Some((cut, _)) => format!("{}...", &input[..cut]),
            None => input.to_owned(),
        };
        Self {
            input,
            format,
            reason,
        }
    }

    /// The format that was expected.
    pub fn format(&self) -> TimestampFormat {
        self.format
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} timestamp `{}`: {}",
            self.format, self.input, self.reason
        )
    }
}

impl std::error::Error for DateTimeParseError {}

/// A timestamp whose year cannot be written in a date format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeFormatError {
    date_time: DateTime,
    format: TimestampFormat,
}

impl fmt::Display for DateTimeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot format {} seconds since the epoch as {}: the year is outside 0..=9999",
            self.date_time.fmt_epoch_seconds(),
            self.format
        )
    }
}

impl std::error::Error for DateTimeFormatError {}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Nanoseconds as fraction digits without trailing zeros: 120_000_000 -> "12".
fn fraction_digits(nanos: u32) -> String {
    let text = format!("{nanos:09}");
    text.trim_end_matches('0').to_owned()
}

fn fmt_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (inverse of
/// [`days_from_civil`]). Month and day are 1-based.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

type ParseResult<T> = Result<T, &'static str>;

/// A byte cursor over ASCII timestamp text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> ParseResult<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(reason)
        }
    }

    /// Between `min` and `max` ASCII digits as a number.
    fn digits(&mut self, min: usize, max: usize, reason: &'static str) -> ParseResult<u32> {
        let start = self.pos;
        let mut value: u32 = 0;
        while self.pos - start < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if self.pos - start < min {
            Err(reason)
        } else {
            Ok(value)
        }
    }

    /// An optional `.fraction` (one or more digits), as nanoseconds; digits past the ninth are
    /// checked and dropped.
    fn fraction(&mut self) -> ParseResult<u32> {
        if !self.eat(b'.') {
            return Ok(0);
        }
        let start = self.pos;
        let mut nanos: u32 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.pos - start < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            self.pos += 1;
        }
        let count = self.pos - start;
        if count == 0 {
            return Err("expected digits after '.'");
        }
        for _ in count..9 {
            nanos *= 10;
        }
        Ok(nanos)
    }

    /// Three ASCII letters, matched case-insensitively against `names`; returns the index.
    fn name(&mut self, names: &[&str], reason: &'static str) -> ParseResult<usize> {
        let word = self.bytes.get(self.pos..self.pos + 3).ok_or(reason)?;
        let index = names
            .iter()
            .position(|name| name.as_bytes().eq_ignore_ascii_case(word))
            .ok_or(reason)?;
        self.pos += 3;
        Ok(index)
    }
}

/// Builds the instant, validating every field.
fn from_parts(
    (year, month, day): (i64, u32, u32),
    (hour, minute, second): (u32, u32, u32),
    nanos: u32,
    offset_secs: i64,
) -> ParseResult<DateTime> {
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("day out of range for the month");
    }
    if hour > 23 || minute > 59 {
        return Err("time of day out of range");
    }
    // 60 is allowed for leap seconds and counts into the next minute.
    if second > 60 {
        return Err("second out of range");
    }
    let seconds = days_from_civil(year, month, day) * SECS_PER_DAY
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
        - offset_secs;
    Ok(DateTime::from_secs_and_nanos(seconds, nanos))
}

fn parse_epoch_seconds(text: &str) -> ParseResult<DateTime> {
    let bytes = text.as_bytes();
    let (negative, unsigned) = match bytes.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let plain_decimal = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(frac.is_empty() && unsigned.contains('.'));
    if !plain_decimal {
        // Exponent forms (`1.5e9`) go through `f64`; `inf`, `NaN`, `1.` and `.5` do not.
        if !text.contains(['e', 'E']) || text.contains(['i', 'I', 'n', 'N']) {
            return Err("expected a number of seconds");
        }
        let value: f64 = text.parse().map_err(|_| "expected a number of seconds")?;
        return DateTime::from_secs_f64(value).ok_or("out of range");
    }
    let whole: i128 = whole.parse().map_err(|_| "out of range")?;
    let mut nanos: i128 = 0;
    for (i, b) in frac.bytes().enumerate().take(9) {
        nanos += i128::from(b - b'0') * 10_i128.pow(8 - i as u32);
    }
    let total = whole
        .checked_mul(i128::from(NANOS_PER_SEC))
        .and_then(|t| t.checked_add(nanos))
        .ok_or("out of range")?;
    let total = if negative { -total } else { total };
    let seconds = total.div_euclid(i128::from(NANOS_PER_SEC));
    let subsec = total.rem_euclid(i128::from(NANOS_PER_SEC)) as u32;
    let seconds = i64::try_from(seconds).map_err(|_| "out of range")?;
    Ok(DateTime::from_secs_and_nanos(seconds, subsec))
}

fn parse_date_time(text: &str) -> ParseResult<DateTime> {
    let mut c = Cursor::new(text);
    let year = c.digits(4, 4, "expected a four-digit year")?;
    c.expect(b'-', "expected '-' after the year")?;
    let month = c.digits(2, 2, "expected a two-digit month")?;
    c.expect(b'-', "expected '-' after the month")?;
    let day = c.digits(2, 2, "expected a two-digit day")?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err("expected 'T' between date and time");
    }
    let hour = c.digits(2, 2, "expected a two-digit hour")?;
    c.expect(b':', "expected ':' after the hour")?;
    let minute = c.digits(2, 2, "expected two-digit minutes")?;
    c.expect(b':', "expected ':' after the minutes")?;
    let second = c.digits(2, 2, "expected two-digit seconds")?;
    let nanos = c.fraction()?;
    let offset = match c.peek() {
        Some(b'Z' | b'z') => {
            c.pos += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let hours = c.digits(2, 2, "expected a two-digit offset hour")?;
            c.expect(b':', "expected ':' in the offset")?;
            let minutes = c.digits(2, 2, "expected two-digit offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err("offset out of range");
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return Err("expected 'Z' or an offset such as +01:00"),
    };
    if !c.at_end() {
        return Err("unexpected text after the offset");
    }
    from_parts(
        (i64::from(year), month, day),
        (hour, minute, second),
        nanos,
        offset,
    )
}

fn parse_http_date(text: &str) -> ParseResult<DateTime> {
    let mut c = Cursor::new(text);
    c.name(&WEEKDAYS, "expected a day name such as 'Tue'")?;
    c.expect(b',', "expected ',' after the day name")?;
    c.expect(b' ', "expected ' ' after the day name")?;
    let day = c.digits(1, 2, "expected a day of the month")?;
    c.expect(b' ', "expected ' ' after the day")?;
    let month = c.name(&MONTHS, "expected a month name such as 'Apr'")? as u32 + 1;
    c.expect(b' ', "expected ' ' after the month")?;
    let year = c.digits(4, 4, "expected a four-digit year")?;
    c.expect(b' ', "expected ' ' after the year")?;
    let hour = c.digits(2, 2, "expected a two-digit hour")?;
    c.expect(b':', "expected ':' after the hour")?;
    let minute = c.digits(2, 2, "expected two-digit minutes")?;
    c.expect(b':', "expected ':' after the minutes")?;
    let second = c.digits(2, 2, "expected two-digit seconds")?;
    let nanos = c.fraction()?;
    c.expect(b' ', "expected ' GMT' after the time")?;
    if c.bytes.get(c.pos..) != Some(b"GMT".as_slice()) {
        return Err("expected 'GMT' at the end");
    }
    from_parts(
        (i64::from(year), month, day),
        (hour, minute, second),
        nanos,
        0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use TimestampFormat::{DateTime as Dt, EpochSeconds as Epoch, HttpDate as Http};

    #[test]
    fn millis_and_system_time_conversions() {
        use std::time::{Duration, SystemTime, UNIX_EPOCH};
        assert_eq!(DateTime::from_millis(-1_500).to_millis(), Ok(-1_500));
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 999_999_999).to_millis(),
            Ok(1_999)
        );
        assert!(DateTime::from_secs(i64::MAX).to_millis().is_err());
        for (time, dt) in [
            (
                UNIX_EPOCH + Duration::new(5, 7),
                DateTime::from_secs_and_nanos(5, 7),
            ),
            (
                UNIX_EPOCH - Duration::from_millis(1_500),
                DateTime::from_millis(-1_500),
            ),
            (UNIX_EPOCH - Duration::from_secs(2), DateTime::from_secs(-2)),
        ] {
            assert_eq!(DateTime::from(time), dt, "{time:?}");
            assert_eq!(SystemTime::try_from(dt), Ok(time), "{dt:?}");
        }
    }

    fn parse(text: &str, format: TimestampFormat) -> DateTime {
        DateTime::from_str(text, format).unwrap_or_else(|e| panic!("{e}"))
    }

    fn fmt(dt: DateTime, format: TimestampFormat) -> String {
        dt.fmt(format).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn constructors_normalise() {
        assert_eq!(
            DateTime::from_millis(-1500),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(DateTime::from_millis(1500).subsec_nanos(), 500_000_000);
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 2_500_000_000),
            DateTime::from_secs_and_nanos(3, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(i64::MAX, u32::MAX).secs(),
            i64::MAX
        );
        assert_eq!(
            DateTime::from_secs_f64(-1.5),
            Some(DateTime::from_secs_and_nanos(-2, 500_000_000))
        );
        assert_eq!(
            DateTime::from_secs_f64(1.9999999999),
            Some(DateTime::from_secs(2))
        );
        assert_eq!(DateTime::from_secs_f64(f64::NAN), None);
        assert_eq!(DateTime::from_secs_f64(f64::INFINITY), None);
        assert_eq!(DateTime::from_secs_f64(1e19), None);
        assert_eq!(DateTime::from_secs_f64(-1e19), None);
        assert_eq!(DateTime::from_secs(5).as_secs_f64(), 5.0);
        assert_eq!(
            DateTime::from_secs_and_nanos(-2, 500_000_000).as_secs_f64(),
            -1.5
        );
    }

    #[test]
    fn ordering_follows_time() {
        let a = DateTime::from_secs_and_nanos(-2, 900_000_000);
        let b = DateTime::from_secs(-1);
        let c = DateTime::from_secs_and_nanos(-1, 1);
        assert!(a < b && b < c);
    }

    #[test]
    fn date_time_round_trips() {
        for (text, secs, nanos) in [
            ("1970-01-01T00:00:00Z", 0, 0),
            ("2019-12-16T23:48:18Z", 1_576_540_098, 0),
            ("2019-12-16T23:48:18.123Z", 1_576_540_098, 123_000_000),
            ("2019-12-16T23:48:18.000000001Z", 1_576_540_098, 1),
            ("1969-12-31T23:59:59.5Z", -1, 500_000_000),
            ("2000-02-29T12:00:00Z", 951_825_600, 0),
            ("2024-02-29T00:00:00Z", 1_709_164_800, 0),
            ("1900-03-01T00:00:00Z", -2_203_891_200, 0),
            ("0000-01-01T00:00:00Z", -62_167_219_200, 0),
            (
                "9999-12-31T23:59:59.999999999Z",
                253_402_300_799,
                999_999_999,
            ),
        ] {
            let dt = parse(text, Dt);
            assert_eq!((dt.secs(), dt.subsec_nanos()), (secs, nanos), "{text}");
            assert_eq!(fmt(dt, Dt), text);
            assert_eq!(dt.to_string(), text);
        }
    }

    #[test]
    fn date_time_accepts_offsets_and_lowercase() {
        let expected = parse("2019-12-16T23:48:18Z", Dt);
        assert_eq!(parse("2019-12-17T00:48:18+01:00", Dt), expected);
        assert_eq!(parse("2019-12-16T18:18:18-05:30", Dt), expected);
        assert_eq!(parse("2019-12-16t23:48:18z", Dt), expected);
        assert_eq!(parse("2019-12-16 23:48:18Z", Dt), expected);
        assert_eq!(parse("2019-12-16T23:48:18+00:00", Dt), expected);
        // Leap second counts into the next minute; extra fraction digits are dropped.
        assert_eq!(
            parse("2016-12-31T23:59:60Z", Dt),
            parse("2017-01-01T00:00:00Z", Dt)
        );
        assert_eq!(
            parse("2019-12-16T23:48:18.1234567891Z", Dt).subsec_nanos(),
            123_456_789
        );
    }

    #[test]
    fn date_time_rejects_bad_input() {
        for text in [
            "",
            "2019-12-16",
            "2019-12-16T23:48:18",
            "2019-13-16T23:48:18Z",
            "2019-00-16T23:48:18Z",
            "2019-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2019-04-31T00:00:00Z",
            "2019-12-16T24:00:00Z",
            "2019-12-16T23:60:00Z",
            "2019-12-16T23:48:61Z",
            "2019-12-16T23:48:18.Z",
            "2019-12-16T23:48:18+0100",
            "2019-12-16T23:48:18+24:00",
            "2019-12-16T23:48:18Zjunk",
            "19-12-16T23:48:18Z",
            "２０19-12-16T23:48:18Z",
            "2019-12-16T23:48:18ZZ",
        ] {
            let err = DateTime::from_str(text, Dt).expect_err(text);
            assert!(
                err.to_string().starts_with("invalid date-time timestamp"),
                "{err}"
            );
            assert_eq!(err.format(), Dt);
        }
    }

    #[test]
    fn http_date_round_trips() {
        for (text, secs) in [
            ("Tue, 29 Apr 2014 18:30:38 GMT", 1_398_796_238),
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            ("Wed, 31 Dec 1969 23:59:59 GMT", -1),
            ("Tue, 29 Feb 2000 00:00:00 GMT", 951_782_400),
            ("Mon, 16 Dec 2019 23:48:18 GMT", 1_576_540_098),
        ] {
            let dt = parse(text, Http);
            assert_eq!(dt.secs(), secs, "{text}");
            assert_eq!(fmt(dt, Http), text);
        }
    }

    #[test]
    fn http_date_fraction_and_leniency() {
        let dt = parse("Tue, 29 Apr 2014 18:30:38.123 GMT", Http);
        assert_eq!((dt.secs(), dt.subsec_nanos()), (1_398_796_238, 123_000_000));
        // Output has whole seconds only.
        assert_eq!(fmt(dt, Http), "Tue, 29 Apr 2014 18:30:38 GMT");
        assert_eq!(
            parse("tue, 9 apr 2014 18:30:38 GMT", Http).secs(),
            1_397_068_238
        );
        for text in [
            "",
            "Tue 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apx 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            "Tue, 29 Apr 14 18:30:38 GMT",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tu",
        ] {
            assert!(DateTime::from_str(text, Http).is_err(), "{text}");
        }
    }

    #[test]
    fn epoch_seconds_round_trips() {
        for (text, secs, nanos) in [
            ("0", 0, 0),
            ("1515531081", 1_515_531_081, 0),
            ("1515531081.123", 1_515_531_081, 123_000_000),
            ("-1", -1, 0),
            ("-1.5", -2, 500_000_000),
            ("-0.25", -1, 750_000_000),
            ("-62167219200", -62_167_219_200, 0),
            ("0.000000001", 0, 1),
        ] {
            let dt = parse(text, Epoch);
            assert_eq!((dt.secs(), dt.subsec_nanos()), (secs, nanos), "{text}");
            assert_eq!(fmt(dt, Epoch), text);
        }
        assert_eq!(
            parse("1.5e3", Epoch),
            DateTime::from_secs_and_nanos(1500, 0)
        );
        assert_eq!(parse("+7", Epoch).secs(), 7);
        assert_eq!(parse("1.10", Epoch).subsec_nanos(), 100_000_000);
        assert_eq!(
            fmt(DateTime::from_secs(i64::MIN), Epoch),
            i64::MIN.to_string()
        );
        assert_eq!(
            fmt(DateTime::from_secs_and_nanos(i64::MIN, 1), Epoch),
            "-9223372036854775807.999999999"
        );
        for text in [
            "",
            "-",
            "abc",
            "1.",
            ".5",
            "1..2",
            "NaN",
            "inf",
            "-Infinity",
            "1e400",
            "99999999999999999999",
        ] {
            assert!(DateTime::from_str(text, Epoch).is_err(), "{text}");
        }
    }

    #[test]
    fn civil_math_matches_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(1600, 2, 29), -135_081);
        for days in (-1_000_000..1_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
        }
        assert!(
            is_leap_year(2000) && is_leap_year(2024) && !is_leap_year(1900) && !is_leap_year(2023)
        );
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        for dt in [
            DateTime::from_secs(i64::MIN),
            DateTime::from_secs(i64::MAX),
            DateTime::from_secs_and_nanos(i64::MAX, 999_999_999),
            DateTime::from_secs(253_402_300_800),
            DateTime::from_secs(-62_167_219_201),
        ] {
            assert!(dt.fmt(Dt).is_err());
            assert!(dt.fmt(Http).is_err());
            assert!(dt.fmt(Epoch).is_ok());
            let lenient = dt.to_string();
            assert!(lenient.ends_with('Z'), "{lenient}");
            let err = dt.fmt(Http).expect_err("out of range");
            assert!(err.to_string().contains("0..=9999"), "{err}");
        }
        assert_eq!(
            DateTime::from_secs(253_402_300_800).to_string(),
            "10000-01-01T00:00:00Z"
        );
        assert_eq!(
            DateTime::from_secs(-62_167_219_201).to_string(),
            "-0001-12-31T23:59:59Z"
        );
    }

    #[test]
    fn arbitrary_text_never_panics() {
        // Deterministic pseudo-random strings over the characters timestamps are made of,
        // seeded with valid examples that get mutated.
        const CHARS: &[u8] = b"0123456789-:T.Z+ ,GMTueApr9z";
        let seeds = [
            "2019-12-16T23:48:18.123+01:00",
            "Tue, 29 Apr 2014 18:30:38.123 GMT",
            "-1515531081.123456789",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..20_000 {
            let mut text: Vec<u8> = seeds[round % seeds.len()].as_bytes().to_vec();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() as usize) % (text.len() + 1);
                let c = CHARS[(next() as usize) % CHARS.len()];
                match next() % 3 {
                    0 if at < text.len() => text[at] = c,
                    1 if at < text.len() => {
                        text.remove(at);
                    }
                    _ => text.insert(at, c),
                }
            }
            let text = String::from_utf8_lossy(&text);
            for format in [Epoch, Dt, Http] {
                if let Ok(dt) = DateTime::from_str(&text, format) {
                    // Whatever parses formats again and reads back the same (http-date drops
                    // the fraction).
                    let again = DateTime::from_str(&dt.fmt_lenient(format), format);
                    if format != Http {
                        assert_eq!(again, Ok(dt), "{text}");
                    }
                }
            }
        }
    }

    #[test]
    fn parse_error_truncates_long_input() {
        let long = "x".repeat(1000);
        let err = DateTime::from_str(&long, Dt).expect_err("garbage");
        assert!(err.to_string().len() < 200);
    }
}
