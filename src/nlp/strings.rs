//! spaCy string ids: symbol-table ids for the 457 symbols, MurmurHash64A (seed 1) otherwise.

/// spaCy's string id of `s` (`StringStore.add` / `get_string_id`).
pub fn string_id(s: &str) -> u64 {
    let _ = s;
    0 // STUB
}
