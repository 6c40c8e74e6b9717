//! [`AccountIdEndpointMode`]: whether a service's account-based endpoints are used.

use std::fmt;
use std::str::FromStr;

/// Whether requests go to account-based endpoints (such as
/// `https://111122223333.ddb.us-east-1.amazonaws.com`) where the service's endpoint rules have
/// them: the rules' `AWS::Auth::AccountIdEndpointMode` built-in, with the account id taken from
/// the credentials ([`Credentials::account_id`](super::Credentials::account_id)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AccountIdEndpointMode {
    /// Use an account-based endpoint when the credentials name the account (the default).
    #[default]
    Preferred,
    /// Never use account-based endpoints.
    Disabled,
    /// Always use account-based endpoints: a call whose credentials do not name the account
    /// fails to resolve its endpoint.
    Required,
}

impl AccountIdEndpointMode {
    /// The value the endpoint rules compare with: `preferred`, `disabled` or `required`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }
}

impl fmt::Display for AccountIdEndpointMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccountIdEndpointMode {
    type Err = String;

    /// `preferred`, `disabled` or `required`, in any case.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        [Self::Preferred, Self::Disabled, Self::Required]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "account id endpoint mode must be `preferred`, `disabled` or `required`, not `{s}`"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_modes_and_rejects_others() {
        assert_eq!("Required".parse(), Ok(AccountIdEndpointMode::Required));
        assert_eq!(" disabled ".parse(), Ok(AccountIdEndpointMode::Disabled));
        assert_eq!(AccountIdEndpointMode::default().as_str(), "preferred");
        let err = "sometimes".parse::<AccountIdEndpointMode>().unwrap_err();
        assert!(err.contains("`sometimes`"), "{err}");
    }
}
