//! The hosted UI: the page's URL after the redirect back (`read_callback`,
//! `without_callback_params`), the `oauth` configuration and `signInWithRedirect` input as JSON,
//! the replies of `/oauth2/token`, `/oauth2/userInfo` and `/oauth2/revoke`, the custom state.
//! The first byte picks which.
#![no_main]

use cognito_auth_wasm::json;
use cognito_auth_wasm::oauth::{
    decode_custom_state, encode_custom_state, pick_redirect, read_callback,
    without_callback_params, Callback, Flight, HostedUi, OAuthConfig, RedirectSignIn,
};
use cognito_auth_wasm::secret::Secret;
use cognito_auth_wasm::session::Session;
use cognito_auth_wasm::user_pool::UserPoolClient;
use cognito_auth_wasm_fuzz::{client, ok, FixedRandom, Input, CLIENT_ID, NOW_MS};
use libfuzzer_sys::fuzz_target;

/// A flight as `signInWithRedirect` leaves it, with the custom state `{"page":"/x"}`.
const STATE: &str = "0123456789abcdef0123456789abcdef-7b2270616765223a222f78227d";

thread_local! {
    static CLIENT: UserPoolClient = client(false);
    static CONFIG: OAuthConfig = {
        let o = json::parse_object(
            r#"{"domain":"auth.example.com","scopes":["openid","email"],"redirectSignIn":["https://app.example.com/cb"],"redirectSignOut":"https://app.example.com/"}"#,
        );
        match o.map(|o| OAuthConfig::read(&o)) {
            Ok(Ok(c)) => c,
            _ => panic!("the fuzz oauth configuration"),
        }
    };
}

fn flight(state: &str) -> Flight {
    Flight {
        state: state.to_owned(),
        code_verifier: Secret::from("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        redirect_uri: "https://app.example.com/cb".into(),
        started_at_ms: NOW_MS,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.byte() % 6 {
        0 => {
            let url = input.rest();
            let _ = ok(read_callback(&url, &flight(STATE)));
            let cleaned = without_callback_params(&url);
            assert_eq!(without_callback_params(&cleaned), cleaned);
            if url.len() <= cognito_auth_wasm::oauth::MAX_CALLBACK_URL {
                let after = read_callback(&cleaned, &flight(STATE));
                assert!(matches!(after, Ok(Callback::None)), "{cleaned:?}");
            }
        }
        1 => {
            // A stored state the facade would not have written (Flight::read refuses it).
            let state = input.part();
            let url = input.rest();
            let _ = ok(read_callback(&url, &flight(&state)));
        }
        2 => {
            let Ok(o) = json::parse_object(&input.part()) else {
                return;
            };
            let page = input.part();
            let redirect = json::parse_object(&input.rest());
            let Some(config) = ok(OAuthConfig::read(&o)) else {
                return;
            };
            let Some(uri) = ok(pick_redirect(&config.redirect_sign_in, &page)) else {
                return;
            };
            CLIENT.with(|c| {
                let ui = HostedUi {
                    config: &config,
                    client: c.config(),
                };
                let _ = config.redirect_sign_out.first().map(|u| ui.logout_url(u));
                let Some(r) = redirect.ok().and_then(|r| ok(RedirectSignIn::read(&r))) else {
                    return;
                };
                if let Some((_, flight)) = ok(ui.authorize(&r, uri, &FixedRandom, NOW_MS)) {
                    assert!(Flight::read(flight.to_json().expose()).is_ok());
                }
            });
        }
        3 => with_ui(|ui| {
            if let Some(tokens) = ok(ui.token_reply(input.reply())) {
                let _ = ok(Session::new(CLIENT_ID, tokens, NOW_MS, None));
            }
        }),
        4 => with_ui(|ui| {
            let _ = if input.byte() & 1 == 0 {
                ok(ui.user_info_reply(input.reply())).map(drop)
            } else {
                ok(ui.revoke_reply(input.reply()))
            };
        }),
        _ => {
            let text = input.rest();
            let _ = decode_custom_state(&text);
            assert_eq!(decode_custom_state(&encode_custom_state(&text)), Some(text));
        }
    }
});

fn with_ui(f: impl FnOnce(HostedUi)) {
    CONFIG.with(|config| {
        CLIENT.with(|c| {
            f(HostedUi {
                config,
                client: c.config(),
            })
        })
    })
}
