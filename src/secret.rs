//! A wrapper for secrets: passwords, tokens, SRP secrets, client secrets.
//!
//! `Debug` prints `[redacted]` and there is no `Display`, so a secret cannot reach a log line or an
//! error message by accident. Not `Clone`: a copy has to be asked for with [`Secret::expose`].
//!
//! Dropping a secret wipes it first ([`Wipe`]): a block the allocator hands out again does not
//! still hold a password or a token. A wipe reaches the value's own buffer, not copies made
//! before it was wrapped or moved on the stack; the buffers the core builds from secrets
//! (request and reply bodies, [`crate::json`]'s maps and trees, SRP's intermediates) wipe
//! themselves the same way.

use std::fmt;

use zeroize::Zeroize;

/// Overwrites a value's memory before it is freed: with zeros, by volatile writes the optimizer
/// keeps, and for strings and vectors their spare capacity too (natively, `num-bigint`'s numbers
/// are the exception: see `bignum`).
pub trait Wipe {
    fn wipe(&mut self);
}

impl Wipe for String {
    fn wipe(&mut self) {
        self.zeroize();
    }
}

impl Wipe for Vec<u8> {
    fn wipe(&mut self) {
        self.zeroize();
    }
}

impl<const N: usize> Wipe for [u8; N] {
    fn wipe(&mut self) {
        // One wipe of slices for every length.
        self.as_mut_slice().zeroize();
    }
}

/// Makes room for `extra` more bytes in `s`. A `String` that grows frees its old block as it
/// is; here that block is wiped first, for strings that are being filled with secrets.
pub fn reserve(s: &mut String, extra: usize) {
    if s.capacity() - s.len() < extra {
        let mut grown = String::with_capacity((s.len() + extra).max(s.capacity() * 2));
        grown.push_str(s);
        std::mem::replace(s, grown).wipe();
    }
}

/// A secret value. Read it with [`Secret::expose`], only where it goes on the wire.
pub struct Secret<T: Wipe>(T);

impl<T: Wipe> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.wipe();
    }
}

impl<T: Wipe> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Wipe> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_secret() {
        let s = Secret::from("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(s.expose(), "hunter2");
    }
}
