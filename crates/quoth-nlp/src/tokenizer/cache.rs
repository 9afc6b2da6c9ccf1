//! A bounded, thread-safe chunk cache (spaCy's `_cache`, spec §4.7): chunk text → its tokens.
//!
//! Tokenizing a chunk is a pure function of its text, so a hit returns exactly what the rules
//! would produce (including special-case NORMs). Only short chunks are cached
//! ([`MAX_CACHED_CHUNK_BYTES`]); when [`MAX_CACHE_ENTRIES`] is reached the cache is cleared and
//! refilled, so memory stays bounded in a long-running service.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::RawToken;

/// Chunks longer than this are not cached.
pub const MAX_CACHED_CHUNK_BYTES: usize = 64;
/// Entries kept before the cache is cleared (spaCy's `max_cache_size`).
pub const MAX_CACHE_ENTRIES: usize = 10_000;

/// One cached token, relative to its chunk.
#[derive(Debug, Clone)]
pub(crate) struct CachedToken {
    start: u8,
    end: u8,
    norm: Option<Arc<str>>,
}

#[derive(Debug, Default)]
pub(crate) struct ChunkCache {
    map: RwLock<HashMap<Box<str>, Arc<[CachedToken]>>>,
}

impl ChunkCache {
    /// Append the cached tokens of `chunk` (at byte offset `at`) to `out`; false on a miss.
    pub(crate) fn emit(&self, chunk: &str, at: usize, out: &mut Vec<RawToken>) -> bool {
        if chunk.len() > MAX_CACHED_CHUNK_BYTES {
            return false;
        }
        let hit = match self.map.read() {
            Ok(map) => map.get(chunk).cloned(),
            Err(_) => None,
        };
        let Some(tokens) = hit else {
            return false;
        };
        out.extend(tokens.iter().map(|t| RawToken {
            start: at + t.start as usize,
            end: at + t.end as usize,
            whitespace: false,
            norm: t.norm.clone(),
        }));
        true
    }

    /// Remember the tokens `toks` (absolute offsets, chunk starting at `at`) of `chunk`.
    pub(crate) fn insert(&self, chunk: &str, at: usize, toks: &[RawToken]) {
        if chunk.len() > MAX_CACHED_CHUNK_BYTES {
            return;
        }
        let mut entry = Vec::with_capacity(toks.len());
        for t in toks {
            let (Ok(start), Ok(end)) = (u8::try_from(t.start - at), u8::try_from(t.end - at))
            else {
                return;
            };
            entry.push(CachedToken {
                start,
                end,
                norm: t.norm.clone(),
            });
        }
        if let Ok(mut map) = self.map.write() {
            if map.len() >= MAX_CACHE_ENTRIES {
                map.clear();
            }
            map.insert(Box::from(chunk), Arc::from(entry));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(start: usize, end: usize, norm: Option<&str>) -> RawToken {
        RawToken {
            start,
            end,
            whitespace: false,
            norm: norm.map(Arc::from),
        }
    }

    #[test]
    fn hit_replays_tokens_at_new_offset() {
        let c = ChunkCache::default();
        let mut out = Vec::new();
        assert!(!c.emit("can't", 0, &mut out));
        c.insert(
            "can't",
            10,
            &[tok(10, 12, Some("can")), tok(12, 15, Some("not"))],
        );
        assert!(c.emit("can't", 100, &mut out));
        assert_eq!(
            out,
            vec![tok(100, 102, Some("can")), tok(102, 105, Some("not"))]
        );
    }

    #[test]
    fn stays_bounded_and_skips_long_chunks() {
        let c = ChunkCache::default();
        for i in 0..MAX_CACHE_ENTRIES + 10 {
            let s = format!("w{i}");
            c.insert(&s, 0, &[tok(0, s.len(), None)]);
        }
        let len = c.map.read().map(|m| m.len()).unwrap_or(usize::MAX);
        assert!(len <= MAX_CACHE_ENTRIES, "{len}");
        let long = "x".repeat(MAX_CACHED_CHUNK_BYTES + 1);
        c.insert(&long, 0, &[tok(0, long.len(), None)]);
        assert!(!c.emit(&long, 0, &mut Vec::new()));
    }
}
