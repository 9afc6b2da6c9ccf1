//! spaCy string ids: symbol-table ids for the 457 symbols, MurmurHash64A (seed 1) otherwise.
//!
//! Also home of MurmurHash3_x64_128 over one u64 key, which thinc's `HashEmbed` uses to pick
//! embedding rows (spec §6.1).

include!("tables/symbols.rs");

/// Longest symbol name in bytes; longer strings skip the table lookup.
const MAX_SYMBOL_LEN: usize = 32;

/// spaCy's string id of `s` (`StringStore.add` / `get_string_id`): 0 for "", the symbol id
/// for spaCy symbols (`"X"` → 101), else MurmurHash64A of the UTF-8 bytes with seed 1.
pub fn string_id(s: &str) -> u64 {
    if let Some(id) = symbol_id(s) {
        return id;
    }
    murmurhash64a(s.as_bytes(), 1)
}

/// The symbol id of `s` if it is one of spaCy's symbols (`spacy/symbols.pyx` `IDS`).
pub fn symbol_id(s: &str) -> Option<u64> {
    if s.len() > MAX_SYMBOL_LEN {
        return None;
    }
    // Most strings share no (first byte, length) pair with a symbol: skip the search.
    if let Some(&first) = s.as_bytes().first() {
        if symbol_filter()[usize::from(first)] & (1 << (s.len() - 1)) == 0 {
            return None;
        }
    }
    SYMBOLS
        .binary_search_by(|(k, _)| k.as_bytes().cmp(s.as_bytes()))
        .ok()
        .map(|i| SYMBOLS[i].1)
}

/// For each first byte, a bit per length 1..=32 that some symbol has (a fast negative test
/// in front of the binary search, which `string_id` runs for every token attribute).
fn symbol_filter() -> &'static [u32; 256] {
    static FILTER: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    FILTER.get_or_init(|| {
        let mut f = [0u32; 256];
        for (name, _) in SYMBOLS {
            if let Some(&b) = name.as_bytes().first() {
                if (1..=MAX_SYMBOL_LEN).contains(&name.len()) {
                    f[usize::from(b)] |= 1 << (name.len() - 1);
                }
            }
        }
        f
    })
}

/// MurmurHash64A (Austin Appleby's 64-bit MurmurHash2), as in the `murmurhash` package's
/// `hash64`, which spaCy's `hash_utf8` calls.
pub fn murmurhash64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut blocks = data.chunks_exact(8);
    for block in &mut blocks {
        let mut b = [0u8; 8];
        b.copy_from_slice(block);
        let mut k = u64::from_le_bytes(b);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (j, &byte) in tail.iter().enumerate() {
            h ^= u64::from(byte) << (8 * j);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// MurmurHash3_x64_128 of the 8 little-endian bytes of `key` with `seed`, as thinc's
/// `ops.hash` (named `MurmurHash3_x86_128_uint64` there): the 128-bit result as four u32
/// words `[lo(h1), hi(h1), lo(h2), hi(h2)]`. HashEmbed uses `word % n_rows` for each word.
pub fn murmur3_x64_128_u64(key: u64, seed: u32) -> [u32; 4] {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    let mut h1 = u64::from(seed);
    let mut h2 = u64::from(seed);
    let mut k1 = key.wrapping_mul(C1);
    k1 = k1.rotate_left(31);
    k1 = k1.wrapping_mul(C2);
    h1 ^= k1;
    h1 ^= 8;
    h2 ^= 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_ids_match_spacy() {
        // Values printed by real spaCy 3.8.18 (spec §3).
        let cases: &[(&str, u64)] = &[
            ("", 0),
            ("apple", 8566208034543834098),
            ("Apple", 6418411030699964375),
            ("X", 101),
            ("x", 11123243248953317070),
            ("xxxx", 13110060611322374290),
            ("Xxxxx", 16072095006890171862),
            ("n't", 2043519015752540944),
            ("not", 447765159362469301),
            ("U.K.", 14409890634315022856),
            ("because", 16950148841647037698),
            ("日本", 2324319125191504834),
            ("😀", 13900606239988879105),
            ("abcdefghijklmnopq", 2395869216546743846),
            ("number", 432),
            ("_", 456),
            ("NUM", 93),
            ("ORG", 383),
            ("nsubj", 429),
        ];
        for &(s, id) in cases {
            assert_eq!(string_id(s), id, "{s:?}");
        }
    }

    #[test]
    fn symbol_table_is_sorted_and_complete() {
        assert_eq!(SYMBOLS.len(), 457);
        assert!(SYMBOLS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(SYMBOLS.iter().all(|(k, _)| k.len() <= MAX_SYMBOL_LEN));
        // The fast negative filter never rejects a symbol.
        assert!(SYMBOLS.iter().all(|&(k, id)| symbol_id(k) == Some(id)));
        let mut ids: Vec<u64> = SYMBOLS.iter().map(|&(_, id)| id).collect();
        ids.sort_unstable();
        assert!(ids.iter().enumerate().all(|(i, &id)| i as u64 == id));
        for &(k, id) in SYMBOLS {
            assert_eq!(string_id(k), id);
        }
        assert_eq!(symbol_id("Xxxxx"), None);
    }

    #[test]
    fn murmur3_matches_thinc() {
        // thinc `ops.hash` outputs (spec §6.1).
        let cases: &[(u64, u32, [u32; 4])] = &[
            (1, 12, [2938686206, 2291508213, 2246688320, 3554967022]),
            (1, 13, [1266879892, 1356517611, 318478807, 3343674364]),
            (
                8566208034543834098,
                8,
                [2653853934, 3922826080, 3980780901, 3736755472],
            ),
            (101, 11, [1763378230, 3759297338, 627086936, 2342724702]),
            (
                16072095006890171862,
                11,
                [2175308214, 2713780447, 2256594463, 3188286109],
            ),
            (0, 8, [0, 0, 0, 0]),
        ];
        for &(key, seed, want) in cases {
            assert_eq!(
                murmur3_x64_128_u64(key, seed),
                want,
                "key {key} seed {seed}"
            );
        }
        // NER NORM table row indices for "Apple" (spec §6.1 table).
        let rows: Vec<u32> = murmur3_x64_128_u64(8566208034543834098, 8)
            .iter()
            .map(|w| w % 5000)
            .collect();
        assert_eq!(rows, vec![3934, 1080, 901, 472]);
    }
}
