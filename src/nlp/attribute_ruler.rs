//! The attribute_ruler component: token-pattern rules that set POS (and fix TAG/DEP of
//! whitespace tokens), read from `attribute_ruler/patterns`.
