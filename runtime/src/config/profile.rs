//! A small parser for the AWS shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`).
//!
//! In: the text of one file, its path (for messages) and which of the two files it is. Out:
//! the profiles it defines, each a map of property name to value with the line it came from,
//! or a [`LoadError`] naming the file and line of the first malformed line.
//!
//! The format is INI-like: `[default]` and `[profile NAME]` sections in the config file,
//! `[NAME]` sections in the credentials file, `name = value` properties, whole-line comments
//! starting with `#` or `;`, inline comments after whitespace, and indented continuation lines
//! that extend the previous property's value. Other config-file sections (`[sso-session x]`,
//! `[services x]`) are read and ignored.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Which shared file a text came from: they name their sections differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `~/.aws/config`: `[default]` and `[profile NAME]`.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// One property value and where it was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub(crate) value: String,
    pub(crate) path: PathBuf,
    pub(crate) line: usize,
}

impl Located {
    /// `path:line`, for messages.
    pub(crate) fn origin(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }
}

/// Profile name to its properties.
pub(crate) type Profiles = BTreeMap<String, BTreeMap<String, Located>>;

/// Loading configuration failed: a profile file was unreadable or malformed, or an environment
/// variable or property had a value of the wrong form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    origin: String,
    message: String,
}

impl LoadError {
    pub(crate) fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            origin: origin.into(),
            message: message.into(),
        }
    }

    fn at(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::new(format!("{}:{line}", path.display()), message)
    }

    /// Where the problem is: `path:line`, a path, or `environment variable NAME`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for LoadError {}

/// Parses one shared file. Properties of a profile defined twice are merged, the later value
/// winning.
pub(crate) fn parse(text: &str, path: &Path, kind: FileKind) -> Result<Profiles, LoadError> {
    let mut profiles = Profiles::new();
    // `None` inside: a section this parser reads but ignores.
    let mut section: Option<Option<String>> = None;
    let mut last_property: Option<String> = None;

    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if trimmed.starts_with('[') {
            let name = section_name(trimmed).map_err(|m| LoadError::at(path, line_no, m))?;
            section = Some(profile_name(name, kind));
            last_property = None;
            continue;
        }
        let Some(current) = &section else {
            return Err(LoadError::at(
                path,
                line_no,
                format!("`{trimmed}` is not inside a [section]"),
            ));
        };
        let continuation = line.starts_with([' ', '\t']);
        if continuation {
            let Some(property) = &last_property else {
                return Err(LoadError::at(
                    path,
                    line_no,
                    "an indented continuation line must follow a property",
                ));
            };
            if let Some(name) = current {
                if let Some(located) = profiles
                    .get_mut(name)
                    .and_then(|props| props.get_mut(property))
                {
                    located.value.push('\n');
                    located.value.push_str(strip_inline_comment(trimmed));
                }
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(LoadError::at(
                path,
                line_no,
                format!("expected `name = value`, found `{trimmed}`"),
            ));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(LoadError::at(path, line_no, "a property name is empty"));
        }
        last_property = Some(key.to_owned());
        if let Some(name) = current {
            profiles.entry(name.clone()).or_default().insert(
                key.to_owned(),
                Located {
                    value: strip_inline_comment(value.trim()).to_owned(),
                    path: path.to_owned(),
                    line: line_no,
                },
            );
        }
    }
    Ok(profiles)
}

/// The text between `[` and `]`, trimmed; after `]` only a comment may follow.
fn section_name(line: &str) -> Result<&str, String> {
    let Some(close) = line.find(']') else {
        return Err(format!("section header `{line}` has no closing `]`"));
    };
    let rest = line[close + 1..].trim_start();
    if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
        return Err(format!("unexpected `{rest}` after the section header"));
    }
    let name = line[1..close].trim();
    if name.is_empty() {
        return Err("the section name is empty".to_owned());
    }
    Ok(name)
}

/// The profile a section defines, or `None` for sections that are not profiles.
fn profile_name(section: &str, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Credentials => Some(section.to_owned()),
        FileKind::Config if section == "default" => Some(section.to_owned()),
        FileKind::Config => {
            let rest = section.strip_prefix("profile")?;
            let name = rest.trim_start();
            // `[profileX]` is not a profile section.
            (name.len() < rest.len() && !name.is_empty()).then(|| name.to_owned())
        }
    }
}

/// Drops a trailing ` # comment` or ` ; comment` (the marker must follow whitespace, so values
/// such as secret keys may contain `#` and `;`).
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if (*b == b'#' || *b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_config(text: &str) -> Result<Profiles, LoadError> {
        parse(text, Path::new("/home/u/.aws/config"), FileKind::Config)
    }

    fn value<'a>(profiles: &'a Profiles, profile: &str, key: &str) -> Option<&'a str> {
        profiles.get(profile)?.get(key).map(|l| l.value.as_str())
    }

    #[test]
    fn config_sections_and_properties() {
        let text = "\
# leading comment
[default]
region = us-west-2 # trailing comment
output=json

[profile dev]   ; comment after header
region = eu-west-1
aws_secret_access_key = abc#def;ghi
s3 =
  max_concurrent_requests = 10
  addressing_style = path

[sso-session corp]
sso_region = us-east-1
[profileX]
region = nope
[default]
output = text
";
        let profiles = parse_config(text).expect("valid");
        assert_eq!(
            profiles.keys().collect::<Vec<_>>(),
            ["default", "dev"],
            "sso-session and [profileX] are not profiles"
        );
        assert_eq!(value(&profiles, "default", "region"), Some("us-west-2"));
        assert_eq!(value(&profiles, "default", "output"), Some("text"));
        assert_eq!(value(&profiles, "dev", "region"), Some("eu-west-1"));
        assert_eq!(
            value(&profiles, "dev", "aws_secret_access_key"),
            Some("abc#def;ghi")
        );
        assert_eq!(
            value(&profiles, "dev", "s3"),
            Some("\nmax_concurrent_requests = 10\naddressing_style = path")
        );
        let region = &profiles["default"]["region"];
        assert_eq!(region.line, 3);
        assert_eq!(region.origin(), "/home/u/.aws/config:3");
    }

    #[test]
    fn credentials_sections_are_bare_names() {
        let text = "[default]\r\naws_access_key_id = AKID\r\n[profile x]\naws_access_key_id = P\n";
        let profiles = parse(text, Path::new("creds"), FileKind::Credentials).expect("valid");
        assert_eq!(
            value(&profiles, "default", "aws_access_key_id"),
            Some("AKID")
        );
        assert_eq!(
            value(&profiles, "profile x", "aws_access_key_id"),
            Some("P")
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            ("region = x\n", 1, "is not inside a [section]"),
            ("[default]\n\nregion\n", 3, "expected `name = value`"),
            ("[default\nregion = x\n", 1, "no closing `]`"),
            ("[default] junk\n", 1, "unexpected `junk`"),
            ("[ ]\n", 1, "section name is empty"),
            ("[default]\n  indented = x\n", 2, "continuation line"),
            ("[default]\n = x\n", 2, "continuation line"),
            ("[default]\n= x\n", 2, "property name is empty"),
        ];
        for (text, line, needle) in cases {
            let err = parse_config(text).expect_err(text);
            assert_eq!(
                err.origin(),
                format!("/home/u/.aws/config:{line}"),
                "{text:?}"
            );
            assert!(err.message().contains(needle), "{text:?}: {err}");
            assert!(err.to_string().starts_with("/home/u/.aws/config:"), "{err}");
        }
    }

    #[test]
    fn empty_and_comment_only_files() {
        assert!(parse_config("").expect("empty").is_empty());
        assert!(parse_config("# c\n; c\n\n").expect("comments").is_empty());
    }
}
