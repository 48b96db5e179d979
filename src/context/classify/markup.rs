//! The page's own markup and text: add-to-cart forms and their hidden inputs, identity data
//! attributes, the product code or order number a page prints after a label ("SKU:",
//! "Art.-Nr.", "Order #"), the heading, and the known order-confirmation markup of the
//! platforms' checkouts. Trusted below data layers and above URL patterns.

use super::*;
use crate::context::labels::{self, LabelKind};

/// A label found on the page, with what it announces.
pub(super) struct Found {
    kind: LabelKind,
    /// The value printed with the label: the rest of its text node, else the next text.
    value: String,
    /// The text after the label node, line by line.
    next: String,
}

/// Separators between a label and its value.
fn strip_separators(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '：' | '#' | '-' | '–' | '—' | '.' | '№' | '°')
    })
    .trim()
}

/// Reads the labels a reader kept.
pub(super) fn found(kept: &[(String, String)]) -> Vec<Found> {
    let mut out = Vec::new();
    for (text, next) in kept {
        let Some((label, rest)) = labels::find(text) else {
            continue;
        };
        let rest = strip_separators(&rest);
        let value = if rest.is_empty() {
            next.lines().next().map(strip_separators).unwrap_or("")
        } else {
            rest
        };
        out.push(Found {
            kind: label.kind,
            value: value.to_string(),
            next: next.clone(),
        });
    }
    out
}

/// The first word of a label's value when it is a code: "0638", "H20-6447PB",
/// "112-0399923-3070642".
fn code_of(value: &str) -> Option<&str> {
    let w = value.split_whitespace().next()?;
    let w = w.trim_end_matches([',', ';', ')', '.']);
    is_code(w).then_some(w)
}

/// The distinct codes printed after labels of `kinds`.
fn codes<'f>(f: &'f Facts, kinds: &[LabelKind]) -> Vec<&'f str> {
    let mut out: Vec<&str> = Vec::new();
    for l in f.labels.iter().filter(|l| kinds.contains(&l.kind)) {
        if let Some(c) = code_of(&l.value) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

fn has_label(f: &Facts, kind: LabelKind) -> bool {
    f.labels.iter().any(|l| l.kind == kind)
}

/// Form control names that carry the product a form adds: (name, is it a SKU).
const PRODUCT_INPUTS: &[(&str, bool)] = &[
    ("add-to-cart", false), // WooCommerce
    ("product_id", false),  // WooCommerce variations, BigCommerce, OpenCart
    ("product", false),     // Magento
    ("id_product", false),  // PrestaShop
    ("products_id", false), // Zen Cart, osCommerce
    ("productId", false),
    ("productID", false),
    ("ProductId", false),
    ("pid", false),                     // Salesforce Commerce Cloud
    ("virtuemart_product_id[]", false), // VirtueMart
    ("catEntryId", false),              // WebSphere Commerce
    ("ASIN", false),                    // marketplaces
    ("productCodePost", true),          // SAP Commerce
    ("productCode", true),
    ("sku", true),
];

/// Whether a form adds a product to the cart: a platform's product form, an action that
/// adds to a cart, or a submit button that says so. A cart page's own form (quantities to
/// update) does not.
pub(super) fn is_cart_form(fm: &CartForm) -> bool {
    if fm
        .inputs
        .iter()
        .any(|(n, _)| n.starts_with("updates[") || n == "update_cart" || n == "cart_update")
    {
        return false;
    }
    let action = fm.action.to_ascii_lowercase();
    let id = fm.id.to_ascii_lowercase();
    let marked = [
        "/cart/add",
        "cart/add",
        "add-to-cart",
        "addtocart",
        "add_to_cart",
        "/cart.php",
        "basket/add",
        "action=add_product",
        "addproduct",
    ]
    .iter()
    .any(|m| action.contains(m))
        || ["product_addtocart_form", "add-to-cart-or-refresh"].contains(&id.as_str())
        || id.contains("addtocart")
        || id.contains("add-to-cart")
        || fm.classes.iter().any(|c| {
            matches!(
                c.as_str(),
                "cart" | "buy-widget" | "product-form" | "variations_form"
            ) || c.contains("add-to-cart")
                || c.contains("addtocart")
        });
    marked
        || fm.buttons.iter().any(|b| {
            labels::find(b).is_some_and(|(l, rest)| {
                l.kind == LabelKind::AddToCart && rest.chars().count() <= 16
            })
        })
}

/// The add-to-cart forms of the page.
pub(super) fn cart_forms<'f>(f: &'f Facts) -> impl Iterator<Item = &'f CartForm> + 'f {
    f.s.forms.iter().filter(|fm| is_cart_form(fm))
}

/// The add-to-cart forms of the page's own product: all of them when they add one product;
/// with several products (related products, "bought together"), those whose product the
/// page's address names.
fn main_forms<'f>(f: &'f Facts) -> Vec<&'f CartForm> {
    let forms: Vec<&CartForm> = cart_forms(f).collect();
    let keys: Vec<String> = forms.iter().map(|fm| form_product_key(fm)).collect();
    if distinct(&keys) <= 1 {
        return forms;
    }
    let in_url = |k: &str| k.len() >= 3 && address_names(f, k);
    let named: Vec<&String> = keys.iter().filter(|k| in_url(k)).collect();
    if distinct(&named) != 1 {
        return Vec::new();
    }
    let k = named[0].clone();
    forms
        .into_iter()
        .zip(keys)
        .filter(|(_, key)| *key == k)
        .map(|(fm, _)| fm)
        .collect()
}

/// The page's address contains `id` as a whole path segment, query value, or the end of a
/// segment (`/slug-12345.html`).
fn address_names(f: &Facts, id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    f.query.iter().any(|(_, v)| v.eq_ignore_ascii_case(&id))
        || f.path.iter().any(|s| {
            let stem = s.split('.').next().unwrap_or(s);
            stem == id
                || stem
                    .strip_suffix(id.as_str())
                    .is_some_and(|r| r.ends_with(['-', '_', '/', 'p', 'x']))
        })
}

/// What identifies the product a form adds, so two forms for one product count once.
fn form_product_key(fm: &CartForm) -> String {
    for name in std::iter::once("id").chain(PRODUCT_INPUTS.iter().map(|(n, _)| *n)) {
        if let Some((_, v)) = fm.inputs.iter().find(|(n, v)| n == name && !v.is_empty()) {
            return v.clone();
        }
    }
    fm.inputs
        .iter()
        .find(|(n, _)| n.starts_with("lineItems[") && n.ends_with("][id]"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| fm.id.clone())
}

/// A heading (title or `h1`) that names the page: (folded text it starts with, type).
const HEADINGS: &[(&str, PageType)] = {
    use PageType::*;
    &[
        ("order details", OrderConfirmation),
        ("order detail", OrderConfirmation),
        ("order confirmation", OrderConfirmation),
        ("order confirmed", OrderConfirmation),
        ("order received", OrderConfirmation),
        ("thank you for your order", OrderConfirmation),
        ("thanks for your order", OrderConfirmation),
        ("thank you for your purchase", OrderConfirmation),
        ("bestelldetails", OrderConfirmation),
        ("bestellbestätigung", OrderConfirmation),
        ("vielen dank für ihre bestellung", OrderConfirmation),
        ("détails de la commande", OrderConfirmation),
        ("confirmation de commande", OrderConfirmation),
        ("merci pour votre commande", OrderConfirmation),
        ("detalles del pedido", OrderConfirmation),
        ("confirmación del pedido", OrderConfirmation),
        ("gracias por tu pedido", OrderConfirmation),
        ("dettagli ordine", OrderConfirmation),
        ("dettagli dell'ordine", OrderConfirmation),
        ("conferma d'ordine", OrderConfirmation),
        ("bestelgegevens", OrderConfirmation),
        ("bedankt voor je bestelling", OrderConfirmation),
        ("szczegóły zamówienia", OrderConfirmation),
        ("ご注文ありがとうございます", OrderConfirmation),
        ("注文内容", OrderConfirmation),
        ("訂單詳情", OrderConfirmation),
        ("订单详情", OrderConfirmation),
        ("your orders", Other),
        ("my orders", Other),
        ("order history", Other),
        ("meine bestellungen", Other),
        ("mes commandes", Other),
        ("mis pedidos", Other),
        ("i miei ordini", Other),
        ("mijn bestellingen", Other),
        ("moje zamówienia", Other),
        ("注文履歴", Other),
        ("your cart", Cart),
        ("your shopping cart", Cart),
        ("shopping cart", Cart),
        ("your basket", Cart),
        ("shopping basket", Cart),
        ("your bag", Cart),
        ("shopping bag", Cart),
        ("cart", Cart),
        ("basket", Cart),
        ("warenkorb", Cart),
        ("ihr warenkorb", Cart),
        ("mein warenkorb", Cart),
        ("einkaufswagen", Cart),
        ("panier", Cart),
        ("votre panier", Cart),
        ("mon panier", Cart),
        ("carrito", Cart),
        ("tu carrito", Cart),
        ("cesta", Cart),
        ("carrello", Cart),
        ("il tuo carrello", Cart),
        ("winkelwagen", Cart),
        ("winkelmand", Cart),
        ("koszyk", Cart),
        ("košík", Cart),
        ("košarica", Cart),
        ("kosár", Cart),
        ("carrinho", Cart),
        ("varukorg", Cart),
        ("handlekurv", Cart),
        ("indkøbskurv", Cart),
        ("ostoskori", Cart),
        ("корзина", Cart),
        ("ショッピングカート", Cart),
        ("購物車", Cart),
        ("购物车", Cart),
        ("장바구니", Cart),
    ]
};

/// The page type a heading names, when it starts with one of [`HEADINGS`].
fn heading(text: &str) -> Option<(PageType, &'static str)> {
    let n = labels::normalize(text);
    HEADINGS.iter().find_map(|&(h, t)| {
        let rest = n.strip_prefix(h)?;
        let boundary = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        boundary.then_some((t, h))
    })
}

pub(super) fn votes(f: &Facts, votes: &mut Vec<Vote>) {
    use PageType::*;
    // Known order-confirmation markup of the platforms' checkouts.
    if f.snippets(ORDER_NUMBER).next().is_some() {
        vote(votes, MARKUP, OrderConfirmation, "order number markup");
    }
    if f.snippets(ORDER_CONFIRMATION).next().is_some()
        || f.snippets(ORDER_SUMMARY_VALUE).next().is_some()
    {
        vote(
            votes,
            MARKUP,
            OrderConfirmation,
            "order confirmation markup",
        );
    }
    // Headings: the title, then the first h1.
    let mut heads: Vec<(PageType, &str)> = Vec::new();
    for t in
        f.s.title
            .iter()
            .map(String::as_str)
            .chain(f.snippets(PRODUCT_TITLE).take(1))
    {
        if let Some(h) = heading(t).filter(|h| !heads.contains(h)) {
            heads.push(h);
        }
    }
    let order_head = heads.iter().find(|(t, _)| *t == OrderConfirmation);
    // Order numbers: one with an order heading or date is an order; several, a history.
    let numbers = codes(f, &[LabelKind::OrderNumber]);
    match numbers.len() {
        0 => {}
        1 if order_head.is_some() || has_label(f, LabelKind::OrderDate) => vote(
            votes,
            MARKUP,
            OrderConfirmation,
            format!("order number label ({})", numbers[0]),
        ),
        1 => {}
        n => vote(
            votes,
            MARKUP,
            Other,
            format!("{n} order numbers (a list of orders)"),
        ),
    }
    for (t, h) in &heads {
        if *t != OrderConfirmation || numbers.len() <= 1 {
            vote(votes, MARKUP, *t, format!("heading \"{h}\""));
        }
    }
    // Add-to-cart forms: one product → a product page; several → a listing.
    let keys: Vec<String> = cart_forms(f).map(form_product_key).collect();
    match distinct(&keys) {
        0 => {}
        1 => vote(votes, MARKUP, Product, "one product's add-to-cart form"),
        n if !main_forms(f).is_empty() => vote(
            votes,
            MARKUP,
            Product,
            format!("the add-to-cart form of the product the address names (of {n})"),
        ),
        n if n >= 4 => structured::listing(f, votes, format!("{n} products' add-to-cart forms")),
        _ => {}
    }
    // No form, but a product code and a buy button: a product page of a script-built theme.
    if keys.is_empty() && codes(f, &[LabelKind::Sku]).len() == 1 {
        let buttons = f
            .labels
            .iter()
            .filter(|l| l.kind == LabelKind::AddToCart)
            .count();
        if buttons == 1 {
            vote(
                votes,
                MARKUP,
                Product,
                "a product code label and a buy button",
            );
        }
    }
}

/// The product's ids from the hidden inputs of its add-to-cart form.
pub(super) fn form_ids(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    let forms = main_forms(f);
    let input = |name: &str| {
        single(forms.iter().flat_map(|fm| {
            fm.inputs
                .iter()
                .filter(move |(n, _)| n == name)
                .map(|(_, v)| v.trim())
        }))
    };
    for &(name, is_sku) in PRODUCT_INPUTS {
        // A platform's own input: short ids ("86") are real ids here.
        let v =
            input(name).filter(|v| v != "0" && v.len() <= 64 && !v.contains(char::is_whitespace));
        let slot = if is_sku { &mut p.sku } else { &mut p.id };
        take(
            slot,
            v,
            if is_sku { "sku" } else { "id" },
            "the add-to-cart form",
            sig,
        );
    }
    let line_item = single(forms.iter().flat_map(|fm| {
        fm.inputs
            .iter()
            .filter(|(n, _)| n.starts_with("lineItems[") && n.ends_with("][id]"))
            .map(|(_, v)| v.trim())
    }));
    take(&mut p.id, line_item, "id", "the add-to-cart form", sig);
}

/// The product code printed after a label, when the page prints one code.
pub(super) fn label_codes(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    let skus = codes(f, &[LabelKind::Sku, LabelKind::SkuOrOrder]);
    if skus.len() == 1 {
        take(
            &mut p.sku,
            Some(skus[0].to_string()),
            "sku",
            "a product code label",
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
}

/// Ids in data attributes themes and tag managers print, one value across the page.
pub(super) fn data_attr_ids(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    for (attr, is_sku) in [
        ("data-product_id", false),
        ("data-product-id", false),
        ("data-productid", false),
        ("data-pid", false),
        ("data-id-product", false),
        ("data-sku", true),
        ("data-product-code", true),
        ("data-item-id", false),
        ("data-itemid", false),
    ] {
        let v = f.data_attr(attr).filter(|v| is_code(v));
        let slot = if is_sku { &mut p.sku } else { &mut p.id };
        take(slot, v, if is_sku { "sku" } else { "id" }, attr, sig);
    }
}

/// The order's number, date and address from the labels around them.
pub(super) fn order(f: &Facts, o: &mut Order, sig: &mut Vec<String>) {
    let numbers = codes(f, &[LabelKind::OrderNumber, LabelKind::SkuOrOrder]);
    if numbers.len() == 1 {
        take(
            &mut o.number,
            Some(numbers[0].to_string()),
            "order number",
            "an order number label",
            sig,
        );
    }
    if let Some(d) = f.labels.iter().find(|l| l.kind == LabelKind::OrderDate) {
        let v = d.value.trim_start_matches(|c: char| !c.is_alphanumeric());
        take(
            &mut o.date,
            Some(truncate(v, 64).to_string()).filter(|v| v.chars().any(|c| c.is_ascii_digit())),
            "order date",
            "an order date label",
            sig,
        );
    }
    if let Some(a) = f.labels.iter().find(|l| l.kind == LabelKind::ShipTo) {
        let (country, postcode) = order::parse_address(&a.next);
        take(
            &mut o.country,
            country,
            "country",
            "the address after a shipping label",
            sig,
        );
        take(
            &mut o.postcode,
            postcode,
            "postcode",
            "the address after a shipping label",
            sig,
        );
    }
}
