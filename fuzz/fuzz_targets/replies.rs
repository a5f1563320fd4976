//! The user pool's replies: every operation's `xxx_reply`, the sign-in state machine driven by
//! a run of replies, and the service errors of [`aws::read_reply`]. The first byte picks which.
#![no_main]

use cognito_auth_wasm::aws;
use cognito_auth_wasm::json::StringMap;
use cognito_auth_wasm::session::{RefreshWith, Session};
use cognito_auth_wasm::user_pool::{AttributeUpdate, AuthFlow, UserPoolClient};
use cognito_auth_wasm_fuzz::{client, ok, sign_in, touch_error, Input, CLIENT_ID, NOW_MS};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static CLIENTS: [UserPoolClient; 2] = [client(false), client(true)];
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let choice = input.byte();
    CLIENTS.with(|clients| {
        let c = &clients[usize::from(choice >> 7)];
        one_reply(c, choice & 0x7f, &mut input);
    });
});

fn one_reply(c: &UserPoolClient, choice: u8, input: &mut Input) {
    match choice % 14 {
        0 => {
            let _ = ok(c.sign_up_reply(input.reply()));
        }
        1 => {
            let _ = ok(c.confirm_sign_up_reply(input.reply()));
        }
        2 => {
            let _ = ok(c.resend_sign_up_code_reply(input.reply())).map(|d| d.to_json().build());
        }
        3 => {
            let _ = ok(c.reset_password_reply(input.reply())).map(|d| d.to_json().build());
        }
        4 => {
            let _ = ok(c.get_user_reply(input.reply())).map(|u| u.mfa.to_json().build());
        }
        5 => {
            let mut sent = StringMap::new();
            for name in ["email", "phone_number", "custom:x"] {
                if input.byte() & 1 != 0 {
                    sent.insert(name.into(), "v".into());
                }
            }
            if let Some(updates) = ok(c.update_user_attributes_reply(&sent, input.reply())) {
                let _ = AttributeUpdate::to_json(&updates).build();
            }
        }
        6 => {
            let _ = ok(c.send_user_attribute_verification_code_reply(input.reply()));
        }
        7 => {
            let _ = ok(c.set_up_totp_reply(input.reply()));
        }
        8 => {
            let _ = ok(c.empty_reply("VerifySoftwareToken", input.reply()));
        }
        9 => {
            let with = if input.byte() & 1 == 0 {
                RefreshWith::GetTokens
            } else {
                RefreshWith::InitiateAuth
            };
            if let Some(tokens) = ok(c.refresh_reply(with, input.reply())) {
                let _ = ok(Session::new(CLIENT_ID, tokens, NOW_MS, None));
            }
        }
        10 => {
            let _ = ok(c.sign_out_reply("GlobalSignOut", input.reply()));
        }
        11 => {
            // The SRP flows have a target of their own (sign_in_srp): each PASSWORD_VERIFIER
            // costs 3072-bit exponentiations, a thousand times the rest of a run.
            let flow = if input.byte() & 1 == 0 {
                AuthFlow::UserPasswordAuth
            } else {
                AuthFlow::CustomWithoutSrp
            };
            sign_in(c, flow, None, input);
        }
        12 => {
            let operation = input.part();
            let _ = ok(aws::read_reply(&operation, input.reply()));
        }
        _ => {
            // An error reply as STS or another caller reads it: name, message, id given apart.
            let name = input.part();
            let message = input.part();
            if let Ok(response) = input.reply() {
                touch_error(&aws::service_error(
                    "Op",
                    &response,
                    Some(&name).filter(|n| !n.is_empty()).map(|n| n.as_str()),
                    Some(message.as_str()),
                    None,
                ));
            }
        }
    }
}
