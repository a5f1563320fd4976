//! The crate's one error type.
//!
//! Errors the service sends are [`Error::Service`], named by a closed list of Cognito exception
//! names plus [`CognitoErrorKind::Other`] for names this crate does not know yet (oauth2-rs does
//! the same with `Extension(String)`). Everything else is an SDK-side error with a stable name,
//! see [`Error::name`].

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
            /// The exception name as the service spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => stringify!($variant),)+
                    Self::Other(name) => name,
                }
            }

            /// Parses a sanitized exception name.
            pub fn from_name(name: &str) -> Self {
                match name {
                    $(stringify!($variant) => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
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

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The service answered with an error.
    #[error("{}: {}", .0.kind, .0.message)]
    Service(ServiceError),
    /// The caller passed something unusable (missing username, bad pool id, …).
    #[error("{0}")]
    InvalidArgument(String),
    /// The request did not reach the service or its reply could not be read.
    #[error("network error: {0}")]
    Network(String),
    /// The service replied with something this crate cannot make sense of.
    #[error("malformed reply from the service: {0}")]
    MalformedResponse(String),
    /// The call does not fit the current state (e.g. `confirmSignIn` with no sign-in under way).
    #[error("{0}")]
    InvalidState(String),
    /// The SRP exchange had to be aborted (a server value was zero modulo N).
    #[error("SRP exchange aborted: {0}")]
    Srp(&'static str),
    /// `signIn` while a user is signed in (Amplify's `UserAlreadyAuthenticatedException`).
    #[error("a user is already signed in: sign out first")]
    AlreadySignedIn,
    /// The call needs a signed-in user (Amplify's `UserUnAuthenticatedException`).
    #[error("no user is signed in")]
    NotSignedIn,
    /// The service asked for a challenge this SDK cannot answer yet.
    #[error("the service asked for the {0} challenge, which this SDK does not support yet")]
    UnsupportedChallenge(String),
    /// The platform's random source failed.
    #[error("random source failed: {0}")]
    Random(String),
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
            Self::Random(_) => "RandomSourceError",
        }
    }

    /// The human-readable message, without the name.
    pub fn message(&self) -> String {
        match self {
            Self::Service(e) => e.message.clone(),
            other => other.to_string(),
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
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Sanitizes an error name the way smithy-rs `json_errors.rs` does: strip a `namespace#` prefix
/// and a `:…` suffix, trim white space.
pub fn sanitize_error_name(raw: &str) -> &str {
    let name = raw.split(':').next().unwrap_or(raw);
    let name = name.rsplit('#').next().unwrap_or(name);
    name.trim()
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
    fn known_and_unknown_kinds_round_trip() {
        assert_eq!(
            CognitoErrorKind::from_name("NotAuthorizedException"),
            CognitoErrorKind::NotAuthorizedException
        );
        let other = CognitoErrorKind::from_name("BrandNewException");
        assert_eq!(other.as_str(), "BrandNewException");
    }
}
