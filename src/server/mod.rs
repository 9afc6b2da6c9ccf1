//! The HTTP service (feature `server`).
