//! Identity pools: the replies of `GetId`, `GetCredentialsForIdentity`, `GetOpenIdToken` (JSON)
//! and STS's `AssumeRoleWithWebIdentity` (XML), the stored identity id, the `Logins` entry of
//! an ID token. The first byte picks which.
#![no_main]

use cognito_auth_wasm::identity::{
    assume_role_reply, get_credentials_reply, get_id_reply, get_open_id_token_reply,
    read_identity_id, stale_identity_id, user_pool_login,
};
use cognito_auth_wasm_fuzz::{ok, Input, NOW_MS, POOL_ID};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.byte() % 6 {
        0 => {
            if let Some(id) = ok(get_id_reply(input.reply())) {
                let _ = read_identity_id(&id);
            }
        }
        1 => match get_credentials_reply(input.reply()) {
            Ok((_, c)) => {
                let _ = c.expires_within(NOW_MS, 300);
            }
            Err(e) => {
                let _ = stale_identity_id(&e);
                cognito_auth_wasm_fuzz::touch_error(&e);
            }
        },
        2 => {
            let _ = ok(get_open_id_token_reply(input.reply()));
        }
        3 => {
            if let Some(c) = ok(assume_role_reply(input.reply())) {
                let _ = c.expires_within(NOW_MS, 300);
            }
        }
        4 => {
            let _ = read_identity_id(&input.rest());
        }
        _ => {
            let _ = ok(user_pool_login(POOL_ID, &input.rest()));
        }
    }
});
