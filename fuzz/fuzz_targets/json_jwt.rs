//! The JSON reader under every reply and stored value, JWTs and their claims, base64. The first
//! byte picks which; the rest is the text. Round trips are checked where the crate writes what
//! it reads.
#![no_main]

use cognito_auth_wasm::base64::{self, Alphabet};
use cognito_auth_wasm::json::{self, Json};
use cognito_auth_wasm::session::Jwt;
use cognito_auth_wasm::tokens;
use cognito_auth_wasm_fuzz::{jwt, ok, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let choice = input.byte();
    let text = input.rest();
    match choice % 7 {
        0 => {
            if let Ok(value) = json::parse(&text) {
                walk(&value);
            }
        }
        1 => {
            if let Ok(o) = json::parse_object(&text) {
                for (key, _) in o.members() {
                    let _ = (
                        o.str(key),
                        o.u64(key),
                        o.bool(key),
                        o.array(key),
                        o.map(key),
                    );
                    if let Ok(Some(inner)) = o.object(key) {
                        let _ = inner.to_map();
                    }
                }
                let _ = o.to_map();
            }
        }
        2 => {
            let _ = json::string_list(&text);
        }
        3 => {
            // Whatever a string holds, the writer's escaping reads back as that string.
            let mut quoted = String::new();
            json::write_str(&mut quoted, &text);
            match json::parse(&quoted) {
                Ok(value) => assert_eq!(value.as_str(), Some(text.as_str())),
                Err(_) => panic!("write_str wrote JSON that does not parse"),
            }
        }
        4 => {
            // A token as the service or storage hands it over.
            let _ = ok(tokens::payload_json(&text));
            let _ = ok(tokens::claims(&text));
            if let Some(t) = ok(Jwt::decode(text)) {
                assert!(json::parse_object(t.payload()).is_ok());
            }
        }
        5 => {
            // A payload as a token carries it.
            let _ = ok(tokens::claims_of_payload(&text));
            if let Some(t) = ok(Jwt::decode(jwt(&text))) {
                assert_eq!(t.payload(), text);
            }
        }
        _ => {
            for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
                let _ = base64::decode(&text, alphabet);
            }
            let bytes = text.as_bytes();
            assert_eq!(
                base64::decode(&base64::encode(bytes), Alphabet::Standard).as_deref(),
                Some(bytes)
            );
            assert_eq!(
                base64::decode(&base64::encode_url(bytes), Alphabet::UrlSafe).as_deref(),
                Some(bytes)
            );
        }
    }
});

fn walk(value: &Json) {
    let _ = value.as_str();
    if let Some(o) = value.as_object() {
        for (_, v) in o.members() {
            walk(v);
        }
    }
    if let Json::Array(items) = value {
        items.iter().for_each(walk);
    }
}
