//! Snapshot → context. Every clue becomes a vote with a trust rank; the most trusted vote
//! decides and the rest are kept as signals. Trust, highest first:
//!
//! 1. what the shop stated (`setContext`, `data-shop-answers-*`);
//! 2. structured data (JSON-LD, microdata): [`structured`];
//! 3. Open Graph: [`open_graph`];
//! 4. platform markers (body classes, platform globals, a platform's own forms and
//!    selectors): [`platform`];
//! 5. data layers that analytics tags read (`pageType`, GA4 and Universal Analytics
//!    ecommerce objects, remarketing tags), read as data and never run: [`datalayer`];
//! 6. the page's own text and forms (a product code label, an order number, an add-to-cart
//!    form, the heading): [`markup`];
//! 7. URL patterns: [`url`].
//!
//! Product and order fields are taken in the same order, each from the most trusted source
//! that has it. Negatives are votes too: a blog post, an event, a classified ad, an account
//! page, a list of orders or a search result is `other` even when it embeds an add-to-cart
//! form, and when nothing speaks clearly the answer is `other`: a wrong contextual answer is
//! worse than none.

mod datalayer;
mod markup;
mod open_graph;
mod order;
mod platform;
mod structured;
mod url;

use super::globals::{self, Globals};
use super::json::{self, Value};
use super::*;

const EXPLICIT: u8 = 0;
const STRUCTURED: u8 = 1;
const OPEN_GRAPH: u8 = 2;
const PLATFORM: u8 = 3;
const DATA_LAYER: u8 = 4;
const MARKUP: u8 = 5;
const URL: u8 = 6;

const RANK_NAMES: [&str; 7] = [
    "explicit",
    "structured data",
    "open graph",
    "platform",
    "data layer",
    "page markup",
    "url",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    Is(PageType),
    /// Rules out a product page for less trusted votes (og:type=article: a blog post may
    /// embed a product form, but on WordPress every page says "article", order pages too).
    NotProduct,
}

struct Vote {
    rank: u8,
    verdict: Verdict,
    why: String,
}

/// Everything read from a snapshot once.
struct Facts<'a> {
    s: &'a PageSnapshot,
    explicit: Vec<(String, String)>,
    ld: Vec<Value>,
    globals: Globals,
    layer: datalayer::Layer,
    labels: Vec<markup::Found>,
    path: Vec<String>,
    query: Vec<(String, String)>,
}

impl<'a> Facts<'a> {
    fn new(s: &'a PageSnapshot) -> Self {
        let mut explicit: Vec<(String, String)> = s
            .explicit
            .iter()
            .map(|(k, v)| {
                (
                    k.trim().to_ascii_lowercase().replace('-', "_"),
                    v.trim().to_string(),
                )
            })
            .collect();
        for a in &s.data_attrs {
            if let Some(k) = a.name.strip_prefix(DATA_PREFIX) {
                if k != "slot" && !a.value.trim().is_empty() {
                    explicit.push((k.replace('-', "_"), a.value.trim().to_string()));
                }
            }
        }
        let mut ld = Vec::new();
        for text in s.json_ld.iter().take(MAX_JSON_LD) {
            if let Ok(v) = json::parse(text) {
                structured::flatten(v, &mut ld, 0);
            }
        }
        let (path, query) = url::split(&s.url);
        Facts {
            s,
            explicit,
            ld,
            globals: globals::read(&s.scripts),
            layer: datalayer::read(&s.scripts),
            labels: markup::found(&s.labels),
            path,
            query,
        }
    }

    fn explicit(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.explicit
                .iter()
                .find(|(ek, v)| ek == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    }

    fn meta(&self, name: &str) -> Option<String> {
        self.s
            .meta
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    }

    fn class(&self, c: &str) -> bool {
        self.s.body_classes.iter().any(|b| b == c)
    }

    fn class_prefix(&self, p: &str) -> Option<&str> {
        self.s
            .body_classes
            .iter()
            .find_map(|b| b.strip_prefix(p).filter(|r| !r.is_empty()))
    }

    fn query(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(qk, v)| qk == k && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    fn snippets<'k>(&'k self, key: &'k str) -> impl Iterator<Item = &'k str> + 'k {
        self.s
            .snippets
            .iter()
            .filter(move |(k, t)| k == key && !t.trim().is_empty())
            .map(|(_, t)| t.trim())
    }

    /// The single value of a data attribute across the page; several different values
    /// (product tiles of a listing) say nothing.
    fn data_attr(&self, name: &str) -> Option<String> {
        single(
            self.s
                .data_attrs
                .iter()
                .filter(|a| a.name == name)
                .map(|a| {
                    if a.value.trim().is_empty() {
                        a.text.trim()
                    } else {
                        a.value.trim()
                    }
                }),
        )
    }

    fn nodes_of(&self, pred: fn(&str) -> bool) -> impl Iterator<Item = &Value> {
        self.ld
            .iter()
            .filter(move |n| structured::types(n).iter().any(|t| pred(t)))
    }

    fn form_input(&self, name: &str) -> Option<String> {
        single(self.s.forms.iter().flat_map(|f| {
            f.inputs
                .iter()
                .filter(move |(n, _)| n == name)
                .map(|(_, v)| v.trim())
        }))
    }

    /// The page's path segments without a leading locale (`/fr/products/x` → products, x).
    fn path_no_locale(&self) -> &[String] {
        match self.path.first() {
            Some(first) if url::is_locale(first) && self.path.len() > 1 => &self.path[1..],
            _ => &self.path,
        }
    }
}

/// How many different values `items` holds. The lists are short (capped by the snapshot), and a
/// pairwise count links no sort routine into the widget.
fn distinct<T: PartialEq>(items: &[T]) -> usize {
    (0..items.len())
        .filter(|&i| !items[..i].contains(&items[i]))
        .count()
}

/// The one distinct non-empty value, if the values agree.
fn single<'b>(it: impl Iterator<Item = &'b str>) -> Option<String> {
    let mut found: Option<&str> = None;
    for v in it.filter(|v| !v.is_empty()) {
        match found {
            Some(f) if f != v => return None,
            _ => found = Some(v),
        }
    }
    found.map(str::to_string)
}

/// Classifies a page from the facts its reader collected.
pub fn classify(s: &PageSnapshot) -> PageContext {
    let f = Facts::new(s);
    let mut signals = Vec::new();
    let platform = platform::detect(&f, &mut signals);
    let mut votes = Vec::new();
    explicit_votes(&f, &mut votes);
    structured::votes(&f, &mut votes);
    open_graph::votes(&f, &mut votes);
    platform::votes(&f, platform, &mut votes);
    datalayer::votes(&f, &mut votes);
    markup::votes(&f, &mut votes);
    url::votes(&f, platform, &mut votes);
    let page_type = decide(&votes, &mut signals);
    let mut ctx = PageContext {
        page_type,
        platform,
        lang: f
            .explicit(&["lang", "locale"])
            .or_else(|| s.lang.clone().filter(|l| !l.trim().is_empty()))
            .or_else(|| f.meta("og:locale").map(|l| l.replace('_', "-"))),
        ..PageContext::default()
    };
    match page_type {
        PageType::Product => ctx.product = Some(product(&f, platform, &mut signals)),
        PageType::OrderConfirmation => ctx.order = Some(order::read(&f, &mut signals)),
        _ => {}
    }
    ctx.signals = signals;
    ctx
}

fn decide(votes: &[Vote], signals: &mut Vec<String>) -> PageType {
    let veto = votes
        .iter()
        .filter(|v| v.verdict == Verdict::NotProduct)
        .map(|v| v.rank)
        .min();
    let priority = |t: PageType| match t {
        PageType::Other => 0,
        PageType::OrderConfirmation => 1,
        PageType::Product => 2,
        PageType::Cart => 3,
        PageType::Collection => 4,
        PageType::Faq => 5,
    };
    let best = votes
        .iter()
        .filter_map(|v| match v.verdict {
            Verdict::Is(PageType::Product) if veto.is_some_and(|r| r < v.rank) => None,
            Verdict::Is(t) => Some((v.rank, priority(t), t)),
            Verdict::NotProduct => None,
        })
        .min_by_key(|&(r, p, _)| (r, p));
    let decided = best.map_or(PageType::Other, |(_, _, t)| t);
    // By rank, and in the order cast within a rank.
    let ranked =
        (0..RANK_NAMES.len() as u8).flat_map(|r| votes.iter().filter(move |v| v.rank == r));
    for v in ranked {
        let what = match v.verdict {
            Verdict::Is(t) => t.as_str(),
            Verdict::NotProduct => "not a product",
        };
        signals.push(format!(
            "{}: {} → {what}",
            RANK_NAMES[v.rank as usize], v.why
        ));
    }
    if best.is_none() {
        signals.push("no page-type signal → other".into());
    }
    decided
}

fn vote(votes: &mut Vec<Vote>, rank: u8, t: PageType, why: impl Into<String>) {
    votes.push(Vote {
        rank,
        verdict: Verdict::Is(t),
        why: why.into(),
    });
}

fn explicit_votes(f: &Facts, votes: &mut Vec<Vote>) {
    if let Some(t) = f.explicit(&["page_type", "page"]) {
        // An unknown name says nothing.
        if let Some(pt) = PageType::parse(&t) {
            vote(votes, EXPLICIT, pt, format!("page_type={t}"));
        }
        return;
    }
    if let Some(n) = f.explicit(&["order_number"]) {
        vote(
            votes,
            EXPLICIT,
            PageType::OrderConfirmation,
            format!("order_number={n}"),
        );
    } else if let Some(k) = f.explicit(&["sku", "product_id", "handle"]) {
        vote(votes, EXPLICIT, PageType::Product, format!("product {k}"));
    }
}

/// Sets `slot` from the first source that has a value and records where it came from.
fn take(
    slot: &mut Option<String>,
    v: Option<String>,
    field: &str,
    from: &str,
    sig: &mut Vec<String>,
) {
    if slot.is_none() {
        if let Some(v) = v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            sig.push(format!("{field} from {from}"));
            *slot = Some(v);
        }
    }
}

/// The product's fields, each from the most trusted source that has it.
fn product(f: &Facts, platform: Platform, sig: &mut Vec<String>) -> Product {
    let mut p = Product::default();
    // The selected variant first: the JSON-LD reader picks the variant's node by it.
    take(
        &mut p.variant_id,
        f.explicit(&["variant_id", "variant"]),
        "variant",
        "explicit context",
        sig,
    );
    platform::variant(f, platform, &mut p, sig);
    explicit_product(f, &mut p, sig);
    platform::product_attrs(f, &mut p, sig);
    structured::product(f, &mut p, sig);
    open_graph::product(f, &mut p, sig);
    platform::product_hints(f, platform, &mut p, sig);
    datalayer::product(f, &mut p, sig);
    // The page's own identity markup, most specific first: the add-to-cart form's hidden
    // inputs, a printed product code, an id in a product URL pattern, then data attributes
    // themes reuse for other things, then a number ending the address.
    markup::form_ids(f, &mut p, sig);
    markup::label_codes(f, &mut p, sig);
    url::product(f, platform, &mut p, sig);
    markup::data_attr_ids(f, &mut p, sig);
    url::trailing_id(f, &mut p, sig);

    // "sku" that is the platform id is not a SKU (WooCommerce and PrestaShop fall back).
    if matches!(platform, Platform::WooCommerce | Platform::PrestaShop)
        && p.sku.is_some()
        && p.sku == p.id
    {
        sig.push("sku equals the platform id (a fallback) → dropped".into());
        p.sku = None;
    }
    p
}

fn explicit_product(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    let e = "explicit context";
    take(&mut p.sku, f.explicit(&["sku"]), "sku", e, sig);
    take(&mut p.id, f.explicit(&["product_id", "id"]), "id", e, sig);
    take(
        &mut p.name,
        f.explicit(&["name", "product_name"]),
        "name",
        e,
        sig,
    );
    take(&mut p.handle, f.explicit(&["handle"]), "handle", e, sig);
    take(&mut p.gtin, f.explicit(&["gtin"]), "gtin", e, sig);
    take(&mut p.brand, f.explicit(&["brand"]), "brand", e, sig);
    if let Some(price) = f.explicit(&["price"]) {
        take(&mut p.price, Some(price), "price", e, sig);
        take(
            &mut p.currency,
            f.explicit(&["currency"]),
            "currency",
            e,
            sig,
        );
    }
    let list = |k: &str| {
        f.explicit(&[k])
            .map(|v| {
                v.split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    p.collections = list("collections");
    p.tags = list("tags");
}

/// A product code as pages print them: three to 64 characters of letters, digits and the
/// joiners codes use, with at least one digit, or all capitals (`PHLR`). Words, prices and
/// sentences are not codes.
fn is_code(v: &str) -> bool {
    let v = v.trim();
    let n = v.chars().count();
    if !(3..=64).contains(&n) {
        return false;
    }
    let ok = v
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '#'));
    let digit = v.chars().any(|c| c.is_ascii_digit());
    let caps = n >= 3
        && v.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    ok && (digit || caps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_snapshot_is_other() {
        let c = classify(&PageSnapshot::default());
        assert_eq!(c.page_type, PageType::Other);
        assert_eq!(c.platform, Platform::Other);
        assert!(!c.signals.is_empty());
    }

    #[test]
    fn codes() {
        for ok in [
            "AB-12",
            "0638",
            "PHLR",
            "0210/088",
            "B08LZJV3BD",
            "112949990",
        ] {
            assert!(is_code(ok), "{ok}");
        }
        for no in [
            "",
            "01",
            "Black",
            "see below",
            "€ 12,99 incl.",
            &"9".repeat(65),
        ] {
            assert!(!is_code(no), "{no}");
        }
    }
}
