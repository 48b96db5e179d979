//! Data layers: the objects a shop's templates fill for analytics and ad tags, such as a
//! tag manager's `dataLayer`, GA4's `view_item` items, Universal Analytics' ecommerce
//! `detail`, the remarketing tag's `ecomm_pagetype`/`ecomm_prodid`, Meta's pixel
//! `content_ids`, Adobe's `digitalData`, Tealium's `utag_data`. Templates print them on
//! shops of every platform, which makes them the best clue on pages without structured
//! data. They are read as data, never run, and trusted below platform markup: a tag set up
//! once by hand can be stale.

use super::*;
use crate::context::globals::{assigned_object, occurrences};

/// Keys whose value names the kind of page.
const PAGE_TYPE_KEYS: &[&str] = &[
    "pageType",
    "page_type",
    "pagetype",
    "PageType",
    "ecomm_pagetype",
    "pageCategory",
    "page_category",
];

/// Page-type names, lower case without separators, as tag setups write them.
const PAGE_TYPE_NAMES: &[(&str, PageType)] = {
    use PageType::*;
    &[
        ("product", Product),
        ("productpage", Product),
        ("productdetail", Product),
        ("productdetails", Product),
        ("productdetailpage", Product),
        ("productdisplay", Product),
        ("productview", Product),
        ("pdp", Product),
        ("detail", Product),
        ("offerdetail", Product),
        ("category", Collection),
        ("categorypage", Collection),
        ("subcategory", Collection),
        ("productlist", Collection),
        ("productlisting", Collection),
        ("productlistpage", Collection),
        ("plp", Collection),
        ("listing", Collection),
        ("collection", Collection),
        ("catalog", Collection),
        ("cart", Cart),
        ("cartpage", Cart),
        ("basket", Cart),
        ("shoppingcart", Cart),
        ("purchase", OrderConfirmation),
        ("orderconfirmation", OrderConfirmation),
        ("confirmation", OrderConfirmation),
        ("thankyou", OrderConfirmation),
        ("checkoutsuccess", OrderConfirmation),
        ("ordersuccess", OrderConfirmation),
        ("orderdetails", OrderConfirmation),
        ("orderdetail", OrderConfirmation),
        ("home", Other),
        ("homepage", Other),
        ("search", Other),
        ("searchresults", Other),
        ("searchresult", Other),
        ("account", Other),
        ("myaccount", Other),
        ("yourorders", Other),
        ("orderhistory", Other),
        ("orders", Other),
        ("login", Other),
        ("checkout", Other),
        ("article", Other),
        ("blog", Other),
        ("content", Other),
        ("cms", Other),
        ("error", Other),
        ("404", Other),
    ]
};

/// Which product field a data-layer key fills.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Sku,
    Id,
}

/// Keys whose value is the product shown (when all occurrences agree), most specific first.
const PRODUCT_KEYS: &[(&str, Field, &str)] = &[
    ("ecomm_prodid", Field::Id, "remarketing ecomm_prodid"),
    ("content_ids", Field::Id, "Meta pixel content_ids"),
    ("productSKU", Field::Sku, "data layer productSKU"),
    ("productSku", Field::Sku, "data layer productSku"),
    ("product_sku", Field::Sku, "data layer product_sku"),
    ("item_id", Field::Id, "GA4 item_id"),
    ("productID", Field::Id, "data layer productID"),
    ("productId", Field::Id, "data layer productId"),
    ("product_id", Field::Id, "data layer product_id"),
    ("products_id", Field::Id, "data layer products_id"),
    ("sku", Field::Sku, "data layer sku"),
];

/// What the data layers say.
#[derive(Debug, Default)]
pub(super) struct Layer {
    /// (key, value) for each page-type key found, values as written.
    page_types: Vec<(&'static str, String)>,
    /// (field is SKU, value, where) in [`PRODUCT_KEYS`] order, then the ecommerce objects.
    product: Vec<(bool, String, &'static str)>,
    /// An ecommerce event that only a product page sends: GA4 `view_item`, Universal
    /// Analytics `detail`.
    product_view: Option<&'static str>,
}

/// Most occurrences of one key read per script.
const MAX_OCCURRENCES: usize = 16;

/// The scalar after `key` at `end` (`key: "v"`, `"key" = 'v'`, `key: ["v"]`), or `None`
/// for anything else. A one-element array counts as its element; longer arrays name
/// several products and count as none.
fn value_at(text: &str, end: usize) -> Option<Option<String>> {
    let rest = text[end..]
        .strip_prefix(['"', '\''])
        .unwrap_or(&text[end..]);
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').or_else(|| {
        rest.strip_prefix('=')
            .filter(|r| !r.starts_with('=') && !r.starts_with('>'))
    })?;
    let rest = rest.trim_start();
    let (v, _) = json::parse_prefix(truncate(rest, 2048)).ok()?;
    Some(match v {
        Value::Arr(items) => match items.as_slice() {
            [one] => one.as_text().map(str::to_string),
            _ => None,
        },
        other => other.as_text().map(str::to_string),
    })
}

/// Every value of `key` across `scripts`; `None` inside means a value that names several.
fn values(scripts: &[InlineScript], key: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for s in scripts {
        for end in occurrences(&s.text, key).take(MAX_OCCURRENCES) {
            if let Some(v) = value_at(&s.text, end) {
                out.push(v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()));
            }
        }
    }
    out
}

/// Reads the data layers of a page's inline scripts.
pub(super) fn read(scripts: &[InlineScript]) -> Layer {
    let mut layer = Layer::default();
    for &key in PAGE_TYPE_KEYS {
        for v in values(scripts, key).into_iter().flatten() {
            if !layer.page_types.iter().any(|(_, x)| *x == v) {
                layer.page_types.push((key, v));
            }
        }
    }
    for &(key, field, why) in PRODUCT_KEYS {
        let vals = values(scripts, key);
        if vals.iter().any(Option::is_none) {
            continue;
        }
        let vals: Vec<String> = vals.into_iter().flatten().collect();
        if distinct(&vals) == 1 {
            layer
                .product
                .push((field == Field::Sku, vals[0].clone(), why));
        }
    }
    // Universal Analytics: ecommerce.detail.products[0]; Adobe: digitalData.product[0].
    for s in scripts {
        for end in occurrences(&s.text, "detail").take(MAX_OCCURRENCES) {
            let rest = s.text[end..]
                .strip_prefix(['"', '\''])
                .unwrap_or(&s.text[end..]);
            let Some(rest) = rest.trim_start().strip_prefix(':') else {
                continue;
            };
            let Ok((d, _)) = json::parse_prefix(truncate(rest.trim_start(), 16 * 1024)) else {
                continue;
            };
            if let Some(id) = d
                .get("products")
                .and_then(|p| p.items().first())
                .and_then(|p| p.text("id"))
            {
                layer
                    .product
                    .push((false, id, "Universal Analytics detail.products"));
                layer.product_view = Some("Universal Analytics ecommerce detail");
            }
        }
        // GA4's product view, sent as an event (`gtag('event', 'view_item', …)` or
        // `{event: 'view_item'}`), not merely named in a list of events a tag handles.
        let sent = occurrences(&s.text, "view_item")
            .take(MAX_OCCURRENCES)
            .any(|end| {
                let start = end.saturating_sub("view_item".len() + 24);
                s.text.get(start..end).is_some_and(|b| b.contains("event"))
            });
        if sent && layer.product_view.is_none() {
            layer.product_view = Some("GA4 view_item event");
        }
        if let Some(dd) = assigned_object(&s.text, "digitalData") {
            let prod = dd.get("product").and_then(|p| p.items().first().cloned());
            if let Some(info) = prod.as_ref().and_then(|p| p.get("productInfo")) {
                if let Some(sku) = info.text("sku") {
                    layer
                        .product
                        .push((true, sku, "digitalData productInfo.sku"));
                }
                if let Some(id) = info.text("productID") {
                    layer
                        .product
                        .push((false, id, "digitalData productInfo.productID"));
                }
            }
        }
    }
    layer
}

/// The page type the data layers agree on.
pub(super) fn votes(f: &Facts, votes: &mut Vec<Vote>) {
    let mut seen: Vec<PageType> = Vec::new();
    let mut why = Vec::new();
    for (key, v) in &f.layer.page_types {
        let folded: String = v
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if let Some((_, t)) = PAGE_TYPE_NAMES.iter().find(|(n, _)| *n == folded) {
            if !seen.contains(t) {
                seen.push(*t);
            }
            why.push(format!("{key}={v}"));
        }
    }
    match seen.as_slice() {
        [t] => vote(votes, DATA_LAYER, *t, why.join(", ")),
        [] => {}
        _ => {} // the tags disagree: no vote
    }
    if let Some(why) = f.layer.product_view {
        vote(votes, DATA_LAYER, PageType::Product, why);
    }
}

/// The product's code from the data layers.
pub(super) fn product(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    for (is_sku, v, why) in &f.layer.product {
        if !is_code(v) {
            continue;
        }
        let slot = if *is_sku { &mut p.sku } else { &mut p.id };
        take(
            slot,
            Some(v.clone()),
            if *is_sku { "sku" } else { "id" },
            why,
            sig,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(t: &str) -> InlineScript {
        InlineScript {
            kind: String::new(),
            text: t.into(),
        }
    }

    #[test]
    fn reads_tags_as_data() {
        let l = read(&[
            script("dataLayer.push({'pageType': 'PRODUCT_DETAILS', ecommerce: {detail: {products: [{id: 'A-1', name: 'x'}]}}});"),
            script("var google_tag_params = { ecomm_prodid: ['A-1'], ecomm_pagetype: 'product' };"),
            script("fbq('track', 'ViewContent', {content_ids: ['A-1', 'A-2']});"),
        ]);
        assert_eq!(l.page_types.len(), 2);
        let ids: Vec<&str> = l.product.iter().map(|(_, v, _)| v.as_str()).collect();
        assert_eq!(ids, ["A-1", "A-1"], "{:?}", l.product);
    }

    #[test]
    fn disagreeing_values_say_nothing() {
        let l = read(&[script(
            "a = {item_id: '1'}; b = {item_id: '2'}; if (pageType == 'x') {}",
        )]);
        assert!(l.product.is_empty());
        assert!(l.page_types.is_empty());
    }
}
