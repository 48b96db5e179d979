//! Platform markers: which storefront software made the page, and what that software's own
//! markup says about the page (body classes, page names in its globals, its route names) and
//! the product (its data attributes and globals). Both are tables: a new platform is a row
//! in [`MARKERS`], a new page name a row in [`PAGE_NAMES`].

use super::*;

/// Something a platform's default templates always print.
#[derive(Clone, Copy)]
enum Marker {
    /// An inline script's text contains this.
    ScriptText(&'static str),
    /// A script's address contains this.
    ScriptSrc(&'static str),
    /// Both parts are in one script address.
    ScriptSrc2(&'static str, &'static str),
    /// A `<meta>` name starts with this.
    MetaPrefix(&'static str),
    /// `<meta name="generator">` starts with this.
    Generator(&'static str),
    /// A body class is this.
    BodyClass(&'static str),
    /// A body class starts with this.
    BodyClassPrefix(&'static str),
    /// A form's id is this.
    FormId(&'static str),
    /// A form's action contains this.
    FormAction(&'static str),
    /// An element carries this attribute.
    DataAttr(&'static str),
    /// The page's address contains this.
    Url(&'static str),
    /// A platform global read by [`globals`].
    Global(fn(&Globals) -> bool),
}

use Marker::*;

/// Every platform hint: (platform, marker, what the signal says).
const MARKERS: &[(Platform, Marker, &str)] = &[
    (
        Platform::Shopify,
        Global(|g| g.shopify),
        "Shopify globals in a script",
    ),
    (
        Platform::Shopify,
        Global(|g| g.shopify_meta.is_some()),
        "ShopifyAnalytics meta",
    ),
    (
        Platform::Shopify,
        ScriptSrc("cdn.shopify.com"),
        "script from the Shopify CDN",
    ),
    (
        Platform::Shopify,
        ScriptSrc("/cdn/shop/"),
        "script from the Shopify CDN",
    ),
    (
        Platform::Shopify,
        MetaPrefix("shopify-"),
        "shopify-* meta tag",
    ),
    (
        Platform::WooCommerce,
        BodyClass("woocommerce"),
        "woocommerce body class",
    ),
    (
        Platform::WooCommerce,
        BodyClass("woocommerce-page"),
        "woocommerce body class",
    ),
    (
        Platform::WooCommerce,
        BodyClassPrefix("woocommerce-"),
        "woocommerce body class",
    ),
    (
        Platform::WooCommerce,
        Generator("WooCommerce"),
        "WooCommerce generator meta",
    ),
    (
        Platform::WooCommerce,
        ScriptText("wc_add_to_cart_params"),
        "wc_add_to_cart_params",
    ),
    (
        Platform::Magento,
        Global(|g| g.magento_init),
        "text/x-magento-init script",
    ),
    (
        Platform::Magento,
        ScriptSrc2("/requirejs/require", "/static/"),
        "RequireJS from /static/",
    ),
    (
        Platform::Magento,
        FormId("product_addtocart_form"),
        "#product_addtocart_form",
    ),
    (
        Platform::Magento,
        ScriptSrc("/js/varien/"),
        "Magento 1 varien scripts",
    ),
    (
        Platform::Magento,
        ScriptSrc("/skin/frontend/"),
        "Magento 1 /skin/frontend/",
    ),
    (
        Platform::Magento,
        ScriptText("Mage.Cookies"),
        "Magento 1 Mage.Cookies",
    ),
    (
        Platform::BigCommerce,
        Global(|g| g.bc_data.is_some()),
        "window.BCData",
    ),
    (
        Platform::BigCommerce,
        Global(|g| g.stencil_page_type.is_some()),
        "stencilBootstrap()",
    ),
    (
        Platform::BigCommerce,
        ScriptSrc("bigcommerce.com"),
        "script from bigcommerce.com",
    ),
    (
        Platform::BigCommerce,
        DataAttr("data-cart-item-add"),
        "[data-cart-item-add] form",
    ),
    (
        Platform::PrestaShop,
        Global(|g| g.prestashop.is_some()),
        "var prestashop",
    ),
    (
        Platform::PrestaShop,
        FormId("add-to-cart-or-refresh"),
        "#add-to-cart-or-refresh",
    ),
    (
        Platform::PrestaShop,
        Generator("PrestaShop"),
        "PrestaShop generator meta",
    ),
    (
        Platform::PrestaShop,
        ScriptText("priceDisplayPrecision"),
        "PrestaShop 1.6 globals",
    ),
    (
        Platform::Shopware,
        BodyClassPrefix("is-ctl-"),
        "is-ctl-* body class",
    ),
    (
        Platform::Shopware,
        BodyClassPrefix("is--ctl-"),
        "Shopware 5 is--ctl-* body class",
    ),
    (
        Platform::Shopware,
        Global(|g| g.shopware_router),
        "window.router with frontend.* routes",
    ),
    (
        Platform::Shopware,
        Generator("Shopware"),
        "Shopware generator meta",
    ),
    (
        Platform::SalesforceCommerceCloud,
        ScriptSrc("demandware.static"),
        "script from demandware.static",
    ),
    (
        Platform::SalesforceCommerceCloud,
        Url("/on/demandware.store/"),
        "/on/demandware.store/ address",
    ),
    (
        Platform::SalesforceCommerceCloud,
        FormAction("demandware.store/Sites-"),
        "form posting to demandware.store",
    ),
    (
        Platform::SalesforceCommerceCloud,
        ScriptText("demandware.store/Sites-"),
        "demandware.store in a script",
    ),
    (
        Platform::OpenCart,
        ScriptSrc("catalog/view/javascript"),
        "script from catalog/view/javascript",
    ),
    (
        Platform::OpenCart,
        Url("route=product/"),
        "OpenCart route= address",
    ),
    (
        Platform::OpenCart,
        ScriptText("route=checkout/cart/add"),
        "OpenCart cart route in a script",
    ),
    (
        Platform::ZenCart,
        Url("main_page="),
        "Zen Cart main_page= address",
    ),
    (
        Platform::ZenCart,
        FormAction("main_page="),
        "form posting to main_page=",
    ),
    (
        Platform::ZenCart,
        Generator("Zen Cart"),
        "Zen Cart generator meta",
    ),
    (
        Platform::VirtueMart,
        Url("option=com_virtuemart"),
        "VirtueMart component address",
    ),
    (
        Platform::VirtueMart,
        ScriptSrc("com_virtuemart"),
        "script from com_virtuemart",
    ),
    (
        Platform::VirtueMart,
        FormAction("com_virtuemart"),
        "form posting to com_virtuemart",
    ),
    (
        Platform::Hybris,
        ScriptSrc("/_ui/responsive/"),
        "SAP Commerce /_ui/ assets",
    ),
    (
        Platform::Hybris,
        ScriptSrc("/_ui/desktop/"),
        "SAP Commerce /_ui/ assets",
    ),
    (
        Platform::Hybris,
        ScriptText("ACC.config"),
        "SAP Commerce ACC.config",
    ),
    (
        Platform::WebSphere,
        Url("/webapp/wcs/stores/"),
        "WebSphere Commerce /webapp/wcs/stores/",
    ),
    (
        Platform::WebSphere,
        ScriptSrc("/wcsstore/"),
        "script from /wcsstore/",
    ),
    (
        Platform::WebSphere,
        FormAction("/webapp/wcs/stores/"),
        "form posting to /webapp/wcs/stores/",
    ),
];

fn holds(f: &Facts, m: Marker) -> bool {
    let s = f.s;
    match m {
        ScriptText(t) => s.scripts.iter().any(|x| x.text.contains(t)),
        ScriptSrc(t) => s.script_srcs.iter().any(|u| u.contains(t)),
        ScriptSrc2(a, b) => s.script_srcs.iter().any(|u| u.contains(a) && u.contains(b)),
        MetaPrefix(p) => s.meta.iter().any(|(k, _)| k.starts_with(p)),
        Generator(p) => f.meta("generator").is_some_and(|v| v.starts_with(p)),
        BodyClass(c) => f.class(c),
        BodyClassPrefix(p) => f.class_prefix(p).is_some(),
        FormId(id) => s.forms.iter().any(|x| x.id == id),
        FormAction(a) => s.forms.iter().any(|x| x.action.contains(a)),
        DataAttr(a) => s.data_attrs.iter().any(|x| x.name == a),
        Url(u) => s.url.contains(u) || s.canonical.as_deref().is_some_and(|c| c.contains(u)),
        Global(g) => g(&f.globals),
    }
}

/// The platform with the most hints; on a tie, the one listed first.
pub(super) fn detect(f: &Facts, signals: &mut Vec<String>) -> Platform {
    let mut hints: Vec<(Platform, &str)> = Vec::new();
    for &(p, m, why) in MARKERS {
        if holds(f, m) && !hints.contains(&(p, why)) {
            hints.push((p, why));
        }
    }
    let mut best: Option<(usize, Platform)> = None;
    for (p, _) in &hints {
        let n = hints.iter().filter(|(h, _)| h == p).count();
        if best.is_none_or(|(b, _)| n > b) {
            best = Some((n, *p));
        }
    }
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

/// Where a platform writes the page's name.
#[derive(Clone, Copy)]
enum Source {
    /// A body class.
    Class(&'static str),
    /// Two body classes together.
    Classes(&'static str, &'static str),
    /// The address contains this (a platform's route or controller name).
    Route(&'static str),
}

/// What platforms call their pages: a body class or route name → the page type.
const PAGE_NAMES: &[(Source, PageType)] = {
    use PageType::*;
    use Source::*;
    &[
        // WooCommerce / WordPress
        (Class("woocommerce-order-received"), OrderConfirmation),
        (Class("woocommerce-view-order"), OrderConfirmation),
        (Class("single-product"), Product),
        (Class("woocommerce-cart"), Cart),
        (Class("tax-product_cat"), Collection),
        (Class("tax-product_tag"), Collection),
        (Class("post-type-archive-product"), Collection),
        (Class("search-results"), Other),
        (Class("single-post"), Other),
        // Magento 1 and 2
        (Class("catalog-product-view"), Product),
        (Class("catalog-category-view"), Collection),
        (Class("checkout-cart-index"), Cart),
        (Class("checkout-onepage-success"), OrderConfirmation),
        (Class("multishipping-checkout-success"), OrderConfirmation),
        (Class("sales-order-view"), OrderConfirmation),
        (Class("sales-guest-view"), OrderConfirmation),
        (Class("catalogsearch-result-index"), Other),
        (Class("sales-order-history"), Other),
        (Class("customer-account-index"), Other),
        (Class("customer-account-login"), Other),
        (Class("cms-index-index"), Other),
        // Shopware 6 and 5
        (Class("is-ctl-product"), Product),
        (Class("is-ctl-search"), Other),
        (Class("is-ctl-accountorder"), Other),
        (Class("is-ctl-accountprofile"), Other),
        (
            Classes("is-ctl-checkout", "is-act-finishpage"),
            OrderConfirmation,
        ),
        (Classes("is-ctl-checkout", "is-act-cartpage"), Cart),
        (Classes("is-ctl-navigation", "is-act-index"), Collection),
        (Class("is--ctl-detail"), Product),
        (Class("is--ctl-listing"), Collection),
        (Classes("is--ctl-checkout", "is--act-cart"), Cart),
        (
            Classes("is--ctl-checkout", "is--act-finish"),
            OrderConfirmation,
        ),
        (Class("is--ctl-search"), Other),
        (Class("is--ctl-account"), Other),
        // Generic theme classes
        (Class("page-category"), Collection),
        (Class("page-product"), Product),
        // OpenCart
        (Route("route=product/product"), Product),
        (Route("route=product/category"), Collection),
        (Route("route=product/search"), Other),
        (Route("route=checkout/cart"), Cart),
        (Route("route=checkout/success"), OrderConfirmation),
        (Route("route=account/order/info"), OrderConfirmation),
        // Zen Cart, osCommerce
        (Route("main_page=product_info"), Product),
        (Route("main_page=shopping_cart"), Cart),
        (Route("main_page=checkout_success"), OrderConfirmation),
        (Route("main_page=account_history_info"), OrderConfirmation),
        (Route("main_page=account_history"), Other),
        (Route("main_page=login"), Other),
        (Route("/product_info.php"), Product),
        (Route("/shopping_cart.php"), Cart),
        (Route("/checkout_success.php"), OrderConfirmation),
        // VirtueMart
        (Route("view=productdetails"), Product),
        (Route("view=category"), Collection),
        (Route("view=cart"), Cart),
        // Salesforce Commerce Cloud controllers
        (Route("/Product-Show"), Product),
        (Route("/Search-Show"), Collection),
        (Route("/Cart-Show"), Cart),
        (Route("/Order-Confirm"), OrderConfirmation),
        (Route("/Account-Show"), Other),
        (Route("/Login-Show"), Other),
        // WebSphere Commerce commands
        (Route("/ProductDisplay"), Product),
        (Route("/CategoryDisplay"), Collection),
        (Route("/OrderItemDisplay"), Cart),
        (Route("/LogonForm"), Other),
    ]
};

pub(super) fn votes(f: &Facts, platform: Platform, votes: &mut Vec<Vote>) {
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
            "customers/order" => Some(OrderConfirmation),
            "searchresults" | "search" | "article" | "blog" | "customersAccount"
            | "customers/account" => Some(Other),
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
            "order-confirmation" | "order_confirmation" | "account_order" => {
                Some(OrderConfirmation)
            }
            "search" | "blog" | "blog_post" | "account_orders" | "account" => Some(Other),
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
            "cart" | "order" | "order-opc" => Some(Cart),
            "order-confirmation" | "order-detail" => Some(OrderConfirmation),
            "search" | "history" | "my-account" | "identity" | "addresses" | "checkout"
            | "authentication" | "index" => Some(Other),
            _ => None,
        };
        if let Some(t) = t {
            vote(votes, PLATFORM, t, format!("PrestaShop page {pn}"));
        }
    }
    for &(src, t) in PAGE_NAMES {
        let why = match src {
            Source::Class(c) if f.class(c) => format!("body class {c}"),
            Source::Classes(a, b) if f.class(a) && f.class(b) => format!("body class {a} {b}"),
            Source::Route(r) if f.s.url.contains(r) => format!("address names {r}"),
            _ => continue,
        };
        vote(votes, PLATFORM, t, why);
    }
    if f.class("woocommerce-account") && !f.class("woocommerce-view-order") {
        vote(votes, PLATFORM, Other, "body class woocommerce-account");
    }
    if f.class("woocommerce-checkout") && !f.class("woocommerce-order-received") {
        vote(
            votes,
            PLATFORM,
            Other,
            "body class woocommerce-checkout (checkout form)",
        );
    }
}

/// The selected variant, where the platform puts it.
pub(super) fn variant(f: &Facts, platform: Platform, p: &mut Product, sig: &mut Vec<String>) {
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
}

/// Platform data attributes, trusted above structured data: they name the selected
/// variant's code where JSON-LD often names only the parent's.
pub(super) fn product_attrs(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
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
}

/// Platform globals and markup, after structured data and Open Graph.
pub(super) fn product_hints(f: &Facts, platform: Platform, p: &mut Product, sig: &mut Vec<String>) {
    if let Some(sp) = f
        .globals
        .shopify_meta
        .as_ref()
        .and_then(|m| m.get("product"))
    {
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
}
