//! Base64 (RFC 4648): standard alphabet with padding for SRP's signature, `SECRET_HASH` and
//! `SECRET_BLOCK`; URL-safe for JWT payloads and PKCE. Hand-written because the crates cost
//! 6–10 KB of wasm for these few calls (BENCHMARKS.md); the RFC's test vectors check it.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Standard alphabet, with `=` padding.
pub fn encode(bytes: &[u8]) -> String {
    encode_with(bytes, STANDARD, true)
}

/// URL-safe alphabet, no padding (RFC 4648 §5): RFC 7636's `BASE64URL` for PKCE.
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(bytes, URL_SAFE, false)
}

fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(alphabet[((n >> shift) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Which alphabet [`decode`] reads.
#[derive(Clone, Copy)]
pub enum Alphabet {
    /// `+` and `/`.
    Standard,
    /// `-` and `_` (RFC 4648 §5, JWTs).
    UrlSafe,
}

fn value(c: u8, alphabet: Alphabet) -> Option<u32> {
    let v = match (c, alphabet) {
        (b'A'..=b'Z', _) => c - b'A',
        (b'a'..=b'z', _) => c - b'a' + 26,
        (b'0'..=b'9', _) => c - b'0' + 52,
        (b'+', Alphabet::Standard) | (b'-', Alphabet::UrlSafe) => 62,
        (b'/', Alphabet::Standard) | (b'_', Alphabet::UrlSafe) => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes with or without `=` padding; `None` for any other character, a length that no
/// encoding has, or padding in the middle.
pub fn decode(text: &str, alphabet: Alphabet) -> Option<Vec<u8>> {
    let data = crate::text::trim_end(text, b'=');
    if text.len() - data.len() > 2 || (text.len() != data.len() && text.len() % 4 != 0) {
        return None;
    }
    if data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c, alphabet)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(bytes.get(..chunk.len() - 1)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_vectors_round_trip() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(
                decode(encoded, Alphabet::Standard).unwrap(),
                plain.as_bytes()
            );
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(
                decode(unpadded, Alphabet::Standard).unwrap(),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn alphabets_differ_only_in_two_characters() {
        let bytes = [0xfb, 0xff, 0xbf];
        assert_eq!(encode(&bytes), "+/+/");
        assert_eq!(encode_url(&bytes), "-_-_");
        assert_eq!(encode_url(b"fo"), "Zm8");
        assert_eq!(decode("-_-_", Alphabet::UrlSafe).unwrap(), bytes);
        assert!(decode("-_-_", Alphabet::Standard).is_none());
        assert!(decode("+/+/", Alphabet::UrlSafe).is_none());
    }

    #[test]
    fn malformed_input_is_refused() {
        for bad in ["Z", "Zg=Z", "Zg===", "Zm9v=", "Zm 9v", "Zm9v\n", "é"] {
            assert!(decode(bad, Alphabet::Standard).is_none(), "{bad:?}");
        }
    }
}
