//! Loading a config the way the AWS SDKs do: environment variables first, then the selected
//! profile of the shared config and credentials files.
//!
//! In: an environment lookup (the process environment, or a closure in tests) and the two
//! files it points to. Out: a [`Builder`] with whatever was found (region, credentials,
//! endpoint URL, FIPS / dual-stack flags, max attempts), or a [`LoadError`] naming the file and
//! line, or the variable, that is malformed. Nothing found is not an error: a call that needs a
//! region or credentials says so when it is made.
//!
//! See [`load_from_env`] for what is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::profile::{self, FileKind, LoadError, Located};
use super::{
    AccountIdEndpointMode, Builder, Config, Credentials, Region, RetryConfig, RetryMode,
    SharedCredentialsProvider,
};

/// Loads a config builder from the process environment and the shared AWS files.
///
/// | setting | environment | profile property |
/// | --- | --- | --- |
/// | region | `AWS_REGION`, `AWS_DEFAULT_REGION` | `region` |
/// | credentials | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_ACCOUNT_ID` | `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`, `aws_account_id` |
/// | account-based endpoints (`preferred`, `disabled`, `required`) | `AWS_ACCOUNT_ID_ENDPOINT_MODE` | `account_id_endpoint_mode` |
/// | endpoint URL | `AWS_ENDPOINT_URL` | `endpoint_url` |
/// | FIPS | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` |
/// | dual-stack | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` |
/// | max attempts | `AWS_MAX_ATTEMPTS` | `max_attempts` |
/// | retry mode (`standard`, `adaptive`) | `AWS_RETRY_MODE` | `retry_mode` |
/// | no request compression | `AWS_DISABLE_REQUEST_COMPRESSION` | `disable_request_compression` |
/// | compression threshold | `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` | `request_min_compression_size_bytes` |
///
/// The profile is `AWS_PROFILE` (default `default`): `[default]` / `[profile NAME]` in
/// `AWS_CONFIG_FILE` (default `~/.aws/config`) and `[NAME]` in `AWS_SHARED_CREDENTIALS_FILE`
/// (default `~/.aws/credentials`); a property in the credentials file wins over the same
/// property in the config file. Profiles that get credentials from a role, SSO or a process
/// are not supported here; use the `aws-config` feature's bridge for those.
pub fn load_from_env() -> Result<Builder, LoadError> {
    load_from_env_with(&|name| std::env::var(name).ok())
}

impl Config {
    /// [`load_from_env`], built.
    pub fn from_env() -> Result<Config, LoadError> {
        load_from_env().map(Builder::build)
    }
}

/// [`load_from_env`] with the environment given as a lookup function (tests pass a closure
/// instead of changing the process environment). `HOME` (else `USERPROFILE`) locates `~`.
pub fn load_from_env_with(env: &dyn Fn(&str) -> Option<String>) -> Result<Builder, LoadError> {
    let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let home = env("HOME")
        .or_else(|| env("USERPROFILE"))
        .map(PathBuf::from);
    let profile_name = env("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());

    let config_path = file_path(env("AWS_CONFIG_FILE"), home.as_deref(), "config");
    let credentials_path = file_path(
        env("AWS_SHARED_CREDENTIALS_FILE"),
        home.as_deref(),
        "credentials",
    );
    let mut profile = BTreeMap::new();
    for (path, kind) in [
        (config_path, FileKind::Config),
        (credentials_path, FileKind::Credentials),
    ] {
        let Some(path) = path else { continue };
        if let Some(mut profiles) = read_profiles(&path, kind)? {
            profile.extend(profiles.remove(&profile_name).unwrap_or_default());
        }
    }
    let prop = |name: &str| profile.get(name);

    let mut builder = Config::builder();
    let region = env("AWS_REGION")
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .or_else(|| prop("region").map(|l| l.value.clone()));
    builder.set_region(region.map(Region::new));
    builder.set_credentials_provider(
        credentials(&env, &profile, &profile_name)?.map(SharedCredentialsProvider::new),
    );
    builder.set_endpoint_url(setting(&env, &profile, "AWS_ENDPOINT_URL", "endpoint_url"));
    if let Some(fips) = flag(&env, &profile, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")? {
        builder.set_use_fips(Some(fips));
    }
    if let Some(dual) = flag(
        &env,
        &profile,
        "AWS_USE_DUALSTACK_ENDPOINT",
        "use_dualstack_endpoint",
    )? {
        builder.set_use_dual_stack(Some(dual));
    }
    if let Some(off) = flag(
        &env,
        &profile,
        "AWS_DISABLE_REQUEST_COMPRESSION",
        "disable_request_compression",
    )? {
        builder.set_disable_request_compression(Some(off));
    }
    if let Some(size) = min_compression_size(&env, &profile)? {
        builder.set_request_min_compression_size_bytes(Some(size));
    }
    if let Some(mode) = account_id_endpoint_mode(&env, &profile)? {
        builder.set_account_id_endpoint_mode(Some(mode));
    }
    let mode = retry_mode(&env, &profile)?;
    let attempts = max_attempts(&env, &profile)?;
    if mode.is_some() || attempts.is_some() {
        let mut retry = RetryConfig::standard().with_retry_mode(mode.unwrap_or_default());
        if let Some(attempts) = attempts {
            retry = retry.with_max_attempts(attempts);
        }
        builder.set_retry_config(Some(retry));
    }
    Ok(builder)
}

/// The explicit path (with a leading `~/` expanded), else `~/.aws/<name>`.
fn file_path(explicit: Option<String>, home: Option<&Path>, name: &str) -> Option<PathBuf> {
    match explicit {
        Some(path) => match (path.strip_prefix("~/"), home) {
            (Some(rest), Some(home)) => Some(home.join(rest)),
            _ => Some(PathBuf::from(path)),
        },
        None => home.map(|h| h.join(".aws").join(name)),
    }
}

/// The profiles of one file; `None` when the file does not exist.
fn read_profiles(path: &Path, kind: FileKind) -> Result<Option<profile::Profiles>, LoadError> {
    match std::fs::read_to_string(path) {
        Ok(text) => profile::parse(&text, path, kind).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(LoadError::new(
            path.display().to_string(),
            format!("cannot read the file: {e}"),
        )),
    }
}

/// The environment variable, else the profile property.
fn setting(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
    var: &str,
    property: &str,
) -> Option<String> {
    located(env, profile, var, property).map(|(value, _)| value)
}

/// The environment variable `var`, else the profile property: the value and where it came
/// from (for error messages).
fn located(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
    var: &str,
    property: &str,
) -> Option<(String, String)> {
    match env(var) {
        Some(v) => Some((v, format!("environment variable {var}"))),
        None => profile.get(property).map(|l| (l.value.clone(), l.origin())),
    }
}

/// A `true` / `false` setting (case-insensitive).
fn flag(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
    var: &str,
    property: &str,
) -> Result<Option<bool>, LoadError> {
    let Some((value, origin)) = located(env, profile, var, property) else {
        return Ok(None);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(LoadError::new(
            origin,
            format!("`{value}` is not `true` or `false`"),
        )),
    }
}

/// `AWS_RETRY_MODE` / `retry_mode`: `standard` or `adaptive`.
fn retry_mode(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
) -> Result<Option<RetryMode>, LoadError> {
    let Some((value, origin)) = located(env, profile, "AWS_RETRY_MODE", "retry_mode") else {
        return Ok(None);
    };
    value
        .parse::<RetryMode>()
        .map(Some)
        .map_err(|message| LoadError::new(origin, message))
}

/// `AWS_ACCOUNT_ID_ENDPOINT_MODE` / `account_id_endpoint_mode`.
fn account_id_endpoint_mode(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
) -> Result<Option<AccountIdEndpointMode>, LoadError> {
    let Some((value, origin)) = located(
        env,
        profile,
        "AWS_ACCOUNT_ID_ENDPOINT_MODE",
        "account_id_endpoint_mode",
    ) else {
        return Ok(None);
    };
    value
        .parse::<AccountIdEndpointMode>()
        .map(Some)
        .map_err(|message| LoadError::new(origin, message))
}

/// `AWS_MAX_ATTEMPTS` / `max_attempts`: a whole number of at least 1.
fn max_attempts(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
) -> Result<Option<u32>, LoadError> {
    let var = ("AWS_MAX_ATTEMPTS", "max_attempts");
    whole_number(env, profile, var, "max attempts", "of at least 1", |n| {
        n >= 1
    })
}

/// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` / `request_min_compression_size_bytes`: a whole
/// number from 0 to 10 485 760.
fn min_compression_size(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
) -> Result<Option<u32>, LoadError> {
    let var = (
        "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
        "request_min_compression_size_bytes",
    );
    whole_number(
        env,
        profile,
        var,
        "minimum compression size",
        "from 0 to 10485760",
        |n| n <= super::MAX_REQUEST_MIN_COMPRESSION_SIZE_BYTES,
    )
}

/// A `u32` setting that `ok` accepts; otherwise an error naming `what`, the value, the `range`
/// and where it came from.
fn whole_number(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
    (var, property): (&str, &str),
    what: &str,
    range: &str,
    ok: fn(u32) -> bool,
) -> Result<Option<u32>, LoadError> {
    let Some((value, origin)) = located(env, profile, var, property) else {
        return Ok(None);
    };
    match value.trim().parse::<u32>() {
        Ok(n) if ok(n) => Ok(Some(n)),
        _ => Err(LoadError::new(
            origin,
            format!("{what} `{value}` is not a whole number {range}"),
        )),
    }
}

/// Credentials from the environment, else from the profile.
fn credentials(
    env: &dyn Fn(&str) -> Option<String>,
    profile: &BTreeMap<String, Located>,
    profile_name: &str,
) -> Result<Option<Credentials>, LoadError> {
    if let (Some(id), Some(secret)) = (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        let token = env("AWS_SESSION_TOKEN");
        let credentials = Credentials::new(id, secret, token, None, "Environment");
        return Ok(Some(match env("AWS_ACCOUNT_ID") {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        }));
    }
    let value = |key: &str| profile.get(key);
    match (value("aws_access_key_id"), value("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let credentials = Credentials::new(
                id.value.clone(),
                secret.value.clone(),
                value("aws_session_token").map(|t| t.value.clone()),
                None,
                "ProfileFile",
            );
            Ok(Some(match value("aws_account_id") {
                Some(account) => credentials.with_account_id(account.value.clone()),
                None => credentials,
            }))
        }
        (Some(id), None) => Err(LoadError::new(
            id.origin(),
            format!(
                "profile `{profile_name}` sets `aws_access_key_id` but not `aws_secret_access_key`"
            ),
        )),
        (None, Some(secret)) => Err(LoadError::new(
            secret.origin(),
            format!(
                "profile `{profile_name}` sets `aws_secret_access_key` but not `aws_access_key_id`"
            ),
        )),
        (None, None) => {
            if let Some(key) = [
                "role_arn",
                "credential_process",
                "sso_session",
                "sso_start_url",
            ]
            .into_iter()
            .find(|key| profile.contains_key(*key))
            {
                tracing::debug!(
                    profile = profile_name,
                    key,
                    "profile credentials of this kind are not supported; use the `aws-config` feature"
                );
            }
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> Self {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "smithy-rt-env-{}-{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(dir.join(".aws")).expect("temp dir");
            Self(dir)
        }

        fn write(&self, relative: &str, text: &str) -> PathBuf {
            let path = self.0.join(relative);
            std::fs::write(&path, text).expect("write temp file");
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn load(vars: &[(&str, &str)]) -> Result<Config, LoadError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        load_from_env_with(&move |name| vars.get(name).cloned()).map(Builder::build)
    }

    fn creds(config: &Config) -> Option<Credentials> {
        use super::super::ProvideCredentials;
        let provider = config.credentials_provider()?;
        Some(crate::test_util::block_on(provider.provide_credentials()).expect("static"))
    }

    #[test]
    fn environment_wins_over_profile() {
        let dir = TempDir::new();
        dir.write(
            ".aws/config",
            "[default]\nregion = eu-west-1\nmax_attempts = 5\nuse_fips_endpoint = true\n",
        );
        dir.write(
            ".aws/credentials",
            "[default]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = psecret\n",
        );
        let home = dir.0.to_str().expect("utf-8 path");
        let config = load(&[
            ("HOME", home),
            ("AWS_REGION", "us-east-2"),
            ("AWS_ACCESS_KEY_ID", "ENVKEY"),
            ("AWS_SECRET_ACCESS_KEY", "esecret"),
            ("AWS_SESSION_TOKEN", "etoken"),
            ("AWS_MAX_ATTEMPTS", "2"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "TRUE"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ])
        .expect("loads");
        assert_eq!(config.region(), Some(&Region::new("us-east-2")));
        let c = creds(&config).expect("credentials");
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("ENVKEY", "esecret", Some("etoken"))
        );
        assert_eq!(c.provider_name(), "Environment");
        assert_eq!(config.retry_config().max_attempts(), 2);
        assert!(config.use_fips() && config.use_dual_stack());
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:9"));
    }

    #[test]
    fn named_profile_from_explicit_files() {
        let dir = TempDir::new();
        let config_file = dir.write(
            "my-config",
            "[default]\nregion = us-east-1\n[profile dev]\nregion = ap-south-1\naws_access_key_id = CFGKEY\naws_secret_access_key = cfgsecret\n",
        );
        let creds_file = dir.write(
            "my-creds",
            "[default]\naws_access_key_id = D\naws_secret_access_key = d\n[dev]\naws_secret_access_key = devsecret\naws_session_token = devtoken\n",
        );
        let config = load(&[
            ("AWS_PROFILE", "dev"),
            ("AWS_CONFIG_FILE", config_file.to_str().expect("utf-8")),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                creds_file.to_str().expect("utf-8"),
            ),
        ])
        .expect("loads");
        assert_eq!(config.region().map(|r| r.as_ref()), Some("ap-south-1"));
        let c = creds(&config).expect("credentials");
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("CFGKEY", "devsecret", Some("devtoken")),
            "the credentials file wins key by key"
        );
        assert_eq!(c.provider_name(), "ProfileFile");
        assert_eq!(config.retry_config().max_attempts(), 3);
    }

    #[test]
    fn default_region_variable_and_missing_files() {
        let dir = TempDir::new();
        let home = dir.0.to_str().expect("utf-8");
        let config = load(&[("HOME", home), ("AWS_DEFAULT_REGION", "sa-east-1")]).expect("ok");
        assert_eq!(config.region().map(|r| r.as_ref()), Some("sa-east-1"));
        assert!(config.credentials_provider().is_none());
        let empty = load(&[]).expect("nothing at all is fine");
        assert!(empty.region().is_none());
    }

    #[test]
    fn tilde_paths_expand() {
        let dir = TempDir::new();
        dir.write("alt", "[default]\nregion = il-central-1\n");
        let home = dir.0.to_str().expect("utf-8");
        let config = load(&[("HOME", home), ("AWS_CONFIG_FILE", "~/alt")]).expect("ok");
        assert_eq!(config.region().map(|r| r.as_ref()), Some("il-central-1"));
    }

    #[test]
    fn malformed_files_and_values_are_reported_with_their_origin() {
        let dir = TempDir::new();
        let home = dir.0.to_str().expect("utf-8");
        let path = dir.write(".aws/config", "[default]\nregion = x\nnot a property\n");
        let err = load(&[("HOME", home)]).expect_err("malformed");
        assert_eq!(err.origin(), format!("{}:3", path.display()));
        assert!(err.to_string().contains("expected `name = value`"), "{err}");

        dir.write(".aws/config", "[default]\nmax_attempts = 0\n");
        let err = load(&[("HOME", home)]).expect_err("zero attempts");
        assert_eq!(err.origin(), format!("{}:2", path.display()));

        let err = load(&[("HOME", home), ("AWS_USE_FIPS_ENDPOINT", "yes")]).expect_err("flag");
        assert_eq!(err.origin(), "environment variable AWS_USE_FIPS_ENDPOINT");

        dir.write(".aws/config", "[default]\naws_access_key_id = ONLYID\n");
        let err = load(&[("HOME", home)]).expect_err("half a key pair");
        assert!(
            err.message().contains("not `aws_secret_access_key`"),
            "{err}"
        );
        assert_eq!(err.origin(), format!("{}:2", path.display()));

        let err = load(&[("AWS_CONFIG_FILE", home)]).expect_err("a directory");
        assert!(err.to_string().contains("cannot read the file"), "{err}");
    }

    #[test]
    fn request_compression_settings() {
        let dir = TempDir::new();
        let home = dir.0.to_str().expect("utf-8");
        let path = dir.write(
            ".aws/config",
            "[default]\ndisable_request_compression = true\nrequest_min_compression_size_bytes = 100\n",
        );
        let config = load(&[("HOME", home)]).expect("loads");
        assert!(config.disable_request_compression());
        assert_eq!(config.request_min_compression_size_bytes(), 100);

        let config = load(&[
            ("HOME", home),
            ("AWS_DISABLE_REQUEST_COMPRESSION", "false"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485760"),
        ])
        .expect("loads");
        assert!(!config.disable_request_compression());
        assert_eq!(config.request_min_compression_size_bytes(), 10_485_760);

        let defaults = load(&[]).expect("loads");
        assert!(!defaults.disable_request_compression());
        assert_eq!(defaults.request_min_compression_size_bytes(), 10_240);

        let err = load(&[
            ("HOME", home),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761"),
        ])
        .expect_err("too large");
        assert_eq!(
            err.origin(),
            "environment variable AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES"
        );
        dir.write(
            ".aws/config",
            "[default]\nrequest_min_compression_size_bytes = -1\n",
        );
        let err = load(&[("HOME", home)]).expect_err("negative");
        assert_eq!(err.origin(), format!("{}:2", path.display()));
        assert!(err.message().contains("from 0 to 10485760"), "{err}");
    }

    #[test]
    fn retry_mode_from_environment_and_profile() {
        let dir = TempDir::new();
        let home = dir.0.to_str().expect("utf-8");
        let path = dir.write(".aws/config", "[default]\nretry_mode = adaptive\n");
        let config = load(&[("HOME", home)]).expect("loads");
        assert_eq!(config.retry_config().mode(), RetryMode::Adaptive);
        assert_eq!(config.retry_config().max_attempts(), 3);

        let config = load(&[
            ("HOME", home),
            ("AWS_RETRY_MODE", "standard"),
            ("AWS_MAX_ATTEMPTS", "7"),
        ])
        .expect("loads");
        assert_eq!(config.retry_config().mode(), RetryMode::Standard);
        assert_eq!(config.retry_config().max_attempts(), 7);

        dir.write(".aws/config", "[default]\nretry_mode = legacy\n");
        let err = load(&[("HOME", home)]).expect_err("unsupported mode");
        assert_eq!(err.origin(), format!("{}:2", path.display()));
        assert!(
            err.message()
                .contains("`legacy` is not `standard` or `adaptive`"),
            "{err}"
        );
    }
}
