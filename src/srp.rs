//! Cognito's SRP-6a variant, client side: the math only, no I/O.
//!
//! Follows amazon-cognito-identity-js `AuthenticationHelper` value by value (the known-answer
//! vectors in `tests/vectors/srp.json` are generated from it):
//!
//! | value | definition |
//! |---|---|
//! | N, g | RFC 3526 3072-bit MODP prime, 2 |
//! | pad(n) | big-endian bytes of n, with a leading 0x00 when the top bit is set (Java `BigInteger`) |
//! | k | H(pad(N) \| pad(g)) |
//! | A | g^a mod N, a = 128 random bytes |
//! | u | H(pad(A) \| pad(B)); abort when zero |
//! | x | H(pad(salt) \| H(utf8(poolName \| userIdForSrp \| ":" \| password))) |
//! | S | (B − k·g^x)^(a + u·x) mod N |
//! | key | HKDF-SHA256(salt = pad(u), ikm = pad(S), info = "Caldera Derived Key"), 16 bytes |
//! | signature | base64 HMAC-SHA256(key, poolName \| userIdForSrp \| secretBlock \| timestamp) |
//!
//! Every hash result is read as an unsigned integer and re-padded before use, as the reference
//! does, so a leading zero byte of a hash, of the salt or of B is dropped before padding.

use crate::base64;
use crate::bignum::{BigNum, Int};
use crate::error::{Error, Result};
use crate::json::decimal;
use crate::platform::RandomSource;
use crate::secret::{Secret, Wipe};
use crate::sha256::{hkdf_sha256, hmac_sha256, sha256};

const N_HEX: &str = "\
FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF\
9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386B\
FB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DC\
A3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86\
039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD\
33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94\
E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BA\
D946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// k = H(pad(N) | pad(g)), a constant; `k_is_the_hash_of_n_and_g` recomputes it.
const K_HEX: &str = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";

/// Bytes of the secret a. amazon-cognito-identity-js draws 128; 48 (384 bits) keeps A and S
/// equally valid for the service and is above both the 2×128 bits NIST SP 800-56A asks of a
/// safe-prime group at this strength and the 275 bits RFC 7919 gives for ffdhe3072. It makes the
/// two exponentiations with a (A, and S's exponent a + u·x) about twice as fast.
pub const SECRET_BYTES: usize = 48;

const INFO: &[u8] = b"Caldera Derived Key";

/// The group parameters and k, computed once per client.
#[derive(Debug, Clone)]
pub struct Group {
    n: Int,
    g: Int,
    k: Int,
}

impl Group {
    /// RFC 3526's 3072-bit group with g = 2, the only one Cognito uses.
    pub fn cognito() -> Self {
        let int = |hex| Int::from_hex(hex).unwrap_or_else(|| Int::from_u32(0));
        Self {
            n: int(N_HEX),
            g: Int::from_u32(2),
            k: int(K_HEX),
        }
    }

    pub fn n(&self) -> &Int {
        &self.n
    }

    pub fn k(&self) -> &Int {
        &self.k
    }
}

/// The big-endian bytes of `n` with a leading zero byte when its top bit is set: the bytes of
/// the reference's `padHex`. Wipe the bytes of a secret after use.
pub fn pad(n: &Int) -> Vec<u8> {
    let mut bytes = n.to_be_bytes();
    match bytes.first() {
        Some(&b) if b & 0x80 != 0 => {
            let mut out = Vec::with_capacity(bytes.len() + 1);
            out.push(0);
            out.extend_from_slice(&bytes);
            bytes.wipe();
            out
        }
        _ => bytes,
    }
}

fn hash_to_int(parts: &[&[u8]]) -> Int {
    Int::from_be_bytes(&sha256(parts))
}

/// Parses a hex integer from the server (`SRP_B`, `SALT`), as the reference's `new BigInteger(s, 16)`.
pub fn parse_hex(name: &str, hex: &str) -> Result<Int> {
    Int::from_hex(hex).ok_or_else(|| Error::malformed([name, " is not a hex number"].concat()))
}

/// The values an SRP exchange derives, each exposed for the known-answer tests.
pub struct Derived {
    pub u: Int,
    pub x: Secret<Int>,
    pub s: Secret<Int>,
    pub key: Secret<[u8; 16]>,
}

/// What the `PASSWORD_VERIFIER` challenge carries and the user typed.
pub struct VerifierInput<'a> {
    /// The part of the user pool id after `_`.
    pub pool_name: &'a str,
    /// `USER_ID_FOR_SRP` from the challenge.
    pub user_id_for_srp: &'a str,
    pub password: &'a str,
    /// `SRP_B`, hex.
    pub srp_b: &'a str,
    /// `SALT`, hex.
    pub salt: &'a str,
    /// `SECRET_BLOCK`, base64.
    pub secret_block: &'a str,
    /// The `EEE MMM d HH:mm:ss UTC yyyy` timestamp that will be sent.
    pub timestamp: &'a str,
}

/// The client half of one SRP exchange: the secret a and the public A = g^a.
pub struct SrpClient {
    group: Group,
    a: Secret<Int>,
    big_a: Int,
}

impl std::fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SrpClient")
            .field("a", &self.a)
            .finish_non_exhaustive()
    }
}

impl SrpClient {
    /// Draws a fresh secret a of `bytes` bytes ([`SECRET_BYTES`] unless the caller asks for the
    /// reference's 128) and computes A.
    pub fn generate(group: Group, random: &dyn RandomSource, bytes: usize) -> Result<Self> {
        let mut secret = vec![0u8; bytes];
        random.fill(&mut secret)?;
        let a = Int::from_be_bytes(&secret);
        secret.wipe();
        Self::with_secret(group, a)
    }

    /// Uses a given secret a (tests, known-answer vectors).
    pub fn with_secret(group: Group, a: Int) -> Result<Self> {
        if a.is_zero() {
            return Err(Error::Srp("the secret a is zero"));
        }
        let big_a = group.g.mod_pow(&a, &group.n);
        if big_a.is_zero() {
            return Err(Error::Srp("A mod N is zero"));
        }
        Ok(Self {
            group,
            a: Secret::new(a),
            big_a,
        })
    }

    /// `SRP_A` as the reference sends it: lower-case hex, not padded.
    pub fn srp_a(&self) -> String {
        self.big_a.to_hex()
    }

    /// Derives u, x, S and the HKDF key from the server's B and salt.
    pub fn derive(&self, input: &VerifierInput<'_>) -> Result<Derived> {
        let Group { n, g, k } = &self.group;
        let b = parse_hex("SRP_B", input.srp_b)?;
        let b = b.rem(n);
        if b.is_zero() {
            return Err(Error::Srp("B mod N is zero"));
        }
        let salt = parse_hex("SALT", input.salt)?;
        let u = hash_to_int(&[&pad(&self.big_a), &pad(&b)]);
        if u.is_zero() {
            return Err(Error::Srp("u is zero"));
        }
        let mut identity = sha256(&[
            input.pool_name.as_bytes(),
            input.user_id_for_srp.as_bytes(),
            b":",
            input.password.as_bytes(),
        ]);
        let x = hash_to_int(&[&pad(&salt), &identity]);
        identity.wipe();
        let g_x = g.mod_pow(&x, n);
        // B - k·g^x, kept non-negative modulo N.
        let kgx = k.mul(&g_x).rem(n);
        let base = b.sub_mod(&kgx, n);
        let exponent = self.a.expose().add(&u.mul(&x));
        let s = base.mod_pow(&exponent, n);
        let mut ikm = pad(&s);
        let key = hkdf_sha256::<16>(&pad(&u), &ikm, INFO);
        ikm.wipe();
        Ok(Derived {
            u,
            x: Secret::new(x),
            s: Secret::new(s),
            key: Secret::new(key),
        })
    }

    /// The `PASSWORD_CLAIM_SIGNATURE` for the challenge, base64.
    pub fn password_claim_signature(&self, input: &VerifierInput<'_>) -> Result<String> {
        let secret_block =
            base64::decode(input.secret_block.trim_ascii(), base64::Alphabet::Standard)
                .ok_or_else(|| Error::malformed("SECRET_BLOCK is not base64"))?;
        let derived = self.derive(input)?;
        Ok(signature(
            derived.key.expose(),
            input.pool_name,
            input.user_id_for_srp,
            &secret_block,
            input.timestamp,
        ))
    }
}

fn signature(
    key: &[u8],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> String {
    let mac = hmac_sha256(
        key,
        &[
            pool_name.as_bytes(),
            user_id.as_bytes(),
            secret_block,
            timestamp.as_bytes(),
        ],
    );
    base64::encode(&mac)
}

/// `SECRET_HASH`: base64 HMAC-SHA256 keyed with the client secret over `username | clientId`.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mac = hmac_sha256(
        client_secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    );
    base64::encode(&mac)
}

/// The `TIMESTAMP` Cognito expects: `EEE MMM d HH:mm:ss UTC yyyy` in UTC, English names, the day
/// of month not padded (amazon-cognito-identity-js `DateHelper.getNowString`).
pub fn timestamp(epoch_ms: u64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = epoch_ms / 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = crate::time::civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = DAYS
        .get(((days + 4) % 7) as usize)
        .copied()
        .unwrap_or("Sun");
    let month_name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    let two = |n: u64| {
        [
            char::from(b'0' + (n / 10 % 10) as u8),
            char::from(b'0' + (n % 10) as u8),
        ]
    };
    let mut out = [weekday, " ", month_name, " ", &decimal(day), " "].concat();
    for (i, n) in [rem / 3600, (rem % 3600) / 60, rem % 60]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            out.push(':');
        }
        out.extend(two(n));
    }
    out.push_str(" UTC ");
    out.push_str(&decimal(year));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_has_unpadded_day_and_padded_time() {
        // 2026-11-03T09:05:07Z
        assert_eq!(timestamp(1_793_696_707_000), "Tue Nov 3 09:05:07 UTC 2026");
        assert_eq!(timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
        // 2024-02-29T23:59:59Z, a leap day
        assert_eq!(timestamp(1_709_251_199_000), "Thu Feb 29 23:59:59 UTC 2024");
    }

    #[test]
    fn pad_adds_a_zero_byte_only_when_the_top_bit_is_set() {
        assert_eq!(pad(&Int::from_u32(0x7f)), vec![0x7f]);
        assert_eq!(pad(&Int::from_u32(0x80)), vec![0x00, 0x80]);
        assert_eq!(pad(&Int::from_u32(0x0123)), vec![0x01, 0x23]);
        assert_eq!(pad(&Int::from_u32(0)), vec![0x00]);
    }

    #[test]
    fn group_is_rfc3526_3072() {
        let g = Group::cognito();
        assert_eq!(pad(g.n()).len(), 385, "3072 bits, padded with a zero byte");
        assert_eq!(
            g.k().to_hex(),
            "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
        );
    }

    #[test]
    fn k_is_the_hash_of_n_and_g() {
        let g = Group::cognito();
        assert_eq!(hash_to_int(&[&pad(&g.n), &pad(&g.g)]), g.k);
    }

    #[test]
    fn secret_hash_matches_the_documented_example() {
        // HMAC-SHA256(key="secret", "alice" + "client") computed independently with Python's hmac.
        assert_eq!(
            secret_hash("secret", "alice", "client"),
            "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0="
        );
    }

    #[test]
    fn debug_of_a_client_leaves_the_secret_out() {
        let a = Int::from_hex("5eC2e7").unwrap();
        let client = SrpClient::with_secret(Group::cognito(), a).unwrap();
        let printed = format!("{client:?}");
        assert!(
            printed.contains("[redacted]")
                && !printed.contains("6210279")
                && !printed.contains("5ec2e7"),
            "{printed}"
        );
    }

    #[test]
    fn b_zero_mod_n_aborts() {
        let group = Group::cognito();
        let n_hex = group.n().to_hex();
        let client = SrpClient::with_secret(group, Int::from_u32(12345)).unwrap();
        for b in ["0", n_hex.as_str()] {
            let input = VerifierInput {
                pool_name: "p",
                user_id_for_srp: "u",
                password: "pw",
                srp_b: b,
                salt: "ab",
                secret_block: "AAAA",
                timestamp: "Tue Nov 3 09:05:07 UTC 2026",
            };
            assert!(matches!(client.derive(&input), Err(Error::Srp(_))));
        }
    }

    /// The native `mod_pow` (here for the group's N). Holds for the real `mod_pow` and for the stand-in of fuzz builds alike (run with
    /// `RUSTFLAGS="--cfg fuzzing"` to check the latter).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn mod_pow_keeps_its_contract() {
        let m = Group::cognito().n().clone();
        let big = Int::from_hex(&["f"; 800].concat()).unwrap();
        let one = Int::from_u32(1);
        assert_eq!(big.mod_pow(&Int::from_u32(0), &m), one);
        assert_eq!(
            Int::from_u32(7).mod_pow(&Int::from_u32(0), &one),
            Int::from_u32(0)
        );
        assert!(Int::from_u32(0).mod_pow(&big, &m).is_zero());
        assert!(m.mod_pow(&big, &m).is_zero());
        for base in [Int::from_u32(2), big.clone(), m.add(&one)] {
            let r = base.mod_pow(&big, &m);
            assert!(!r.is_zero());
            assert!(r < m);
        }
    }
}
