//! Little-endian primitives and LEB128 varints, with a reader that checks every bound.

use crate::error::BundleError;

/// Appends encoded values to a byte buffer.
#[derive(Default)]
pub(crate) struct Enc {
    pub(crate) buf: Vec<u8>,
}

impl Enc {
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn var(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }
    pub(crate) fn usize(&mut self, v: usize) {
        self.var(v as u64);
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub(crate) fn strs(&mut self, v: &[String]) {
        self.usize(v.len());
        for s in v {
            self.str(s);
        }
    }
}

/// Reads values back, failing with [`BundleError`] instead of panicking.
#[derive(Clone)]
pub(crate) struct Dec<'a> {
    data: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Dec<'a> {
    pub(crate) fn new(data: &'a [u8], what: &'static str) -> Self {
        Dec { data, pos: 0, what }
    }
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.data.len()
    }
    pub(crate) fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], BundleError> {
        if n > self.remaining() {
            return Err(BundleError::Truncated(self.what));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    #[inline]
    pub(crate) fn u8(&mut self) -> Result<u8, BundleError> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or(BundleError::Truncated(self.what))?;
        self.pos += 1;
        Ok(b)
    }
    pub(crate) fn u16(&mut self) -> Result<u16, BundleError> {
        let b = self.bytes(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, BundleError> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    #[inline]
    pub(crate) fn var(&mut self) -> Result<u64, BundleError> {
        // Most varints in a bundle (lengths, counts, gaps) fit in one byte.
        if let Some(&b) = self.data.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
        }
        self.var_long()
    }
    fn var_long(&mut self) -> Result<u64, BundleError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(BundleError::Malformed("varint longer than 64 bits"))
    }
    /// A count of items that each take at least one byte: bounded by the bytes left, so a
    /// hostile count cannot make the reader allocate more than the input's size.
    pub(crate) fn count(&mut self) -> Result<usize, BundleError> {
        let n = self.var()?;
        if n > self.remaining() as u64 {
            return Err(BundleError::Truncated(self.what));
        }
        Ok(n as usize)
    }
    pub(crate) fn str(&mut self) -> Result<&'a str, BundleError> {
        let n = self.count()?;
        std::str::from_utf8(self.bytes(n)?).map_err(|_| BundleError::Malformed("text is not UTF-8"))
    }
    pub(crate) fn string(&mut self) -> Result<String, BundleError> {
        self.str().map(str::to_string)
    }
    pub(crate) fn strings(&mut self) -> Result<Vec<String>, BundleError> {
        let n = self.count()?;
        (0..n).map(|_| self.string()).collect()
    }
}

/// CRC-32 (IEEE 802.3), the checksum in the bundle trailer.
pub fn crc32(data: &[u8]) -> u32 {
    // Slicing-by-8: eight bytes per step through eight tables instead of one byte through one,
    // about four times faster (opening a bundle is mostly this pass over its bytes). The 8 KB
    // of tables are computed per call, in microseconds, rather than shipped in the widget.
    let mut t = Box::new([[0u32; 256]; 8]);
    for i in 0..256 {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        t[0][i] = c;
    }
    for k in 1..8 {
        for i in 0..256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
        }
    }
    let t = &*t;
    let mut c = !0u32;
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        let lo = c ^ u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        let hi = u32::from_le_bytes([w[4], w[5], w[6], w[7]]);
        c = t[7][(lo & 0xff) as usize]
            ^ t[6][(lo >> 8 & 0xff) as usize]
            ^ t[5][(lo >> 16 & 0xff) as usize]
            ^ t[4][(lo >> 24) as usize]
            ^ t[3][(hi & 0xff) as usize]
            ^ t[2][(hi >> 8 & 0xff) as usize]
            ^ t[1][(hi >> 16 & 0xff) as usize]
            ^ t[0][(hi >> 24) as usize];
    }
    for &b in words.remainder() {
        c = t[0][((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    /// The one-table, byte-at-a-time CRC-32 (IEEE), as a reference for the sliced one.
    fn crc32_bytewise(data: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn crc32_agrees_with_the_bytewise_definition_at_every_length_and_offset() {
        let data: Vec<u8> = (0..300u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for start in 0..9 {
            for end in start..data.len() {
                assert_eq!(
                    crc32(&data[start..end]),
                    crc32_bytewise(&data[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn varints_round_trip_and_reject_overlong() {
        let mut e = Enc::default();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            e.var(v);
        }
        let mut d = Dec::new(&e.buf, "test");
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(d.var().unwrap(), v);
        }
        assert!(d.at_end());
        let bad = [0xffu8; 11];
        assert!(Dec::new(&bad, "t").var().is_err());
    }

    #[test]
    fn hostile_counts_fail_instead_of_allocating() {
        let mut e = Enc::default();
        e.var(u64::MAX >> 1);
        assert!(Dec::new(&e.buf, "t").strings().is_err());
    }
}
