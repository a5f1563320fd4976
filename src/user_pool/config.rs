//! The user pool configuration, checked once: pool id, region, endpoint.

use crate::aws::{check_endpoint, is_region, regional_endpoint};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::text::split_once;

/// What a user pool client needs to know. Field names follow Amplify v6's `Cognito` config.
#[derive(Debug)]
pub struct UserPoolConfig {
    pub user_pool_id: String,
    pub user_pool_client_id: String,
    /// Only for app clients created with a secret (not recommended in a browser).
    pub client_secret: Option<Secret<String>>,
    /// Overrides the regional endpoint, e.g. a local test server. `http://` only for loopback.
    pub endpoint: Option<String>,
}

/// A configuration that passed [`UserPoolConfig::validate`].
#[derive(Debug)]
pub struct ValidConfig {
    pub user_pool_id: String,
    pub client_id: String,
    pub client_secret: Option<Secret<String>>,
    pub region: String,
    /// The part of the pool id after `_`: SRP's "pool name".
    pub pool_name: String,
    pub endpoint: String,
}

impl UserPoolConfig {
    pub fn validate(self) -> Result<ValidConfig> {
        let (region, pool_name) = split_pool_id(&self.user_pool_id)?;
        if self.user_pool_client_id.is_empty()
            || !self
                .user_pool_client_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'_')
        {
            return Err(Error::invalid_argument(
                "userPoolClientId must be a non-empty app client id",
            ));
        }
        let endpoint = match self.endpoint {
            Some(e) => check_endpoint("endpoint", &e)?,
            None => regional_endpoint("cognito-idp", &region),
        };
        Ok(ValidConfig {
            region,
            pool_name,
            endpoint,
            user_pool_id: self.user_pool_id,
            client_id: self.user_pool_client_id,
            client_secret: self.client_secret,
        })
    }
}

/// Splits `us-east-1_AbC123` into region and pool name.
pub fn split_pool_id(id: &str) -> Result<(String, String)> {
    let bad = || {
        Error::invalid_argument(
            [
                "userPoolId must look like <region>_<id>, e.g. us-east-1_AbC123; got \"",
                id,
                "\"",
            ]
            .concat(),
        )
    };
    let (region, name) = split_once(id, b'_').ok_or_else(bad)?;
    let name_ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric());
    if is_region(region) && name_ok {
        Ok((region.to_owned(), name.to_owned()))
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(id: &str, endpoint: Option<&str>) -> UserPoolConfig {
        UserPoolConfig {
            user_pool_id: id.into(),
            user_pool_client_id: "abc123".into(),
            client_secret: None,
            endpoint: endpoint.map(Into::into),
        }
    }

    #[test]
    fn endpoint_is_derived_from_the_pool_region() {
        let c = config("eu-west-2_AbC123", None).validate().unwrap();
        assert_eq!(c.endpoint, "https://cognito-idp.eu-west-2.amazonaws.com/");
        assert_eq!(c.region, "eu-west-2");
        assert_eq!(c.pool_name, "AbC123");
        let cn = config("cn-north-1_X1", None).validate().unwrap();
        assert_eq!(
            cn.endpoint,
            "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
        );
    }

    #[test]
    fn malformed_pool_ids_are_refused() {
        for id in [
            "",
            "nounderscore",
            "_abc",
            "us-east-1_",
            "US-EAST-1_abc",
            "us-east-1_a/b",
        ] {
            let err = config(id, None).validate().unwrap_err();
            assert_eq!(err.name(), "InvalidArgumentError", "{id}");
        }
    }

    #[test]
    fn plain_http_is_refused_unless_loopback() {
        for ok in [
            "http://127.0.0.1:5000",
            "http://localhost:9229/",
            "http://[::1]:80/",
            "https://cognito.example.test/",
        ] {
            assert!(config("us-east-1_a", Some(ok)).validate().is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/",
            "http://127.0.0.1.evil.test/",
            "http://localhost.evil.test/",
            "ftp://127.0.0.1/",
            "http://evil.example\\@127.0.0.1/",
            "127.0.0.1:5000",
            "https://",
        ] {
            let err = config("us-east-1_a", Some(bad)).validate().unwrap_err();
            assert_eq!(err.name(), "InvalidArgumentError", "{bad}");
        }
    }

    #[test]
    fn endpoint_gets_a_trailing_slash() {
        let c = config("us-east-1_a", Some("http://127.0.0.1:5000"))
            .validate()
            .unwrap();
        assert_eq!(c.endpoint, "http://127.0.0.1:5000/");
    }
}
