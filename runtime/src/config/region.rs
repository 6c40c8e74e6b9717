//! [`Region`]: the AWS region a client sends requests to and signs them for.
//!
//! In: a region name from the user, the environment or a profile file. Out: a cheap, cloneable
//! value that endpoint resolution (`AWS::Region`) and SigV4 signing read.

use std::borrow::Cow;
use std::fmt;

/// An AWS region name such as `us-east-1`. Named like `aws_types::region::Region`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region with this name.
    pub fn new(region: impl Into<Cow<'static, str>>) -> Self {
        Self(region.into())
    }

    /// A region from a `'static` name, usable in `const` items.
    pub const fn from_static(region: &'static str) -> Self {
        Self(Cow::Borrowed(region))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_views() {
        const EAST: Region = Region::from_static("us-east-1");
        let owned = Region::new(String::from("us-east-1"));
        assert_eq!(EAST, owned);
        assert_eq!(owned.as_ref(), "us-east-1");
        assert_eq!(owned.to_string(), "us-east-1");
    }
}
