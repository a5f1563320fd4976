//! Native timing of the client SRP math, for the benchmark (`./dev bench`, `bench/run.mjs`).
//!
//! ```sh
//! cargo run --release --example srp_native [-- --runs 50]
//! ```
//!
//! Uses the first known-answer vector of `tests/vectors/srp.json` (salt, B, password, clock) and
//! prints one JSON object: milliseconds (median, p25, p75, min, max) of A = g^a, of the verifier
//! response (u, x, S, HKDF and the signature) and of both.
//!
//! The secret a is fixed too. The timed runs draw it through `SrpClient::generate` from a random
//! source that replays the vector's a, so a has the size the SDK draws in the browser.
//! `totalMsWith128ByteSecret` times the whole with the vector's full 128-byte a (the size
//! amazon-cognito-identity-js and Amplify draw); an untimed run with it first checks A and the
//! signature against the vector. `bench/run.mjs` builds it at `opt-level = 3`
//! (`CARGO_PROFILE_RELEASE_OPT_LEVEL=3`): the native floor, not the size-tuned wasm profile.

use std::cell::Cell;
use std::time::Instant;

use cognito_auth_wasm::bignum::{BigNum, Int};
use cognito_auth_wasm::platform::RandomSource;
use cognito_auth_wasm::srp::{self, Group, SrpClient, VerifierInput};
use serde_json::{json, Value};

/// Replays fixed bytes (the vector's a) and remembers how many were asked for.
struct Replay {
    bytes: Vec<u8>,
    drawn: Cell<usize>,
}

impl RandomSource for Replay {
    fn fill(&self, buf: &mut [u8]) -> cognito_auth_wasm::Result<()> {
        for (dst, src) in buf.iter_mut().zip(self.bytes.iter().cycle()) {
            *dst = *src;
        }
        self.drawn.set(buf.len());
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs = runs_from_args()?;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/srp.json");
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let v = &vectors["vectors"][0];
    let field = |name: &str| {
        v[name]
            .as_str()
            .ok_or_else(|| format!("vector field {name} is missing"))
    };
    let a = Int::from_hex(field("a")?).ok_or("vector a is not hex")?;
    let replay = Replay {
        bytes: a.to_be_bytes(),
        drawn: Cell::new(0),
    };
    let input = VerifierInput {
        pool_name: field("poolName")?,
        user_id_for_srp: field("userIdForSrp")?,
        password: field("password")?,
        srp_b: field("srpB")?,
        salt: field("salt")?,
        secret_block: field("secretBlock")?,
        timestamp: field("timestamp")?,
    };
    let group = Group::cognito();

    // Untimed: the whole of the vector's a gives the vector's A and signature (and warms caches).
    let client = SrpClient::with_secret(group.clone(), a.clone())?;
    if client.srp_a() != field("srpA")?
        || client.password_claim_signature(&input)? != field("signature")?
    {
        return Err("A or the signature differs from the known-answer vector".into());
    }

    let (mut a_ms, mut verifier_ms, mut total_ms) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t0 = Instant::now();
        let client = SrpClient::generate(group.clone(), &replay, srp::SECRET_BYTES)?;
        let _srp_a = client.srp_a();
        let t1 = Instant::now();
        let _signature = client.password_claim_signature(&input)?;
        let t2 = Instant::now();
        a_ms.push(ms(t1 - t0));
        verifier_ms.push(ms(t2 - t1));
        total_ms.push(ms(t2 - t0));
    }
    // The same with the whole 128-byte a, the size amazon-cognito-identity-js and Amplify draw.
    let mut full_ms = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let client = SrpClient::with_secret(group.clone(), a.clone())?;
        let _srp_a = client.srp_a();
        let _signature = client.password_claim_signature(&input)?;
        full_ms.push(ms(t0.elapsed()));
    }

    let out = json!({
        "vector": v["name"],
        "runs": runs,
        "secretBytes": replay.drawn.get(),
        "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
        "aMs": stats(a_ms),
        "verifierMs": stats(verifier_ms),
        "totalMs": stats(total_ms),
        "totalMsWith128ByteSecret": stats(full_ms),
    });
    println!("{out}");
    Ok(())
}

fn runs_from_args() -> Result<usize, Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Ok(50),
        [flag, n] if flag == "--runs" => Ok(n.parse::<usize>()?.max(1)),
        _ => Err("usage: srp_native [--runs N]".into()),
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median, quartiles (linear interpolation between closest ranks), min and max.
fn stats(mut xs: Vec<f64>) -> Value {
    xs.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let pos = p * (xs.len().saturating_sub(1)) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        let (a, b) = (xs.get(lo).copied(), xs.get(hi).copied());
        match (a, b) {
            (Some(a), Some(b)) => a + (b - a) * (pos - lo as f64),
            _ => f64::NAN,
        }
    };
    json!({
        "median": q(0.5),
        "p25": q(0.25),
        "p75": q(0.75),
        "min": q(0.0),
        "max": q(1.0),
    })
}
