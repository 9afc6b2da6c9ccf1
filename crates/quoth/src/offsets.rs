//! Converting byte offsets into the unit a caller asked for.
//!
//! The engine works in UTF-8 byte offsets. Callers want code points (Python), UTF-16 code units
//! (JavaScript, Java) or bytes (Rust, Go). [`OffsetMap`] is built once per document in O(n) and
//! then answers every lookup in O(1), so converting all spans of a document is linear.

use serde::{Deserialize, Serialize};

/// Unit of every `start`/`end`/`text_length` in a response. Offsets are half-open
/// `[start, end)` and refer to `text` exactly as received (after JSON decoding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OffsetUnit {
    /// Unicode code points: Python `str` indices, spaCy's `start_char` (default).
    #[default]
    CodePoint,
    /// UTF-16 code units: JavaScript/Java string indices.
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

impl OffsetUnit {
    /// The wire name (`code_point`, `utf16`, `utf8`).
    pub fn as_str(self) -> &'static str {
        match self {
            OffsetUnit::CodePoint => "code_point",
            OffsetUnit::Utf16 => "utf16",
            OffsetUnit::Utf8 => "utf8",
        }
    }

    /// Length of one character in this unit.
    fn char_len(self, c: char) -> usize {
        match self {
            OffsetUnit::CodePoint => 1,
            OffsetUnit::Utf16 => c.len_utf16(),
            OffsetUnit::Utf8 => c.len_utf8(),
        }
    }
}

impl std::str::FromStr for OffsetUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "code_point" => Ok(OffsetUnit::CodePoint),
            "utf16" => Ok(OffsetUnit::Utf16),
            "utf8" => Ok(OffsetUnit::Utf8),
            other => Err(format!(
                "unknown offset unit {other:?} (expected code_point, utf16 or utf8)"
            )),
        }
    }
}

impl std::fmt::Display for OffsetUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Byte-offset → unit-offset lookup for one text.
///
/// For pure-ASCII text and for [`OffsetUnit::Utf8`] every unit equals the byte offset, so no
/// table is allocated. Otherwise the table holds one entry per byte (plus one for the end).
#[derive(Debug, Clone)]
pub struct OffsetMap {
    unit: OffsetUnit,
    /// `table[b]` = offset in `unit` of the character containing byte `b`; empty = identity.
    table: Vec<usize>,
    /// Length of the whole text in `unit`.
    len: usize,
    /// Length of the text in bytes.
    bytes: usize,
}

impl OffsetMap {
    /// Build the lookup table for `text` in `unit` (one pass over the text).
    pub fn new(text: &str, unit: OffsetUnit) -> Self {
        let bytes = text.len();
        if unit == OffsetUnit::Utf8 || text.is_ascii() {
            return OffsetMap {
                unit,
                table: Vec::new(),
                len: bytes,
                bytes,
            };
        }
        let mut table = Vec::with_capacity(bytes + 1);
        let mut pos = 0usize;
        for c in text.chars() {
            // Every byte of a character maps to the character's start, so an offset that falls
            // inside a character rounds down instead of pointing past it.
            for _ in 0..c.len_utf8() {
                table.push(pos);
            }
            pos += unit.char_len(c);
        }
        table.push(pos);
        OffsetMap {
            unit,
            table,
            len: pos,
            bytes,
        }
    }

    /// The unit this map converts into.
    pub fn unit(&self) -> OffsetUnit {
        self.unit
    }

    /// Length of the text in the unit.
    pub fn text_length(&self) -> usize {
        self.len
    }

    /// Convert a byte offset. Offsets past the end clamp to the text length; an offset inside a
    /// multi-byte character maps to that character's start.
    pub fn convert(&self, byte: usize) -> usize {
        let b = byte.min(self.bytes);
        if self.table.is_empty() {
            b
        } else {
            self.table[b]
        }
    }

    /// Convert a half-open byte range.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.convert(start), self.convert(end))
    }
}

/// Length of `text` in `unit`, without building a table.
pub fn text_length(text: &str, unit: OffsetUnit) -> usize {
    match unit {
        OffsetUnit::Utf8 => text.len(),
        OffsetUnit::CodePoint => text.chars().count(),
        OffsetUnit::Utf16 => text.encode_utf16().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Independent oracle: count units of the prefix directly.
    fn oracle(text: &str, byte: usize, unit: OffsetUnit) -> usize {
        text_length(&text[..byte], unit)
    }

    #[test]
    fn astral_character_in_all_units() {
        // "a😀b": 😀 is 4 bytes, 2 UTF-16 units, 1 code point.
        let text = "a😀b";
        let b_start = text.find('b').unwrap();
        assert_eq!(b_start, 5);
        let cp = OffsetMap::new(text, OffsetUnit::CodePoint);
        let u16 = OffsetMap::new(text, OffsetUnit::Utf16);
        let u8m = OffsetMap::new(text, OffsetUnit::Utf8);
        assert_eq!(cp.range(b_start, text.len()), (2, 3));
        assert_eq!(u16.range(b_start, text.len()), (3, 4));
        assert_eq!(u8m.range(b_start, text.len()), (5, 6));
        assert_eq!(cp.text_length(), 3);
        assert_eq!(u16.text_length(), 4);
        assert_eq!(u8m.text_length(), 6);
    }

    #[test]
    fn matches_prefix_counting_on_every_boundary() {
        let text = "Zoë “quoted” — 😀 naïve 東京 𝔘 end";
        for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16, OffsetUnit::Utf8] {
            let map = OffsetMap::new(text, unit);
            for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(map.convert(b), oracle(text, b, unit), "{unit} at byte {b}");
            }
            assert_eq!(map.text_length(), text_length(text, unit));
        }
    }

    #[test]
    fn inside_a_character_rounds_down_and_past_end_clamps() {
        let text = "é😀";
        let map = OffsetMap::new(text, OffsetUnit::Utf16);
        assert_eq!(map.convert(1), 0); // inside é
        assert_eq!(map.convert(4), 1); // inside 😀
        assert_eq!(map.convert(999), 3);
    }

    #[test]
    fn ascii_is_identity_without_table() {
        let map = OffsetMap::new("plain", OffsetUnit::Utf16);
        assert!(map.table.is_empty());
        assert_eq!(map.range(1, 4), (1, 4));
        assert_eq!(map.convert(10), 5);
    }

    #[test]
    fn empty_text() {
        for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16, OffsetUnit::Utf8] {
            let map = OffsetMap::new("", unit);
            assert_eq!(map.text_length(), 0);
            assert_eq!(map.convert(0), 0);
        }
    }

    #[test]
    fn unit_names_round_trip() {
        for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16, OffsetUnit::Utf8] {
            assert_eq!(unit.as_str().parse::<OffsetUnit>(), Ok(unit));
            let json = serde_json::to_string(&unit).unwrap();
            assert_eq!(json, format!("\"{}\"", unit.as_str()));
        }
        assert!("utf32".parse::<OffsetUnit>().is_err());
    }
}
