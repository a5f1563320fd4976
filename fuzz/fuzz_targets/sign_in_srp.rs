//! The SRP sign-in flows (`USER_SRP_AUTH`, `CUSTOM_WITH_SRP`): the `PASSWORD_VERIFIER`
//! challenge's parameters (`SRP_B`, `SALT`, `SECRET_BLOCK`, `USER_ID_FOR_SRP`) and the replies
//! after it.
//!
//! Not the arithmetic: cargo-fuzz builds with `--cfg fuzzing`, under which the crate's native
//! `mod_pow` is base mod m (src/bignum.rs), so a verifier costs microseconds instead of two
//! 3072-bit exponentiations (about 90 runs a second with them, about 11,000 without).
//! Every parser and state-machine branch is the same either way; only S and the signature's
//! value differ. The arithmetic is held to amazon-cognito-identity-js's values by the
//! known-answer vectors of `tests/srp_vectors.rs` (natively) and `tests/browser.rs` (in Chromium).
#![no_main]

use cognito_auth_wasm::bignum::{BigNum, Int};
use cognito_auth_wasm::srp::{Group, SrpClient};
use cognito_auth_wasm::user_pool::{AuthFlow, UserPoolClient};
use cognito_auth_wasm_fuzz::{client, ok, sign_in, Input};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static CLIENT: UserPoolClient = client(false);
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let flow = if input.byte() & 1 == 0 {
        AuthFlow::UserSrpAuth
    } else {
        AuthFlow::CustomWithSrp
    };
    let Some(srp) = ok(SrpClient::with_secret(Group::cognito(), Int::from_u32(1))) else {
        panic!("the fuzz SRP secret");
    };
    CLIENT.with(|c| sign_in(c, flow, Some(srp), &mut input));
});
