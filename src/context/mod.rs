//! Page context: which storefront platform and which kind of page the widget is on, and the
//! product or order it is about.
//!
//! Reading and deciding are split so the decision is pure and tested natively. A *reader*
//! turns a page into a [`PageSnapshot`] — plain facts, no interpretation — and
//! [`classify`] turns the snapshot into a [`PageContext`]. Two readers exist: the CLI's
//! HTML reader (`html`, feature `cli`, used by `shop-answers context`) and the widget's DOM
//! reader. Both must fill the snapshot the same way, from the same tables defined here, so a
//! fixture page classified by the CLI is classified identically in the browser.
//!
//! # What a reader fills, and how
//!
//! Every text is trimmed; a reader never interprets, it only copies. Caps bound the work on
//! huge pages: stop collecting a list at its cap and cut texts at the byte cap (on a char
//! boundary, see [`truncate`]).
//!
//! | field | source | cap |
//! |---|---|---|
//! | `url` | `location.href` (the CLI: `--url`, else the canonical link, else `og:url`) | — |
//! | `lang` | `<html lang>` | — |
//! | `title` | `document.title` | [`MAX_TEXT`] |
//! | `body_id`, `body_classes` | `<body id>`, `<body class>` split on whitespace | [`MAX_CLASSES`] |
//! | `meta` | every `<meta>` with `content` and `name` or `property` (name wins), as written | [`MAX_META`] |
//! | `canonical` | `<link rel="canonical" href>` | — |
//! | `json_ld` | text of each `<script type="application/ld+json">`, raw | [`MAX_JSON_LD`] × [`MAX_JSON_LD_BYTES`] |
//! | `scripts` | inline `<script>` *without* `src` and not JSON-LD that [`keeps_script`] keeps (a type in [`SCRIPT_TYPES`], a word of [`SCRIPT_KEYWORDS`] in its whole text): `type` attr + text, never run | [`MAX_SCRIPTS`] × [`MAX_SCRIPT_BYTES`] |
//! | `script_srcs` | `src` of each `<script src>` | [`MAX_SCRIPT_SRCS`] |
//! | `microdata` | each `[itemscope]` element: see [`MicrodataItem`] | [`MAX_ITEMS`] × [`MAX_PROPS`] |
//! | `data_attrs` | each element matching [`data_attr_selector`] (an attribute in [`DATA_ATTRIBUTES`], or [`DATA_PREFIX`] and a key of [`EXPLICIT_KEYS`]), in document order, its attributes of those names in attribute order: see [`DataAttr`] | [`MAX_DATA_ATTRS`], [`MAX_DATA_ATTRS_PER_NAME`] per name |
//! | `forms` | each element matching a selector in [`CART_FORMS`], then every other `<form>`: see [`CartForm`] | [`MAX_FORMS`] × [`MAX_INPUTS`] |
//! | `labels` | each text node in `<body>` (not inside `script`, `style`, `noscript`, `template`) that [`labels::find`] accepts: its text, and the next [`labels::NEXT_NODES`] non-empty text nodes in document order, joined by line breaks, each [`collapse`d](labels::collapse) | [`labels::MAX_LABELS_PER_KIND`] per kind, [`MAX_TEXT`] |
//! | `snippets` | for each row of [`SNIPPETS`], each element matching its `css`, in table then document order: the attribute `attr` or else the element's `innerText` | [`MAX_SNIPPETS_PER_KEY`] per key, [`MAX_TEXT`] |
//! | `explicit` | what the shop passed to `ShopAnswers.setContext({...})`, each scalar as text; arrays joined with `,` | [`MAX_META`] |
//!
//! Element text (`innerText` in the browser) keeps `<br>` and block boundaries as line
//! breaks and collapses other whitespace; the WooCommerce address parser depends on lines.
//!
//! A reader re-reads after client-side navigation (`pushState`/`replaceState`, `popstate`)
//! and after variant changes: the URL can change with no DOM change (Shopify `?variant=`).

mod classify;
#[cfg(feature = "cli")]
pub mod dom;
pub mod globals;
#[cfg(feature = "cli")]
pub mod html;
pub mod json;
pub mod labels;
mod out;

pub use classify::classify;

/// Most `<meta>` tags and explicit context keys kept.
pub const MAX_META: usize = 128;
/// Most body classes kept.
pub const MAX_CLASSES: usize = 64;
/// Most JSON-LD blocks kept.
pub const MAX_JSON_LD: usize = 16;
/// Largest JSON-LD block kept, in bytes (a product with many variants is large).
pub const MAX_JSON_LD_BYTES: usize = 256 * 1024;
/// Most inline scripts kept.
pub const MAX_SCRIPTS: usize = 32;
/// Largest inline script kept, in bytes; platform globals sit near the start.
pub const MAX_SCRIPT_BYTES: usize = 64 * 1024;
/// Most script `src` values kept.
pub const MAX_SCRIPT_SRCS: usize = 64;
/// Most microdata items kept.
pub const MAX_ITEMS: usize = 32;
/// Most properties kept per microdata item.
pub const MAX_PROPS: usize = 64;
/// Most data attributes kept.
pub const MAX_DATA_ATTRS: usize = 128;
/// Most data attributes kept per name: a listing repeats `data-product-id` on every tile,
/// and one name must not crowd out the others.
pub const MAX_DATA_ATTRS_PER_NAME: usize = 8;
/// Largest data attribute value kept, in bytes (PrestaShop's `data-product` is a JSON dump).
pub const MAX_ATTR_BYTES: usize = 64 * 1024;
/// Most forms kept.
pub const MAX_FORMS: usize = 24;
/// Most submit buttons kept per form.
pub const MAX_BUTTONS: usize = 8;
/// Most named controls kept per form.
pub const MAX_INPUTS: usize = 64;
/// Most snippets kept per key.
pub const MAX_SNIPPETS_PER_KEY: usize = 8;
/// Largest short text kept (snippets, item properties, control values, titles), in bytes.
pub const MAX_TEXT: usize = 1024;

/// Script types a reader looks into (lower case): classic and module scripts, Magento's
/// component declarations, and JSON data blocks.
pub const SCRIPT_TYPES: &[&str] = &[
    "",
    "text/javascript",
    "application/javascript",
    "module",
    "text/x-magento-init",
    "application/json",
];

/// Words an inline script must contain to be kept: every name the platform globals and the
/// data-layer readers look for contains one. Real pages carry hundreds of inline scripts
/// (ad code, polyfills, widgets); the few that describe the page would otherwise be crowded
/// out by the cap. Case-sensitive, as scripts are.
pub const SCRIPT_KEYWORDS: &[&str] = &[
    // Platform globals
    "Shopify",
    "var meta",
    "BCData",
    "stencilBootstrap",
    "prestashop",
    "priceDisplayPrecision",
    "window.router",
    "Mage.",
    "demandware",
    "route=checkout",
    "ACC.config",
    "wc_add_to_cart",
    // Data layers
    "dataLayer",
    "ecommerce",
    "digitalData",
    "utag_data",
    "google_tag_params",
    "gtag(",
    "fbq(",
    "pageType",
    "PageType",
    "page_type",
    "pagetype",
    "pageCategory",
    "page_category",
    "ecomm_",
    "content_ids",
    "item_id",
    "view_item",
    "productSKU",
    "productSku",
    "product_sku",
    "productID",
    "productId",
    "product_id",
    "products_id",
];

/// Whether a reader keeps an inline script of type `kind` (as written) whose whole text
/// contains a word of [`SCRIPT_KEYWORDS`] (`has_keyword`), given the scripts kept so far.
/// One Magento component declaration says all they say (the platform), so only the first
/// is kept: a Magento page has dozens.
pub fn keeps_script(kind: &str, has_keyword: bool, kept: &[InlineScript]) -> bool {
    let kind = kind.trim().to_ascii_lowercase();
    if kept.len() >= MAX_SCRIPTS || !SCRIPT_TYPES.contains(&kind.as_str()) {
        return false;
    }
    if kind == "text/x-magento-init" {
        return !kept.iter().any(|s| s.kind == kind);
    }
    has_keyword
}

/// [`SCRIPT_KEYWORDS`] as the source of one `RegExp`, so the browser tests a script's text
/// without copying it into the module.
pub fn script_keyword_source() -> String {
    let mut s = String::new();
    for (i, k) in SCRIPT_KEYWORDS.iter().enumerate() {
        if i > 0 {
            s.push('|');
        }
        for c in k.chars() {
            if matches!(
                c,
                '.' | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '*'
                    | '+'
                    | '?'
                    | '^'
                    | '$'
                    | '|'
                    | '\\'
                    | '/'
            ) {
                s.push('\\');
            }
            s.push(c);
        }
    }
    s
}

/// Prefix of the attributes a shop sets on any element to state the context itself, e.g.
/// `data-shop-answers-page-type="product"`, `data-shop-answers-sku="AB-1"`. The rest of the
/// name, with `-` read as `_`, is a key of the explicit context.
pub const DATA_PREFIX: &str = "data-shop-answers-";

/// The keys a shop can state with [`DATA_PREFIX`] attributes (and `setContext`): what the
/// classifier reads. A fixed list, so readers find them with one CSS selector; walking every
/// attribute of a large page for a name prefix costs the browser tens of milliseconds.
pub const EXPLICIT_KEYS: &[&str] = &[
    "page-type",
    "page",
    "sku",
    "product-id",
    "id",
    "handle",
    "variant-id",
    "variant",
    "name",
    "product-name",
    "price",
    "currency",
    "gtin",
    "brand",
    "collections",
    "tags",
    "order-number",
    "order",
    "order-date",
    "country",
    "region",
    "postcode",
    "postal-code",
    "lang",
    "locale",
];

/// Whether a reader keeps an attribute of this (lower-case) name.
pub fn is_data_attr(name: &str) -> bool {
    DATA_ATTRIBUTES.contains(&name)
        || name
            .strip_prefix(DATA_PREFIX)
            .is_some_and(|k| EXPLICIT_KEYS.contains(&k))
}

/// One CSS selector for every element that carries a kept attribute.
pub fn data_attr_selector() -> String {
    let mut s = String::new();
    let names = DATA_ATTRIBUTES
        .iter()
        .map(|a| a.to_string())
        .chain(EXPLICIT_KEYS.iter().map(|k| format!("{DATA_PREFIX}{k}")));
    for (i, n) in names.enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        s.push_str(&n);
        s.push(']');
    }
    s
}

/// Platform data attributes that carry identity, read from any element (PLATFORMS.md).
pub const DATA_ATTRIBUTES: &[&str] = &[
    "data-product-sku",   // BigCommerce (text content), Magento form (attribute)
    "data-product-id",    // many themes
    "data-product_id",    // WooCommerce variations form
    "data-product-upc",   // BigCommerce (text content)
    "data-product",       // PrestaShop #product-details: JSON dump of the product
    "data-order-number",  // Shopware finish page
    "data-cart-item-add", // BigCommerce add-to-cart form marker
    "data-sku",           // many themes and tag managers
    "data-pid",           // Salesforce Commerce Cloud product tiles and detail pages
    "data-product-code",  // many themes
    "data-productid",     // many themes
    "data-item-id",       // many themes
    "data-itemid",        // marketplaces
    "data-id-product",    // PrestaShop product miniatures
];

/// Selectors of add-to-cart forms, one per platform's default theme. Readers take these
/// first and then every other form, so a platform's form is never crowded out by a page's
/// search and newsletter forms.
pub const CART_FORMS: &[&str] = &[
    "form[action*=\"/cart/add\"]", // Shopify (also localized), Magento action
    "form[data-type=\"add-to-cart-form\"]", // Shopify Dawn
    "form.cart",                   // WooCommerce single product
    "#product_addtocart_form",     // Magento
    "form[data-cart-item-add]",    // BigCommerce
    "#add-to-cart-or-refresh",     // PrestaShop
    "form.buy-widget",             // Shopware
];

/// One row of the snippet table: text or an attribute read from elements matching `css`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnippetSelector {
    /// What the snippet is; several rows can share a key (one per platform).
    pub key: &'static str,
    /// A CSS selector valid for both `querySelectorAll` and the `scraper` crate.
    pub css: &'static str,
    /// Read this attribute instead of the element's text.
    pub attr: Option<&'static str>,
}

const fn sel(key: &'static str, css: &'static str) -> SnippetSelector {
    SnippetSelector {
        key,
        css,
        attr: None,
    }
}

/// Snippet key: an order number on a confirmation page.
pub const ORDER_NUMBER: &str = "order_number";
/// Snippet key: an order date on a confirmation page.
pub const ORDER_DATE: &str = "order_date";
/// Snippet key: the values of WooCommerce's block-theme summary rows, in row order.
pub const ORDER_SUMMARY_VALUE: &str = "order_summary_value";
/// Snippet key: a formatted shipping address.
pub const SHIPPING_ADDRESS: &str = "shipping_address";
/// Snippet key: the page's main heading.
pub const PRODUCT_TITLE: &str = "product_title";
/// Snippet key: a product number printed on the page (Shopware).
pub const PRODUCT_NUMBER: &str = "product_number";
/// Snippet key: marks an order confirmation rendered by an app (BigCommerce checkout-js).
pub const ORDER_CONFIRMATION: &str = "order_confirmation";

/// The page texts both readers collect, defined once (sources in PLATFORMS.md).
pub const SNIPPETS: &[SnippetSelector] = &[
    // WooCommerce classic thankyou.php
    sel(ORDER_NUMBER, ".woocommerce-order-overview__order strong"),
    sel(ORDER_DATE, ".woocommerce-order-overview__date strong"),
    // WooCommerce block theme: match rows by position, labels are translated
    sel(
        ORDER_SUMMARY_VALUE,
        ".wc-block-order-confirmation-summary-list-item__value",
    ),
    // Magento Luma success.phtml: logged-in, then guest
    sel(ORDER_NUMBER, ".checkout-success .order-number strong"),
    sel(ORDER_NUMBER, ".checkout-success p span"),
    // PrestaShop classic order-confirmation.tpl ("Order reference: XKBKNABJK")
    sel(ORDER_NUMBER, "#order-reference-value"),
    // BigCommerce checkout-js OrderStatus.tsx
    sel(
        ORDER_NUMBER,
        "[data-test=\"order-confirmation-order-number-text\"] strong",
    ),
    sel(ORDER_CONFIRMATION, ".orderConfirmation"),
    // Shopware finish page
    SnippetSelector {
        key: ORDER_NUMBER,
        css: ".finish-ordernumber[data-order-number]",
        attr: Some("data-order-number"),
    },
    // WooCommerce: classic and block-theme shipping address
    sel(
        SHIPPING_ADDRESS,
        ".woocommerce-column--shipping-address address",
    ),
    sel(
        SHIPPING_ADDRESS,
        ".wp-block-woocommerce-order-confirmation-shipping-address address",
    ),
    // Shopware product number
    sel(PRODUCT_NUMBER, ".product-detail-ordernumber"),
    sel(PRODUCT_TITLE, "h1"),
];

/// The facts a reader extracts from a page, as plain data. See the module docs for how each
/// field is filled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSnapshot {
    /// The page address.
    pub url: String,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `document.title`.
    pub title: Option<String>,
    /// `<body id>` (PrestaShop writes the page name there).
    pub body_id: Option<String>,
    /// `<body class>` tokens.
    pub body_classes: Vec<String>,
    /// `<meta>` name-or-property → content, in document order.
    pub meta: Vec<(String, String)>,
    /// `<link rel="canonical">`.
    pub canonical: Option<String>,
    /// Raw texts of the JSON-LD scripts.
    pub json_ld: Vec<String>,
    /// Inline scripts that may hold platform globals, as data.
    pub scripts: Vec<InlineScript>,
    /// External script addresses (platform CDNs and loaders).
    pub script_srcs: Vec<String>,
    /// Microdata items.
    pub microdata: Vec<MicrodataItem>,
    /// Identity-carrying data attributes.
    pub data_attrs: Vec<DataAttr>,
    /// Add-to-cart forms.
    pub forms: Vec<CartForm>,
    /// Texts found by the [`SNIPPETS`] table: (key, text).
    pub snippets: Vec<(String, String)>,
    /// Text nodes that start with a label of [`labels::LABELS`]: (the node's text, the
    /// text that follows it).
    pub labels: Vec<(String, String)>,
    /// The context the shop stated with `ShopAnswers.setContext`: key → value.
    pub explicit: Vec<(String, String)>,
}

/// An inline script, kept as text and never executed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InlineScript {
    /// The `type` attribute, empty when absent (`text/x-magento-init` marks Magento).
    pub kind: String,
    /// The script text, capped at [`MAX_SCRIPT_BYTES`].
    pub text: String,
}

/// One `[itemscope]` element and the properties that belong to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MicrodataItem {
    /// `itemtype`, e.g. `http://schema.org/Product`.
    pub itemtype: String,
    /// The element's own `itemprop`, when it is a property of an outer item (`offers`).
    pub prop: Option<String>,
    /// `itemprop` → value for descendants whose nearest `[itemscope]` ancestor is this item,
    /// in document order. The value is `content` for `meta`; `href` for `a`, `link`, `area`;
    /// `src` for `img`, `source`, `video`, `audio`, `iframe`, `embed`; `value` for `data`,
    /// `meter`; `datetime` for `time` (else its text); else the element's text. A nested
    /// item is listed with an empty value (it is also an item of its own).
    pub props: Vec<(String, String)>,
}

/// An identity-carrying data attribute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataAttr {
    /// The attribute name, lower case.
    pub name: String,
    /// The attribute value, capped at [`MAX_ATTR_BYTES`].
    pub value: String,
    /// The element's text when the value is empty (BigCommerce prints the SKU as text of
    /// `[data-product-sku]`), capped at [`MAX_TEXT`].
    pub text: String,
}

/// An add-to-cart form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CartForm {
    /// The form's `id`.
    pub id: String,
    /// The form's class tokens.
    pub classes: Vec<String>,
    /// The form's `action`.
    pub action: String,
    /// Named controls in document order: `input` → value (checkboxes and radios only when
    /// checked), `select` → the selected option's value, `button` with a `value` → value.
    pub inputs: Vec<(String, String)>,
    /// Submit controls in document order: a `button`'s text, else its `value`; an
    /// `input[type=submit]`'s `value`. Capped at [`MAX_BUTTONS`], each at [`MAX_TEXT`].
    pub buttons: Vec<String>,
}

/// The kind of page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageType {
    /// One product's page.
    Product,
    /// The page after a successful checkout.
    OrderConfirmation,
    /// The cart.
    Cart,
    /// A category or collection listing.
    Collection,
    /// A page of questions and answers.
    Faq,
    /// Anything else, and anything unsure.
    #[default]
    Other,
}

impl PageType {
    /// The name used in JSON and in bundle scopes.
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Product => "product",
            PageType::OrderConfirmation => "order_confirmation",
            PageType::Cart => "cart",
            PageType::Collection => "collection",
            PageType::Faq => "faq",
            PageType::Other => "other",
        }
    }

    /// The page type named `s` (as in [`PageType::as_str`]; `order` and `category` too).
    pub fn parse(s: &str) -> Option<PageType> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "product" => PageType::Product,
            "order_confirmation" | "order-confirmation" | "order" | "thank_you" => {
                PageType::OrderConfirmation
            }
            "cart" => PageType::Cart,
            "collection" | "category" => PageType::Collection,
            "faq" => PageType::Faq,
            "other" => PageType::Other,
            _ => return None,
        })
    }
}

/// The storefront platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Platform {
    /// Shopify.
    Shopify,
    /// WooCommerce (WordPress).
    WooCommerce,
    /// Magento 1 and 2 / Adobe Commerce.
    Magento,
    /// BigCommerce (Stencil).
    BigCommerce,
    /// PrestaShop.
    PrestaShop,
    /// Shopware 6 and 5.
    Shopware,
    /// Salesforce Commerce Cloud (Demandware).
    SalesforceCommerceCloud,
    /// OpenCart.
    OpenCart,
    /// Zen Cart (and osCommerce, whose page names it kept).
    ZenCart,
    /// VirtueMart (Joomla).
    VirtueMart,
    /// SAP Commerce Cloud (Hybris).
    Hybris,
    /// HCL (IBM) WebSphere Commerce.
    WebSphere,
    /// Unknown or none.
    #[default]
    Other,
}

impl Platform {
    /// Every named platform (all but [`Platform::Other`]).
    pub const ALL: [Platform; 12] = [
        Platform::Shopify,
        Platform::WooCommerce,
        Platform::Magento,
        Platform::BigCommerce,
        Platform::PrestaShop,
        Platform::Shopware,
        Platform::SalesforceCommerceCloud,
        Platform::OpenCart,
        Platform::ZenCart,
        Platform::VirtueMart,
        Platform::Hybris,
        Platform::WebSphere,
    ];

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Shopify => "shopify",
            Platform::WooCommerce => "woocommerce",
            Platform::Magento => "magento",
            Platform::BigCommerce => "bigcommerce",
            Platform::PrestaShop => "prestashop",
            Platform::Shopware => "shopware",
            Platform::SalesforceCommerceCloud => "salesforce_commerce_cloud",
            Platform::OpenCart => "opencart",
            Platform::ZenCart => "zencart",
            Platform::VirtueMart => "virtuemart",
            Platform::Hybris => "hybris",
            Platform::WebSphere => "websphere_commerce",
            Platform::Other => "other",
        }
    }
}

/// What the page says about its product. SKU, GTIN, MPN and the platform's own id are kept
/// apart: platforms fill `sku` with the id when there is none, and answers are scoped by SKU.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Product {
    /// The merchant's stock keeping unit (of the selected variant when one is selected).
    pub sku: Option<String>,
    /// The platform's product id (Shopify product id, WooCommerce post id, …).
    pub id: Option<String>,
    /// The selected variant's platform id, when the page says which one.
    pub variant_id: Option<String>,
    /// The product name.
    pub name: Option<String>,
    /// The URL handle or key (Shopify handle, Magento url_key, WooCommerce slug).
    pub handle: Option<String>,
    /// GTIN (EAN/UPC/ISBN), any length.
    pub gtin: Option<String>,
    /// Manufacturer part number.
    pub mpn: Option<String>,
    /// Brand name.
    pub brand: Option<String>,
    /// Price as written, from the same node as `currency`.
    pub price: Option<String>,
    /// ISO 4217 currency of `price`.
    pub currency: Option<String>,
    /// Collections the page places the product in.
    pub collections: Vec<String>,
    /// Product tags the page states.
    pub tags: Vec<String>,
}

/// What the page says about the order just placed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Order {
    /// The order number shown to the shopper.
    pub number: Option<String>,
    /// The order date as the page gives it.
    pub date: Option<String>,
    /// Delivery country, ISO 3166-1 alpha-2 when known.
    pub country: Option<String>,
    /// Delivery region, as given.
    pub region: Option<String>,
    /// Delivery postcode.
    pub postcode: Option<String>,
    /// Earliest expected arrival (schema.org ParcelDelivery).
    pub expected_arrival_from: Option<String>,
    /// Latest expected arrival.
    pub expected_arrival_until: Option<String>,
}

/// The classifier's verdict on a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContext {
    /// The kind of page; `Other` when unsure.
    pub page_type: PageType,
    /// The storefront platform.
    pub platform: Platform,
    /// The product, on product pages.
    pub product: Option<Product>,
    /// The order, on order confirmations.
    pub order: Option<Order>,
    /// The page language (BCP 47 as the page writes it).
    pub lang: Option<String>,
    /// What decided, most trusted first, for debugging a shop's markup.
    pub signals: Vec<String>,
}

/// Cuts `s` to at most `max` bytes on a char boundary; readers use it for every cap.
pub fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Collapses runs of spaces and tabs, trims each line and drops empty lines: the text a
/// reader stores for an element.
pub fn clean_text(s: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.join(" "));
    }
    out
}
