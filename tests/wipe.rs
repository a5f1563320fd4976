#![cfg(not(target_arch = "wasm32"))]

//! Secrets are wiped before their memory is freed: an allocator that scans every freed block
//! for a marker, and the marker as a password, a new password, a session, tokens, a refresh
//! token, a client secret, a PKCE verifier, a code and AWS credentials through the flows that
//! carry them; and 32 bytes of SRP's premaster secret S.
//!
//! The optimizer may drop plain writes to memory that is freed next, so run it optimized too:
//! `cargo test --release --test wipe`.
//!
//! What this does not see: copies on the stack, and the copies `num-bigint` makes of SRP's
//! numbers natively (the browser build computes on JS `BigInt`s, see `src/bignum.rs`).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use cognito_auth_wasm::bignum::{BigNum, Int};
use cognito_auth_wasm::identity;
use cognito_auth_wasm::json;
use cognito_auth_wasm::oauth::{Flight, HostedUi, OAuthConfig};
use cognito_auth_wasm::platform::{HttpRequest, HttpResponse};
use cognito_auth_wasm::secret::Secret;
use cognito_auth_wasm::session::{Keys, RefreshWith, Session};
use cognito_auth_wasm::srp::{pad, Group, SrpClient, VerifierInput};
use cognito_auth_wasm::tokens::Tokens;
use cognito_auth_wasm::user_pool::{
    AuthFlow, ChallengeAnswer, SignInInput, SignInStep, StringMap, UserPoolClient, UserPoolConfig,
};
use common::{FixedClock, FixedRandom, Scripted};

const MARKER: &str = "wipe-marker-7Qz4";
const MAX_MARKERS: usize = 2;
const MAX_HITS: usize = 64;
const SNIPPET: usize = 96;

/// What the allocator looks for, and what it found.
struct Watch {
    markers: [([u8; 64], usize); MAX_MARKERS],
    hits: [Hit; MAX_HITS],
    found: usize,
}

#[derive(Clone, Copy)]
struct Hit {
    marker: usize,
    block: usize,
    snippet: [u8; SNIPPET],
    len: usize,
}

const NO_HIT: Hit = Hit {
    marker: 0,
    block: 0,
    snippet: [0; SNIPPET],
    len: 0,
};

static WATCHING: AtomicBool = AtomicBool::new(false);
static WATCH: Mutex<Watch> = Mutex::new(Watch {
    markers: [([0; 64], 0); MAX_MARKERS],
    hits: [NO_HIT; MAX_HITS],
    found: 0,
});
/// One test at a time, set-up included: the allocator is the whole process's, and a test's own
/// copies of the marker must not be freed while another watches.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

struct Scanning;

// SAFETY: every call goes to the system allocator unchanged; `dealloc` only reads the block
// before handing it back, and takes no lock that a caller holding `WATCH` could wait on (no
// code allocates or frees while holding `WATCH`).
unsafe impl GlobalAlloc for Scanning {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.load(Ordering::SeqCst) {
            // SAFETY: the block is still allocated, `layout.size()` bytes at `ptr`.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            scan(block);
        }
        unsafe { System.dealloc(ptr, layout) }
    }
    // `realloc` is the trait's default, alloc + copy + dealloc: the old block of a growing
    // buffer is scanned too.
}

#[global_allocator]
static ALLOCATOR: Scanning = Scanning;

fn scan(block: &[u8]) {
    let Ok(mut w) = WATCH.lock() else { return };
    for m in 0..MAX_MARKERS {
        // By reference: a copy on this stack could ride into a later heap block (in an enum's
        // unused bytes, say) and be reported as the SDK's.
        let len = w.markers[m].1;
        if len == 0 {
            continue;
        }
        let marker = &w.markers[m].0[..len];
        if let Some(at) = block.windows(len).position(|x| x == marker) {
            if w.found < MAX_HITS {
                let start = at.saturating_sub(SNIPPET / 2);
                let end = (start + SNIPPET).min(block.len());
                let mut snippet = [0; SNIPPET];
                snippet[..end - start].copy_from_slice(&block[start..end]);
                // Masked: the report must not itself be a freed copy for the next test to find.
                let mut i = 0;
                while i + len <= end - start {
                    if &snippet[i..i + len] == marker {
                        snippet[i..i + len].fill(b'#');
                    }
                    i += 1;
                }
                let found = w.found;
                w.hits[found] = Hit {
                    marker: m,
                    block: block.len(),
                    snippet,
                    len: end - start,
                };
            }
            w.found += 1;
        }
    }
}

/// Watches for `markers` while it lives; [`Watching::copies`] lists what was freed with one.
struct Watching;

impl Watching {
    fn start(markers: &[&[u8]]) -> Self {
        {
            let mut w = WATCH.lock().unwrap();
            w.markers = [([0; 64], 0); MAX_MARKERS];
            for (slot, m) in w.markers.iter_mut().zip(markers) {
                slot.0[..m.len()].copy_from_slice(m);
                slot.1 = m.len();
            }
            w.found = 0;
        }
        WATCHING.store(true, Ordering::SeqCst);
        Self
    }

    /// The freed blocks that held a marker: which marker, the block's size, the bytes around it.
    fn copies(&self) -> Vec<String> {
        WATCHING.store(false, Ordering::SeqCst);
        let (hits, found) = {
            let w = WATCH.lock().unwrap();
            (w.hits, w.found)
        };
        let mut out: Vec<String> = hits[..found.min(MAX_HITS)]
            .iter()
            .map(|h| {
                format!(
                    "marker {} in a freed block of {} B: {:?}",
                    h.marker,
                    h.block,
                    String::from_utf8_lossy(&h.snippet[..h.len])
                )
            })
            .collect();
        if found > MAX_HITS {
            out.push(format!("and {} more", found - MAX_HITS));
        }
        out
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        WATCHING.store(false, Ordering::SeqCst);
    }
}

/// Runs `f` while watching for `markers`, and fails listing every freed copy of one.
fn assert_no_freed_copy(markers: &[&[u8]], f: impl FnOnce()) {
    let watching = Watching::start(markers);
    f();
    let copies = watching.copies();
    assert!(copies.is_empty(), "{}", copies.join("\n"));
}

/// Zeros the test's own copy of a secret (the SDK's wipe is what is under test).
fn scrub(mut bytes: Vec<u8>) {
    bytes.fill(0);
    std::hint::black_box(&bytes);
}

/// `[a, MARKER, b]` concatenated: allocated once at its length, so no growth leaves a copy.
fn with_marker(a: &str, b: &str) -> String {
    [a, MARKER, b].concat()
}

fn client(t: &Scripted) -> UserPoolClient<&Scripted> {
    UserPoolClient::new(
        UserPoolConfig {
            user_pool_id: "eu-west-1_Pool123".into(),
            user_pool_client_id: "client1".into(),
            client_secret: Some(Secret::new(with_marker("client-secret-", ""))),
            endpoint: None,
        },
        t,
        Box::new(FixedClock(1_793_696_707_000)),
        Box::new(FixedRandom(vec![7; 128])),
    )
    .unwrap()
}

fn tokens_reply() -> String {
    [
        r#"{"AuthenticationResult":{"IdToken":"eyJ.id."#,
        MARKER,
        r#"","AccessToken":"eyJ.access."#,
        MARKER,
        r#"","RefreshToken":"refresh-"#,
        MARKER,
        r#"","ExpiresIn":3600}}"#,
    ]
    .concat()
}

const SALT: &str = "a1b2c3";
const SRP_B: &str = "abcdef0123456789";
const SECRET_BLOCK: &str = "c2VjcmV0";
const USER_ID: &str = "alice-internal";

fn verifier_challenge() -> String {
    [
        r#"{"ChallengeName":"PASSWORD_VERIFIER","Session":"s-1-"#,
        MARKER,
        r#"","ChallengeParameters":{"SALT":""#,
        SALT,
        r#"","SRP_B":""#,
        SRP_B,
        r#"","SECRET_BLOCK":""#,
        SECRET_BLOCK,
        r#"","USER_ID_FOR_SRP":""#,
        USER_ID,
        r#"","USERNAME":""#,
        USER_ID,
        r#""}}"#,
    ]
    .concat()
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    pollster::block_on(f)
}

#[test]
fn a_dropped_secret_leaves_no_copy() {
    let _serial = serial();
    assert_no_freed_copy(&[MARKER.as_bytes()], || {
        drop(Secret::new(with_marker("hunter2-", "")));
        drop(Secret::new(with_marker("", "").into_bytes()));
    });
}

#[test]
fn a_dropped_request_or_reply_leaves_no_copy_of_its_body_or_credentials() {
    let _serial = serial();
    assert_no_freed_copy(&[MARKER.as_bytes()], || {
        drop(HttpRequest {
            method: "POST",
            url: "https://example.test/".into(),
            headers: vec![("authorization".into(), with_marker("Basic ", ""))],
            body: with_marker(r#"{"Password":""#, r#""}"#),
            timeout_ms: 1,
        });
        drop(HttpResponse {
            status: 200,
            headers: vec![],
            body: with_marker(r#"{"IdToken":""#, r#""}"#),
        });
    });
}

/// The premaster secret S of the scripted SRP exchange below, 32 of its bytes as they are
/// padded for HKDF (a window of the big-endian bytes: `num-bigint` keeps its digits the other
/// way round, so only a copy made by the SDK matches). On the heap, not the stack, for the
/// reason `scan` gives.
fn premaster_window() -> Vec<u8> {
    let client = SrpClient::with_secret(Group::cognito(), Int::from_be_bytes(&[7; 48])).unwrap();
    let derived = client
        .derive(&VerifierInput {
            pool_name: "Pool123",
            user_id_for_srp: USER_ID,
            password: &with_marker("Passw0rd-", ""),
            srp_b: SRP_B,
            salt: SALT,
            secret_block: SECRET_BLOCK,
            timestamp: "Tue Nov 3 09:05:07 UTC 2026",
        })
        .unwrap();
    let padded = pad(derived.s.expose());
    let window = padded[100..132].to_vec();
    scrub(padded);
    window
}

#[test]
fn an_srp_sign_in_with_a_new_password_leaves_no_copy_of_a_secret() {
    let _serial = serial();
    let s = premaster_window();
    // The script's own texts are freed after the watch.
    let new_password_required = [
        r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"session-"#,
        MARKER,
        r#"","ChallengeParameters":{"USER_ID_FOR_SRP":"alice-internal","requiredAttributes":"[]","userAttributes":"{}"}}"#,
    ]
    .concat();
    let (verifier, tokens) = (verifier_challenge(), tokens_reply());
    assert_no_freed_copy(&[MARKER.as_bytes(), &s], || {
        let t = Scripted::new()
            .reply_raw(200, &verifier)
            .reply_raw(200, &new_password_required)
            .reply_raw(200, &tokens);
        let c = client(&t);
        let input = SignInInput {
            username: "alice".into(),
            password: Secret::new(with_marker("Passw0rd-", "")),
            flow: AuthFlow::UserSrpAuth,
            client_metadata: None,
        };
        let SignInStep::Challenge(pending) = run(c.sign_in(&input)).unwrap() else {
            panic!("expected NEW_PASSWORD_REQUIRED")
        };
        let answer = ChallengeAnswer {
            answer: Secret::new(with_marker("N3w-", "")),
            user_attributes: StringMap::new(),
            client_metadata: None,
            friendly_device_name: None,
        };
        let SignInStep::Done(tokens) = run(c.confirm_sign_in(&pending, &answer)).unwrap() else {
            panic!("expected tokens")
        };
        assert!(tokens.refresh_token.unwrap().expose().contains(MARKER));
        assert!(t.sent.borrow()[2].body.contains(MARKER));
    });
}

#[test]
fn a_password_sign_in_leaves_no_copy_of_the_password_or_tokens() {
    let _serial = serial();
    let tokens = tokens_reply();
    assert_no_freed_copy(&[MARKER.as_bytes()], || {
        let t = Scripted::new().reply_raw(200, &tokens);
        let c = client(&t);
        let input = SignInInput {
            username: "alice".into(),
            password: Secret::new(with_marker("Passw0rd-", "")),
            flow: AuthFlow::UserPasswordAuth,
            client_metadata: None,
        };
        let step = run(c.sign_in(&input)).unwrap();
        assert!(matches!(step, SignInStep::Done(_)));
        assert!(t.sent.borrow()[0].body.contains(MARKER));
    });
}

#[test]
fn a_hosted_ui_code_exchange_leaves_no_copy_of_the_code_verifier_client_secret_or_tokens() {
    let _serial = serial();
    let secret = with_marker("cs-", "");
    // The `Basic` credentials are base64 of `client:secret`: a stretch of it that covers the secret.
    let basic = cognito_auth_wasm::base64::encode(["abc123:", &secret].concat().as_bytes());
    let basic = basic.as_bytes()[12..32].to_vec();
    let config = r#"{"domain":"example.auth.us-east-1.amazoncognito.com","scopes":["openid"],
        "redirectSignIn":["https://app.example/callback"],"redirectSignOut":"https://app.example/",
        "responseType":"code"}"#;
    let reply = [
        r#"{"access_token":"eyJ.a."#,
        MARKER,
        r#"","id_token":"eyJ.i."#,
        MARKER,
        r#"","refresh_token":"r-"#,
        MARKER,
        r#"","token_type":"Bearer","expires_in":3600}"#,
    ]
    .concat();
    assert_no_freed_copy(&[MARKER.as_bytes(), &basic], || {
        let config = OAuthConfig::read(&json::parse_object(config).unwrap()).unwrap();
        let client = UserPoolConfig {
            user_pool_id: "us-east-1_AbC123".into(),
            user_pool_client_id: "abc123".into(),
            client_secret: Some(Secret::new(secret.clone())),
            endpoint: None,
        }
        .validate()
        .unwrap();
        let ui = HostedUi {
            config: &config,
            client: &client,
        };
        let flight = Flight {
            state: "state".into(),
            code_verifier: Secret::new(with_marker("verifier-", "")),
            redirect_uri: "https://app.example/callback".into(),
            started_at_ms: 0,
        };
        let request = ui.token_request(&Secret::new(with_marker("code-", "")), &flight, 1000);
        assert!(request.body.matches(MARKER).count() == 2);
        drop(request);
        let tokens = ui
            .token_reply(Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: reply.clone(),
            }))
            .unwrap();
        let refresh = tokens.refresh_token.unwrap();
        drop(ui.revoke_request(refresh.expose(), 1000));
    });
}

/// A JWT of `payload` whose signature holds the marker.
fn jwt(payload: &str) -> String {
    let b64 = cognito_auth_wasm::base64::encode_url(payload.as_bytes());
    ["eyJhbGciOiJub25lIn0.", &b64, ".sig-", MARKER].concat()
}

fn session_tokens(id: &str, access: &str, refresh: Option<&str>) -> Tokens {
    Tokens {
        id_token: Secret::new(id.to_owned()),
        access_token: Secret::new(access.to_owned()),
        refresh_token: refresh.map(|r| Secret::new(r.to_owned())),
        expires_in: Some(3600),
    }
}

#[test]
fn a_session_stored_refreshed_and_handed_over_leaves_no_copy_of_a_token() {
    let _serial = serial();
    let claims = |token_use: &str| {
        format!(
            r#"{{"sub":"sub-1","aud":"client1","client_id":"client1","token_use":"{token_use}","username":"alice","cognito:username":"alice","iat":1793696000,"exp":1793699600}}"#
        )
    };
    let (id, access) = (jwt(&claims("id")), jwt(&claims("access")));
    let refresh = with_marker("refresh-", "");
    let reply = [
        r#"{"AuthenticationResult":{"IdToken":""#,
        &id,
        r#"","AccessToken":""#,
        &access,
        r#"","ExpiresIn":3600}}"#,
    ]
    .concat();
    assert_no_freed_copy(&[MARKER.as_bytes()], || {
        let t = Scripted::new();
        let c = client(&t);
        let keys = Keys::new("client1");
        let session = Session::new(
            "client1",
            session_tokens(&id, &access, Some(&refresh)),
            1_793_696_707_000,
            None,
        )
        .unwrap();
        assert!(session
            .entries(&keys)
            .iter()
            .any(|(_, v)| v.contains(MARKER)));
        for with in [RefreshWith::GetTokens, RefreshWith::InitiateAuth] {
            drop(c.refresh_request(&session, with).unwrap());
        }
        let tokens = c
            .refresh_reply(
                RefreshWith::GetTokens,
                Ok(HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: reply.clone(),
                }),
            )
            .unwrap();
        let next = session
            .refreshed("client1", tokens, 1_793_696_800_000)
            .unwrap();
        let record = next.handover(&keys, &session.mark());
        assert!(session
            .handed_over("client1", &keys, &record, &session.mark())
            .is_some());
        scrub(record.into_bytes());
        drop(c.revoke_request(refresh.as_str()));
    });
}

#[test]
fn identity_pool_credentials_leave_no_copy_of_the_secret_key_or_session_token() {
    let _serial = serial();
    let reply = [
        r#"{"IdentityId":"us-east-1:0b3c1d2e-1111-2222-3333-444455556666","Credentials":{"AccessKeyId":"ASIA","SecretKey":"sk-"#,
        MARKER,
        r#"","SessionToken":"st-"#,
        MARKER,
        r#"","Expiration":1793699600}}"#,
    ]
    .concat();
    assert_no_freed_copy(&[MARKER.as_bytes()], || {
        let (_, credentials) = identity::get_credentials_reply(Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: reply.clone(),
        }))
        .unwrap();
        assert!(credentials.secret_access_key.expose().contains(MARKER));
    });
}
