//! The crate's one error type.
//!
//! Errors the service sends are [`Error::Service`], named by a closed list of Cognito exception
//! names plus [`CognitoErrorKind::Other`] for names this crate does not know yet (oauth2-rs does
//! the same with `Extension(String)`). Everything else is an SDK-side error with a stable name,
//! see [`Error::name`]. OAuth 2.0 endpoints answer in their own format: [`Error::OAuth`].

use std::fmt;

macro_rules! cognito_error_kinds {
    ($($variant:ident),+ $(,)?) => {
        /// A Cognito exception name, as the service sends it in `__type` or `x-amzn-errortype`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum CognitoErrorKind {
            $($variant,)+
            /// A name this crate does not know yet, kept as the service sent it (sanitized).
            Other(String),
        }

        impl CognitoErrorKind {
            /// Each known kind with its name: one table, looked up in a loop, is far smaller in
            /// wasm than a `match` over 32 strings each way.
            const KNOWN: &'static [(Self, &'static str)] = &[$((Self::$variant, stringify!($variant)),)+];

            /// The exception name as the service spells it.
            pub fn as_str(&self) -> &str {
                if let Self::Other(name) = self {
                    return name;
                }
                Self::KNOWN
                    .iter()
                    .find(|(kind, _)| kind == self)
                    .map_or("", |(_, name)| name)
            }

            /// Parses a sanitized exception name.
            pub fn from_name(name: &str) -> Self {
                Self::KNOWN
                    .iter()
                    .find(|(_, n)| *n == name)
                    .map_or_else(|| Self::Other(name.to_owned()), |(kind, _)| kind.clone())
            }
        }
    };
}

cognito_error_kinds!(
    AliasExistsException,
    CodeDeliveryFailureException,
    CodeMismatchException,
    ConcurrentModificationException,
    EnableSoftwareTokenMFAException,
    ExpiredCodeException,
    ForbiddenException,
    InternalErrorException,
    InvalidEmailRoleAccessPolicyException,
    InvalidLambdaResponseException,
    InvalidParameterException,
    InvalidPasswordException,
    InvalidSmsRoleAccessPolicyException,
    InvalidSmsRoleTrustRelationshipException,
    InvalidUserPoolConfigurationException,
    LimitExceededException,
    MFAMethodNotFoundException,
    NotAuthorizedException,
    PasswordHistoryPolicyViolationException,
    PasswordResetRequiredException,
    ResourceNotFoundException,
    SoftwareTokenMFANotFoundException,
    TooManyFailedAttemptsException,
    TooManyRequestsException,
    UnauthorizedException,
    UnexpectedLambdaException,
    UnsupportedOperationException,
    UnsupportedTokenTypeException,
    UserLambdaValidationException,
    UserNotConfirmedException,
    UserNotFoundException,
    UsernameExistsException,
);

impl fmt::Display for CognitoErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error answered by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub kind: CognitoErrorKind,
    pub message: String,
    pub request_id: Option<String>,
    pub status: u16,
}

/// An error an OAuth 2.0 endpoint or the hosted UI's redirect answered (RFC 6749 §4.1.2.1, §5.2),
/// sanitized: the code keeps only `[A-Za-z0-9_.-]` (64 bytes at most), the description only the
/// printable ASCII that RFC 6749 allows there (256 bytes at most). Either may come from a crafted
/// link, so neither can carry markup, control characters or a page of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub error: String,
    pub description: Option<String>,
}

impl OAuthError {
    pub fn new(error: &str, description: Option<&str>) -> Self {
        let keep = |s: &str, max: usize, ok: fn(&u8) -> bool| -> String {
            s.bytes().filter(ok).take(max).map(char::from).collect()
        };
        let error = keep(error, 64, |b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
        });
        Self {
            error: if error.is_empty() {
                "unknown_error".into()
            } else {
                error
            },
            description: description
                .map(|d| {
                    keep(d, 256, |b| {
                        matches!(b, 0x20..=0x7e) && !matches!(b, b'"' | b'\\')
                    })
                })
                .filter(|d| !d.is_empty()),
        }
    }
}

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The service answered with an error.
    Service(Box<ServiceError>),
    /// The caller passed something unusable (missing username, bad pool id, …).
    InvalidArgument(String),
    /// The request did not reach the service or its reply could not be read.
    Network(String),
    /// The service replied with something this crate cannot make sense of.
    MalformedResponse(String),
    /// The call does not fit the current state (e.g. `confirmSignIn` with no sign-in under way).
    InvalidState(String),
    /// The SRP exchange had to be aborted (a server value was zero modulo N).
    Srp(&'static str),
    /// `signIn` while a user is signed in (Amplify's `UserAlreadyAuthenticatedException`).
    AlreadySignedIn,
    /// The call needs a signed-in user (Amplify's `UserUnAuthenticatedException`).
    NotSignedIn,
    /// The service asked for a challenge this SDK cannot answer yet.
    UnsupportedChallenge(String),
    /// The platform's random source failed.
    Random,
    /// An OAuth 2.0 endpoint of the hosted UI, or its redirect back, answered with an error.
    /// Boxed: `Error` stays the size it was.
    OAuth(Box<OAuthError>),
}

impl Error {
    /// The stable name JS sees as `error.name`: the Cognito exception name for service errors.
    pub fn name(&self) -> &str {
        match self {
            Self::Service(e) => e.kind.as_str(),
            Self::InvalidArgument(_) => "InvalidArgumentError",
            Self::Network(_) => "NetworkError",
            Self::MalformedResponse(_) => "MalformedResponseError",
            Self::InvalidState(_) => "InvalidStateError",
            Self::Srp(_) => "SrpError",
            Self::AlreadySignedIn => "UserAlreadyAuthenticatedException",
            Self::NotSignedIn => "UserUnAuthenticatedException",
            Self::UnsupportedChallenge(_) => "UnsupportedChallengeError",
            Self::Random => "RandomSourceError",
            Self::OAuth(_) => "OAuthError",
        }
    }

    /// The human-readable message, without the name. Built by concatenation, not `format!`:
    /// this keeps `core::fmt` out of the wasm.
    pub fn message(&self) -> String {
        match self {
            Self::Service(e) => e.message.clone(),
            Self::InvalidArgument(m) | Self::InvalidState(m) => m.clone(),
            Self::Network(m) => ["network error: ", m].concat(),
            Self::MalformedResponse(m) => ["malformed reply from the service: ", m].concat(),
            Self::Srp(m) => ["SRP exchange aborted: ", m].concat(),
            Self::AlreadySignedIn => "a user is already signed in: sign out first".into(),
            Self::NotSignedIn => "no user is signed in".into(),
            Self::UnsupportedChallenge(c) => [
                "the service asked for the ",
                c,
                " challenge, which this SDK does not support yet",
            ]
            .concat(),
            Self::Random => "the platform gave no random bytes".into(),
            Self::OAuth(e) => match &e.description {
                Some(d) => [e.error.as_str(), ": ", d].concat(),
                None => e.error.clone(),
            },
        }
    }

    /// The service's request id, where it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The Cognito exception kind, for service errors.
    pub fn kind(&self) -> Option<&CognitoErrorKind> {
        match self {
            Self::Service(e) => Some(&e.kind),
            _ => None,
        }
    }

    pub(crate) fn invalid_argument(msg: impl Into<String>) -> Self {
        Self::InvalidArgument(msg.into())
    }

    pub(crate) fn malformed(msg: impl Into<String>) -> Self {
        Self::MalformedResponse(msg.into())
    }

    /// [`Error::OAuth`] from what the server sent, sanitized by [`OAuthError::new`].
    pub fn oauth(error: &str, description: Option<&str>) -> Self {
        Self::OAuth(Box::new(OAuthError::new(error, description)))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(e) => {
                f.write_str(e.kind.as_str())?;
                f.write_str(": ")?;
                f.write_str(&e.message)
            }
            other => f.write_str(&other.message()),
        }
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Sanitizes an error name the way smithy-rs `json_errors.rs` does: strip a `namespace#` prefix
/// and a `:…` suffix, trim white space. Byte searches rather than `str` patterns, which cost
/// wasm bytes.
pub fn sanitize_error_name(raw: &str) -> &str {
    let bytes = raw.as_bytes();
    let end = bytes.iter().position(|b| *b == b':').unwrap_or(bytes.len());
    let start = bytes
        .get(..end)
        .and_then(|b| b.iter().rposition(|c| *c == b'#'))
        .map_or(0, |p| p + 1);
    raw.get(start..end).unwrap_or("").trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names_are_sanitized_like_smithy() {
        assert_eq!(
            sanitize_error_name("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_name("NotAuthorizedException:"),
            "NotAuthorizedException"
        );
        assert_eq!(
            sanitize_error_name("UserNotFoundException"),
            "UserNotFoundException"
        );
    }

    #[test]
    fn the_oauth_variant_keeps_error_its_size() {
        // Four words (32 bytes natively) before the variant came; a larger `Error` makes every
        // `Result` larger.
        assert_eq!(
            std::mem::size_of::<Error>(),
            4 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn oauth_errors_are_sanitized_and_named() {
        let e = Error::oauth(
            "invalid_grant<script>\u{202e}",
            Some("code \"expired\"\n\u{e9}\\ <b>"),
        );
        assert_eq!(e.name(), "OAuthError");
        assert_eq!(e.message(), "invalid_grantscript: code expired <b>");
        let long = Error::oauth(&"x".repeat(1000), Some(&"y".repeat(1000)));
        let Error::OAuth(o) = &long else {
            panic!("{long:?}")
        };
        assert_eq!(
            (o.error.len(), o.description.as_ref().map(String::len)),
            (64, Some(256))
        );
        assert_eq!(Error::oauth("\u{0}", Some("\n")).message(), "unknown_error");
    }

    #[test]
    fn known_and_unknown_kinds_round_trip() {
        assert_eq!(
            CognitoErrorKind::from_name("NotAuthorizedException"),
            CognitoErrorKind::NotAuthorizedException
        );
        let other = CognitoErrorKind::from_name("BrandNewException");
        assert_eq!(other.as_str(), "BrandNewException");
    }
}
