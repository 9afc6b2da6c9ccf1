//! A bounded cache of per-lexeme activations with lock-free lookups, shared by every thread.
//!
//! Most of a tok2vec's input work depends on the token alone: its hash-embedding rows, the
//! embedding mixer (maxout + layer norm) and the first encoder block's product with each
//! window position's weights. News text repeats a few thousand word forms, so those values
//! are computed once per form and reused. The table has a fixed number of slots, each
//! written at most once (`OnceLock`): lookups are a hash, a few probes and an atomic load,
//! with no lock; once `capacity` entries exist, new forms are computed but not stored. So
//! that a long-running process follows drifting copy (new names in the news) instead of
//! keeping the forms it met first for ever, [`SharedLexemeCache`] swaps in an empty table
//! once a full one has declined [`STALE_FACTOR`] × capacity forms; the frequent forms are
//! back after a few documents. Every value is computed by the same code whether it is then
//! stored or not, so results never depend on what is cached.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use crate::attrs::LexFeatures;

/// Slots probed from a key's home slot before giving up.
const MAX_PROBES: usize = 16;

/// A full table is replaced by an empty one after declining this many times its capacity
/// in forms (for the default 8,192 forms: after ~524,000 declined forms, minutes of a busy
/// service; refilling costs about as much as a few documents without the cache).
pub(crate) const STALE_FACTOR: usize = 64;

/// One cached lexeme: the features it was computed from and its activations.
#[derive(Debug)]
pub(crate) struct Entry {
    key: LexFeatures,
    data: Box<[f32]>,
}

/// A fixed-capacity map from a lexeme's features to `data_len` floats.
pub(crate) struct LexemeCache {
    slots: Box<[OnceLock<Entry>]>,
    capacity: usize,
    len: AtomicUsize,
    /// Forms offered to the table and not stored (full, or no free slot near home).
    declined: AtomicUsize,
}

impl std::fmt::Debug for LexemeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LexemeCache")
            .field("capacity", &self.capacity)
            .field("len", &self.len.load(Ordering::Relaxed))
            .finish()
    }
}

impl LexemeCache {
    /// A cache holding at most `capacity` lexemes (0 disables it).
    pub(crate) fn new(capacity: usize) -> Self {
        let n_slots = if capacity == 0 {
            0
        } else {
            (capacity.saturating_mul(2)).next_power_of_two()
        };
        LexemeCache {
            slots: (0..n_slots).map(|_| OnceLock::new()).collect(),
            capacity,
            len: AtomicUsize::new(0),
            declined: AtomicUsize::new(0),
        }
    }

    /// Whether the table has declined enough forms to be replaced by an empty one.
    pub(crate) fn is_stale(&self) -> bool {
        self.capacity > 0
            && self.declined.load(Ordering::Relaxed) >= self.capacity.saturating_mul(STALE_FACTOR)
    }

    /// Entries stored so far.
    pub(crate) fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// The cached activations of `key`, if present.
    #[inline]
    pub(crate) fn get(&self, key: &LexFeatures) -> Option<&[f32]> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let home = hash(key) as usize;
        for i in 0..MAX_PROBES {
            match self.slots[(home + i) & mask].get() {
                Some(e) if e.key == *key => return Some(&e.data),
                Some(_) => continue,
                None => return None,
            }
        }
        None
    }

    /// Store `data` for `key` unless the cache is full or no free slot is near the key's
    /// home slot. A concurrent insert of the same key keeps the first value (both were
    /// computed by the same code from the same key, so they are equal).
    /// `data` is given in parts, stored concatenated.
    pub(crate) fn insert(&self, key: LexFeatures, data: &[&[f32]]) {
        if self.slots.is_empty() {
            return;
        }
        if self.len.load(Ordering::Relaxed) >= self.capacity {
            self.declined.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let mask = self.slots.len() - 1;
        let home = hash(&key) as usize;
        for i in 0..MAX_PROBES {
            let slot = &self.slots[(home + i) & mask];
            if let Some(e) = slot.get() {
                if e.key == key {
                    return;
                }
                continue;
            }
            let mut stored = false;
            slot.get_or_init(|| {
                stored = true;
                Entry {
                    key,
                    data: data.concat().into(),
                }
            });
            if stored {
                self.len.fetch_add(1, Ordering::Relaxed);
                return;
            }
            // Another thread filled the slot first: look at it again.
            match slot.get() {
                Some(e) if e.key == key => return,
                _ => continue,
            }
        }
        self.declined.fetch_add(1, Ordering::Relaxed);
    }
}

/// The lexeme cache of one tok2vec as its users see it: the current table, replaced by an
/// empty one when it goes stale (see the module docs). Callers take the table once per
/// batch ([`SharedLexemeCache::current`], a read lock and a reference count) and offer it
/// back with [`SharedLexemeCache::refresh_if_stale`] after inserting.
pub(crate) struct SharedLexemeCache {
    table: RwLock<Arc<LexemeCache>>,
    capacity: usize,
    /// Tables replaced so far.
    refreshes: AtomicUsize,
}

impl std::fmt::Debug for SharedLexemeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedLexemeCache")
            .field("table", &*self.current())
            .field("refreshes", &self.refreshes.load(Ordering::Relaxed))
            .finish()
    }
}

impl Clone for SharedLexemeCache {
    /// A clone starts empty (the entries are a cache, not state).
    fn clone(&self) -> Self {
        SharedLexemeCache::new(self.capacity)
    }
}

impl SharedLexemeCache {
    /// An empty cache of at most `capacity` forms (0 disables it).
    pub(crate) fn new(capacity: usize) -> Self {
        SharedLexemeCache {
            table: RwLock::new(Arc::new(LexemeCache::new(capacity))),
            capacity,
            refreshes: AtomicUsize::new(0),
        }
    }

    /// The current table. (The lock only guards the swap; a panic elsewhere cannot leave
    /// the `Arc` half-written, so a poisoned lock is still usable.)
    pub(crate) fn current(&self) -> Arc<LexemeCache> {
        self.table
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replace `seen` (a table from [`SharedLexemeCache::current`]) by an empty one if it is
    /// stale and still current.
    pub(crate) fn refresh_if_stale(&self, seen: &Arc<LexemeCache>) {
        if !seen.is_stale() {
            return;
        }
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        if Arc::ptr_eq(&table, seen) {
            *table = Arc::new(LexemeCache::new(self.capacity));
            self.refreshes.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Forms in the current table.
    pub(crate) fn len(&self) -> usize {
        self.current().len()
    }

    /// Tables replaced because they went stale.
    pub(crate) fn refreshes(&self) -> usize {
        self.refreshes.load(Ordering::Relaxed)
    }
}

/// Mix the features (already well-spread 64-bit string hashes) into a slot index.
#[inline]
fn hash(k: &LexFeatures) -> u64 {
    const M: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = k.orth;
    for v in [
        k.lower,
        k.norm,
        k.prefix,
        k.suffix,
        k.shape,
        u64::from(k.is_space) | u64::from(k.spacy) << 1,
    ] {
        h = (h ^ v).wrapping_mul(M).rotate_left(31);
    }
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u64) -> LexFeatures {
        LexFeatures {
            orth: i,
            norm: i * 7,
            ..Default::default()
        }
    }

    #[test]
    fn stores_until_full_then_declines() {
        let c = LexemeCache::new(3);
        for i in 0..10u64 {
            c.insert(key(i), &[&[i as f32; 4]]);
        }
        assert_eq!(c.len(), 3);
        let hits: Vec<u64> = (0..10).filter(|&i| c.get(&key(i)).is_some()).collect();
        assert_eq!(hits, vec![0, 1, 2]);
        assert_eq!(c.get(&key(1)), Some(&[1.0f32; 4][..]));
        // A second insert of a stored key changes nothing.
        c.insert(key(1), &[&[9.0; 4]]);
        assert_eq!(c.get(&key(1)), Some(&[1.0f32; 4][..]));
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn keys_differing_in_one_field_are_distinct() {
        let c = LexemeCache::new(16);
        let a = key(5);
        let b = LexFeatures { shape: 1, ..a };
        c.insert(a, &[&[1.0]]);
        assert!(c.get(&b).is_none());
        c.insert(b, &[&[2.0]]);
        assert_eq!(c.get(&a), Some(&[1.0f32][..]));
        assert_eq!(c.get(&b), Some(&[2.0f32][..]));
    }

    #[test]
    fn a_full_table_goes_stale_and_is_replaced_once() {
        let shared = SharedLexemeCache::new(2);
        let t = shared.current();
        t.insert(key(0), &[&[0.0]]);
        t.insert(key(1), &[&[1.0]]);
        for i in 2..(2 + 2 * STALE_FACTOR as u64 - 1) {
            t.insert(key(i), &[&[0.5]]);
        }
        assert!(!t.is_stale(), "one decline short of stale");
        shared.refresh_if_stale(&t);
        assert!(Arc::ptr_eq(&t, &shared.current()));
        t.insert(key(999), &[&[0.5]]);
        assert!(t.is_stale());
        shared.refresh_if_stale(&t);
        let fresh = shared.current();
        assert!(!Arc::ptr_eq(&t, &fresh), "a stale table is replaced");
        assert_eq!((fresh.len(), shared.len(), shared.refreshes()), (0, 0, 1));
        // A caller still holding the old table does not replace the new one.
        shared.refresh_if_stale(&t);
        assert!(Arc::ptr_eq(&fresh, &shared.current()));
        assert_eq!(shared.refreshes(), 1);
        // The new table stores forms again.
        fresh.insert(key(7), &[&[7.0]]);
        assert_eq!(shared.current().get(&key(7)), Some(&[7.0f32][..]));
    }

    #[test]
    fn zero_capacity_is_off() {
        let c = LexemeCache::new(0);
        c.insert(key(1), &[&[1.0]]);
        assert!(c.get(&key(1)).is_none());
        assert_eq!(c.len(), 0);
        assert!(!c.is_stale());
    }

    #[test]
    fn concurrent_inserts_agree() {
        let c = std::sync::Arc::new(LexemeCache::new(1000));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let c = c.clone();
                std::thread::spawn(move || {
                    for i in 0..500u64 {
                        c.insert(key(i), &[&[i as f32]]);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().ok();
        }
        assert_eq!(c.len(), 500);
        assert!((0..500u64).all(|i| c.get(&key(i)) == Some(&[i as f32][..])));
    }
}
