//! [`BehaviorVersion`]: the AWS SDKs' switch between sets of client defaults, accepted so that
//! code written for them builds unchanged.
//!
//! The AWS SDKs version some defaults (retry mode, stalled-stream protection, ...) and require
//! a behavior version on a hand-built config. This client has one set of defaults, those of
//! the SDKs' latest behavior version (standard retries, 3 attempts), so every version means
//! the same here; the chosen one is kept and can be read back.

/// A set of client defaults, by the date it was introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BehaviorVersion {
    date: &'static str,
}

impl BehaviorVersion {
    /// The latest defaults (the only ones this client has).
    pub const fn latest() -> Self {
        Self::v2025_08_07()
    }

    /// The defaults of 2023-11-09.
    pub const fn v2023_11_09() -> Self {
        BehaviorVersion { date: "2023-11-09" }
    }

    /// The defaults of 2024-03-28.
    pub const fn v2024_03_28() -> Self {
        BehaviorVersion { date: "2024-03-28" }
    }

    /// The defaults of 2025-01-17.
    pub const fn v2025_01_17() -> Self {
        BehaviorVersion { date: "2025-01-17" }
    }

    /// The defaults of 2025-08-07.
    pub const fn v2025_08_07() -> Self {
        BehaviorVersion { date: "2025-08-07" }
    }

    /// The date that names the version (`2025-08-07`).
    pub fn date(&self) -> &'static str {
        self.date
    }
}

impl Default for BehaviorVersion {
    fn default() -> Self {
        Self::latest()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_ordered_and_latest_is_the_newest() {
        let all = [
            BehaviorVersion::v2023_11_09(),
            BehaviorVersion::v2024_03_28(),
            BehaviorVersion::v2025_01_17(),
            BehaviorVersion::v2025_08_07(),
        ];
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(BehaviorVersion::latest(), all[3]);
        assert_eq!(BehaviorVersion::default().date(), "2025-08-07");
    }
}
