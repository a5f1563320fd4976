//! The big-integer arithmetic SRP needs, behind one small trait.
//!
//! In the browser the platform's own `BigInt` does the work: it is faster than every Rust bignum
//! compiled to wasm and costs no bytes in the bundle (see BENCHMARKS.md); the wasm holds the
//! numbers as hex and hands each operation to one JS function. Natively, `num-bigint`.
//! Both are held to the same known-answer vectors (natively in `tests/srp_vectors.rs`, in
//! Chromium in `tests/browser.rs`).

/// A non-negative integer with the operations of SRP.
pub trait BigNum: Sized + Clone {
    /// Parses lower- or upper-case hex digits (at least one; nothing else).
    fn from_hex(hex: &str) -> Option<Self>;
    /// Lower-case hex without leading zeros (`"0"` for zero).
    fn to_hex(&self) -> String;
    fn from_be_bytes(bytes: &[u8]) -> Self;
    fn from_u32(n: u32) -> Self;
    fn is_zero(&self) -> bool;
    fn add(&self, other: &Self) -> Self;
    fn mul(&self, other: &Self) -> Self;
    /// `self mod m`, `m` non-zero.
    fn rem(&self, m: &Self) -> Self;
    /// `(self - other) mod m` for `self, other < m`.
    fn sub_mod(&self, other: &Self, m: &Self) -> Self;
    /// `self^exp mod m`, `m` odd.
    fn mod_pow(&self, exp: &Self, m: &Self) -> Self;

    /// Big-endian bytes without leading zeros (one zero byte for zero).
    fn to_be_bytes(&self) -> Vec<u8>;
}

/// The bytes of hex digits, big-endian; an odd count reads as if it had a leading zero.
#[cfg(any(test, target_arch = "wasm32"))]
fn bytes_of_hex(hex: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(hex.len() / 2 + 1);
    let mut byte = 0;
    for (i, d) in hex.bytes().enumerate() {
        byte = (byte << 4) | nibble(d);
        // The digit that ends a byte: an odd number of digits from the end.
        if (hex.len() - i) % 2 == 1 {
            out.push(byte);
            byte = 0;
        }
    }
    out
}

#[cfg(any(test, target_arch = "wasm32"))]
fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The integer type of this build: the browser's `BigInt` in wasm, `num-bigint` natively.
#[cfg(target_arch = "wasm32")]
pub type Int = js::JsBigInt;
/// The integer type of this build: the browser's `BigInt` in wasm, `num-bigint` natively.
#[cfg(not(target_arch = "wasm32"))]
pub type Int = num_bigint::BigUint;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use num_bigint::BigUint;
    use num_traits::Zero;

    use super::{is_hex, BigNum};
    use crate::secret::Wipe;

    /// num-bigint lends no mutable view of its digits, so they are overwritten with ones in place
    /// (`assign_from_slice` of as many digits reuses the buffer): plain writes, not volatile.
    /// Its arithmetic also frees copies of every operand and intermediate without wiping them;
    /// only the native build (tests, tools) computes with it, the browser's is `BigInt`.
    impl Wipe for BigUint {
        fn wipe(&mut self) {
            let ones = vec![u32::MAX; self.iter_u32_digits().len()];
            self.assign_from_slice(&ones);
        }
    }

    impl BigNum for BigUint {
        fn from_hex(hex: &str) -> Option<Self> {
            if !is_hex(hex) {
                return None;
            }
            BigUint::parse_bytes(hex.as_bytes(), 16)
        }

        fn to_hex(&self) -> String {
            self.to_str_radix(16)
        }

        fn from_be_bytes(bytes: &[u8]) -> Self {
            BigUint::from_bytes_be(bytes)
        }

        fn from_u32(n: u32) -> Self {
            BigUint::from(n)
        }

        fn is_zero(&self) -> bool {
            Zero::is_zero(self)
        }

        fn add(&self, other: &Self) -> Self {
            self + other
        }

        fn mul(&self, other: &Self) -> Self {
            self * other
        }

        fn rem(&self, m: &Self) -> Self {
            self % m
        }

        fn sub_mod(&self, other: &Self, m: &Self) -> Self {
            ((self + m) - other) % m
        }

        #[cfg(not(fuzzing))]
        fn mod_pow(&self, exp: &Self, m: &Self) -> Self {
            self.modpow(exp, m)
        }

        /// Only in cargo-fuzz's builds (`--cfg fuzzing`, which no other build sets): base¹ for
        /// base^exp, so that a fuzz target's time goes to what the service sent, not to 3072-bit
        /// exponentiations. It keeps the contract the callers rely on: a result below m, 1 mod m
        /// for a zero exponent, zero exactly when base^exp is (m being the prime N). The real
        /// arithmetic is held to known-answer vectors in `tests/srp_vectors.rs`.
        #[cfg(fuzzing)]
        fn mod_pow(&self, exp: &Self, m: &Self) -> Self {
            if Zero::is_zero(exp) {
                BigUint::from(1u32) % m
            } else {
                self % m
            }
        }

        fn to_be_bytes(&self) -> Vec<u8> {
            self.to_bytes_be()
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    use super::{bytes_of_hex, hex, is_hex, BigNum};
    use crate::secret::Wipe;

    // Every operation on the platform's BigInt in one JS function, numbers passed as hex: one
    // import instead of one per operator, and no JS handles to manage in the wasm. mod_pow is a
    // left-to-right sliding window of 5 bits (exponents of SRP's sizes are 256 to 1300 bits); a
    // base of 2 (A = g^a, g^x) doubles with a shift instead of multiplying.
    #[wasm_bindgen(inline_js = r#"
function mod_pow(b, e, m) {
  b %= m;
  const bits = e.toString(2);
  let r = 1n % m;
  if (e === 0n) return r;
  if (b === 2n) {
    for (const c of bits) {
      r = r * r % m;
      if (c === '1') { r <<= 1n; if (r >= m) r -= m; }
    }
    return r;
  }
  const odd = [b], b2 = b * b % m;
  while (odd.length < 16) odd.push(odd[odd.length - 1] * b2 % m);
  for (let i = 0; i < bits.length;) {
    if (bits[i] === '0') { r = r * r % m; i++; continue; }
    let w = Math.min(5, bits.length - i);
    while (bits[i + w - 1] === '0') w--;
    for (let j = 0; j < w; j++) r = r * r % m;
    r = r * odd[parseInt(bits.substr(i, w), 2) >> 1] % m;
    i += w;
  }
  return r;
}
export function big(op, a, b, m) {
  a = BigInt('0x' + a); b = BigInt('0x' + b); m = BigInt('0x' + m);
  return (op == 0 ? a + b : op == 1 ? a * b : op == 2 ? a % b : op == 3 ? (a + m - b) % m
    : mod_pow(a, b, m)).toString(16);
}
"#)]
    extern "C" {
        fn big(op: u8, a: &str, b: &str, m: &str) -> String;
    }

    /// A non-negative integer as lower-case hex without leading zeros, computed on in JS.
    ///
    /// Its hex, in the wasm's memory, is wiped when it is dropped (every number: SRP's secret
    /// intermediates, such as the exponent a + u·x, are not wrapped in a `Secret`). The `BigInt`s
    /// and hex strings that `big` makes on the JS side stay in the JS heap until the garbage
    /// collector takes them: nothing in the wasm can wipe those.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct JsBigInt(String);

    impl Drop for JsBigInt {
        fn drop(&mut self) {
            self.0.wipe();
        }
    }

    impl Wipe for JsBigInt {
        fn wipe(&mut self) {
            self.0.wipe();
        }
    }

    /// Lower-case, leading zeros dropped, "0" for zero.
    fn canonical(hex: &str) -> JsBigInt {
        let digits = crate::text::trim_start(hex, b'0');
        JsBigInt(if digits.is_empty() {
            "0".into()
        } else {
            digits.to_ascii_lowercase()
        })
    }

    impl JsBigInt {
        fn op(&self, op: u8, b: &Self, m: &str) -> Self {
            Self(big(op, &self.0, &b.0, m))
        }
    }

    impl BigNum for JsBigInt {
        fn from_hex(hex: &str) -> Option<Self> {
            is_hex(hex).then(|| canonical(hex))
        }

        fn to_hex(&self) -> String {
            self.0.clone()
        }

        fn from_be_bytes(bytes: &[u8]) -> Self {
            let mut digits = hex(bytes);
            let n = canonical(&digits);
            digits.wipe();
            n
        }

        fn to_be_bytes(&self) -> Vec<u8> {
            bytes_of_hex(&self.0)
        }

        fn from_u32(n: u32) -> Self {
            Self::from_be_bytes(&n.to_be_bytes())
        }

        fn is_zero(&self) -> bool {
            self.0 == "0"
        }

        fn add(&self, other: &Self) -> Self {
            self.op(0, other, "0")
        }

        fn mul(&self, other: &Self) -> Self {
            self.op(1, other, "0")
        }

        fn rem(&self, m: &Self) -> Self {
            self.op(2, m, "0")
        }

        fn sub_mod(&self, other: &Self, m: &Self) -> Self {
            self.op(3, other, &m.0)
        }

        fn mod_pow(&self, exp: &Self, m: &Self) -> Self {
            self.op(4, exp, &m.0)
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_hex_round_trip() {
        let n = Int::from_hex("0a0b0c").unwrap();
        assert_eq!(n.to_hex(), "a0b0c");
        assert_eq!(BigNum::to_be_bytes(&n), vec![0x0a, 0x0b, 0x0c]);
        assert_eq!(hex(&[0x00, 0xff, 0x10]), "00ff10");
        assert!(Int::from_hex("").is_none());
        assert!(Int::from_hex("0x12").is_none());
        assert!(Int::from_hex("12 ").is_none());
        assert_eq!(bytes_of_hex("a0b0c"), vec![0x0a, 0x0b, 0x0c]);
        assert_eq!(bytes_of_hex("0A0b"), vec![0x0a, 0x0b]);
        assert_eq!(bytes_of_hex("0"), vec![0]);
    }
}
