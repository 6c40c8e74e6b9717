//! Links the official SDK without its default HTTPS client and runtime.
pub use @AWS_CRATE_IDENT@;
