//! Writes an `fst::Map` (format version 3) from sorted keys, for the term dictionary the reader
//! rebuilds at open.
//!
//! The `fst` crate's own builder also works, but it checksums its output with a slicing-by-16
//! CRC-32C whose 16 KB of tables would ship in the widget for a checksum nobody verifies (the
//! bundle has its own). This writer makes the same minimal automaton (Daciuk et al.'s
//! incremental construction: shared prefixes carry outputs forward, finished suffixes are
//! deduplicated through a registry) in the same node encodings the `fst` reader decodes,
//! always spelling transition inputs out rather than using the crate's common-input table.
//! The map lives only in memory, so those few bytes do not matter.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const VERSION: u64 = 3;
/// Address of the final state with no transitions and no output.
const EMPTY: usize = 0;
/// "No node compiled yet".
const NONE: usize = 1;
/// Nodes with more transitions than this carry a 256-byte input index.
const TRANS_INDEX_THRESHOLD: usize = 32;

#[derive(Clone, Copy, Hash, PartialEq, Eq)]
struct Trans {
    inp: u8,
    out: u64,
    addr: usize,
}

#[derive(Clone, Default, Hash, PartialEq, Eq)]
struct Node {
    is_final: bool,
    final_output: u64,
    trans: Vec<Trans>,
}

impl Node {
    fn add_output_prefix(&mut self, prefix: u64) {
        if self.is_final {
            self.final_output += prefix;
        }
        for t in &mut self.trans {
            t.out += prefix;
        }
    }
}

/// The registry's hash: rustc's Fx, a multiply and a rotate per word. Its keys are the
/// writer's own nodes, and SipHash (std's default) cost both code in the widget and time at
/// every open for a resistance to chosen keys that a shop's own bundle does not need.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A node still receiving transitions, with the pending transition to its newest child.
struct Unfinished {
    node: Node,
    last: Option<(u8, u64)>,
}

impl Unfinished {
    fn freeze_last(&mut self, addr: usize) {
        if let Some((inp, out)) = self.last.take() {
            self.node.trans.push(Trans { inp, out, addr });
        }
    }
}

/// Builds a map from keys inserted in strictly increasing order.
pub(super) struct MapWriter {
    buf: Vec<u8>,
    stack: Vec<Unfinished>,
    registry: HashMap<Node, usize, BuildHasherDefault<Fx>>,
    last_addr: usize,
    last_key: Option<Vec<u8>>,
    len: u64,
}

impl MapWriter {
    pub(super) fn new(capacity: usize) -> MapWriter {
        let mut buf = Vec::with_capacity(capacity);
        buf.extend_from_slice(&VERSION.to_le_bytes());
        buf.extend_from_slice(&0u64.to_le_bytes()); // fst type
        MapWriter {
            buf,
            stack: vec![Unfinished {
                node: Node::default(),
                last: None,
            }],
            registry: HashMap::default(),
            last_addr: NONE,
            last_key: None,
            len: 0,
        }
    }

    /// Adds `key` → `value`; `false` (and nothing added) when `key` is empty or does not sort
    /// after the previous key.
    pub(super) fn insert(&mut self, key: &[u8], value: u64) -> bool {
        if key.is_empty() || self.last_key.as_deref().is_some_and(|last| key <= last) {
            return false;
        }
        // Walk the shared prefix, pushing outputs that no longer hold for every key below
        // a transition down to the next node.
        let mut out = value;
        let mut i = 0;
        while i < key.len() {
            let add = match self.stack[i].last.as_mut() {
                Some((inp, t_out)) if *inp == key[i] => {
                    let common = (*t_out).min(out);
                    let add = *t_out - common;
                    out -= common;
                    *t_out = common;
                    add
                }
                _ => break,
            };
            i += 1;
            if add != 0 {
                let next = &mut self.stack[i];
                next.node.add_output_prefix(add);
                if let Some((_, o)) = next.last.as_mut() {
                    *o += add;
                }
            }
        }
        self.compile_from(i);
        let rest = &key[i..];
        let top = self.stack.len() - 1;
        self.stack[top].last = Some((rest[0], out));
        for &b in &rest[1..] {
            self.stack.push(Unfinished {
                node: Node::default(),
                last: Some((b, 0)),
            });
        }
        self.stack.push(Unfinished {
            node: Node {
                is_final: true,
                ..Node::default()
            },
            last: None,
        });
        self.len += 1;
        self.last_key = Some(key.to_vec());
        true
    }

    /// The finished map's bytes, ready for `fst::Map::new`.
    pub(super) fn finish(mut self) -> Vec<u8> {
        self.compile_from(0);
        let root = self.stack.pop().map(|u| u.node).unwrap_or_default();
        // The reader expects the root to be the last node written, so it never comes from
        // the registry.
        let root_addr = self.write_node(&root);
        self.buf.extend_from_slice(&self.len.to_le_bytes());
        self.buf
            .extend_from_slice(&(root_addr as u64).to_le_bytes());
        self.buf.extend_from_slice(&0u32.to_le_bytes()); // checksum: unused, see module docs
        self.buf
    }

    /// Compiles every node below depth `depth` (they can no longer change).
    fn compile_from(&mut self, depth: usize) {
        let mut addr = NONE;
        while depth + 1 < self.stack.len() {
            let mut u = self.stack.pop().expect("depth + 1 < len");
            if addr != NONE {
                u.freeze_last(addr);
            }
            addr = self.compile(u.node);
        }
        if addr != NONE {
            if let Some(top) = self.stack.last_mut() {
                top.freeze_last(addr);
            }
        }
    }

    fn compile(&mut self, node: Node) -> usize {
        if node.is_final && node.trans.is_empty() && node.final_output == 0 {
            return EMPTY;
        }
        if let Some(&addr) = self.registry.get(&node) {
            return addr;
        }
        let addr = self.write_node(&node);
        self.registry.insert(node, addr);
        addr
    }

    /// Appends `node` in the reader's encoding; returns its address (its last byte).
    fn write_node(&mut self, node: &Node) -> usize {
        let start = self.buf.len();
        let buf = &mut self.buf;
        match node.trans.as_slice() {
            [t] if !node.is_final && t.addr == self.last_addr && t.out == 0 => {
                // One transition to the node written just before: input and state byte.
                buf.extend_from_slice(&[t.inp, 0b11_000000]);
            }
            [t] if !node.is_final => {
                let osize = if t.out == 0 { 0 } else { pack(buf, t.out, 0) };
                let tsize = pack(buf, delta(start, t.addr), 0);
                buf.extend_from_slice(&[(tsize << 4) | osize, t.inp, 0b10_000000]);
            }
            trans => {
                let tsize = trans
                    .iter()
                    .map(|t| size(delta(start, t.addr)))
                    .max()
                    .unwrap_or(0);
                let any_outs = node.final_output != 0 || trans.iter().any(|t| t.out != 0);
                let osize = trans
                    .iter()
                    .map(|t| size(t.out))
                    .fold(size(node.final_output), u8::max);
                if any_outs {
                    if node.is_final {
                        pack(buf, node.final_output, osize);
                    }
                    for t in trans.iter().rev() {
                        pack(buf, t.out, osize);
                    }
                }
                for t in trans.iter().rev() {
                    pack(buf, delta(start, t.addr), tsize);
                }
                buf.extend(trans.iter().rev().map(|t| t.inp));
                if trans.len() > TRANS_INDEX_THRESHOLD {
                    let mut index = [255u8; 256];
                    for (i, t) in trans.iter().enumerate() {
                        index[usize::from(t.inp)] = i as u8;
                    }
                    buf.extend_from_slice(&index);
                }
                buf.push((tsize << 4) | if any_outs { osize } else { 0 });
                let n = trans.len();
                let mut state = if node.is_final { 0b01_000000 } else { 0 };
                if (1..=0b11_1111).contains(&n) {
                    state |= n as u8;
                } else {
                    buf.push(if n == 256 { 1 } else { n as u8 });
                }
                buf.push(state);
            }
        }
        self.last_addr = self.buf.len() - 1;
        self.last_addr
    }
}

fn delta(node: usize, target: usize) -> u64 {
    if target == EMPTY {
        EMPTY as u64
    } else {
        (node - target) as u64
    }
}

/// Bytes needed for `n` (at least one).
fn size(n: u64) -> u8 {
    (((64 - n.leading_zeros()) as u8).div_ceil(8)).max(1)
}

/// Appends `n` little-endian in `nbytes` bytes (its own size when `nbytes` is 0); returns the
/// number of bytes written.
fn pack(buf: &mut Vec<u8>, n: u64, nbytes: u8) -> u8 {
    let nbytes = if nbytes == 0 { size(n) } else { nbytes };
    buf.extend_from_slice(&n.to_le_bytes()[..usize::from(nbytes)]);
    nbytes
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Streamer};

    fn build(keys: &[&[u8]]) -> fst::Map<Vec<u8>> {
        let mut w = MapWriter::new(0);
        for (i, k) in keys.iter().enumerate() {
            assert!(w.insert(k, i as u64));
        }
        fst::Map::new(w.finish()).expect("valid fst")
    }

    fn check(keys: &[&[u8]]) {
        let map = build(keys);
        assert_eq!(map.len(), keys.len());
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(
                map.get(k),
                Some(i as u64),
                "key {:?}",
                String::from_utf8_lossy(k)
            );
        }
        let mut s = map.stream();
        let mut i = 0;
        while let Some((k, v)) = s.next() {
            assert_eq!((k, v), (keys[i], i as u64));
            i += 1;
        }
        assert_eq!(i, keys.len());
    }

    #[test]
    fn maps_every_key_to_its_ordinal() {
        check(&[]);
        check(&[b"a"]);
        check(&[b"a", b"ab", b"abc", b"b", b"ba", b"bb"]);
        check(&[
            b"deliver",
            b"delivery",
            b"dispatch",
            b"refund",
            b"return",
            b"returns",
        ]);
        // A node with more than 32 and more than 63 transitions (index table, count byte).
        let many: Vec<Vec<u8>> = (0u8..200).map(|b| vec![b'x', b]).collect();
        check(&many.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let all: Vec<Vec<u8>> = (0u8..=255).map(|b| vec![b]).collect();
        check(&all.iter().map(Vec::as_slice).collect::<Vec<_>>());
    }

    #[test]
    fn refuses_unsorted_duplicate_and_empty_keys() {
        let mut w = MapWriter::new(0);
        assert!(!w.insert(b"", 0));
        assert!(w.insert(b"b", 0));
        assert!(!w.insert(b"b", 1));
        assert!(!w.insert(b"a", 1));
        assert!(w.insert(b"c", 1));
        let map = fst::Map::new(w.finish()).unwrap();
        assert_eq!(map.len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_fst_crate(mut keys in proptest::collection::vec("[a-e]{1,6}|[à-ö]{1,3}", 0..200)) {
            keys.sort();
            keys.dedup();
            let ours = build(&keys.iter().map(|k| k.as_bytes()).collect::<Vec<_>>());
            let theirs = fst::Map::from_iter(keys.iter().enumerate().map(|(i, k)| (k, i as u64))).unwrap();
            // Same answers to an automaton search and to lookups of keys that are absent.
            use fst::Automaton;
            let aut = fst::automaton::Subsequence::new("ac").union(fst::automaton::Str::new("b").starts_with());
            let a = ours.search(&aut).into_stream().into_str_vec().unwrap();
            let b = theirs.search(&aut).into_stream().into_str_vec().unwrap();
            proptest::prop_assert_eq!(a, b);
            for probe in ["", "a", "abc", "zz", "ée"] {
                proptest::prop_assert_eq!(ours.get(probe), theirs.get(probe));
            }
            let a = ours.range().ge("b").lt("d").into_stream().into_str_vec().unwrap();
            let b = theirs.range().ge("b").lt("d").into_stream().into_str_vec().unwrap();
            proptest::prop_assert_eq!(a, b);
        }
    }
}
