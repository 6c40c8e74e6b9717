//! Links the generated client without a transport; the caller brings an `HttpConnector`.
pub use @OURS_CRATE_IDENT@;
