//! String splitting at ASCII bytes. `str::split` and its relatives instantiate core's generic
//! pattern searchers, a kilobyte or two of wasm for what the protocol needs: cutting at a
//! known ASCII byte, where every cut is a char boundary. And the one reader of plain decimal
//! digits (JSON integers, dates, the stored clock drift, IPv4 parts).

/// The number that ASCII digits write: at least one digit and nothing else (no sign, point or
/// exponent); `None` when it does not fit a `u64`.
pub fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// `s` cut at each `sep`, as `s.split(sep)` (`sep` must be ASCII).
pub fn split(s: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == sep {
            parts.push(s.get(start..i).unwrap_or(""));
            start = i + 1;
        }
    }
    parts.push(s.get(start..).unwrap_or(""));
    parts
}

/// `s` before and after the first `sep`, as `s.split_once(sep)` (`sep` must be ASCII).
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `s` without trailing `c` bytes, as `s.trim_end_matches(c)` (`c` must be ASCII).
pub fn trim_end(s: &str, c: u8) -> &str {
    let end = s.bytes().rposition(|b| b != c).map_or(0, |p| p + 1);
    s.get(..end).unwrap_or("")
}

/// `s` without leading `c` bytes, as `s.trim_start_matches(c)` (`c` must be ASCII).
pub fn trim_start(s: &str, c: u8) -> &str {
    let start = s.bytes().position(|b| b != c).unwrap_or(s.len());
    s.get(start..).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_read_whole_or_not_at_all() {
        assert_eq!(digits("0"), Some(0));
        assert_eq!(digits("0042"), Some(42));
        assert_eq!(digits("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "18446744073709551616",
            "-1",
            "+1",
            "1.5",
            "1e3",
            " 1",
            "١",
        ] {
            assert_eq!(digits(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_helpers_agree_with_str() {
        for s in ["", ".", "a.b.c", "..a..", "é.用.😀", "0012", "ab==", "=="] {
            assert_eq!(split(s, b'.'), s.split('.').collect::<Vec<_>>(), "{s}");
            assert_eq!(split_once(s, b'.'), s.split_once('.'), "{s}");
            assert_eq!(trim_end(s, b'='), s.trim_end_matches('='), "{s}");
            assert_eq!(trim_start(s, b'0'), s.trim_start_matches('0'), "{s}");
        }
    }
}
