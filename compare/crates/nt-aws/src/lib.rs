//! Links the official SDK without its default HTTPS client and runtime.
pub use aws_sdk_imagebuilder;
