//! Random bits for idempotency tokens, invocation ids and retry jitter.
//!
//! In: nothing. Out: 64-bit values that are unpredictable to anyone outside the process and
//! never repeat a pattern within it. Each value is SipHash (std's keyed hash, a PRF) of a
//! process-wide counter under a 128-bit key that std draws from the operating system's
//! generator once per process (the key behind `RandomState`). This is what the reference SDKs
//! need here (they use a non-cryptographic generator for the same values), and it keeps the
//! runtime free of a separate OS-randomness crate and of `libc`.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// 64 random bits.
pub(crate) fn next_u64() -> u64 {
    static KEY: OnceLock<RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    KEY.get_or_init(RandomState::new).hash_one(count)
}

/// Fills `bytes` with random bits.
pub(crate) fn fill(bytes: &mut [u8]) {
    for chunk in bytes.chunks_mut(8) {
        let word = next_u64().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
}

/// A uniform value in `[0, 1)` from 53 random bits.
pub(crate) fn unit_f64() -> f64 {
    (next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn values_differ_and_spread_over_all_bits() {
        let values: Vec<u64> = (0..10_000).map(|_| next_u64()).collect();
        let distinct: HashSet<u64> = values.iter().copied().collect();
        assert_eq!(distinct.len(), values.len());
        // Every bit position is set in roughly half of the values.
        for bit in 0..64 {
            let ones = values.iter().filter(|v| *v >> bit & 1 == 1).count();
            assert!((4_500..5_500).contains(&ones), "bit {bit}: {ones} of 10000");
        }
    }

    #[test]
    fn fill_covers_partial_words() {
        let mut bytes = [0u8; 13];
        fill(&mut bytes);
        let mut again = [0u8; 13];
        fill(&mut again);
        assert_ne!(bytes, again);
        assert_ne!(bytes[8..], [0; 5]);
    }

    #[test]
    fn unit_values_are_in_range_and_spread() {
        let values: Vec<f64> = (0..10_000).map(|_| unit_f64()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let low = values.iter().filter(|v| **v < 0.5).count();
        assert!((4_500..5_500).contains(&low), "{low} of 10000 below 0.5");
    }
}
