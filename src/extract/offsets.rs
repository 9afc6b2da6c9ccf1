//! Converting byte offsets into the unit a caller asked for.

/// The unit offsets are reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetUnit {
    /// Unicode code points (Python `str` indices; the default).
    #[default]
    CodePoint,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}
