//! The big-integer arithmetic SRP needs, behind one small trait.
//!
//! In the browser the platform's own `BigInt` does the work: it is faster than every Rust bignum
//! compiled to wasm and costs no bytes in the bundle (see BENCHMARKS.md). Natively, `num-bigint`.
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
    fn to_be_bytes(&self) -> Vec<u8> {
        let hex = self.to_hex();
        let padded = if hex.len() % 2 == 1 {
            format!("0{hex}")
        } else {
            hex
        };
        padded
            .as_bytes()
            .chunks(2)
            .map(|pair| match pair {
                [hi, lo] => (nibble(*hi) << 4) | nibble(*lo),
                _ => 0,
            })
            .collect()
    }
}

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

        fn mod_pow(&self, exp: &Self, m: &Self) -> Self {
            self.modpow(exp, m)
        }

        fn to_be_bytes(&self) -> Vec<u8> {
            self.to_bytes_be()
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod js {
    use js_sys::BigInt;
    use wasm_bindgen::JsValue;

    use super::{hex, is_hex, BigNum};

    /// A non-negative JS `BigInt`.
    #[derive(Clone, Debug)]
    pub struct JsBigInt(BigInt);

    fn parse(hex: &str) -> Option<BigInt> {
        BigInt::new(&JsValue::from_str(&format!("0x{hex}"))).ok()
    }

    /// Sliding-window width for exponents of SRP's sizes (256 to 1300 bits).
    const WINDOW: usize = 5;

    impl BigNum for JsBigInt {
        fn from_hex(hex: &str) -> Option<Self> {
            if !is_hex(hex) {
                return None;
            }
            parse(hex).map(Self)
        }

        fn to_hex(&self) -> String {
            self.0
                .to_string(16)
                .map(String::from)
                .unwrap_or_else(|_| "0".into())
        }

        fn from_be_bytes(bytes: &[u8]) -> Self {
            if bytes.is_empty() {
                return Self::from_u32(0);
            }
            Self(parse(&hex(bytes)).unwrap_or_else(|| BigInt::from(0u32)))
        }

        fn from_u32(n: u32) -> Self {
            Self(BigInt::from(n))
        }

        fn is_zero(&self) -> bool {
            self.0 == 0u32
        }

        fn add(&self, other: &Self) -> Self {
            Self(&self.0 + &other.0)
        }

        fn mul(&self, other: &Self) -> Self {
            Self(&self.0 * &other.0)
        }

        fn rem(&self, m: &Self) -> Self {
            Self(&self.0 % &m.0)
        }

        fn sub_mod(&self, other: &Self, m: &Self) -> Self {
            Self(&(&(&self.0 + &m.0) - &other.0) % &m.0)
        }

        /// Left-to-right sliding-window exponentiation, each step one JS `*` and `%`; a base of
        /// 2 (A = g^a, g^x) doubles with a shift instead of multiplying.
        fn mod_pow(&self, exp: &Self, m: &Self) -> Self {
            let (base, m) = (&self.0 % &m.0, &m.0);
            let bits = bits_of(&exp.0);
            let one = BigInt::from(1u32);
            let mut acc = one.clone();
            if base == 2u32 {
                for bit in bits {
                    acc = &(&acc * &acc) % m;
                    if bit {
                        acc = &acc << &one;
                        if &acc >= m {
                            acc = &acc - m;
                        }
                    }
                }
                return Self(acc);
            }
            // Odd powers base^1, base^3, …, base^(2^WINDOW - 1).
            let square = &(&base * &base) % m;
            let mut odd = vec![base];
            while odd.len() < 1 << (WINDOW - 1) {
                let next = odd
                    .last()
                    .map(|prev| prev * &square)
                    .unwrap_or_else(|| one.clone());
                odd.push(&next % m);
            }
            let mut i = 0;
            while let Some(&bit) = bits.get(i) {
                if !bit {
                    acc = &(&acc * &acc) % m;
                    i += 1;
                    continue;
                }
                // The longest window from i, at most WINDOW bits, that ends in a 1 bit.
                let window = bits.get(i..(i + WINDOW).min(bits.len())).unwrap_or(&[]);
                let width = window.iter().rposition(|b| *b).map_or(1, |p| p + 1);
                let mut value = 0usize;
                for &b in window.iter().take(width) {
                    acc = &(&acc * &acc) % m;
                    value = (value << 1) | usize::from(b);
                }
                if let Some(power) = odd.get(value >> 1) {
                    acc = &(&acc * power) % m;
                }
                i += width;
            }
            Self(acc)
        }
    }

    /// The bits of a non-negative BigInt, most significant first.
    fn bits_of(n: &BigInt) -> Vec<bool> {
        let hex = n.to_string(16).map(String::from).unwrap_or_default();
        let mut bits: Vec<bool> = hex
            .bytes()
            .flat_map(|c| {
                let v = super::nibble(c);
                [v & 8 != 0, v & 4 != 0, v & 2 != 0, v & 1 != 0]
            })
            .collect();
        let leading = bits.iter().take_while(|b| !**b).count();
        bits.drain(..leading);
        bits
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
    }
}
