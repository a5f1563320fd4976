//! The SRP sign-in flows (`USER_SRP_AUTH`, `CUSTOM_WITH_SRP`): the `PASSWORD_VERIFIER`
//! challenge's parameters (`SRP_B`, `SALT`, `SECRET_BLOCK`, `USER_ID_FOR_SRP`) and the replies
//! after it. Apart from `replies` because a verifier costs 3072-bit exponentiations: some
//! hundreds of runs a second where the other targets do tens of thousands.
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
    // a = 1: A = g costs nothing, and the fuzzer's time goes to what the service sent.
    let Some(srp) = ok(SrpClient::with_secret(Group::cognito(), Int::from_u32(1))) else {
        panic!("the fuzz SRP secret");
    };
    CLIENT.with(|c| sign_in(c, flow, Some(srp), &mut input));
});
