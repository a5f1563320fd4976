//! What a page finds in storage: a stored session (`Session::restore`), another tab's hand-over
//! record (`Session::handed_over`), a clock drift, a sign-in-with-redirect flight and a guest
//! identity id. The first byte picks which.
#![no_main]

use cognito_auth_wasm::identity::read_identity_id;
use cognito_auth_wasm::oauth::Flight;
use cognito_auth_wasm::secret::Secret;
use cognito_auth_wasm::session::{read_drift, Keys, Session};
use cognito_auth_wasm::tokens::Tokens;
use cognito_auth_wasm_fuzz::{jwt, ok, Input, CLIENT_ID, NOW_MS};
use libfuzzer_sys::fuzz_target;

const SUB: &str = "5f6e0a4c-1b2d-4e3f-8a9b-0c1d2e3f4a5b";

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let keys = Keys::new(CLIENT_ID);
    match input.byte() % 6 {
        // The stored values as they are: username, ID token, access token, refresh token, drift,
        // sign-in details; an empty part is a key not set.
        0 => {
            let values: Vec<String> = (0..6).map(|_| input.part()).collect();
            restore(&keys, &values);
        }
        // The same with the tokens built around fuzzed payloads, so the fuzzer reaches the
        // checks that the tokens belong together.
        1 => {
            let mut values: Vec<String> = (0..6).map(|_| input.part()).collect();
            values[1] = jwt(&values[1]);
            values[2] = jwt(&values[2]);
            restore(&keys, &values);
        }
        // Another tab's record, for a session marked by its access token.
        2 => {
            let Some(current) = signed_in() else {
                panic!("the fuzz session does not build");
            };
            let replaced = if input.byte() & 1 == 0 {
                current.mark()
            } else {
                input.part()
            };
            let record = input.rest();
            if let Some(next) = current.handed_over(CLIENT_ID, &keys, &record, &replaced) {
                assert_eq!(next.username, current.username);
            }
        }
        3 => {
            let _ = read_drift(&input.rest());
        }
        4 => {
            if let Some(flight) = ok(Flight::read(&input.rest())) {
                // What it writes, it reads back.
                let again = Flight::read(flight.to_json().expose());
                assert!(again.is_ok_and(|f| f.state == flight.state));
            }
        }
        _ => {
            let _ = read_identity_id(&input.rest());
        }
    }
});

fn restore(keys: &Keys, values: &[String]) {
    let username = &values[0];
    let mut stored: Vec<(String, String)> = vec![(keys.last_auth_user(), username.clone())];
    for (field, value) in [
        "idToken",
        "accessToken",
        "refreshToken",
        "clockDrift",
        "signInDetails",
    ]
    .iter()
    .zip(&values[1..])
    {
        if !value.is_empty() {
            stored.push((keys.user(username, field), value.clone()));
        }
    }
    let get = |k: &str| {
        stored
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if let Ok(session) = Session::restore(CLIENT_ID, keys, &get) {
        let _ = session.expires_within(NOW_MS, 300);
        // What it stores, it restores.
        let entries = session.entries(keys);
        let get = |k: &str| entries.get(k).map(str::to_owned);
        let again = Session::restore(CLIENT_ID, keys, &get);
        // A drift of 1000 s or more is written in seconds and read back as Amplify's
        // milliseconds (read_drift says why): only smaller ones come back the same.
        assert!(again.is_ok_and(|s| s.username == session.username
            && (session.clock_drift_s.abs() >= 1000 || s.clock_drift_s == session.clock_drift_s)
            && s.details == session.details));
        let record = session.handover(keys, "m");
        assert!(session.handed_over(CLIENT_ID, keys, &record, "m").is_some());
    }
}

/// The session of the tab that reads the record.
fn signed_in() -> Option<Session> {
    let claims = |token_use: &str, client: &str| {
        [
            r#"{"sub":""#,
            SUB,
            r#"","token_use":""#,
            token_use,
            r#"",""#,
            client,
            r#"":""#,
            CLIENT_ID,
            r#"","username":"alice","exp":1700003600,"iat":1700000000}"#,
        ]
        .concat()
    };
    let tokens = Tokens {
        id_token: Secret::new(jwt(&claims("id", "aud"))),
        access_token: Secret::new(jwt(&claims("access", "client_id"))),
        refresh_token: Some(Secret::from("r")),
        expires_in: Some(3600),
    };
    Session::new(CLIENT_ID, tokens, NOW_MS, None).ok()
}
