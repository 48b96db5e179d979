//! Platform globals read out of inline scripts *as data*: nothing is executed. The object
//! literal after an assignment such as `var meta = {...}` or `window.BCData = {...}` is
//! handed to the lenient JSON reader, which stops at the end of that one value, so the rest
//! of the script is never looked at and input size stays bounded by the reader's caps.

use super::json::{self, Value};
use super::InlineScript;

/// What the inline scripts of a page reveal about its platform.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Globals {
    /// Shopify's analytics meta (`var meta = {...}` / `ShopifyAnalytics.meta = {...}`):
    /// `page.pageType`, `product.id`, `product.variants[]`. Undocumented by Shopify.
    pub shopify_meta: Option<Value>,
    /// A script names `Shopify.shop`, `ShopifyAnalytics` or `Shopify.routes`.
    pub shopify: bool,
    /// BigCommerce's `window.BCData = {...}` (`product_attributes`).
    pub bc_data: Option<Value>,
    /// The first argument of Cornerstone's `stencilBootstrap("product", …)`.
    pub stencil_page_type: Option<String>,
    /// PrestaShop's `var prestashop = {...}` (`page.page_name`, `currency.iso_code`).
    pub prestashop: Option<Value>,
    /// A `text/x-magento-init` script is present.
    pub magento_init: bool,
    /// Shopware's `window.router = {'frontend.…'}` is present.
    pub shopware_router: bool,
}

/// Reads the globals of every script; the first found of each kind wins.
pub fn read(scripts: &[InlineScript]) -> Globals {
    let mut g = Globals::default();
    for s in scripts {
        let t = s.text.as_str();
        if s.kind.eq_ignore_ascii_case("text/x-magento-init") {
            g.magento_init = true;
            continue;
        }
        if g.shopify_meta.is_none() {
            g.shopify_meta = assigned_object(t, "ShopifyAnalytics.meta")
                .or_else(|| assigned_object(t, "var meta"))
                .filter(|v| v.get("page").is_some() || v.get("product").is_some());
        }
        if !g.shopify {
            g.shopify = ["Shopify.shop", "ShopifyAnalytics", "Shopify.routes"]
                .iter()
                .any(|n| t.contains(n));
        }
        if g.bc_data.is_none() {
            g.bc_data = assigned_object(t, "BCData");
        }
        if g.stencil_page_type.is_none() {
            g.stencil_page_type = first_string_argument(t, "stencilBootstrap");
        }
        if g.prestashop.is_none() {
            g.prestashop = assigned_object(t, "var prestashop");
        }
        if !g.shopware_router {
            g.shopware_router = t.contains("window.router") && t.contains("frontend.");
        }
    }
    g
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// Positions just after each whole-word occurrence of `name` in `text`.
pub fn occurrences<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(name).filter_map(move |(p, _)| {
        let before = p.checked_sub(1).and_then(|b| text.as_bytes().get(b));
        let after = text.as_bytes().get(p + name.len());
        let whole = !before.is_some_and(|&c| is_ident(c)) && !after.is_some_and(|&c| is_ident(c));
        whole.then_some(p + name.len())
    })
}

/// The object or array literal assigned to `name` (`name = {...}`), parsed leniently.
pub fn assigned_object(text: &str, name: &str) -> Option<Value> {
    for end in occurrences(text, name).take(16) {
        let rest = text[end..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        if rest.starts_with('=') {
            continue; // a comparison
        }
        let rest = rest.trim_start();
        if !(rest.starts_with('{') || rest.starts_with('[')) {
            continue;
        }
        if let Ok(v) = json::parse(super::truncate(rest, json::MAX_INPUT)) {
            return Some(v);
        }
    }
    None
}

/// The string literal passed first to the function `name` (`name("product", …)`).
pub fn first_string_argument(text: &str, name: &str) -> Option<String> {
    for end in occurrences(text, name).take(16) {
        let Some(rest) = text[end..].trim_start().strip_prefix('(') else {
            continue;
        };
        let rest = rest.trim_start();
        if !(rest.starts_with('"') || rest.starts_with('\'')) {
            continue;
        }
        if let Ok((Value::Str(s), _)) = json::parse_prefix(super::truncate(rest, 4096)) {
            return Some(s);
        }
    }
    None
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
    fn reads_assignments_as_data() {
        let g = read(&[
            script("window.ShopifyAnalytics = window.ShopifyAnalytics || {};\nwindow.ShopifyAnalytics.meta = window.ShopifyAnalytics.meta || {};\nvar meta = {\"product\":{\"id\":7,\"variants\":[]},\"page\":{\"pageType\":\"product\"}};\nfor (var attr in meta) { window.ShopifyAnalytics.meta[attr] = meta[attr]; }"),
            script("window.stencilBootstrap(\"category\", \"{\\\"x\\\":1}\").load();"),
            script("var prestashop = {\"page\":{\"page_name\":\"product\"}};"),
            script("if (x.BCData == {}) {} window.BCData = {\"product_attributes\":{\"sku\":\"A\"}};"),
        ]);
        let meta = g.shopify_meta.unwrap();
        assert_eq!(
            meta.get("page").unwrap().text("pageType").as_deref(),
            Some("product")
        );
        assert!(g.shopify);
        assert_eq!(g.stencil_page_type.as_deref(), Some("category"));
        assert_eq!(
            g.prestashop
                .unwrap()
                .get("page")
                .unwrap()
                .text("page_name")
                .as_deref(),
            Some("product")
        );
        assert_eq!(
            g.bc_data
                .unwrap()
                .get("product_attributes")
                .unwrap()
                .text("sku")
                .as_deref(),
            Some("A")
        );
    }

    #[test]
    fn ignores_lookalikes() {
        let g = read(&[script(
            "var metadata = {\"page\":1}; var prestashopper = {}; myBCData = {};",
        )]);
        assert_eq!(g, Globals::default());
    }
}
