//! The SigV4 timestamp: a [`SystemTime`] as `YYYYMMDD'T'HHMMSS'Z'` (UTC, whole seconds).
//!
//! In: the signing time. Out: [`AmzDate`], the full `x-amz-date` text and its first eight
//! characters (the date of the credential scope). The civil-calendar arithmetic (proleptic
//! Gregorian) is done here by hand; times before 1970 or from the year 10000 on are errors,
//! since the format has no room for them.

use std::time::{SystemTime, UNIX_EPOCH};

use super::SigningError;

const SECS_PER_DAY: u64 = 86_400;
/// 10000-01-01T00:00:00Z: the first instant whose year needs five digits.
const YEAR_10000: u64 = 253_402_300_800;

/// A signing time in the two forms SigV4 uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AmzDate {
    /// `20150830T123600Z`: the `x-amz-date` value and the string-to-sign's second line.
    date_time: String,
}

impl AmzDate {
    /// Formats `time`, rounding down to whole seconds.
    pub(super) fn new(time: SystemTime) -> Result<Self, SigningError> {
        let secs = time
            .duration_since(UNIX_EPOCH)
            .map_err(|_| SigningError::time("the signing time is before 1970-01-01T00:00:00Z"))?
            .as_secs();
        if secs >= YEAR_10000 {
            return Err(SigningError::time(
                "the signing time is after 9999-12-31T23:59:59Z",
            ));
        }
        let (year, month, day) = civil_from_days(secs / SECS_PER_DAY);
        let rem = secs % SECS_PER_DAY;
        let (hour, minute, second) = (rem / 3600, rem % 3600 / 60, rem % 60);
        Ok(Self {
            date_time: format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z"),
        })
    }

    /// `20150830T123600Z`.
    pub(super) fn date_time(&self) -> &str {
        &self.date_time
    }

    /// `20150830`: the date part, used in the credential scope and the signing key.
    pub(super) fn date(&self) -> &str {
        &self.date_time[..8]
    }
}

/// Year, month (1..=12) and day (1..=31) of the day `days` after 1970-01-01.
///
/// Howard Hinnant's `civil_from_days`, restricted to days on or after the epoch so that all
/// arithmetic stays unsigned: the calendar is shifted to start on 0000-03-01 so the leap day is
/// the last day of the shifted year, then split into 400-year eras of 146 097 days.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Days from 0000-03-01 to 1970-01-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097; // 0..=146_096
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365; // 0..=399
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // 0..=365
    let shifted_month = (5 * day_of_year + 2) / 153; // 0..=11, March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> String {
        AmzDate::new(UNIX_EPOCH + Duration::from_secs(secs))
            .unwrap()
            .date_time()
            .to_owned()
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0), "19700101T000000Z");
        // The suite's timestamp, 2015-08-30T12:36:00Z.
        assert_eq!(at(1_440_938_160), "20150830T123600Z");
        assert_eq!(at(1_620_747_645), "20210511T154045Z");
        assert_eq!(at(86_399), "19700101T235959Z");
        assert_eq!(at(YEAR_10000 - 1), "99991231T235959Z");
    }

    #[test]
    fn handles_leap_years_and_century_rules() {
        assert_eq!(at(951_782_400), "20000229T000000Z"); // 2000 is a leap year (÷400)
        assert_eq!(at(951_868_800), "20000301T000000Z");
        assert_eq!(at(4_107_456_000), "21000228T000000Z"); // 2100 is not (÷100)
        assert_eq!(at(4_107_542_400), "21000301T000000Z");
        assert_eq!(at(1_709_164_800), "20240229T000000Z");
        assert_eq!(at(1_735_689_599), "20241231T235959Z");
        assert_eq!(at(1_735_689_600), "20250101T000000Z");
    }

    #[test]
    fn agrees_with_a_day_by_day_walk() {
        // Walk every day from 1970 to 2101 with a naive calendar and compare.
        let mut days = 0u64;
        for year in 1970..2101u64 {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let lengths = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            for (month, &length) in (1..).zip(lengths.iter()) {
                for day in 1..=length {
                    assert_eq!(civil_from_days(days), (year, month, day), "day {days}");
                    days += 1;
                }
            }
        }
    }

    #[test]
    fn ignores_subsecond_part() {
        let time = UNIX_EPOCH + Duration::new(1_440_938_160, 999_999_999);
        assert_eq!(AmzDate::new(time).unwrap().date_time(), "20150830T123600Z");
        assert_eq!(AmzDate::new(time).unwrap().date(), "20150830");
    }

    #[test]
    fn rejects_times_the_format_cannot_express() {
        let before = UNIX_EPOCH - Duration::from_secs(1);
        assert!(AmzDate::new(before)
            .unwrap_err()
            .to_string()
            .contains("before 1970"));
        let after = UNIX_EPOCH + Duration::from_secs(YEAR_10000);
        assert!(AmzDate::new(after)
            .unwrap_err()
            .to_string()
            .contains("after 9999"));
    }
}
