//! Snapshot → context. Every clue becomes a vote with a trust rank; the most trusted vote
//! decides and the rest are kept as signals. Trust, highest first: what the shop stated
//! (`setContext`, `data-shop-answers-*`), structured data (JSON-LD, microdata), Open Graph,
//! platform hints (body classes, platform globals, forms, known selectors), URL patterns.
//! Negatives are votes too: a blog post, an event, a classified ad, an account page or a
//! search result is `other` even when it embeds an add-to-cart form, and when nothing
//! speaks clearly the answer is `other`.

use super::globals::{self, Globals};
use super::json::{self, Value};
use super::*;

const EXPLICIT: u8 = 0;
const STRUCTURED: u8 = 1;
const OPEN_GRAPH: u8 = 2;
const PLATFORM: u8 = 3;
const URL: u8 = 4;

const RANK_NAMES: [&str; 5] = [
    "explicit",
    "structured data",
    "open graph",
    "platform",
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
                flatten(v, &mut ld, 0);
            }
        }
        let (path, query) = split_url(&s.url);
        Facts {
            s,
            explicit,
            ld,
            globals: globals::read(&s.scripts),
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
        let mut found: Option<String> = None;
        for a in self.s.data_attrs.iter().filter(|a| a.name == name) {
            let v = if a.value.trim().is_empty() {
                a.text.trim()
            } else {
                a.value.trim()
            };
            if v.is_empty() {
                continue;
            }
            match &found {
                Some(f) if f != v => return None,
                _ => found = Some(v.to_string()),
            }
        }
        found
    }

    fn nodes_of(&self, pred: fn(&str) -> bool) -> impl Iterator<Item = &Value> {
        self.ld
            .iter()
            .filter(move |n| types(n).iter().any(|t| pred(t)))
    }

    fn form_input(&self, name: &str) -> Option<String> {
        single(self.s.forms.iter().flat_map(|f| {
            f.inputs
                .iter()
                .filter(move |(n, _)| n == name)
                .map(|(_, v)| v.trim())
        }))
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

/// Top-level nodes of a JSON-LD document: arrays, `@graph` and a page's `mainEntity` are
/// opened; nested nodes (a product inside an ItemList) are not: they are not the page.
fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 || out.len() >= 256 {
        return;
    }
    match v {
        Value::Arr(items) => {
            for i in items {
                flatten(i, out, depth + 1);
            }
        }
        Value::Obj(_) => {
            if let Some(g) = v.get("@graph") {
                flatten(g.clone(), out, depth + 1);
            }
            if let Some(m) = v.get("mainEntity") {
                flatten(m.clone(), out, depth + 1);
            }
            if v.get("@type").is_some() {
                out.push(v);
            }
        }
        _ => {}
    }
}

/// `@type` values without a schema.org prefix.
fn types(v: &Value) -> Vec<&str> {
    v.get("@type")
        .map(|t| {
            t.items()
                .iter()
                .filter_map(Value::as_text)
                .map(|t| {
                    t.trim_start_matches("http://schema.org/")
                        .trim_start_matches("https://schema.org/")
                        .trim_start_matches("schema:")
                })
                .collect()
        })
        .unwrap_or_default()
}

fn is_type(v: &Value, t: &str) -> bool {
    types(v).contains(&t)
}

fn is_product(t: &str) -> bool {
    matches!(
        t,
        "Product" | "ProductGroup" | "IndividualProduct" | "ProductModel"
    )
}
fn is_event(t: &str) -> bool {
    t == "Event" || (t.ends_with("Event") && t.len() > 5)
}
fn is_article(t: &str) -> bool {
    matches!(
        t,
        "Article" | "BlogPosting" | "NewsArticle" | "TechArticle" | "Blog" | "Report"
    )
}
fn is_listing(t: &str) -> bool {
    matches!(
        t,
        "Vehicle"
            | "Car"
            | "Motorcycle"
            | "JobPosting"
            | "RealEstateListing"
            | "Accommodation"
            | "House"
            | "Apartment"
    )
}
fn is_order(t: &str) -> bool {
    t == "Order"
}

/// Path segments (lower case, locale prefix kept) and query pairs of a URL.
fn split_url(url: &str) -> (Vec<String>, Vec<(String, String)>) {
    let no_frag = url.split('#').next().unwrap_or("");
    let (before, query) = no_frag.split_once('?').unwrap_or((no_frag, ""));
    let path = match before.find("://") {
        Some(p) => before[p + 3..]
            .find('/')
            .map_or("", |q| &before[p + 3 + q..]),
        None => before,
    };
    let segs = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let q = query
        .split('&')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (!k.is_empty()).then(|| (k.to_ascii_lowercase(), v.to_string()))
        })
        .collect();
    (segs, q)
}

fn is_locale(seg: &str) -> bool {
    let b = seg.as_bytes();
    let lang = |x: &[u8]| x.len() == 2 && x.iter().all(u8::is_ascii_lowercase);
    match b.len() {
        2 => lang(b),
        5 => lang(&b[..2]) && b[2] == b'-' && b[3..].iter().all(u8::is_ascii_alphabetic),
        _ => false,
    }
}

/// Classifies a page from the facts its reader collected.
pub fn classify(s: &PageSnapshot) -> PageContext {
    let f = Facts::new(s);
    let mut signals = Vec::new();
    let platform = platform(&f, &mut signals);
    let mut votes = Vec::new();
    explicit_votes(&f, &mut votes);
    structured_votes(&f, &mut votes);
    open_graph_votes(&f, &mut votes);
    platform_votes(&f, platform, &mut votes);
    url_votes(&f, platform, &mut votes);
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
        PageType::OrderConfirmation => ctx.order = Some(order(&f, &mut signals)),
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

fn platform(f: &Facts, signals: &mut Vec<String>) -> Platform {
    let s = f.s;
    let g = &f.globals;
    let src = |needle: &str| s.script_srcs.iter().any(|u| u.contains(needle));
    let form_id = |id: &str| s.forms.iter().any(|x| x.id == id);
    let mut hints: Vec<(Platform, &str)> = Vec::new();
    let mut hint = |cond: bool, p: Platform, why: &'static str| {
        if cond {
            hints.push((p, why));
        }
    };
    hint(g.shopify, Platform::Shopify, "Shopify globals in a script");
    hint(
        g.shopify_meta.is_some(),
        Platform::Shopify,
        "ShopifyAnalytics meta",
    );
    hint(
        src("cdn.shopify.com") || src("/cdn/shop/"),
        Platform::Shopify,
        "script from the Shopify CDN",
    );
    hint(
        s.meta.iter().any(|(k, _)| k.starts_with("shopify-")),
        Platform::Shopify,
        "shopify-* meta tag",
    );
    hint(
        s.body_classes.iter().any(|c| {
            c == "woocommerce" || c == "woocommerce-page" || c.starts_with("woocommerce-")
        }),
        Platform::WooCommerce,
        "woocommerce body class",
    );
    hint(
        f.meta("generator")
            .is_some_and(|v| v.starts_with("WooCommerce")),
        Platform::WooCommerce,
        "WooCommerce generator meta",
    );
    hint(
        g.magento_init,
        Platform::Magento,
        "text/x-magento-init script",
    );
    hint(
        src("/requirejs/require") && src("/static/"),
        Platform::Magento,
        "RequireJS from /static/",
    );
    hint(
        form_id("product_addtocart_form"),
        Platform::Magento,
        "#product_addtocart_form",
    );
    hint(g.bc_data.is_some(), Platform::BigCommerce, "window.BCData");
    hint(
        g.stencil_page_type.is_some(),
        Platform::BigCommerce,
        "stencilBootstrap()",
    );
    hint(
        src("bigcommerce.com"),
        Platform::BigCommerce,
        "script from bigcommerce.com",
    );
    hint(
        s.data_attrs.iter().any(|a| a.name == "data-cart-item-add"),
        Platform::BigCommerce,
        "[data-cart-item-add] form",
    );
    hint(
        g.prestashop.is_some(),
        Platform::PrestaShop,
        "var prestashop",
    );
    hint(
        form_id("add-to-cart-or-refresh"),
        Platform::PrestaShop,
        "#add-to-cart-or-refresh",
    );
    hint(
        f.class_prefix("is-ctl-").is_some(),
        Platform::Shopware,
        "is-ctl-* body class",
    );
    hint(
        g.shopware_router,
        Platform::Shopware,
        "window.router with frontend.* routes",
    );
    let order = [
        Platform::Shopify,
        Platform::WooCommerce,
        Platform::Magento,
        Platform::BigCommerce,
        Platform::PrestaShop,
        Platform::Shopware,
    ];
    let best = order
        .iter()
        .map(|&p| (hints.iter().filter(|(h, _)| *h == p).count(), p))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|&(n, p)| (n, std::cmp::Reverse(order.iter().position(|&x| x == p))));
    match best {
        Some((_, p)) => {
            let why: Vec<&str> = hints
                .iter()
                .filter(|(h, _)| *h == p)
                .map(|(_, w)| *w)
                .collect();
            signals.push(format!("platform {}: {}", p.as_str(), why.join(", ")));
            p
        }
        None => {
            signals.push("platform: no hint → other".into());
            Platform::Other
        }
    }
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

/// A test on a schema.org `@type` name.
type TypeTest = fn(&str) -> bool;

fn structured_votes(f: &Facts, votes: &mut Vec<Vote>) {
    let mut negative = false;
    // Events, articles and listings on a shop's domain are never product pages.
    let negatives: [(TypeTest, &str); 3] = [
        (is_event, ""),
        (is_article, ""),
        (is_listing, " (a listing)"),
    ];
    for (pred, note) in negatives {
        for n in f.nodes_of(pred) {
            vote(
                votes,
                STRUCTURED,
                PageType::Other,
                format!("JSON-LD {}{note}", types(n).join("/")),
            );
            negative = true;
        }
    }
    for n in f.nodes_of(|t| matches!(t, "SearchResultsPage" | "ProfilePage")) {
        vote(
            votes,
            STRUCTURED,
            PageType::Other,
            format!("JSON-LD {}", types(n).join("/")),
        );
        negative = true;
    }
    let products: Vec<&Value> = f.nodes_of(is_product).collect();
    let peer_sold = products.iter().any(|p| {
        p.get("offers").is_some_and(|o| {
            o.items().iter().any(|o| {
                o.get("seller")
                    .is_some_and(|s| s.items().iter().any(|s| is_type(s, "Person")))
            })
        })
    });
    if peer_sold {
        vote(
            votes,
            STRUCTURED,
            PageType::Other,
            "JSON-LD Product sold by a Person (a classified ad)",
        );
        negative = true;
    }
    let keys: Vec<String> = products
        .iter()
        .map(|p| {
            p.text("@id")
                .or_else(|| p.text("sku"))
                .or_else(|| p.text("name"))
                .unwrap_or_default()
        })
        .collect();
    let products_seen = distinct(&keys);
    if products_seen == 1 && !negative {
        vote(
            votes,
            STRUCTURED,
            PageType::Product,
            format!("JSON-LD {}", types(products[0]).join("/")),
        );
    } else if products_seen > 1 {
        vote(
            votes,
            STRUCTURED,
            PageType::Other,
            format!("{products_seen} JSON-LD products (a listing)"),
        );
    }
    let orders: Vec<&Value> = f.nodes_of(is_order).collect();
    match orders.len() {
        0 => {}
        1 => vote(
            votes,
            STRUCTURED,
            PageType::OrderConfirmation,
            "JSON-LD Order",
        ),
        n => vote(
            votes,
            STRUCTURED,
            PageType::Other,
            format!("{n} JSON-LD Orders (a history)"),
        ),
    }
    if f.nodes_of(|t| t == "FAQPage").next().is_some() {
        vote(votes, STRUCTURED, PageType::Faq, "JSON-LD FAQPage");
    }
    if f.nodes_of(|t| t == "CollectionPage").next().is_some() {
        vote(
            votes,
            STRUCTURED,
            PageType::Collection,
            "JSON-LD CollectionPage",
        );
    }
    // Microdata: only items that are not a property of another item.
    let top = |suffix: &'static str| {
        f.s.microdata
            .iter()
            .filter(move |i| i.prop.is_none() && schema_type(&i.itemtype) == suffix)
    };
    let names: Vec<&str> = top("Product")
        .map(|i| prop(i, "name").or_else(|| prop(i, "sku")).unwrap_or(""))
        .collect();
    let distinct = distinct(&names);
    if distinct == 1 && !negative {
        vote(votes, STRUCTURED, PageType::Product, "microdata Product");
    } else if distinct > 1 {
        vote(
            votes,
            STRUCTURED,
            PageType::Other,
            format!("{distinct} microdata products (a listing)"),
        );
    }
    for t in ["BlogPosting", "Article", "NewsArticle"] {
        if top(t).next().is_some() {
            vote(votes, STRUCTURED, PageType::Other, format!("microdata {t}"));
        }
    }
    if f.s
        .microdata
        .iter()
        .any(|i| is_event(schema_type(&i.itemtype)))
    {
        vote(votes, STRUCTURED, PageType::Other, "microdata Event");
    }
}

fn schema_type(itemtype: &str) -> &str {
    itemtype.trim().rsplit('/').next().unwrap_or("")
}

fn prop<'b>(i: &'b MicrodataItem, name: &str) -> Option<&'b str> {
    i.props
        .iter()
        .find(|(k, v)| k.split_whitespace().any(|k| k == name) && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

fn open_graph_votes(f: &Facts, votes: &mut Vec<Vote>) {
    let Some(t) = f.meta("og:type") else { return };
    match t.to_ascii_lowercase().as_str() {
        "product" | "product.item" | "og:product" | "product.group" => {
            vote(votes, OPEN_GRAPH, PageType::Product, format!("og:type={t}"))
        }
        "article" | "blog" | "event" | "video.other" | "profile" => votes.push(Vote {
            rank: OPEN_GRAPH,
            verdict: Verdict::NotProduct,
            why: format!("og:type={t}"),
        }),
        _ => {}
    }
}

fn platform_votes(f: &Facts, platform: Platform, votes: &mut Vec<Vote>) {
    use PageType::*;
    let g = &f.globals;
    // Shopify's analytics page type.
    if let Some(pt) = g
        .shopify_meta
        .as_ref()
        .and_then(|m| m.get("page"))
        .and_then(|p| p.text("pageType"))
    {
        let t = match pt.as_str() {
            "product" => Some(Product),
            "collection" => Some(Collection),
            "cart" => Some(Cart),
            "searchresults" | "search" | "article" | "blog" | "customersAccount"
            | "customers/account" | "customers/order" => Some(Other),
            _ => None,
        };
        if let Some(t) = t {
            vote(
                votes,
                PLATFORM,
                t,
                format!("ShopifyAnalytics pageType={pt}"),
            );
        }
    }
    // Cornerstone's page type.
    if let Some(pt) = &g.stencil_page_type {
        let t = match pt.as_str() {
            "product" => Some(Product),
            "category" | "brand" => Some(Collection),
            "cart" => Some(Cart),
            "order-confirmation" | "order_confirmation" => Some(OrderConfirmation),
            "search" | "blog" | "blog_post" | "account_orders" | "account_order" | "account" => {
                Some(Other)
            }
            _ => None,
        };
        if let Some(t) = t {
            vote(votes, PLATFORM, t, format!("stencilBootstrap(\"{pt}\")"));
        }
    }
    // PrestaShop's page name: body id, or the prestashop global.
    let ps_page = g
        .prestashop
        .as_ref()
        .and_then(|p| p.get("page"))
        .and_then(|p| p.text("page_name"))
        .or_else(|| {
            (platform == Platform::PrestaShop)
                .then(|| f.s.body_id.clone())
                .flatten()
        });
    if let Some(pn) = ps_page {
        let t = match pn.as_str() {
            "product" => Some(Product),
            "category" | "manufacturer" | "supplier" | "prices-drop" | "new-products"
            | "best-sales" => Some(Collection),
            "cart" => Some(Cart),
            "order-confirmation" => Some(OrderConfirmation),
            "search" | "history" | "my-account" | "order-detail" | "identity" | "addresses"
            | "checkout" => Some(Other),
            _ => None,
        };
        if let Some(t) = t {
            vote(votes, PLATFORM, t, format!("PrestaShop page {pn}"));
        }
    }
    // Body classes: WooCommerce/WordPress, Magento, Shopware.
    let classes: &[(&str, PageType)] = &[
        ("woocommerce-order-received", OrderConfirmation),
        ("single-product", Product),
        ("woocommerce-cart", Cart),
        ("tax-product_cat", Collection),
        ("tax-product_tag", Collection),
        ("post-type-archive-product", Collection),
        ("woocommerce-account", Other),
        ("search-results", Other),
        ("single-post", Other),
        ("catalog-product-view", Product),
        ("catalog-category-view", Collection),
        ("checkout-cart-index", Cart),
        ("checkout-onepage-success", OrderConfirmation),
        ("multishipping-checkout-success", OrderConfirmation),
        ("catalogsearch-result-index", Other),
        ("sales-order-history", Other),
        ("sales-order-view", Other),
        ("customer-account-index", Other),
        ("is-ctl-product", Product),
        ("is-ctl-search", Other),
        ("is-ctl-accountorder", Other),
        ("is-ctl-accountprofile", Other),
    ];
    for (c, t) in classes {
        if f.class(c) {
            vote(votes, PLATFORM, *t, format!("body class {c}"));
        }
    }
    if f.class("woocommerce-checkout") && !f.class("woocommerce-order-received") {
        vote(
            votes,
            PLATFORM,
            Other,
            "body class woocommerce-checkout (checkout form)",
        );
    }
    if f.class("is-ctl-checkout") {
        if f.class("is-act-finishpage") {
            vote(
                votes,
                PLATFORM,
                OrderConfirmation,
                "body class is-ctl-checkout is-act-finishpage",
            );
        } else if f.class("is-act-cartpage") {
            vote(
                votes,
                PLATFORM,
                Cart,
                "body class is-ctl-checkout is-act-cartpage",
            );
        }
    }
    if f.class("is-ctl-navigation") && f.class("is-act-index") {
        vote(
            votes,
            PLATFORM,
            Collection,
            "body class is-ctl-navigation is-act-index",
        );
    }
    // Markup and forms only speak when the platform declared nothing: a category page
    // with a single product tile has one add-to-cart form and is still a category.
    if votes.iter().any(|v| v.rank == PLATFORM) {
        return;
    }
    // Known order-confirmation markup.
    if f.snippets(ORDER_NUMBER).next().is_some() {
        vote(votes, PLATFORM, OrderConfirmation, "order number markup");
    }
    if f.snippets(ORDER_CONFIRMATION).next().is_some()
        || f.snippets(ORDER_SUMMARY_VALUE).next().is_some()
    {
        vote(
            votes,
            PLATFORM,
            OrderConfirmation,
            "order confirmation markup",
        );
    }
    // Add-to-cart forms: one product → a product page; several → a listing, no vote.
    if !f.s.forms.is_empty() {
        let ids: Vec<String> = f.s.forms.iter().map(form_product_key).collect();
        if distinct(&ids) == 1 {
            vote(votes, PLATFORM, Product, "one product's add-to-cart form");
        }
    }
}

/// What identifies the product a form adds, so two forms for one product count once.
fn form_product_key(fm: &CartForm) -> String {
    for name in ["id", "product", "product_id", "id_product", "add-to-cart"] {
        if let Some((_, v)) = fm.inputs.iter().find(|(n, _)| n == name) {
            return v.clone();
        }
    }
    fm.inputs
        .iter()
        .find(|(n, _)| n.starts_with("lineItems[") && n.ends_with("][id]"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| fm.id.clone())
}

fn url_votes(f: &Facts, platform: Platform, votes: &mut Vec<Vote>) {
    use PageType::*;
    let p: Vec<&str> = {
        let all: Vec<&str> = f.path.iter().map(String::as_str).collect();
        match all.first() {
            Some(first) if is_locale(first) && all.len() > 1 => all[1..].to_vec(),
            _ => all,
        }
    };
    let has = |s: &str| p.contains(&s);
    let after = |s: &str| p.iter().position(|x| *x == s).and_then(|i| p.get(i + 1));
    let pair = |a: &str, b: &str| p.windows(2).any(|w| w[0] == a && w[1] == b);
    let path = p.join("/");
    let mut v = |t: PageType, why: String| vote(votes, URL, t, why);
    if has("account") || has("my-account") || pair("customer", "account") || pair("sales", "order")
    {
        v(Other, format!("/{path} is an account page"));
    }
    if has("blogs") || has("blog") {
        v(Other, format!("/{path} is a blog"));
    }
    if has("search") || has("catalogsearch") || f.query("controller") == Some("search") {
        v(Other, format!("/{path} is a search"));
    } else if f.query("s").is_some() && p.is_empty() {
        v(Other, "?s= is a WordPress search".into());
    }
    if has("order-received")
        || path.contains("checkout/onepage/success")
        || path.contains("checkout/finish")
        || path.contains("checkout/order-confirmation")
        || has("thank_you")
        || has("thank-you")
        || f.query("controller") == Some("order-confirmation")
    {
        v(
            OrderConfirmation,
            format!("/{path} is an order confirmation"),
        );
    }
    if let Some(h) = after("products") {
        v(Product, format!("/products/{h}"));
    } else if after("product").is_some() && platform != Platform::Shopware {
        v(Product, format!("/{path}"));
    } else if after("collections").is_some() || after("product-category").is_some() {
        v(Collection, format!("/{path}"));
    }
    if p.last().is_some_and(|l| *l == "cart" || *l == "cart.php")
        || f.query("controller") == Some("cart")
    {
        v(Cart, format!("/{path} is the cart"));
    }
    if p.iter().any(|s| {
        matches!(
            *s,
            "faq" | "faqs" | "frequently-asked-questions" | "pages/faq"
        )
    }) {
        v(Faq, format!("/{path}"));
    }
}

// ---- product --------------------------------------------------------------------------

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

fn product(f: &Facts, platform: Platform, sig: &mut Vec<String>) -> Product {
    let mut p = Product::default();
    let shopify_product = f
        .globals
        .shopify_meta
        .as_ref()
        .and_then(|m| m.get("product"));
    // The selected variant: explicit, then the live URL, then the form.
    take(
        &mut p.variant_id,
        f.explicit(&["variant_id", "variant"]),
        "variant",
        "explicit context",
        sig,
    );
    if platform == Platform::Shopify || f.path.iter().any(|s| s == "products") {
        take(
            &mut p.variant_id,
            f.query("variant").map(str::to_string),
            "variant",
            "?variant=",
            sig,
        );
        take(
            &mut p.variant_id,
            f.form_input("id"),
            "variant",
            "the form's id input",
            sig,
        );
    }
    take(
        &mut p.variant_id,
        f.form_input("variation_id").filter(|v| v != "0"),
        "variant",
        "the form's variation_id",
        sig,
    );
    take(
        &mut p.variant_id,
        f.form_input("selected_configurable_option"),
        "variant",
        "selected_configurable_option",
        sig,
    );

    // 1. Explicit.
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

    // 2. Platform data attributes.
    take(
        &mut p.sku,
        f.data_attr("data-product-sku"),
        "sku",
        "[data-product-sku]",
        sig,
    );
    take(
        &mut p.gtin,
        f.data_attr("data-product-upc"),
        "gtin",
        "[data-product-upc]",
        sig,
    );
    if let Some(d) = f
        .data_attr("data-product")
        .filter(|d| d.starts_with('{'))
        .and_then(|d| json::parse(&d).ok())
    {
        let w = "[data-product] JSON";
        take(&mut p.sku, d.text("reference"), "sku", w, sig);
        take(
            &mut p.id,
            d.text("id_product").or_else(|| d.text("id")),
            "id",
            w,
            sig,
        );
        take(&mut p.name, d.text("name"), "name", w, sig);
        take(
            &mut p.gtin,
            d.text("ean13")
                .or_else(|| d.text("upc"))
                .or_else(|| d.text("isbn")),
            "gtin",
            w,
            sig,
        );
        take(&mut p.mpn, d.text("mpn"), "mpn", w, sig);
    }

    // 3. JSON-LD, then microdata.
    let products: Vec<&Value> = f.nodes_of(is_product).collect();
    if let Some(node) = products.first() {
        from_json_ld(node, &mut p, sig);
    }
    if let Some(item) =
        f.s.microdata
            .iter()
            .find(|i| i.prop.is_none() && schema_type(&i.itemtype) == "Product")
    {
        let m = "microdata";
        take(
            &mut p.sku,
            prop(item, "sku").map(str::to_string),
            "sku",
            m,
            sig,
        );
        take(
            &mut p.name,
            prop(item, "name").map(str::to_string),
            "name",
            m,
            sig,
        );
        let gtin = ["gtin", "gtin13", "gtin12", "gtin14", "gtin8"]
            .iter()
            .find_map(|k| prop(item, k));
        take(&mut p.gtin, gtin.map(str::to_string), "gtin", m, sig);
        take(
            &mut p.mpn,
            prop(item, "mpn").map(str::to_string),
            "mpn",
            m,
            sig,
        );
        if p.price.is_none() {
            let offer = f.s.microdata.iter().find(|i| {
                i.prop.as_deref() == Some("offers")
                    && matches!(schema_type(&i.itemtype), "Offer" | "AggregateOffer")
            });
            if let Some(o) = offer {
                let price = prop(o, "price").or_else(|| prop(o, "lowPrice"));
                take(
                    &mut p.price,
                    price.map(str::to_string),
                    "price",
                    "microdata Offer",
                    sig,
                );
                take(
                    &mut p.currency,
                    prop(o, "priceCurrency").map(str::to_string),
                    "currency",
                    "microdata Offer",
                    sig,
                );
            }
        }
    }

    // 4. Open Graph: price and currency as a pair.
    take(&mut p.name, f.meta("og:title"), "name", "og:title", sig);
    take(
        &mut p.brand,
        f.meta("product:brand").or_else(|| f.meta("og:brand")),
        "brand",
        "Open Graph",
        sig,
    );
    if p.price.is_none() {
        for pre in ["product:price", "og:price"] {
            if let Some(a) = f.meta(&format!("{pre}:amount")) {
                take(&mut p.price, Some(a), "price", pre, sig);
                take(
                    &mut p.currency,
                    f.meta(&format!("{pre}:currency")),
                    "currency",
                    pre,
                    sig,
                );
                break;
            }
        }
    }

    // 5. Platform hints.
    if let Some(sp) = shopify_product {
        let w = "ShopifyAnalytics meta";
        take(&mut p.id, sp.text("id"), "id", w, sig);
        take(&mut p.brand, sp.text("vendor"), "brand", w, sig);
        if let Some(variants) = sp.get("variants") {
            let chosen = variants
                .items()
                .iter()
                .find(|v| p.variant_id.is_some() && v.text("id") == p.variant_id)
                .or(match variants.items() {
                    [one] => Some(one),
                    _ => None,
                });
            if let Some(v) = chosen {
                take(&mut p.sku, v.text("sku"), "sku", w, sig);
            }
        }
    }
    if let Some(attrs) = f
        .globals
        .bc_data
        .as_ref()
        .and_then(|b| b.get("product_attributes"))
    {
        let w = "BCData.product_attributes";
        take(&mut p.sku, attrs.text("sku"), "sku", w, sig);
        take(
            &mut p.gtin,
            attrs.text("gtin").or_else(|| attrs.text("upc")),
            "gtin",
            w,
            sig,
        );
        take(&mut p.mpn, attrs.text("mpn"), "mpn", w, sig);
        if p.price.is_none() {
            if let Some(pr) = attrs.get("price").and_then(|x| x.get("without_tax")) {
                take(&mut p.price, pr.text("value"), "price", w, sig);
                take(&mut p.currency, pr.text("currency"), "currency", w, sig);
            }
        }
    }
    let form_id = f
        .form_input("add-to-cart")
        .or_else(|| f.form_input("product_id"))
        .or_else(|| f.form_input("product"))
        .or_else(|| f.form_input("id_product"))
        .or_else(|| {
            single(f.s.forms.iter().flat_map(|fm| {
                fm.inputs
                    .iter()
                    .filter(|(n, _)| n.starts_with("lineItems[") && n.ends_with("][id]"))
                    .map(|(_, v)| v.trim())
            }))
        });
    take(&mut p.id, form_id, "id", "the add-to-cart form", sig);
    take(
        &mut p.id,
        f.data_attr("data-product_id")
            .or_else(|| f.data_attr("data-product-id")),
        "id",
        "data-product-id",
        sig,
    );
    if platform == Platform::WooCommerce {
        take(
            &mut p.id,
            f.class_prefix("postid-").map(str::to_string),
            "id",
            "body class postid-*",
            sig,
        );
    }
    take(
        &mut p.sku,
        f.snippets(PRODUCT_NUMBER).next().map(str::to_string),
        "sku",
        ".product-detail-ordernumber",
        sig,
    );
    if platform == Platform::Magento {
        take(
            &mut p.handle,
            f.class_prefix("product-").map(str::to_string),
            "handle",
            "body class product-*",
            sig,
        );
    }
    take(
        &mut p.name,
        f.snippets(PRODUCT_TITLE).next().map(str::to_string),
        "name",
        "h1",
        sig,
    );

    // 6. URL.
    let after = |s: &str| {
        f.path
            .iter()
            .position(|x| x == s)
            .and_then(|i| f.path.get(i + 1))
            .cloned()
    };
    if platform == Platform::Shopify || platform == Platform::Other {
        take(
            &mut p.handle,
            after("products"),
            "handle",
            "/products/<handle>",
            sig,
        );
    }
    if platform == Platform::WooCommerce {
        take(
            &mut p.handle,
            after("product"),
            "handle",
            "/product/<slug>",
            sig,
        );
    }
    if p.collections.is_empty() {
        if let (Some(c), Some(_)) = (after("collections"), after("products")) {
            sig.push("collection from /collections/<c>/products/".into());
            p.collections.push(c);
        }
    }

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

fn from_json_ld(node: &Value, p: &mut Product, sig: &mut Vec<String>) {
    let w = "JSON-LD";
    // A ProductGroup's variants: the selected one, or the only one.
    let variants: &[Value] = node.get("hasVariant").map_or(&[], Value::items);
    let selected = variants.iter().find(|v| {
        let Some(id) = p.variant_id.as_deref() else {
            return false;
        };
        let hit = |o: &Value| names_variant(o, id);
        hit(v) || v.get("offers").is_some_and(|o| o.items().iter().any(hit))
    });
    let selected = selected.or(match variants {
        [one] => Some(one),
        _ => None,
    });
    if is_type(node, "ProductGroup") {
        take(
            &mut p.id,
            node.text("productGroupID"),
            "id",
            "JSON-LD productGroupID",
            sig,
        );
    }
    let layers: Vec<&Value> = selected.into_iter().chain(std::iter::once(node)).collect();
    for n in &layers {
        if variants.is_empty() || !std::ptr::eq(*n, node) {
            take(&mut p.sku, n.text("sku"), "sku", w, sig);
            let gtin = ["gtin", "gtin13", "gtin12", "gtin14", "gtin8", "isbn"]
                .iter()
                .find_map(|k| n.text(k));
            take(&mut p.gtin, gtin, "gtin", w, sig);
            take(&mut p.mpn, n.text("mpn"), "mpn", w, sig);
        }
    }
    take(&mut p.name, node.text("name"), "name", w, sig);
    for n in &layers {
        let brand = n.get("brand").and_then(|b| {
            b.items()
                .iter()
                .find_map(|b| b.as_text().map(str::to_string).or_else(|| b.text("name")))
        });
        take(&mut p.brand, brand, "brand", w, sig);
        if p.price.is_none() {
            if let Some((price, cur)) = n
                .get("offers")
                .and_then(|o| offer_price(o, p.variant_id.as_deref()))
            {
                take(&mut p.price, Some(price), "price", "JSON-LD offers", sig);
                take(&mut p.currency, cur, "currency", "JSON-LD offers", sig);
            }
        }
    }
}

/// True when the node's `url` or `@id` selects variant `id` (`?variant=<id>`, exactly).
fn names_variant(o: &Value, id: &str) -> bool {
    ["url", "@id"].iter().any(|k| {
        o.text(k).is_some_and(|u| {
            let (_, q) = split_url(&u);
            q.iter()
                .any(|(k, v)| k == "variant" && v.split('#').next() == Some(id))
        })
    })
}

/// Price and currency from one node of `offers`: Offer, Offer arrays (the selected
/// variant's first), AggregateOffer, and `priceSpecification` (not list prices).
fn offer_price(offers: &Value, variant: Option<&str>) -> Option<(String, Option<String>)> {
    let items = offers.items();
    let chosen = variant
        .and_then(|id| items.iter().find(|o| names_variant(o, id)))
        .into_iter()
        .chain(items.iter());
    for o in chosen {
        let own = o
            .text("price")
            .or_else(|| o.text("lowPrice"))
            .or_else(|| o.text("minPrice"));
        if let Some(price) = own {
            return Some((price, o.text("priceCurrency")));
        }
        if let Some(specs) = o.get("priceSpecification") {
            let spec = specs.items().iter().find(|s| {
                s.text("price").is_some()
                    && !s.text("priceType").is_some_and(|t| {
                        t.contains("ListPrice")
                            || t.contains("StrikethroughPrice")
                            || t.contains("SRP")
                    })
            });
            if let Some(s) = spec {
                return Some((
                    s.text("price").unwrap_or_default(),
                    s.text("priceCurrency").or_else(|| o.text("priceCurrency")),
                ));
            }
            if let Some(s) = specs.items().iter().find(|s| s.text("minPrice").is_some()) {
                return Some((
                    s.text("minPrice").unwrap_or_default(),
                    s.text("priceCurrency").or_else(|| o.text("priceCurrency")),
                ));
            }
        }
    }
    None
}

// ---- order ----------------------------------------------------------------------------

fn order(f: &Facts, sig: &mut Vec<String>) -> Order {
    let mut o = Order::default();
    let e = "explicit context";
    take(
        &mut o.number,
        f.explicit(&["order_number", "order"]),
        "order number",
        e,
        sig,
    );
    take(
        &mut o.date,
        f.explicit(&["order_date"]),
        "order date",
        e,
        sig,
    );
    take(&mut o.country, f.explicit(&["country"]), "country", e, sig);
    take(&mut o.region, f.explicit(&["region"]), "region", e, sig);
    take(
        &mut o.postcode,
        f.explicit(&["postcode", "postal_code"]),
        "postcode",
        e,
        sig,
    );
    take(
        &mut o.number,
        f.data_attr("data-order-number"),
        "order number",
        "[data-order-number]",
        sig,
    );

    let w = "JSON-LD Order";
    let ld_order = f.nodes_of(is_order).next();
    let mut deliveries: Vec<&Value> = Vec::new();
    if let Some(n) = ld_order {
        take(&mut o.number, n.text("orderNumber"), "order number", w, sig);
        take(&mut o.date, n.text("orderDate"), "order date", w, sig);
        if let Some(d) = n.get("orderDelivery") {
            deliveries.extend(d.items());
        }
        for item in n.get("orderedItem").map_or(&[][..], Value::items) {
            if let Some(d) = item.get("orderDelivery") {
                deliveries.extend(d.items());
            }
        }
    }
    deliveries.extend(f.nodes_of(|t| t == "ParcelDelivery"));
    for d in deliveries {
        let w = "JSON-LD ParcelDelivery";
        take(
            &mut o.expected_arrival_from,
            d.text("expectedArrivalFrom"),
            "arrival from",
            w,
            sig,
        );
        take(
            &mut o.expected_arrival_until,
            d.text("expectedArrivalUntil"),
            "arrival until",
            w,
            sig,
        );
        if let Some(a) = d.get("deliveryAddress") {
            let country = a.get("addressCountry").and_then(|c| {
                c.as_text()
                    .map(str::to_string)
                    .or_else(|| c.text("name"))
                    .or_else(|| c.text("identifier"))
            });
            take(&mut o.country, country, "country", w, sig);
            take(&mut o.postcode, a.text("postalCode"), "postcode", w, sig);
            take(&mut o.region, a.text("addressRegion"), "region", w, sig);
        }
    }

    let number = f.snippets(ORDER_NUMBER).next().map(clean_order_number);
    take(
        &mut o.number,
        number,
        "order number",
        "order number markup",
        sig,
    );
    let summary: Vec<&str> = f.snippets(ORDER_SUMMARY_VALUE).collect();
    take(
        &mut o.number,
        summary.first().map(|s| clean_order_number(s)),
        "order number",
        "first summary row",
        sig,
    );
    take(
        &mut o.date,
        f.snippets(ORDER_DATE).next().map(str::to_string),
        "order date",
        "order date markup",
        sig,
    );
    if o.date.is_none() && summary.len() > 1 {
        take(
            &mut o.date,
            Some(summary[1].to_string()),
            "order date",
            "second summary row",
            sig,
        );
    }
    if let Some(addr) = f.snippets(SHIPPING_ADDRESS).next() {
        let (country, postcode) = parse_address(addr);
        take(
            &mut o.country,
            country,
            "country",
            "shipping address text",
            sig,
        );
        take(
            &mut o.postcode,
            postcode,
            "postcode",
            "shipping address text",
            sig,
        );
    }
    if let Some(c) = &o.country {
        if let Some(code) = country_code(c) {
            o.country = Some(code.to_string());
        }
    }
    o
}

/// "Order reference: XKBKNABJK" → "XKBKNABJK"; "#1001" → "1001".
fn clean_order_number(s: &str) -> String {
    let s = s.rsplit(':').next().unwrap_or(s).trim();
    let s = s.trim_start_matches('#').trim();
    s.split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_string()
}

/// Country and postcode from a formatted address (one line per part, WooCommerce style).
fn parse_address(text: &str) -> (Option<String>, Option<String>) {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut country = None;
    let mut body: &[&str] = &lines;
    if let Some(last) = lines.last() {
        if let Some(code) = country_code(last) {
            country = Some(code.to_string());
            body = &lines[..lines.len() - 1];
        }
    }
    let mut postcode = None;
    for line in body.iter().rev().take(3) {
        let toks: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        for w in toks.windows(2) {
            let (a, b) = (w[0].to_ascii_uppercase(), w[1].to_ascii_uppercase());
            if uk_outward(&a) && uk_inward(&b) {
                postcode = Some(format!("{a} {b}"));
                country.get_or_insert("GB".into());
            } else if ca_half(&a, true) && ca_half(&b, false) {
                postcode = Some(format!("{a} {b}"));
                country.get_or_insert("CA".into());
            } else if a.len() == 4
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.len() == 2
                && b.bytes().all(|c| c.is_ascii_alphabetic())
                && w[1].bytes().all(|c| c.is_ascii_uppercase())
            {
                postcode = Some(format!("{a} {b}"));
                country.get_or_insert("NL".into());
            }
            if postcode.is_some() {
                break;
            }
        }
        if postcode.is_none() {
            postcode = toks
                .iter()
                .find(|t| {
                    let digits = t.bytes().filter(u8::is_ascii_digit).count();
                    (t.len() == 4 || t.len() == 5) && digits == t.len()
                        || (t.len() == 10 && digits == 9 && t.as_bytes()[5] == b'-')
                })
                .map(|t| t.to_string());
        }
        if postcode.is_some() {
            break;
        }
    }
    (country, postcode)
}

fn uk_outward(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=4).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().any(u8::is_ascii_digit)
        && b.iter().all(u8::is_ascii_alphanumeric)
}
fn uk_inward(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3
        && b[0].is_ascii_digit()
        && b[1].is_ascii_alphabetic()
        && b[2].is_ascii_alphabetic()
}
fn ca_half(s: &str, first: bool) -> bool {
    let b = s.as_bytes();
    let (l, d) = (u8::is_ascii_alphabetic, u8::is_ascii_digit);
    b.len() == 3
        && if first {
            l(&b[0]) && d(&b[1]) && l(&b[2])
        } else {
            d(&b[0]) && l(&b[1]) && d(&b[2])
        }
}

/// ISO code for a country line: "United Kingdom (UK)", "Deutschland", "DE".
fn country_code(line: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        (
            "GB",
            "united kingdom|uk|great britain|england|scotland|wales|northern ireland|gb",
        ),
        ("US", "united states|united states of america|usa|us"),
        ("DE", "germany|deutschland|de"),
        ("FR", "france|fr"),
        ("NL", "netherlands|the netherlands|nederland|nl"),
        ("BE", "belgium|belgië|belgique|belgien|be"),
        ("ES", "spain|españa|es"),
        ("IT", "italy|italia|it"),
        ("AT", "austria|österreich|at"),
        ("CH", "switzerland|schweiz|suisse|svizzera|ch"),
        ("IE", "ireland|éire|ie"),
        ("CA", "canada|ca"),
        ("AU", "australia|au"),
        ("NZ", "new zealand|nz"),
        ("SE", "sweden|sverige|se"),
        ("DK", "denmark|danmark|dk"),
        ("NO", "norway|norge|no"),
        ("FI", "finland|suomi|fi"),
        ("PL", "poland|polska|pl"),
        ("PT", "portugal|pt"),
        ("CZ", "czech republic|czechia|česko|cz"),
        ("LU", "luxembourg|lu"),
        ("JP", "japan|日本|jp"),
    ];
    // Folded (case and diacritics) with the analyzer's table on both sides: "ÖSTERREICH"
    // meets "österreich" without the Unicode case tables in the widget.
    let fold = |t: &str| {
        let mut o = String::with_capacity(t.len());
        for c in t.chars() {
            crate::text::fold_char(c, &mut o);
        }
        o
    };
    let l = fold(line.trim());
    // "United Kingdom (UK)": the code in parentheses, else the name before them.
    let (name, paren) = match l.split_once('(') {
        Some((n, rest)) => (
            n.trim().to_string(),
            rest.trim_end_matches(')').trim().to_string(),
        ),
        None => (l.clone(), String::new()),
    };
    for cand in [paren.as_str(), name.as_str()] {
        if cand.is_empty() {
            continue;
        }
        if let Some((code, _)) = NAMES
            .iter()
            .find(|(_, names)| names.split('|').any(|n| fold(n) == cand))
        {
            return Some(code);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            parse_address("Jane Doe\n10 Downing St\nLondon\nSW1A 2AA\nUnited Kingdom (UK)"),
            (Some("GB".into()), Some("SW1A 2AA".into()))
        );
        assert_eq!(
            parse_address("Max Muster\nHauptstr. 1\n10115 Berlin\nGermany"),
            (Some("DE".into()), Some("10115".into()))
        );
        assert_eq!(
            parse_address("Ann\n1 Main St\nSpringfield, IL 62704"),
            (None, Some("62704".into()))
        );
        assert_eq!(parse_address("Somewhere"), (None, None));
    }

    #[test]
    fn urls() {
        let (p, q) = split_url("https://x.test/fr/products/Tee?variant=42#top");
        assert_eq!(p, ["fr", "products", "tee"]);
        assert_eq!(q, [("variant".to_string(), "42".to_string())]);
        assert!(is_locale("fr") && is_locale("en-gb") && !is_locale("products"));
    }

    #[test]
    fn order_numbers() {
        assert_eq!(
            clean_order_number("Order reference: XKBKNABJK"),
            "XKBKNABJK"
        );
        assert_eq!(clean_order_number("#1001"), "1001");
    }

    #[test]
    fn empty_snapshot_is_other() {
        let c = classify(&PageSnapshot::default());
        assert_eq!(c.page_type, PageType::Other);
        assert_eq!(c.platform, Platform::Other);
        assert!(!c.signals.is_empty());
    }
}
