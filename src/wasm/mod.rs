//! The only place that knows about JavaScript: the `CognitoAuth` class, argument and result
//! conversion, JS errors and the browser runtime. One file per feature:
//!
//! | file | methods |
//! |---|---|
//! | `sign_up.rs` | `signUp`, `confirmSignUp`, `resendSignUpCode`, `autoSignIn` |
//! | `sign_in.rs` | `signIn`, `confirmSignIn` |
//! | `account.rs` | `resetPassword`, `confirmResetPassword`, `updatePassword`, `fetchUserAttributes`, `updateUserAttributes`, `updateUserAttribute`, `sendUserAttributeVerificationCode`, `confirmUserAttribute`, `deleteUserAttributes`, `deleteUser`, `setUpTOTP`, `verifyTOTPSetup`, `updateMFAPreference`, `fetchMFAPreference` |
//! | `session.rs` | `fetchAuthSession`, `getCurrentUser`, `signOut`, `listen`; storing, refreshing |
//! | `identity.rs` | identity pools: `identityId` and `credentials` of `fetchAuthSession` |
//! | `hosted_ui.rs` | `signInWithRedirect`, `handleRedirect`, `fetchUserInfo`; the return from the hosted UI |
//! | `storage.rs` | the storage options, other tabs' changes |
//! | `runtime.rs` | the JS loop that runs every operation's requests, idle work, the clock |
//!
//! Data flows one way: JS call → argument conversion here → core request → `fetch` in the JS
//! loop → core reads the reply → result conversion here.
//!
//! `account.rs`, `hosted_ui.rs` and `identity.rs` are the cargo features `account`, `hosted-ui`
//! and `identity-pools` (default on); `cognito-auth-wasm/core` is the build without them, where
//! their options are refused by name (`left_out`).

#[cfg(feature = "account")]
mod account;
mod convert;
mod error;
#[cfg(feature = "hosted-ui")]
mod hosted_ui;
#[cfg(feature = "identity-pools")]
mod identity;
mod runtime;
mod session;
mod sign_in;
mod sign_up;
mod storage;
mod types;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;

pub use runtime::BrowserClock;

use crate::error::{Error, Result};
#[cfg(feature = "hosted-ui")]
use crate::oauth::OAuthConfig;
use crate::platform::OsRandom;
use crate::secret::Secret;
use crate::session::{Keys, RefreshWith, Session, SignInDetails, USER_FIELDS};
use crate::srp::SrpClient;
use crate::user_pool::{PendingChallenge, UserPoolClient, UserPoolConfig};
use convert::Args;

/// A challenge waiting for `confirmSignIn`, with how its sign-in began.
type Pending = (Box<PendingChallenge>, Option<SignInDetails>);

/// Per-instance state. Never borrowed across a call into JS.
#[derive(Default)]
struct State {
    pending: Option<Pending>,
    session: Option<Session>,
    /// Bumped by every sign-out and every change another tab makes: a sign-in or refresh that
    /// started before stores nothing when it ends.
    epoch: u32,
    /// A sign-in (with its challenges) is under way.
    signing_in: bool,
    /// `signUp`'s `options.autoSignIn`: the sign-in `autoSignIn` will run (see `sign_up.rs`).
    auto_sign_in: Option<sign_up::AutoSignIn>,
}

struct Inner {
    /// Tells this instance's shared flights from another's.
    id: u64,
    client: UserPoolClient,
    keys: Keys,
    /// The storage object (see `storage.rs`).
    store: JsValue,
    /// The name of the Web Lock under which tabs refresh this app client's session, and of its
    /// hand-over record.
    lock: String,
    /// The functions `listen` registered.
    listeners: js_sys::Array,
    state: RefCell<State>,
    /// How this service takes a refresh: `GetTokensFromRefreshToken` until it refuses it.
    refresh_with: Cell<RefreshWith>,
    /// The next SRP sign-in's secret a and A = g^a, computed in an idle moment ahead of it.
    srp_ahead: RefCell<Option<SrpClient>>,
    /// `config.oauth`: the hosted UI.
    #[cfg(feature = "hosted-ui")]
    oauth: Option<OAuthConfig>,
    /// The completion of the redirect sign-in the page came back with, if it did.
    redirect: RefCell<Option<js_sys::Promise>>,
    /// `config.identityPoolId`: AWS credentials.
    #[cfg(feature = "identity-pools")]
    identity: Option<identity::Identity>,
}

#[cfg(not(feature = "hosted-ui"))]
impl Inner {
    fn leave_hosted_ui(&self) {}
    fn complete_redirect(self: &Rc<Self>) {}
}

#[cfg(not(feature = "identity-pools"))]
impl Inner {
    fn forget_identity(&self) {}
}

impl Inner {
    /// Computes the next sign-in's A when the page is idle, unless one is waiting already.
    fn prepare_srp(self: &Rc<Self>) {
        let inner = self.clone();
        runtime::when_idle(move || {
            if inner.srp_ahead.borrow().is_none() {
                // A failure here is met again, and reported, by the sign-in that needs A.
                if let Ok(srp) = inner.client.srp_client() {
                    *inner.srp_ahead.borrow_mut() = Some(srp);
                }
            }
        });
    }

    /// The SRP secret for one sign-in: the one computed ahead, if any; never handed out twice.
    fn take_srp(self: &Rc<Self>) -> Option<SrpClient> {
        let srp = self.srp_ahead.borrow_mut().take();
        self.prepare_srp();
        srp
    }
}

/// A Cognito user pool client for the browser. One instance per app client configuration.
#[wasm_bindgen]
pub struct CognitoAuth {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl CognitoAuth {
    /// Creates a client and takes up the session stored by the last one (or by
    /// amazon-cognito-identity-js or Amplify). Throws `InvalidArgumentError` for a malformed
    /// configuration.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CognitoAuthConfig")] config: JsValue,
    ) -> Result<CognitoAuth, JsValue> {
        // One conversion of the error to JS, not one per `?`.
        Ok(CognitoAuth {
            inner: Inner::new(config)?,
        })
    }

    /// Resolves once the stored session has been read (at once for a synchronous storage, after
    /// its reads for one that answers with promises) and a return from the hosted UI has been
    /// completed, or has failed. The package's methods wait for it.
    #[wasm_bindgen(getter, unchecked_return_type = "Promise<void>")]
    pub fn ready(&self) -> js_sys::Promise {
        storage::ready(&self.inner.store, self.inner.redirect.borrow().clone())
    }
}

impl Inner {
    fn new(config: JsValue) -> Result<Rc<Inner>> {
        // Read before the JSON conversion, which keeps no functions.
        let store = storage::open(&config);
        let config = Args::new("config", config)?;
        let mut client = UserPoolClient::new(
            UserPoolConfig {
                user_pool_id: config.string("userPoolId")?,
                user_pool_client_id: config.string("userPoolClientId")?,
                client_secret: config.opt_string("clientSecret")?.map(Secret::new),
                endpoint: config.opt_url("endpoint")?,
            },
            (),
            Box::new(BrowserClock),
            Box::new(OsRandom),
        )?;
        if let Some(bytes) = config.opt_u64("srpSecretBytes")? {
            client = client.with_srp_secret_bytes(usize::try_from(bytes).unwrap_or(usize::MAX))?;
        }
        if let Some(ms) = config.opt_u64("timeoutMs")? {
            client = client.with_timeout_ms(ms);
        }
        if store.is_null() {
            return Err(Error::InvalidArgument(
                "config.storage must be 'localStorage', 'sessionStorage', 'memory' or an object \
                 with getItem, setItem and removeItem"
                    .into(),
            ));
        }
        #[cfg(feature = "identity-pools")]
        let identity = identity::read_config(&config)?;
        #[cfg(feature = "hosted-ui")]
        let oauth = match config.opt_object("oauth")? {
            Some(o) => Some(OAuthConfig::read(o.object())?),
            None => None,
        };
        #[cfg(not(feature = "hosted-ui"))]
        left_out(&config, "oauth", "the hosted UI")?;
        #[cfg(not(feature = "identity-pools"))]
        left_out(&config, "identityPoolId", "identity pools")?;
        let keys = Keys::new(&client.config().client_id);
        // A storage that answers with promises is read into memory first (`ready`).
        let answers_later =
            storage::get(&store, &keys.last_auth_user()).as_deref() == Some(storage::ASYNC);
        let store = if answers_later {
            storage::mirror(&store)
        } else {
            store
        };
        thread_local!(static NEXT_ID: Cell<u64> = const { Cell::new(0) });
        let inner = Rc::new(Inner {
            id: NEXT_ID.with(|n| n.replace(n.get() + 1)),
            client,
            lock: [&keys.prefix(), "refresh"].concat(),
            keys,
            store,
            listeners: js_sys::Array::new(),
            state: RefCell::new(State::default()),
            refresh_with: Cell::new(RefreshWith::GetTokens),
            srp_ahead: RefCell::new(None),
            #[cfg(feature = "hosted-ui")]
            oauth,
            redirect: RefCell::new(None),
            #[cfg(feature = "identity-pools")]
            identity,
        });
        if answers_later {
            // LastAuthUser, and the guest's identity id where there is an identity pool.
            #[allow(unused_mut)]
            let mut keys = inner.keys.last_auth_user();
            #[cfg(feature = "identity-pools")]
            if let Some(identity) = &inner.identity {
                keys = [&keys, " ", &identity.config.identity_id_key()].concat();
            }
            let prefix = inner.keys.prefix();
            let weak = Rc::downgrade(&inner);
            let loaded = runtime::once(move || {
                if let Some(inner) = weak.upgrade() {
                    inner.load(true);
                    inner.complete_redirect();
                }
            });
            storage::fill(&inner.store, &keys, &prefix, &USER_FIELDS.join(" "), loaded);
        } else {
            inner.load(true);
            inner.complete_redirect();
        }
        inner.watch_other_tabs();
        inner.prepare_srp();
        Ok(inner)
    }
}

/// Refuses an option of a feature this build leaves out (`cognito-auth-wasm/core`).
#[cfg(not(all(feature = "hosted-ui", feature = "identity-pools")))]
fn left_out(config: &Args<'_>, key: &str, feature: &str) -> Result<()> {
    if config.object().get(key).is_some() {
        return Err(Error::InvalidArgument(
            [
                "config.",
                key,
                " needs ",
                feature,
                ": import CognitoAuth from 'cognito-auth-wasm', not 'cognito-auth-wasm/core'",
            ]
            .concat(),
        ));
    }
    Ok(())
}

/// The SDK allocates little and briefly (request and reply texts), so a small free-list allocator
/// does: dlmalloc is about 5 KB of wasm.
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
