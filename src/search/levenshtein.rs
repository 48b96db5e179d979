//! A bounded optimal-string-alignment (Levenshtein + adjacent transposition) automaton over
//! bytes, run directly on the fst: each state is one row of the edit-distance table, so it
//! needs no DFA construction and costs a few dozen byte comparisons per fst transition.

/// Longest query word (bytes) the automaton accepts; longer words are matched exactly only.
pub const MAX_LEN: usize = 31;

/// Matches terms within `max` edits of a query word.
#[derive(Clone, Debug)]
pub struct Levenshtein {
    query: Vec<u8>,
    max: u8,
}

/// One row of the edit-distance table plus the row before it (for transpositions).
#[derive(Clone, Copy, Debug)]
pub struct State {
    row: [u8; MAX_LEN + 1],
    prev: [u8; MAX_LEN + 1],
    last: u8,
    depth: u8,
    dead: bool,
}

impl Levenshtein {
    /// An automaton for `query` within `max` edits; `None` when the word is too long.
    pub fn new(query: &str, max: u8) -> Option<Levenshtein> {
        if query.len() > MAX_LEN {
            return None;
        }
        Some(Levenshtein {
            query: query.as_bytes().to_vec(),
            max,
        })
    }
}

impl fst::Automaton for Levenshtein {
    type State = State;

    fn start(&self) -> State {
        let mut row = [0u8; MAX_LEN + 1];
        for (j, slot) in row.iter_mut().enumerate().take(self.query.len() + 1) {
            *slot = j as u8;
        }
        State {
            row,
            prev: row,
            last: 0,
            depth: 0,
            dead: false,
        }
    }

    fn is_match(&self, s: &State) -> bool {
        !s.dead && s.row[self.query.len()] <= self.max
    }

    fn can_match(&self, s: &State) -> bool {
        !s.dead
    }

    fn accept(&self, s: &State, byte: u8) -> State {
        if s.dead || s.depth as usize >= MAX_LEN * 2 {
            return State { dead: true, ..*s };
        }
        let q = &self.query;
        let n = q.len();
        let mut row = [0u8; MAX_LEN + 1];
        row[0] = s.row[0].saturating_add(1);
        let mut best = row[0];
        for j in 1..=n {
            let cost = u8::from(q[j - 1] != byte);
            let mut v = (s.row[j - 1] + cost).min(s.row[j] + 1).min(row[j - 1] + 1);
            if s.depth > 0 && j > 1 && byte == q[j - 2] && s.last == q[j - 1] {
                v = v.min(s.prev[j - 2] + 1);
            }
            row[j] = v;
            best = best.min(v);
        }
        State {
            row,
            prev: s.row,
            last: byte,
            depth: s.depth + 1,
            dead: best > self.max,
        }
    }
}

/// Optimal-string-alignment distance between two byte strings (for ranking matched terms).
pub fn distance(a: &[u8], b: &[u8]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, slot) in d[0].iter_mut().enumerate() {
        *slot = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Streamer};
    use proptest::prelude::*;

    fn run(aut: &Levenshtein, word: &[u8]) -> bool {
        use fst::Automaton;
        let mut s = aut.start();
        for &b in word {
            s = aut.accept(&s, b);
        }
        aut.is_match(&s)
    }

    #[test]
    fn finds_near_terms_in_an_fst() {
        let set = fst::Set::from_iter(["gist", "github", "gmail", "strikethrough"]).unwrap();
        let aut = Levenshtein::new("gihtub", 1).unwrap();
        let mut s = set.search(&aut).into_stream();
        let mut got = vec![];
        while let Some(k) = s.next() {
            got.push(String::from_utf8(k.to_vec()).unwrap());
        }
        assert_eq!(got, vec!["github"]);
        assert!(run(
            &Levenshtein::new("strikethrogh", 1).unwrap(),
            b"strikethrough"
        ));
        assert!(!run(
            &Levenshtein::new("strikethrogh", 1).unwrap(),
            b"strikethru"
        ));
    }

    proptest! {
        #[test]
        fn automaton_agrees_with_table(a in "[a-d]{0,8}", b in "[a-d]{0,8}", k in 0u8..3) {
            let aut = Levenshtein::new(&a, k).unwrap();
            prop_assert_eq!(run(&aut, b.as_bytes()), distance(a.as_bytes(), b.as_bytes()) <= k as usize);
        }
    }
}
