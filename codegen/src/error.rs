//! Typed generator errors. Every error says where in the model the problem is.

/// One problem found in a model or raised while generating.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input is not valid JSON or does not have the JSON AST's form.
    #[error("model is not a valid Smithy JSON AST: {message} (line {line}, column {column})")]
    Json {
        message: String,
        line: usize,
        column: usize,
    },
    /// A problem located at a shape (and optionally a member).
    #[error("{location}: {message}")]
    Model { location: String, message: String },
    /// The model uses a Smithy feature this generator does not support yet.
    #[error("{location}: unsupported: {feature}")]
    Unsupported { location: String, feature: String },
    /// A bug in the generator (generated tokens that do not parse, ...).
    #[error("internal generator error: {0}")]
    Internal(String),
    /// A settings problem (unknown operation name, no service in the model, ...).
    #[error("{0}")]
    Settings(String),
}

/// All problems of one run, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl std::fmt::Display for Errors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} problem{} in the model:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}
