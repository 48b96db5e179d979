//! URL patterns: the least trusted clue, used when nothing on the page speaks. Paths are
//! compared in lower case with a leading locale (`/fr/`, `/en-gb/`) dropped.

use super::*;

/// Path segments (lower case, locale prefix kept) and query pairs of a URL.
pub(super) fn split(url: &str) -> (Vec<String>, Vec<(String, String)>) {
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

pub(super) fn is_locale(seg: &str) -> bool {
    let b = seg.as_bytes();
    let lang = |x: &[u8]| x.len() == 2 && x.iter().all(u8::is_ascii_lowercase);
    match b.len() {
        2 => lang(b),
        5 => lang(&b[..2]) && b[2] == b'-' && b[3..].iter().all(u8::is_ascii_alphabetic),
        _ => false,
    }
}

/// The address is a search: `/search`, Magento's `/catalogsearch/`, `?q=` on a search
/// path, PrestaShop's search controller.
pub(super) fn is_search(f: &Facts) -> bool {
    let p = f.path_no_locale();
    p.iter()
        .any(|s| s == "search" || s == "catalogsearch" || s.starts_with("search."))
        || f.query("controller") == Some("search")
        || (f.query("s").is_some() && p.is_empty())
}

pub(super) fn votes(f: &Facts, platform: Platform, votes: &mut Vec<Vote>) {
    use PageType::*;
    let p: Vec<&str> = f.path_no_locale().iter().map(String::as_str).collect();
    let has = |s: &str| p.contains(&s);
    let after = |s: &str| p.iter().position(|x| *x == s).and_then(|i| p.get(i + 1));
    let pair = |a: &str, b: &str| p.windows(2).any(|w| w[0] == a && w[1] == b);
    let path = p.join("/");
    let mut v = |t: PageType, why: String| vote(votes, URL, t, why);
    // One order in a shopper's account: Shopify, WooCommerce, Magento, BigCommerce.
    let order_view = (pair("account", "orders") && after("orders").is_some())
        || pair("my-account", "view-order")
        || path.contains("sales/order/view")
        || path.contains("order-details")
        || path.contains("order_details")
        || path.contains("orderdetails");
    if order_view {
        v(OrderConfirmation, format!("/{path} is one order"));
    } else if has("account")
        || has("my-account")
        || pair("customer", "account")
        || pair("sales", "order")
    {
        v(Other, format!("/{path} is an account page"));
    }
    if has("blogs") || has("blog") {
        v(Other, format!("/{path} is a blog"));
    }
    if is_search(f) {
        v(Other, format!("/{path} is a search"));
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
    } else if after("collections").is_some()
        || after("product-category").is_some()
        || p.iter()
            .any(|s| s.contains("categor") || s.contains("kategor"))
        || (after("catalog").is_some() && !path.contains("catalog/product"))
        || after("c").is_some()
    {
        v(Collection, format!("/{path} is a category"));
    }
    if p.last()
        .is_some_and(|l| *l == "cart" || *l == "cart.php" || *l == "basket")
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

/// A segment without its file extension (`418295.htm` → `418295`).
fn stem(seg: &str) -> &str {
    match seg.rsplit_once('.') {
        Some((s, ext)) if (2..=5).contains(&ext.len()) => s,
        _ => seg,
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A product's id as product URLs carry it: `/dp/<ASIN>`, `/itm/…/<n>`, `?pid=`,
/// `products_id=` or `/products_id/<n>`, a `p<digits>` segment, and a number ending the
/// last segment (`/<slug>-12345.html`, `/<slug>/12345`). The original case of the address
/// is kept for the value.
fn id_in_url(f: &Facts) -> Option<(String, &'static str)> {
    for (k, why) in [
        ("pid", "?pid="),
        ("products_id", "?products_id="),
        ("product_id", "?product_id="),
        ("id_product", "?id_product="),
        ("productid", "?productId="),
    ] {
        if let Some(v) = f.query(k).filter(|v| is_code(v)) {
            return Some((v.to_string(), why));
        }
    }
    // The path as written (ids keep their case), aligned with the lower-case segments.
    let no_q = f.s.url.split(['?', '#']).next().unwrap_or("");
    let after_scheme = no_q.split_once("://").map_or(no_q, |(_, r)| r);
    let orig: Vec<&str> = after_scheme
        .split('/')
        .skip(1)
        .filter(|s| !s.is_empty())
        .collect();
    let at = |i: usize| orig.get(i).copied().unwrap_or("");
    let p = &f.path;
    for (i, s) in p.iter().enumerate() {
        let Some(n) = p.get(i + 1) else { continue };
        match s.as_str() {
            "dp" if n.len() == 10 && n.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                return Some((at(i + 1).to_ascii_uppercase(), "/dp/<ASIN>"));
            }
            "itm" => {
                if let Some(last) = p[i + 1..].iter().rposition(|x| digits(stem(x))) {
                    return Some((stem(at(i + 1 + last)).to_string(), "/itm/<id>"));
                }
            }
            "products_id" if digits(n) => return Some((n.to_string(), "/products_id/<id>")),
            _ => {}
        }
    }
    let last = stem(p.last()?);
    if let Some(d) = last.strip_prefix('p').filter(|d| digits(d) && d.len() >= 4) {
        return Some((d.to_string(), "/p<digits>"));
    }
    None
}

/// A number of five digits or more ending the last path segment.
fn trailing_number(f: &Facts) -> Option<String> {
    let p = &f.path;
    let last = stem(p.last()?);
    let tail: &str = last
        .rsplit(['-', '_'])
        .next()
        .filter(|t| t.len() < last.len() || p.len() > 1)
        .unwrap_or("");
    let tail = tail.strip_prefix('x').unwrap_or(tail);
    (digits(tail) && tail.len() >= 5).then(|| tail.to_string())
}

pub(super) fn product(f: &Facts, platform: Platform, p: &mut Product, sig: &mut Vec<String>) {
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
    if p.id.is_none() && p.sku.is_none() {
        if let Some((id, why)) = id_in_url(f) {
            take(&mut p.id, Some(id), "id", why, sig);
        }
    }
}

/// The least specific id: a number ending the address (`/<slug>-12345.html`).
pub(super) fn trailing_id(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    if p.id.is_none() && p.sku.is_none() {
        if let Some(id) = trailing_number(f) {
            take(
                &mut p.id,
                Some(id),
                "id",
                "a number ending the address",
                sig,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(url: &str) -> Option<String> {
        let s = PageSnapshot {
            url: url.into(),
            ..PageSnapshot::default()
        };
        let f = Facts::new(&s);
        id_in_url(&f)
            .map(|(v, _)| v)
            .or_else(|| trailing_number(&f))
    }

    #[test]
    fn ids_in_product_urls() {
        assert_eq!(
            id("https://x.test/Some-Thing/dp/B004snmXRS?ref=1").as_deref(),
            Some("B004SNMXRS")
        );
        assert_eq!(
            id("https://x.test/itm/Pony-Cart/143863282131").as_deref(),
            Some("143863282131")
        );
        assert_eq!(
            id("https://x.test/itm/293565036718").as_deref(),
            Some("293565036718")
        );
        assert_eq!(
            id("https://x.test/int.php?page=product&pid=426517").as_deref(),
            Some("426517")
        );
        assert_eq!(
            id("https://x.test/product_info.php/products_id/103066/korg.html").as_deref(),
            Some("103066")
        );
        assert_eq!(
            id("https://x.test/shop/prod/crib-mattress/418295.htm").as_deref(),
            Some("418295")
        );
        assert_eq!(
            id("https://x.test/Giesswein-KRAMSACH-x15513912.php").as_deref(),
            Some("15513912")
        );
        assert_eq!(
            id("https://x.test/cardigan-12185160.html").as_deref(),
            Some("12185160")
        );
        assert_eq!(id("https://x.test/p/12345").as_deref(), Some("12345"));
        assert_eq!(id("https://x.test/shoes/p12345").as_deref(), Some("12345"));
        assert_eq!(id("https://x.test/2019/11/19/story.html"), None);
        assert_eq!(id("https://x.test/"), None);
    }

    #[test]
    fn urls() {
        let (p, q) = split("https://x.test/fr/products/Tee?variant=42#top");
        assert_eq!(p, ["fr", "products", "tee"]);
        assert_eq!(q, [("variant".to_string(), "42".to_string())]);
        assert!(is_locale("fr") && is_locale("en-gb") && !is_locale("products"));
    }
}
