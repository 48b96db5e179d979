//! The outbox: messages waiting for a backend's acknowledgement, kept in `localStorage`.
//!
//! A message enters the outbox (and storage) before its first send and leaves it only after a
//! 2xx answer. Network errors, 408, 429 and 5xx are retried with exponential backoff and full
//! jitter (base 1 s, cap 5 min; `Retry-After` seconds are honoured); any other status fails the
//! message permanently and keeps its text for the shopper.
//!
//! Storage format (one string, no JSON):
//!
//! ```text
//! sa-outbox 1
//! key \t state \t attempts \t next_at \t created \t method \t endpoint \t content_type \t last_error \t body
//! ```
//!
//! one line per message, state `P` pending, `S` sending, `F` failed permanently; times are ms
//! since the Unix epoch; `\`, tab, CR and LF inside fields are escaped as `\\`, `\t`, `\r`, `\n`.
//! Unreadable lines are skipped. A `sending` entry carries its in-flight deadline in `next_at`:
//! past it (the tab that sent it is gone) it is due again.

/// Backoff base (ms).
pub const BACKOFF_BASE_MS: u64 = 1_000;
/// Backoff cap (ms).
pub const BACKOFF_CAP_MS: u64 = 300_000;
/// How long a tab owns the outbox (and an in-flight send), ms. Renewed before every send.
pub const LEASE_MS: u64 = 15_000;

const HEADER: &str = "sa-outbox 1";

/// Where a message is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Waiting for `next_at`.
    Pending,
    /// A request is in flight until `next_at`.
    Sending,
    /// Acknowledged (2xx); it leaves the outbox.
    Sent,
    /// The backend refused it for good (a 4xx other than 408/429).
    FailedPermanent,
}

/// One message in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Idempotency key, the same on every attempt.
    pub key: String,
    /// Where it is.
    pub state: State,
    /// Requests started so far.
    pub attempts: u32,
    /// Pending: the earliest next attempt; sending: the in-flight deadline (ms).
    pub next_at: u64,
    /// When the shopper sent it (ms).
    pub created: u64,
    /// `POST` or `PUT`.
    pub method: String,
    /// The URL.
    pub endpoint: String,
    /// The `Content-Type` of `body`.
    pub content_type: String,
    /// The last failure, for the shopper and for debugging.
    pub last_error: String,
    /// The encoded body, sent byte-identical on every attempt.
    pub body: String,
}

/// What an attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx.
    Delivered,
    /// Worth retrying; `retry_after` seconds from the answer, if any.
    Retry {
        /// What went wrong.
        error: String,
        /// `Retry-After` in seconds.
        retry_after: Option<u64>,
    },
    /// Refused for good, with the backend's text.
    Permanent(String),
}

/// Classifies an answer: `status` is `None` for a network error (offline, dropped connection,
/// timeout). `retry_after` is the header's value; `text` the body (kept for permanent failures).
pub fn classify(status: Option<u16>, retry_after: Option<&str>, text: &str) -> Outcome {
    match status {
        Some(200..=299) => Outcome::Delivered,
        None => Outcome::Retry {
            error: String::from("network error"),
            retry_after: None,
        },
        Some(s @ (408 | 429 | 500..=599)) => Outcome::Retry {
            error: String::from("HTTP ") + &s.to_string(),
            retry_after: retry_after.and_then(|v| v.trim().parse::<u64>().ok()),
        },
        Some(s) => {
            let mut e = String::from("HTTP ") + &s.to_string();
            let t = text.trim();
            if !t.is_empty() {
                e.push_str(": ");
                e.extend(t.chars().take(500));
            }
            Outcome::Permanent(e)
        }
    }
}

/// Delay before the next attempt after `attempts` failed ones: full jitter over
/// `min(cap, base · 2^(attempts-1))`, `rand` uniform in `0..=u32::MAX`; never sooner than
/// `retry_after` seconds (capped too).
pub fn backoff_ms(attempts: u32, rand: u32, retry_after: Option<u64>) -> u64 {
    let exp = BACKOFF_BASE_MS
        .saturating_mul(1u64 << attempts.saturating_sub(1).min(20))
        .min(BACKOFF_CAP_MS);
    let jitter = exp * u64::from(rand) / u64::from(u32::MAX);
    let floor = retry_after.map_or(0, |s| s.saturating_mul(1000).min(BACKOFF_CAP_MS));
    jitter.max(floor)
}

/// The cross-tab lease: `current` is the lease key's value (`"<owner> <expires ms>"`). Returns the
/// value to store when `me` may take or renew it at `now`, `None` while another tab holds it.
pub fn lease_take(current: Option<&str>, me: &str, now: u64) -> Option<String> {
    let free = match current.and_then(|c| c.split_once(' ')) {
        None => true,
        Some((owner, until)) => owner == me || until.parse::<u64>().map_or(true, |u| u <= now),
    };
    free.then(|| String::from(me) + " " + &(now + LEASE_MS).to_string())
}

fn esc(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unesc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(c) => out.push(c),
            None => {}
        }
    }
    out
}

/// The messages not yet acknowledged, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbox {
    /// The entries.
    pub items: Vec<Item>,
}

impl Outbox {
    /// Reads the storage format; anything unreadable is skipped (never an error: the outbox
    /// is best kept, not a reason to break the widget).
    pub fn parse(s: &str) -> Outbox {
        let mut lines = s.lines();
        if lines.next() != Some(HEADER) {
            return Outbox::default();
        }
        let items = lines
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let [key, state, attempts, next_at, created, method, endpoint, ct, err, body] =
                    f[..]
                else {
                    return None;
                };
                Some(Item {
                    key: unesc(key),
                    state: match state {
                        "P" => State::Pending,
                        "S" => State::Sending,
                        "F" => State::FailedPermanent,
                        _ => return None,
                    },
                    attempts: attempts.parse().ok()?,
                    next_at: next_at.parse().ok()?,
                    created: created.parse().ok()?,
                    method: unesc(method),
                    endpoint: unesc(endpoint),
                    content_type: unesc(ct),
                    last_error: unesc(err),
                    body: unesc(body),
                })
            })
            .filter(|i| !i.key.is_empty())
            .collect();
        Outbox { items }
    }

    /// The storage format.
    pub fn serialize(&self) -> String {
        let mut s = String::from(HEADER);
        for i in self.items.iter().filter(|i| i.state != State::Sent) {
            s.push('\n');
            esc(&i.key, &mut s);
            s.push_str(match i.state {
                State::Pending | State::Sent => "\tP\t",
                State::Sending => "\tS\t",
                State::FailedPermanent => "\tF\t",
            });
            s.push_str(&i.attempts.to_string());
            s.push('\t');
            s.push_str(&i.next_at.to_string());
            s.push('\t');
            s.push_str(&i.created.to_string());
            for f in [
                &i.method,
                &i.endpoint,
                &i.content_type,
                &i.last_error,
                &i.body,
            ] {
                s.push('\t');
                esc(f, &mut s);
            }
        }
        s
    }

    /// Adds a new message, due now. A key already present is left as it is.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        key: &str,
        method: &str,
        endpoint: &str,
        content_type: &str,
        body: &str,
        now: u64,
    ) {
        if self.get(key).is_some() {
            return;
        }
        self.items.push(Item {
            key: key.into(),
            state: State::Pending,
            attempts: 0,
            next_at: now,
            created: now,
            method: method.into(),
            endpoint: endpoint.into(),
            content_type: content_type.into(),
            last_error: String::new(),
            body: body.into(),
        });
    }

    /// The entry with `key`.
    pub fn get(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }

    /// Removes the entry with `key` (a permanently failed message the shopper replaced).
    pub fn remove(&mut self, key: &str) {
        self.items.retain(|i| i.key != key);
    }

    /// The oldest entry due at `now`: pending past `next_at`, or sending past its deadline.
    pub fn next_due(&self, now: u64) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| matches!(i.state, State::Pending | State::Sending) && i.next_at <= now)
    }

    /// When something is next due, if anything waits.
    pub fn next_wakeup(&self) -> Option<u64> {
        self.items
            .iter()
            .filter(|i| matches!(i.state, State::Pending | State::Sending))
            .map(|i| i.next_at)
            .min()
    }

    /// Marks `key` as in flight (one more attempt, deadline `now + LEASE_MS`) and returns it.
    pub fn begin(&mut self, key: &str, now: u64) -> Option<Item> {
        let i = self.items.iter_mut().find(|i| i.key == key)?;
        if !matches!(i.state, State::Pending | State::Sending) {
            return None;
        }
        i.state = State::Sending;
        i.attempts += 1;
        i.next_at = now + LEASE_MS;
        Some(i.clone())
    }

    /// Records how an attempt on `key` went; `rand` feeds the jitter. Returns the new state
    /// (`Sent`: the entry is gone).
    pub fn finish(&mut self, key: &str, outcome: Outcome, now: u64, rand: u32) -> Option<State> {
        let pos = self.items.iter().position(|i| i.key == key)?;
        let i = &mut self.items[pos];
        match outcome {
            Outcome::Delivered => {
                self.items.remove(pos);
                return Some(State::Sent);
            }
            Outcome::Retry { error, retry_after } => {
                i.state = State::Pending;
                i.next_at = now + backoff_ms(i.attempts.max(1), rand, retry_after);
                i.last_error = error;
            }
            Outcome::Permanent(error) => {
                i.state = State::FailedPermanent;
                i.last_error = error;
            }
        }
        Some(i.state)
    }

    /// Makes every waiting entry due now (the page came back online, or loaded again). Entries
    /// in flight keep their deadline.
    pub fn wake(&mut self, now: u64) {
        for i in &mut self.items {
            if i.state == State::Pending && i.next_at > now {
                i.next_at = now;
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn one() -> Outbox {
        let mut o = Outbox::default();
        o.add(
            "k1",
            "POST",
            "/inbox",
            "application/json",
            "{\"m\":\"a\\tb\nc\"}",
            1000,
        );
        o
    }

    #[test]
    fn delivered_removes_and_only_then() {
        let mut o = one();
        assert_eq!(o.next_due(999), None);
        assert_eq!(o.next_due(1000).unwrap().key, "k1");
        let it = o.begin("k1", 1000).unwrap();
        assert_eq!(
            (it.state, it.attempts, it.next_at),
            (State::Sending, 1, 1000 + LEASE_MS)
        );
        assert_eq!(o.next_due(1001), None, "in flight");
        assert_eq!(
            o.next_due(1000 + LEASE_MS).unwrap().key,
            "k1",
            "stale in-flight is due again"
        );
        let s = o.finish("k1", classify(None, None, ""), 2000, u32::MAX);
        assert_eq!(s, Some(State::Pending));
        assert_eq!(o.items[0].next_at, 3000, "first retry: up to 1 s");
        assert_eq!(o.items[0].last_error, "network error");
        o.begin("k1", 3000);
        assert_eq!(
            o.finish("k1", classify(Some(201), None, ""), 3100, 0),
            Some(State::Sent)
        );
        assert!(o.items.is_empty());
    }

    #[test]
    fn statuses_classify() {
        for s in [408, 429, 500, 502, 503] {
            assert!(
                matches!(classify(Some(s), None, ""), Outcome::Retry { .. }),
                "{s}"
            );
        }
        assert_eq!(
            classify(Some(429), Some(" 7 "), ""),
            Outcome::Retry {
                error: "HTTP 429".into(),
                retry_after: Some(7)
            }
        );
        assert_eq!(
            classify(Some(422), None, " bad email "),
            Outcome::Permanent("HTTP 422: bad email".into())
        );
        assert_eq!(classify(Some(200), None, ""), Outcome::Delivered);
        assert_eq!(classify(Some(204), None, ""), Outcome::Delivered);
        let mut o = one();
        o.begin("k1", 0);
        assert_eq!(
            o.finish("k1", classify(Some(400), None, "no"), 5, 0),
            Some(State::FailedPermanent)
        );
        assert_eq!(
            o.next_due(u64::MAX),
            None,
            "failed messages are not retried"
        );
        assert_eq!(o.next_wakeup(), None);
        assert_eq!(o.items[0].last_error, "HTTP 400: no");
    }

    #[test]
    fn backoff_grows_caps_and_honours_retry_after() {
        assert_eq!(backoff_ms(1, u32::MAX, None), 1000);
        assert_eq!(backoff_ms(2, u32::MAX, None), 2000);
        assert_eq!(backoff_ms(4, u32::MAX, None), 8000);
        assert_eq!(backoff_ms(30, u32::MAX, None), BACKOFF_CAP_MS);
        assert_eq!(backoff_ms(3, 0, None), 0);
        assert_eq!(backoff_ms(1, 0, Some(10)), 10_000);
        assert_eq!(backoff_ms(1, 0, Some(100_000)), BACKOFF_CAP_MS);
    }

    #[test]
    fn wake_makes_pending_due() {
        let mut o = one();
        o.begin("k1", 0);
        o.finish("k1", classify(Some(503), Some("60"), ""), 0, 0);
        assert_eq!(o.next_due(1000), None);
        o.wake(1000);
        assert_eq!(o.next_due(1000).unwrap().key, "k1");
    }

    #[test]
    fn leases() {
        assert_eq!(
            lease_take(None, "a", 10),
            Some(format!("a {}", 10 + LEASE_MS))
        );
        let held = lease_take(None, "a", 10).unwrap();
        assert_eq!(lease_take(Some(&held), "b", 11), None);
        assert!(lease_take(Some(&held), "a", 11).is_some(), "renewal");
        assert!(
            lease_take(Some(&held), "b", 10 + LEASE_MS).is_some(),
            "expired"
        );
        assert!(lease_take(Some("garbage"), "b", 0).is_some());
    }

    #[test]
    fn storage_skips_junk() {
        let o = one();
        let s = o.serialize();
        assert_eq!(Outbox::parse(&s), o);
        assert_eq!(Outbox::parse("something else\nk\tP"), Outbox::default());
        let mixed = s.clone() + "\nbroken line\n\tP\t0\t0\t0\t\t\t\t\t";
        assert_eq!(Outbox::parse(&mixed), o);
        assert_eq!(Outbox::parse(""), Outbox::default());
    }

    fn item() -> impl Strategy<Value = Item> {
        (
            "[a-z0-9-]{1,36}",
            prop_oneof![
                Just(State::Pending),
                Just(State::Sending),
                Just(State::FailedPermanent)
            ],
            any::<u32>(),
            any::<u64>(),
            any::<u64>(),
            ".*",
            ".*",
            ".*",
            ".*",
            ".*",
        )
            .prop_map(
                |(
                    key,
                    state,
                    attempts,
                    next_at,
                    created,
                    method,
                    endpoint,
                    content_type,
                    last_error,
                    body,
                )| Item {
                    key,
                    state,
                    attempts,
                    next_at,
                    created,
                    method,
                    endpoint,
                    content_type,
                    last_error,
                    body,
                },
            )
    }

    proptest! {
        #[test]
        fn storage_round_trips(items in proptest::collection::vec(item(), 0..6)) {
            let o = Outbox { items };
            prop_assert_eq!(Outbox::parse(&o.serialize()), o);
        }

        #[test]
        fn backoff_stays_in_bounds(attempts in 0u32..100, rand: u32, ra in proptest::option::of(0u64..1000)) {
            let d = backoff_ms(attempts, rand, ra);
            prop_assert!(d <= BACKOFF_CAP_MS);
            let exp = (BACKOFF_BASE_MS << attempts.saturating_sub(1).min(20)).min(BACKOFF_CAP_MS);
            prop_assert!(d <= exp.max(ra.map_or(0, |s| (s * 1000).min(BACKOFF_CAP_MS))));
        }

        /// Whatever answers come, a message leaves the outbox only when delivered, and a
        /// pending one is always due again at some point.
        #[test]
        fn only_delivery_removes(answers in proptest::collection::vec(prop_oneof![
            Just(None), Just(Some(200u16)), Just(Some(201)), Just(Some(408)), Just(Some(429)),
            Just(Some(500)), Just(Some(503)), Just(Some(400)), Just(Some(422))], 1..20), rand: u32) {
            let mut o = one();
            let mut now = 1000;
            for a in answers {
                let Some(due) = o.next_due(u64::MAX).map(|i| i.key.clone()) else { break };
                now = now.max(o.items[0].next_at);
                o.begin(&due, now).unwrap();
                let outcome = classify(a, None, "");
                let delivered = outcome == Outcome::Delivered;
                let st = o.finish(&due, outcome, now, rand).unwrap();
                prop_assert_eq!(o.items.is_empty(), delivered);
                if st == State::Pending {
                    prop_assert!(o.next_wakeup().is_some());
                }
            }
        }
    }
}
