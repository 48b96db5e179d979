//! Structured data: schema.org JSON-LD and microdata. The most trusted markup after what the
//! shop states: templates print it from the product record itself.

use super::*;

/// Top-level nodes of a JSON-LD document: arrays, `@graph` and a page's `mainEntity` are
/// opened; nested nodes (a product inside an ItemList) are not: they are not the page.
pub(super) fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) {
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

/// `@type` values without a schema.org prefix, as written.
pub(super) fn types(v: &Value) -> Vec<&str> {
    v.get("@type")
        .map(|t| {
            t.items()
                .iter()
                .filter_map(Value::as_text)
                .map(|t| {
                    let t = t.trim();
                    let t = t.rsplit_once('/').map_or(t, |(_, r)| r);
                    t.strip_prefix("schema:").unwrap_or(t)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `t` is one of `names`, in any case: hand-written JSON-LD says `"product"` too.
fn one_of(t: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(t))
}

pub(super) fn is_type(v: &Value, t: &str) -> bool {
    types(v).iter().any(|x| x.eq_ignore_ascii_case(t))
}

pub(super) fn is_product(t: &str) -> bool {
    one_of(
        t,
        &[
            "Product",
            "ProductGroup",
            "IndividualProduct",
            "ProductModel",
        ],
    )
}
pub(super) fn is_event(t: &str) -> bool {
    t.eq_ignore_ascii_case("Event") || (t.ends_with("Event") && t.len() > 5)
}
fn is_article(t: &str) -> bool {
    one_of(
        t,
        &[
            "Article",
            "BlogPosting",
            "NewsArticle",
            "TechArticle",
            "Blog",
            "Report",
        ],
    )
}
fn is_listing(t: &str) -> bool {
    one_of(
        t,
        &[
            "Vehicle",
            "Car",
            "Motorcycle",
            "JobPosting",
            "RealEstateListing",
            "Accommodation",
            "House",
            "Apartment",
        ],
    )
}
pub(super) fn is_order(t: &str) -> bool {
    t.eq_ignore_ascii_case("Order")
}

/// A test on a schema.org `@type` name.
type TypeTest = fn(&str) -> bool;

/// Which of several product descriptions is the page's own.
pub(super) enum Main<'v> {
    /// No product described.
    None,
    /// This one, and why it is the page's.
    One(&'v Value, &'static str),
    /// Several products and nothing says which is the page's: a listing.
    Listing(usize),
}

/// A URL without fragment and query, scheme and `www.`, and trailing slash: how two links to
/// one page are compared.
pub(super) fn same_page(a: &str, b: &str) -> bool {
    fn key(u: &str) -> &str {
        let u = u.split(['#', '?']).next().unwrap_or("").trim();
        let u = u.split_once("://").map_or(u, |(_, r)| r);
        let u = u.strip_prefix("www.").unwrap_or(u);
        u.trim_end_matches('/')
    }
    let (a, b) = (key(a), key(b));
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// Lower-case letters and digits only, for comparing names across templates.
fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The page's own product among `nodes`, each with its identity key and its name and URL.
/// Several nodes can describe one product (a node per colour, a Q&A or review widget's own
/// node, a carousel of related products beside the main one): the main one is the node
/// whose URL is the page, else the one group of variants, else the one whose name is the
/// page's title, else the only one with an offer.
pub(super) fn pick<'v, T>(
    f: &Facts,
    nodes: &[&'v T],
    key: impl Fn(&T) -> String,
    name: impl Fn(&T) -> Option<String>,
    urls: impl Fn(&T) -> Vec<String>,
    group: impl Fn(&T) -> Option<String>,
    offered: impl Fn(&T) -> bool,
) -> (Option<&'v T>, usize, &'static str) {
    let keys: Vec<String> = nodes.iter().map(|n| key(n)).collect();
    let n = distinct(&keys);
    if n <= 1 {
        return (nodes.first().copied(), n, "");
    }
    let one = |pred: &dyn Fn(&T) -> bool| -> Option<&'v T> {
        let hits: Vec<usize> = (0..nodes.len()).filter(|&i| pred(nodes[i])).collect();
        let hit_keys: Vec<&String> = hits.iter().map(|&i| &keys[i]).collect();
        (distinct(&hit_keys) == 1).then(|| nodes[hits[0]])
    };
    let page: Vec<&str> = [Some(f.s.url.as_str()), f.s.canonical.as_deref()]
        .into_iter()
        .flatten()
        .filter(|u| !u.is_empty())
        .collect();
    if let Some(m) = one(&|x| urls(x).iter().any(|u| page.iter().any(|p| same_page(u, p)))) {
        return (Some(m), n, "its URL is the page's");
    }
    let groups: Vec<Option<String>> = nodes.iter().map(|x| group(x)).collect();
    if groups.iter().all(Option::is_some) && distinct(&groups) == 1 {
        return (nodes.first().copied(), n, "variants of one product group");
    }
    let names: Vec<String> = nodes
        .iter()
        .map(|x| name(x).map(|s| name_key(&s)).unwrap_or_default())
        .collect();
    if !names[0].is_empty() && distinct(&names) == 1 {
        return (nodes.first().copied(), n, "one name");
    }
    let titles: Vec<String> = f
        .meta("og:title")
        .into_iter()
        .chain(f.snippets(PRODUCT_TITLE).next().map(str::to_string))
        .map(|t| name_key(&t))
        .filter(|t| t.len() >= 3)
        .collect();
    if let Some(m) = one(&|x| {
        name(x).is_some_and(|nm| {
            let k = name_key(&nm);
            k.len() >= 3 && titles.contains(&k)
        })
    }) {
        return (Some(m), n, "its name is the page's title");
    }
    if let Some(m) = one(&|x| offered(x)) {
        return (Some(m), n, "the only one with an offer");
    }
    (None, n, "")
}

/// The page's own JSON-LD product.
pub(super) fn main_node<'v>(f: &'v Facts) -> Main<'v> {
    let nodes: Vec<&Value> = f.nodes_of(is_product).collect();
    if nodes.is_empty() {
        return Main::None;
    }
    let (m, n, why) = pick(
        f,
        &nodes,
        |p| {
            p.text("@id")
                .or_else(|| p.text("sku"))
                .or_else(|| p.text("name"))
                .unwrap_or_default()
        },
        |p| p.text("name"),
        |p| {
            let mut u: Vec<String> = ["url", "@id"].iter().filter_map(|k| p.text(k)).collect();
            if let Some(o) = p.get("offers") {
                u.extend(o.items().iter().filter_map(|o| o.text("url")));
            }
            u
        },
        |p| {
            p.text("productGroupID")
                .or_else(|| p.text("inProductGroupWithID"))
        },
        |p| p.get("offers").is_some(),
    );
    match m {
        Some(node) => Main::One(node, why),
        None => Main::Listing(n),
    }
}

/// Microdata `Product` items that are not a property of another item.
fn top_items<'v>(f: &'v Facts, t: &str) -> Vec<&'v MicrodataItem> {
    f.s.microdata
        .iter()
        .filter(|i| i.prop.is_none() && schema_type(&i.itemtype).eq_ignore_ascii_case(t))
        .collect()
}

/// The page's own microdata product.
fn main_item<'v>(f: &'v Facts) -> (Option<&'v MicrodataItem>, usize, &'static str) {
    let items = top_items(f, "Product");
    pick(
        f,
        &items,
        |i| {
            prop(i, "name")
                .or_else(|| prop(i, "sku"))
                .unwrap_or("")
                .to_string()
        },
        |i| prop(i, "name").map(str::to_string),
        |i| prop(i, "url").map(str::to_string).into_iter().collect(),
        |i| prop(i, "productGroupID").map(str::to_string),
        |i| i.props.iter().any(|(k, _)| k == "offers"),
    )
}

pub(super) fn votes(f: &Facts, votes: &mut Vec<Vote>) {
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
    for n in f.nodes_of(|t| one_of(t, &["SearchResultsPage", "ProfilePage"])) {
        vote(
            votes,
            STRUCTURED,
            PageType::Other,
            format!("JSON-LD {}", types(n).join("/")),
        );
        negative = true;
    }
    let peer_sold = f.nodes_of(is_product).any(|p| {
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
    let mut main = false;
    match main_node(f) {
        Main::One(node, why) if !negative => {
            main = true;
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(" (the page's own of several: {why})")
            };
            vote(
                votes,
                STRUCTURED,
                PageType::Product,
                format!("JSON-LD {}{why}", types(node).join("/")),
            );
        }
        Main::Listing(n) => listing(f, votes, format!("{n} JSON-LD products")),
        _ => {}
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
    if f.nodes_of(|t| t.eq_ignore_ascii_case("FAQPage"))
        .next()
        .is_some()
    {
        vote(votes, STRUCTURED, PageType::Faq, "JSON-LD FAQPage");
    }
    if f.nodes_of(|t| t.eq_ignore_ascii_case("CollectionPage"))
        .next()
        .is_some()
    {
        vote(
            votes,
            STRUCTURED,
            PageType::Collection,
            "JSON-LD CollectionPage",
        );
    }
    // A list of products with no product of its own (related products on a product page
    // are a list too).
    if !main && !negative {
        let lists = f
            .nodes_of(|t| t.eq_ignore_ascii_case("ItemList"))
            .filter(|l| {
                l.get("itemListElement")
                    .is_some_and(|e| e.items().len() > 1)
            })
            .count();
        if lists > 0 {
            listing(f, votes, "JSON-LD ItemList".to_string());
        }
    }
    match main_item(f) {
        (Some(_), _, why) if !negative => {
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(" (the page's own of several: {why})")
            };
            vote(
                votes,
                STRUCTURED,
                PageType::Product,
                format!("microdata Product{why}"),
            );
        }
        (None, n, _) if n > 1 => listing(f, votes, format!("{n} microdata products")),
        _ => {}
    }
    for t in ["BlogPosting", "Article", "NewsArticle"] {
        if !top_items(f, t).is_empty() {
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

/// Several products on one page: a category, unless the page is the shop's home page or a
/// search, which list products too and are neither.
pub(super) fn listing(f: &Facts, votes: &mut Vec<Vote>, what: String) {
    let rank = votes_rank_of(&what);
    if f.path_no_locale().is_empty() || url::is_search(f) {
        vote(votes, rank, PageType::Other, format!("{what} (a listing)"));
    } else {
        vote(
            votes,
            rank,
            PageType::Collection,
            format!("{what} (a listing)"),
        );
    }
}

/// Listings found in structured data vote with its trust; those found in forms with the
/// page markup's.
fn votes_rank_of(what: &str) -> u8 {
    if what.contains("JSON-LD") || what.contains("microdata") {
        STRUCTURED
    } else {
        MARKUP
    }
}

pub(super) fn schema_type(itemtype: &str) -> &str {
    itemtype.trim().rsplit('/').next().unwrap_or("")
}

pub(super) fn prop<'b>(i: &'b MicrodataItem, name: &str) -> Option<&'b str> {
    i.props
        .iter()
        .find(|(k, v)| k.split_whitespace().any(|k| k == name) && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// The product's fields from the page's own JSON-LD node, then its own microdata item.
pub(super) fn product(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    if let Main::One(node, _) = main_node(f) {
        from_json_ld(node, p, sig);
    }
    if let (Some(item), _, _) = main_item(f) {
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
    // An `itemprop="sku"` outside any Product item (themes mark the code alone): one value
    // across the page.
    let skus: Vec<&str> =
        f.s.microdata
            .iter()
            .filter_map(|i| prop(i, "sku"))
            .collect();
    if distinct(&skus) == 1 {
        take(
            &mut p.sku,
            Some(skus[0].to_string()),
            "sku",
            "microdata sku",
            sig,
        );
    }
}

pub(super) fn from_json_ld(node: &Value, p: &mut Product, sig: &mut Vec<String>) {
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
pub(super) fn names_variant(o: &Value, id: &str) -> bool {
    ["url", "@id"].iter().any(|k| {
        o.text(k).is_some_and(|u| {
            let (_, q) = url::split(&u);
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
