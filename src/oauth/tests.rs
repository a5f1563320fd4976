use super::*;
use crate::platform::tests::reply;
use crate::session::{classify, Failure};
use crate::user_pool::UserPoolConfig;

/// RFC 7636 Appendix B: the 32 octets, the verifier they encode to and its S256 challenge.
const RFC7636_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const RFC7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The random part of the state when the state bytes are all 0xab.
const STATE: &str = "abababababababababababababababab";
const DOMAIN: &str = "https://example.auth.us-east-1.amazoncognito.com";
const CALLBACK: &str = "https://app.example/callback";

/// Hands out the RFC's octets for the verifier, then 0xab for the state.
struct FixedBytes;

impl RandomSource for FixedBytes {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = RFC7636_OCTETS.get(i).copied().unwrap_or(0xab);
        }
        Ok(())
    }
}

struct NoBytes;

impl RandomSource for NoBytes {
    fn fill(&self, _: &mut [u8]) -> Result<()> {
        Err(Error::Random)
    }
}

fn client(secret: Option<&str>) -> ValidConfig {
    UserPoolConfig {
        user_pool_id: "us-east-1_AbC123".into(),
        user_pool_client_id: "abc123".into(),
        client_secret: secret.map(Secret::from),
        endpoint: None,
    }
    .validate()
    .unwrap()
}

fn read_config(json: &str) -> Result<OAuthConfig> {
    OAuthConfig::read(&json::parse_object(json).unwrap())
}

fn config() -> OAuthConfig {
    read_config(
        r#"{"domain":"example.auth.us-east-1.amazoncognito.com",
            "scopes":["openid","email","aws.cognito.signin.user.admin"],
            "redirectSignIn":["https://app.example/callback"],
            "redirectSignOut":"https://app.example/",
            "responseType":"code"}"#,
    )
    .unwrap()
}

fn input(json: &str) -> Result<RedirectSignIn> {
    RedirectSignIn::read(&json::parse_object(json).unwrap())
}

/// The hosted UI of [`config`] for the `abc123` client (leaked: tests only).
fn ui(secret: Option<&str>) -> HostedUi<'static> {
    HostedUi {
        config: Box::leak(Box::new(config())),
        client: Box::leak(Box::new(client(secret))),
    }
}

fn authorize(input: &RedirectSignIn) -> (String, Flight) {
    let ui = ui(None);
    ui.authorize(input, CALLBACK, &FixedBytes, 1_700_000_000_000)
        .unwrap()
}

/// The query of `url` as decoded pairs, in order.
fn query(url: &str) -> Vec<(String, String)> {
    let (_, q) = url.split_once('?').unwrap();
    q.split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (percent_decode(k).unwrap(), percent_decode(v).unwrap())
        })
        .collect()
}

fn param(url: &str, name: &str) -> Option<String> {
    query(url)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn flight(state: &str) -> Flight {
    Flight {
        state: state.into(),
        code_verifier: Secret::from(RFC7636_VERIFIER),
        redirect_uri: CALLBACK.into(),
        started_at_ms: 5,
    }
}

fn header<'a>(r: &'a HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn oauth_error(e: &Error) -> (&str, Option<&str>) {
    match e {
        Error::OAuth(o) => (&o.error, o.description.as_deref()),
        other => panic!("not an OAuth error: {other:?}"),
    }
}

#[test]
fn pkce_matches_rfc7636_appendix_b() {
    assert_eq!(base64::encode_url(&RFC7636_OCTETS), RFC7636_VERIFIER);
    assert_eq!(code_challenge(RFC7636_VERIFIER), RFC7636_CHALLENGE);
    let (url, flight) = authorize(&RedirectSignIn::default());
    assert_eq!(flight.code_verifier.expose(), RFC7636_VERIFIER);
    assert_eq!(param(&url, "code_challenge").unwrap(), RFC7636_CHALLENGE);
    assert_eq!(param(&url, "code_challenge_method").unwrap(), "S256");
}

#[test]
fn code_challenges_agree_with_the_sha2_crate() {
    use sha2::Digest;
    for verifier in ["", "a", RFC7636_VERIFIER, &"~".repeat(128)] {
        let digest = sha2::Sha256::digest(verifier.as_bytes());
        assert_eq!(code_challenge(verifier), base64::encode_url(&digest));
    }
}

#[test]
fn authorize_url_is_amplifys_in_amplifys_order() {
    let (url, flight) = authorize(&RedirectSignIn::default());
    assert_eq!(
        url,
        [
            DOMAIN,
            "/oauth2/authorize?redirect_uri=https%3A%2F%2Fapp.example%2Fcallback",
            "&response_type=code&client_id=abc123&identity_provider=COGNITO",
            "&scope=openid%20email%20aws.cognito.signin.user.admin&state=",
            STATE,
            "&code_challenge=",
            RFC7636_CHALLENGE,
            "&code_challenge_method=S256",
        ]
        .concat()
    );
    assert_eq!(flight.state, STATE);
    assert_eq!(flight.redirect_uri, CALLBACK);
    assert_eq!(flight.started_at_ms, 1_700_000_000_000);
}

#[test]
fn every_option_reaches_the_authorize_url() {
    let input = input(
        r#"{"provider":{"custom":"My IdP ü+/"},"customState":"x",
            "options":{"lang":"fr","loginHint":"a+b@example.com","nonce":"n 1&2","prompt":"SELECT_ACCOUNT"}}"#,
    )
    .unwrap();
    let (url, _) = authorize(&input);
    let names: Vec<String> = query(&url).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        [
            "redirect_uri",
            "response_type",
            "client_id",
            "identity_provider",
            "scope",
            "login_hint",
            "lang",
            "nonce",
            "prompt",
            "state",
            "code_challenge",
            "code_challenge_method"
        ]
    );
    assert!(
        url.contains("&identity_provider=My%20IdP%20%C3%BC%2B%2F&"),
        "{url}"
    );
    assert!(
        url.contains(
            "&login_hint=a%2Bb%40example.com&lang=fr&nonce=n%201%262&prompt=select_account&"
        ),
        "{url}"
    );
    assert_eq!(param(&url, "state").unwrap(), [STATE, "-78"].concat());
}

#[test]
fn providers_map_to_cognitos_names_like_amplify() {
    for (provider, name) in [
        ("\"Google\"", "Google"),
        ("\"Facebook\"", "Facebook"),
        ("\"Amazon\"", "LoginWithAmazon"),
        ("\"Apple\"", "SignInWithApple"),
        (r#"{"custom":"用户 SAML"}"#, "用户 SAML"),
    ] {
        let input = input(&["{\"provider\":", provider, "}"].concat()).unwrap();
        let (url, _) = authorize(&input);
        assert_eq!(param(&url, "identity_provider").unwrap(), name);
        assert_eq!(param(&url, "idp_identifier"), None);
    }
    let (url, _) = authorize(&input(r#"{"provider":{"idpIdentifier":"example.com"}}"#).unwrap());
    assert_eq!(param(&url, "idp_identifier").unwrap(), "example.com");
    assert_eq!(param(&url, "identity_provider"), None);
}

#[test]
fn sign_in_input_is_checked() {
    let read = input(r#"{"customState":"","options":{"lang":"","prompt":"login"}}"#).unwrap();
    assert_eq!(
        read,
        RedirectSignIn {
            prompt: Some(Prompt::Login),
            ..RedirectSignIn::default()
        }
    );
    for bad in [
        r#"{"provider":"Twitter"}"#,
        r#"{"provider":"google"}"#,
        r#"{"provider":{"custom":""}}"#,
        r#"{"provider":{"custom":"a","idpIdentifier":"b"}}"#,
        r#"{"provider":{}}"#,
        r#"{"provider":5}"#,
        r#"{"customState":5}"#,
        r#"{"options":"x"}"#,
        r#"{"options":{"prompt":"maybe"}}"#,
        r#"{"options":{"nonce":1}}"#,
    ] {
        assert_eq!(
            input(bad).unwrap_err().name(),
            "InvalidArgumentError",
            "{bad}"
        );
    }
    for p in ["NONE", "Login", "consent", "select_account"] {
        let p = Prompt::parse(p).unwrap();
        assert_eq!(Prompt::parse(p.as_str()), Some(p));
    }
}

#[test]
fn empty_scopes_send_no_scope_and_a_random_failure_is_reported() {
    let config = read_config(r#"{"domain":"d.test","redirectSignIn":"https://a.test/"}"#).unwrap();
    let client = client(None);
    let ui = HostedUi {
        config: &config,
        client: &client,
    };
    let (url, _) = ui
        .authorize(
            &RedirectSignIn::default(),
            "https://a.test/",
            &FixedBytes,
            0,
        )
        .unwrap();
    assert_eq!(param(&url, "scope"), None);
    let err = ui
        .authorize(&RedirectSignIn::default(), "https://a.test/", &NoBytes, 0)
        .unwrap_err();
    assert_eq!(err, Error::Random);
}

#[test]
fn percent_encoding_keeps_only_unreserved_characters() {
    let mut out = String::new();
    percent_encode(&mut out, "aZ09-._~ +/?#&=%é用😀\u{0}");
    assert_eq!(
        out,
        "aZ09-._~%20%2B%2F%3F%23%26%3D%25%C3%A9%E7%94%A8%F0%9F%98%80%00"
    );
    for s in ["", "+", " ", "%", "a=b&c", "é用😀", "\u{7f}\u{80}", "%zz"] {
        let mut encoded = String::new();
        percent_encode(&mut encoded, s);
        assert_eq!(percent_decode(&encoded).as_deref(), Some(s), "{s}");
    }
    assert_eq!(percent_decode("a+b%20c%2b%2B").as_deref(), Some("a b c++"));
    for bad in ["%", "%4", "%zz", "%+1", "%C3", "%C3%28", "%FF", "%ED%A0%80"] {
        assert_eq!(percent_decode(bad), None, "{bad}");
    }
}

#[test]
fn custom_state_is_amplifys_hex_and_round_trips_any_string() {
    assert_eq!(encode_custom_state("abc"), "616263");
    assert_eq!(encode_custom_state("café-"), "636166e92d");
    assert_eq!(encode_custom_state("用😀"), "_007528_01f600");
    for s in [
        "",
        "-",
        "_",
        "{\"path\":\"/a-b?c=d#e\"}",
        "é\u{0}\u{ff}\u{100}用😀",
        &"z".repeat(1024),
    ] {
        assert_eq!(
            decode_custom_state(&encode_custom_state(s)).as_deref(),
            Some(s)
        );
    }
    assert_eq!(decode_custom_state("4A4a").as_deref(), Some("JJ"));
    for bad in [
        "6",
        "zz",
        "+6",
        "_12",
        "_11000000",
        "_00d800",
        "_0x0041",
        "61_",
    ] {
        assert_eq!(decode_custom_state(bad), None, "{bad}");
    }
}

/// Amplify's `completeOAuthFlow`: `state.split('-').splice(1).join('-')`, then `urlSafeDecode`
/// (pairs of hex digits, each `String.fromCharCode`).
fn amplify_custom_state(state: &str) -> String {
    let hex = state.split('-').skip(1).collect::<Vec<_>>().join("-");
    hex.as_bytes()
        .chunks(2)
        .map(|p| char::from(u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap()))
        .collect()
}

#[test]
fn amplify_reads_the_custom_state_this_sdk_sends_and_back() {
    for custom in ["hello-world", "café", "{\"to\":\"/x\"}"] {
        let input = RedirectSignIn {
            custom_state: Some(custom.into()),
            ..RedirectSignIn::default()
        };
        let (url, flight) = authorize(&input);
        let state = param(&url, "state").unwrap();
        assert_eq!(state, flight.state);
        assert!(state.starts_with(&[STATE, "-"].concat()));
        assert_eq!(amplify_custom_state(&state), custom);
        let back = ["https://app.example/callback?code=c&state=", &state].concat();
        let Callback::Code { custom_state, .. } = read_callback(&back, &flight).unwrap() else {
            panic!("not a code")
        };
        assert_eq!(custom_state.as_deref(), Some(custom));
    }
}

#[test]
fn a_custom_state_too_long_for_the_url_is_refused() {
    let input = |n| RedirectSignIn {
        custom_state: Some("a".repeat(n)),
        ..RedirectSignIn::default()
    };
    let ui = ui(None);
    assert!(ui.authorize(&input(1024), CALLBACK, &FixedBytes, 0).is_ok());
    let err = ui
        .authorize(&input(1025), CALLBACK, &FixedBytes, 0)
        .unwrap_err();
    assert_eq!(err.name(), "InvalidArgumentError");
}

#[test]
fn a_code_comes_back_with_the_custom_state() {
    let f = flight(&[STATE, "-616263"].concat());
    let url = [
        "https://app.example/callback?x=1&code=c%2Fd&state=",
        &f.state,
        "#frag",
    ]
    .concat();
    let callback = read_callback(&url, &f).unwrap();
    assert!(!format!("{callback:?}").contains("c/d"));
    let Callback::Code { code, custom_state } = callback else {
        panic!("not a code")
    };
    assert_eq!(
        (code.expose().as_str(), custom_state.as_deref()),
        ("c/d", Some("abc"))
    );
    // Names are decoded as URLSearchParams decodes them.
    let url = ["https://app.example/?co%64e=c&%73tate=", STATE].concat();
    assert!(matches!(
        read_callback(&url, &flight(STATE)).unwrap(),
        Callback::Code {
            custom_state: None,
            ..
        }
    ));
}

#[test]
fn an_error_comes_back_with_its_description_and_custom_state() {
    let f = flight(&[STATE, "-78"].concat());
    let url = [
        "https://app.example/callback?error_description=PreSignUp+failed+%22no%22%0A&state=",
        &f.state,
        "&error=access_denied",
    ]
    .concat();
    let Callback::Error {
        error,
        custom_state,
    } = read_callback(&url, &f).unwrap()
    else {
        panic!("not an error")
    };
    assert_eq!(
        oauth_error(&error),
        ("access_denied", Some("PreSignUp failed no"))
    );
    assert_eq!(custom_state.as_deref(), Some("x"));
    assert_eq!(error.name(), "OAuthError");
    // An error wins over a code given with it.
    let url = ["https://a.test/?code=c&error=server_error&state=", STATE].concat();
    assert!(matches!(
        read_callback(&url, &flight(STATE)).unwrap(),
        Callback::Error { .. }
    ));
}

#[test]
fn the_state_is_checked_before_the_code_or_the_error() {
    let f = flight(STATE);
    for url in [
        "https://a.test/?code=c",
        "https://a.test/?code=c&state=",
        "https://a.test/?code=c&state=abababababababababababababababac",
        "https://a.test/?error=access_denied&error_description=Call+us&state=evil",
        "https://a.test/?error=access_denied",
        "https://a.test/?code=&state=x",
    ] {
        let err = read_callback(url, &f).unwrap_err();
        assert_eq!(err.name(), "OAuthError", "{url}");
        assert!(err.message().starts_with("invalid_state: "), "{url}");
    }
}

#[test]
fn urls_without_a_code_or_an_error_are_not_callbacks() {
    let f = flight(STATE);
    for url in [
        "",
        "https://a.test/",
        "https://a.test/?",
        "https://a.test/?&&=&",
        "https://a.test/?state=abababababababababababababababab",
        "https://a.test/?codes=1&error_uri=x&x=%zz",
        "https://a.test/#code=c&state=abababababababababababababababab",
        "https://a.test/#?code=c",
    ] {
        assert!(
            matches!(read_callback(url, &f).unwrap(), Callback::None),
            "{url}"
        );
    }
}

#[test]
fn malformed_callbacks_are_clear_errors() {
    let f = flight(STATE);
    let huge = ["https://a.test/?code=", &"a".repeat(MAX_CALLBACK_URL)].concat();
    for url in [
        ["https://a.test/?code=a&code=b&state=", STATE].concat(),
        ["https://a.test/?code=a&state=", STATE, "&state=", STATE].concat(),
        ["https://a.test/?error=a&error=b&state=", STATE].concat(),
        ["https://a.test/?code=%zz&state=", STATE].concat(),
        ["https://a.test/?code=%C3%28&state=", STATE].concat(),
        ["https://a.test/?code=a&state=", STATE, "%"].concat(),
        ["https://a.test/?code&state=", STATE].concat(),
        huge,
    ] {
        let err = read_callback(&url, &f).unwrap_err();
        assert_eq!(err.name(), "InvalidArgumentError", "{url:.80}");
    }
    // A custom state that is not ours to decode.
    let err = read_callback(
        &["https://a.test/?code=c&state=", STATE, "-zz"].concat(),
        &flight(&[STATE, "-zz"].concat()),
    )
    .unwrap_err();
    assert_eq!(err.name(), "InvalidStateError");
}

#[test]
fn callback_params_are_removed_and_the_rest_kept() {
    for (url, clean) in [
        ("https://a.test/cb?code=1&state=2", "https://a.test/cb"),
        (
            "https://a.test/cb?x=1&code=1&state=2&y=%zz&co%64e=3#frag?code=4",
            "https://a.test/cb?x=1&y=%zz#frag?code=4",
        ),
        (
            "https://a.test/cb?error=e&error_description=d&error_uri=u&state=s&x",
            "https://a.test/cb?x",
        ),
        ("https://a.test/cb?#", "https://a.test/cb#"),
        ("https://a.test/cb", "https://a.test/cb"),
        ("https://a.test/cb#x?code=1", "https://a.test/cb#x?code=1"),
    ] {
        assert_eq!(without_callback_params(url), clean);
    }
}

/// A small xorshift generator: the same cases every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_and_mutated_urls_never_panic_the_callback_reader() {
    let f = flight(&[STATE, "-616263"].concat());
    let pieces = [
        "?",
        "&",
        "=",
        "#",
        "%",
        "%2",
        "%zz",
        "%C3",
        "%28",
        "%41",
        "+",
        "code",
        "state",
        "error",
        "error_description",
        "co%64e",
        "é",
        "😀",
        "a",
        "/",
        "\\",
        "https://a.test/",
        &f.state,
        "-",
        "_",
        "[::1]",
        " ",
        "\u{0}",
    ];
    let valid = ["https://app.example/cb?x=1&code=c&state=", &f.state, "#f"].concat();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..20_000 {
        let url = if i % 2 == 0 {
            (0..rng.below(24))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect::<String>()
        } else {
            let mut chars: Vec<char> = valid.chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(chars.len() + 1);
                match rng.below(3) {
                    0 if at < chars.len() => {
                        chars.remove(at);
                    }
                    1 => chars.insert(at, ['%', '&', '=', '?', '#', 'é', '+'][rng.below(7)]),
                    _ => chars.insert(at, char::from(b' ' + rng.below(95) as u8)),
                }
            }
            chars.into_iter().collect()
        };
        let _ = read_callback(&url, &f);
        let clean = without_callback_params(&url);
        assert_eq!(without_callback_params(&clean), clean, "{url}");
        assert!(
            matches!(read_callback(&clean, &f), Ok(Callback::None)),
            "{url} -> {clean}"
        );
    }
}

#[test]
fn the_flight_round_trips_and_hides_its_verifier() {
    let input = RedirectSignIn {
        custom_state: Some("用".into()),
        ..RedirectSignIn::default()
    };
    let (_, f) = authorize(&input);
    let text = f.to_json();
    let back = Flight::read(text.expose()).unwrap();
    assert_eq!(
        (
            &back.state,
            back.code_verifier.expose(),
            &back.redirect_uri,
            back.started_at_ms
        ),
        (
            &f.state,
            f.code_verifier.expose(),
            &f.redirect_uri,
            f.started_at_ms
        )
    );
    assert!(!format!("{back:?}").contains(RFC7636_VERIFIER));
}

#[test]
fn a_corrupt_flight_is_an_invalid_state_error() {
    let good = flight(&[STATE, "-61"].concat()).to_json().expose().clone();
    let swap = |from: &str, to: &str| good.replace(from, to);
    let mut bad = vec![
        String::new(),
        "{}".into(),
        "null".into(),
        "[]".into(),
        "not json".into(),
        swap("\"startedAt\":5", "\"startedAt\":\"5\""),
        swap("\"startedAt\":5", "\"startedAt\":-5"),
        swap(RFC7636_VERIFIER, "short"),
        swap(RFC7636_VERIFIER, &"a".repeat(129)),
        swap(RFC7636_VERIFIER, &[RFC7636_VERIFIER, "!"].concat()),
        swap(STATE, "ab"),
        swap(STATE, "zbababababababababababababababab"),
        swap("-61", "-6"),
        swap("-61", &["-", &"61".repeat(1025)].concat()),
        swap(CALLBACK, ""),
        swap("\"redirectUri\"", "\"redirectURI\""),
    ];
    bad.extend((0..good.len()).map(|n| good.get(..n).unwrap().to_owned()));
    for text in bad {
        let err = Flight::read(&text).unwrap_err();
        assert_eq!(err.name(), "InvalidStateError", "{text}");
    }
}

#[test]
fn the_token_request_of_a_public_client() {
    let ui = ui(None);
    let f = flight(STATE);
    let r = ui.token_request(&Secret::from("co de+1"), &f, 1234);
    assert_eq!(
        (r.method, r.url.as_str(), r.timeout_ms),
        ("POST", &*[DOMAIN, "/oauth2/token"].concat(), 1234)
    );
    assert_eq!(
        r.headers,
        vec![(
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned()
        )]
    );
    assert_eq!(
        r.body,
        [
            "grant_type=authorization_code&code=co%20de%2B1&client_id=abc123",
            "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&code_verifier=",
            RFC7636_VERIFIER
        ]
        .concat()
    );
}

#[test]
fn a_client_with_a_secret_authenticates_with_basic() {
    for (secret, credentials) in [
        // base64("abc123:s3cr3t")
        ("s3cr3t", "YWJjMTIzOnMzY3IzdA=="),
        // base64("abc123:a%3Ab%2Bc%20d"): RFC 6749 §2.3.1 encodes before base64.
        ("a:b+c d", "YWJjMTIzOmElM0FiJTJCYyUyMGQ="),
    ] {
        let ui = ui(Some(secret));
        let expected = Some(["Basic ", credentials].concat());
        let token = ui.token_request(&Secret::from("c"), &flight(STATE), 1);
        let revoke = ui.revoke_request("r", 1);
        for r in [&token, &revoke] {
            assert_eq!(header(r, "authorization").map(str::to_owned), expected);
            assert!(!r.body.contains(secret) && !format!("{r:?}").contains(credentials));
        }
    }
}

#[test]
fn the_token_reply_becomes_tokens() {
    let ui = ui(None);
    let t = ui
        .token_reply(reply(
            200,
            &[],
            r#"{"access_token":"a.b.c","id_token":"i.d.t","refresh_token":"r","token_type":"Bearer","expires_in":3600}"#,
        ))
        .unwrap();
    assert_eq!(
        (
            t.access_token.expose().as_str(),
            t.id_token.expose().as_str(),
            t.refresh_token.map(|r| r.expose().clone()),
            t.expires_in
        ),
        ("a.b.c", "i.d.t", Some("r".to_owned()), Some(3600))
    );
    let t = ui
        .token_reply(reply(
            200,
            &[],
            r#"{"access_token":"a","id_token":"i","refresh_token":null}"#,
        ))
        .unwrap();
    assert!(t.refresh_token.is_none() && t.expires_in.is_none());
}

#[test]
fn token_errors_are_typed() {
    let ui = ui(None);
    let err = ui
        .token_reply(reply(400, &[], r#"{"error":"invalid_grant"}"#))
        .unwrap_err();
    assert_eq!(oauth_error(&err), ("invalid_grant", None));
    assert_eq!(err.message(), "invalid_grant");
    let err = ui
        .token_reply(reply(
            401,
            &[],
            r#"{"error":"invalid_client","error_message":"bad secret"}"#,
        ))
        .unwrap_err();
    assert_eq!(oauth_error(&err), ("invalid_client", Some("bad secret")));
    for (status, body) in [
        (400, "Bad Request"),
        (400, r#"{"error":5}"#),
        (500, r#"{"error":"server_error"}"#),
        (503, "<html>unavailable</html>"),
        (302, ""),
    ] {
        let err = ui.token_reply(reply(status, &[], body)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{status} {body}");
        assert!(err.message().contains(&json::decimal(u64::from(status))));
        assert_eq!(classify(&err), Failure::Transient);
    }
    let network = Error::Network("offline".into());
    assert_eq!(ui.token_reply(Err(network.clone())).unwrap_err(), network);
}

#[test]
fn token_replies_that_do_not_fit_are_malformed() {
    let ui = ui(None);
    for body in [
        "",
        "[]",
        "not json",
        "{}",
        r#"{"access_token":"a"}"#,
        r#"{"id_token":"i"}"#,
        r#"{"access_token":"","id_token":"i"}"#,
        r#"{"access_token":1,"id_token":"i"}"#,
        r#"{"access_token":"a","id_token":"i","refresh_token":true}"#,
        r#"{"access_token":"a","id_token":"i","expires_in":"3600"}"#,
        r#"{"access_token":"a","id_token":"i","expires_in":-1}"#,
        r#"{"access_token":"a","id_token":"i","token_type":"DPoP"}"#,
        r#"{"access_token":"a","id_token":"i","token_type":7}"#,
    ] {
        let err = ui.token_reply(reply(200, &[], body)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError", "{body}");
    }
}

#[test]
fn revoke_user_info_and_logout() {
    let ui = ui(None);
    let r = ui.revoke_request("re+fresh", 7);
    assert_eq!(
        (r.method, r.url.as_str(), r.timeout_ms),
        ("POST", &*[DOMAIN, "/oauth2/revoke"].concat(), 7)
    );
    assert_eq!(r.body, "token=re%2Bfresh&client_id=abc123");
    assert_eq!(header(&r, "authorization"), None);
    assert!(ui.revoke_reply(reply(200, &[], "")).is_ok());
    let err = ui
        .revoke_reply(reply(400, &[], r#"{"error":"unsupported_token_type"}"#))
        .unwrap_err();
    assert_eq!(oauth_error(&err).0, "unsupported_token_type");

    let r = ui.user_info_request("acc.ess.token", 9);
    assert_eq!(
        (r.method, r.url.as_str(), r.body.as_str(), r.timeout_ms),
        ("GET", &*[DOMAIN, "/oauth2/userInfo"].concat(), "", 9)
    );
    assert_eq!(header(&r, "authorization"), Some("Bearer acc.ess.token"));
    let attributes = ui
        .user_info_reply(reply(
            200,
            &[],
            r#"{"sub":"s-1","email_verified":"true","phone_number_verified":false,
                "custom:n":true,"updated_at":1700000000,"address":{"formatted":"x"},
                "groups":["a"],"nickname":null,"username":"u"}"#,
        ))
        .unwrap();
    let pairs: Vec<(&str, &str)> = attributes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("sub", "s-1"),
            ("email_verified", "true"),
            ("phone_number_verified", "false"),
            ("custom:n", "true"),
            ("updated_at", "1700000000"),
            ("username", "u")
        ]
    );
    let err = ui
        .user_info_reply(reply(
            401,
            &[(
                "www-authenticate",
                r#"Bearer error="invalid_token", error_description="Access token is expired""#,
            )],
            "",
        ))
        .unwrap_err();
    assert_eq!(
        oauth_error(&err),
        ("invalid_token", Some("Access token is expired"))
    );
    for body in ["", "[]", "null"] {
        let err = ui.user_info_reply(reply(200, &[], body)).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError");
    }

    assert_eq!(
        ui.logout_url("https://app.example/?a=b"),
        [
            DOMAIN,
            "/logout?client_id=abc123&logout_uri=https%3A%2F%2Fapp.example%2F%3Fa%3Db"
        ]
        .concat()
    );
}

#[test]
fn the_configuration_reads_amplifys_shape() {
    let c = read_config(
        r#"{"domain":"Example.test","scopes":"openid","redirectSignIn":"http://localhost:3000",
            "providers":["Google",{"custom":"Okta"}]}"#,
    )
    .unwrap();
    assert_eq!(
        c,
        OAuthConfig {
            base: "https://Example.test".into(),
            scopes: vec!["openid".into()],
            redirect_sign_in: vec!["http://localhost:3000".into()],
            redirect_sign_out: vec![],
            providers: vec![Provider::Google, Provider::Custom("Okta".into())],
        }
    );
    let c = config();
    assert_eq!(c.base, DOMAIN);
    assert_eq!(c.redirect_sign_out, ["https://app.example/"]);
}

#[test]
fn the_domain_is_https_except_on_loopback() {
    let base = |domain: &str| {
        read_config(
            &[
                "{\"domain\":\"",
                domain,
                "\",\"redirectSignIn\":\"https://a.test/\"}",
            ]
            .concat(),
        )
        .map(|c| c.base)
    };
    for (domain, expected) in [
        ("auth.example.com", "https://auth.example.com"),
        ("auth.example.com/", "https://auth.example.com"),
        ("localhost:9229", "https://localhost:9229"),
        (
            "https://auth.example.com:8443",
            "https://auth.example.com:8443",
        ),
        ("HTTP://127.0.0.1:9229/", "http://127.0.0.1:9229"),
        ("http://localhost:5000", "http://localhost:5000"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("[::1]", "https://[::1]"),
    ] {
        assert_eq!(base(domain).unwrap(), expected, "{domain}");
    }
    for domain in [
        "",
        "http://auth.example.com",
        "http://10.0.0.1",
        "http://127.0.0.1.evil.test",
        "http://localhost.evil.test",
        "ftp://localhost",
        "https://",
        "auth.example.com/path",
        "auth.example.com?x",
        "user@auth.example.com",
        "auth.example.com:",
        "auth.example.com:123456",
        "auth.example.com:80a",
        "auth example.com",
        "[::1",
        "[::1]x",
        "https:auth.example.com",
        "évil.test",
    ] {
        assert_eq!(
            base(domain).unwrap_err().name(),
            "InvalidArgumentError",
            "{domain}"
        );
    }
}

#[test]
fn malformed_configurations_are_refused() {
    for bad in [
        r#"{}"#,
        r#"{"domain":5,"redirectSignIn":"https://a.test/"}"#,
        r#"{"domain":"d.test"}"#,
        r#"{"domain":"d.test","redirectSignIn":[]}"#,
        r#"{"domain":"d.test","redirectSignIn":5}"#,
        r#"{"domain":"d.test","redirectSignIn":["https://a.test/",5]}"#,
        r#"{"domain":"d.test","redirectSignIn":"http://a.test/"}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/#x"}"#,
        r#"{"domain":"d.test","redirectSignIn":"/callback"}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/","redirectSignOut":"myapp://"}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/","responseType":"token"}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/","scopes":["open id"]}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/","scopes":[""]}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/","scopes":{"a":1}}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/","providers":["Twitter"]}"#,
        r#"{"domain":"d.test","redirectSignIn":"https://a.test/","providers":"Google"}"#,
    ] {
        assert_eq!(
            read_config(bad).unwrap_err().name(),
            "InvalidArgumentError",
            "{bad}"
        );
    }
}

#[test]
fn the_redirect_on_the_pages_origin_is_picked() {
    let list: Vec<String> = [
        "https://a.test/one",
        "https://b.test/cb",
        "https://b.test/other/cb",
        "http://localhost:3000/",
    ]
    .map(String::from)
    .into();
    for (current, picked) in [
        ("https://b.test/other/cb?x=1#y", "https://b.test/other/cb"),
        ("https://b.test", "https://b.test/cb"),
        ("https://b.test/elsewhere", "https://b.test/cb"),
        ("HTTPS://A.TEST", "https://a.test/one"),
        ("http://localhost:3000/app", "http://localhost:3000/"),
    ] {
        assert_eq!(pick_redirect(&list, current).unwrap(), picked, "{current}");
    }
    for current in [
        "https://c.test/",
        "https://a.test.evil/",
        "https://b.test.evil",
        "http://localhost:5173/",
        "http://a.test/one",
        "",
        "a.test",
    ] {
        assert_eq!(
            pick_redirect(&list, current).unwrap_err().name(),
            "InvalidArgumentError",
            "{current}"
        );
    }
    assert!(pick_redirect(&[], "https://a.test").is_err());
}
