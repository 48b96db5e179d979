//! Visible text labels: the words a page prints before a product code, an order number, an
//! order date or an address, and the words on its buy button and in its headings, in the
//! languages shops write in.
//!
//! The table is shared by both readers and the classifier. A reader keeps every text node
//! (outside scripts and styles) that *starts* with a label, together with the text that
//! follows it in document order; the classifier reads the value out of the two (see
//! `classify::labels`). Matching folds ASCII case and collapses whitespace and nothing else,
//! so that the browser can prefilter text nodes with one case-insensitive `RegExp` built from
//! [`prefilter_source`] (a superset of [`find`]) and confirm each hit here: both readers keep
//! exactly the nodes [`find`] accepts. Spellings that differ in more than ASCII case
//! (`réf`/`ref`, `Šifra`/`šifra`) are listed each.

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// A product code: SKU, article or item number.
    Sku,
    /// "Bestellnummer" and the like: the product's order code on a product page, the order's
    /// number on an order page.
    SkuOrOrder,
    /// An order number.
    OrderNumber,
    /// An order date.
    OrderDate,
    /// A shipping address follows.
    ShipTo,
    /// A buy button: "Add to cart".
    AddToCart,
}

/// One row of the label table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// What it announces.
    pub kind: LabelKind,
    /// The label as written, ASCII letters in lower case, single spaces.
    pub text: &'static str,
}

const fn l(kind: LabelKind, text: &'static str) -> Label {
    Label { kind, text }
}

use LabelKind::*;

/// Every label both readers look for. Longer labels come before their prefixes so the
/// longest one wins ("item number" before "item").
pub const LABELS: &[Label] = &[
    // Product codes.
    l(Sku, "sku"),
    l(Sku, "item #"),
    l(Sku, "item#"),
    l(Sku, "item no"),
    l(Sku, "item number"),
    l(Sku, "item code"),
    l(Sku, "product code"),
    l(Sku, "product no"),
    l(Sku, "product number"),
    l(Sku, "product id"),
    l(Sku, "product #"),
    l(Sku, "part number"),
    l(Sku, "part no"),
    l(Sku, "article number"),
    l(Sku, "art. no"),
    l(Sku, "art.no"),
    l(Sku, "catalog number"),
    l(Sku, "catalogue number"),
    l(Sku, "style #"),
    l(Sku, "style no"),
    l(Sku, "stock code"),
    l(Sku, "art.-nr"),
    l(Sku, "art.nr"),
    l(Sku, "art-nr"),
    l(Sku, "artikelnummer"),
    l(Sku, "artikel-nr"),
    l(Sku, "artikelnr"),
    l(Sku, "artikelcode"),
    l(Sku, "produktnummer"),
    l(Sku, "best.-nr"),
    l(Sku, "réf"),
    l(Sku, "ref"),
    l(Sku, "référence"),
    l(Sku, "reference"),
    l(Sku, "code produit"),
    l(Sku, "code article"),
    l(Sku, "n° d'article"),
    l(Sku, "código"),
    l(Sku, "codigo"),
    l(Sku, "cód"),
    l(Sku, "cod"),
    l(Sku, "referencia"),
    l(Sku, "referência"),
    l(Sku, "codice"),
    l(Sku, "codice articolo"),
    l(Sku, "codice prodotto"),
    l(Sku, "rif"),
    l(Sku, "productcode"),
    l(Sku, "kod produktu"),
    l(Sku, "kod"),
    l(Sku, "nr ref"),
    l(Sku, "numer referencyjny"),
    l(Sku, "nr katalogowy"),
    l(Sku, "kód"),
    l(Sku, "kód produktu"),
    l(Sku, "katalogové číslo"),
    l(Sku, "objednací číslo"),
    l(Sku, "šifra"),
    l(Sku, "Šifra"),
    l(Sku, "cikkszám"),
    l(Sku, "termékkód"),
    l(Sku, "varenummer"),
    l(Sku, "varenr"),
    l(Sku, "varunummer"),
    l(Sku, "tuotenumero"),
    l(Sku, "tuotekoodi"),
    l(Sku, "артикул"),
    l(Sku, "Артикул"),
    l(Sku, "код товара"),
    l(Sku, "Код товара"),
    l(Sku, "ürün kodu"),
    l(Sku, "stok kodu"),
    l(Sku, "κωδικός"),
    l(Sku, "Κωδικός"),
    l(Sku, "קוד מוצר"),
    l(Sku, "מק\"ט"),
    l(Sku, "商品編號"),
    l(Sku, "商品编号"),
    l(Sku, "產品編號"),
    l(Sku, "货号"),
    l(Sku, "貨號"),
    l(Sku, "型番"),
    l(Sku, "品番"),
    l(Sku, "商品コード"),
    l(Sku, "商品番号"),
    l(Sku, "상품번호"),
    l(Sku, "상품코드"),
    l(Sku, "품번"),
    // Product code on a product page, order number on an order page.
    l(SkuOrOrder, "bestellnummer"),
    l(SkuOrOrder, "bestell-nr"),
    l(SkuOrOrder, "bestellnr"),
    // Order numbers.
    l(OrderNumber, "order #"),
    l(OrderNumber, "order#"),
    l(OrderNumber, "order number"),
    l(OrderNumber, "order no"),
    l(OrderNumber, "order id"),
    l(OrderNumber, "order reference"),
    l(OrderNumber, "order ref"),
    l(OrderNumber, "auftragsnummer"),
    l(OrderNumber, "n° de commande"),
    l(OrderNumber, "numéro de commande"),
    l(OrderNumber, "commande n°"),
    l(OrderNumber, "commande #"),
    l(OrderNumber, "número de pedido"),
    l(OrderNumber, "numero de pedido"),
    l(OrderNumber, "pedido nº"),
    l(OrderNumber, "pedido n°"),
    l(OrderNumber, "pedido #"),
    l(OrderNumber, "numero ordine"),
    l(OrderNumber, "numero d'ordine"),
    l(OrderNumber, "ordine n"),
    l(OrderNumber, "ordernummer"),
    l(OrderNumber, "bestelnummer"),
    l(OrderNumber, "numer zamówienia"),
    l(OrderNumber, "zamówienie nr"),
    l(OrderNumber, "číslo objednávky"),
    l(OrderNumber, "objednávka č"),
    l(OrderNumber, "номер заказа"),
    l(OrderNumber, "Номер заказа"),
    l(OrderNumber, "заказ №"),
    l(OrderNumber, "Заказ №"),
    l(OrderNumber, "注文番号"),
    l(OrderNumber, "ご注文番号"),
    l(OrderNumber, "訂單編號"),
    l(OrderNumber, "订单号"),
    l(OrderNumber, "订单编号"),
    l(OrderNumber, "주문번호"),
    // Order dates.
    l(OrderDate, "ordered on"),
    l(OrderDate, "order placed"),
    l(OrderDate, "order date"),
    l(OrderDate, "date ordered"),
    l(OrderDate, "date of order"),
    l(OrderDate, "placed on"),
    l(OrderDate, "bestelldatum"),
    l(OrderDate, "bestellt am"),
    l(OrderDate, "date de commande"),
    l(OrderDate, "commandé le"),
    l(OrderDate, "fecha del pedido"),
    l(OrderDate, "fecha de pedido"),
    l(OrderDate, "data ordine"),
    l(OrderDate, "data dell'ordine"),
    l(OrderDate, "besteldatum"),
    l(OrderDate, "data zamówienia"),
    l(OrderDate, "datum objednávky"),
    l(OrderDate, "注文日"),
    l(OrderDate, "訂單日期"),
    // Shipping addresses.
    l(ShipTo, "shipping address"),
    l(ShipTo, "ship to"),
    l(ShipTo, "shipped to"),
    l(ShipTo, "delivery address"),
    l(ShipTo, "deliver to"),
    l(ShipTo, "delivered to"),
    l(ShipTo, "lieferadresse"),
    l(ShipTo, "lieferanschrift"),
    l(ShipTo, "versandadresse"),
    l(ShipTo, "adresse de livraison"),
    l(ShipTo, "dirección de envío"),
    l(ShipTo, "direccion de envio"),
    l(ShipTo, "indirizzo di spedizione"),
    l(ShipTo, "afleveradres"),
    l(ShipTo, "bezorgadres"),
    l(ShipTo, "adres dostawy"),
    l(ShipTo, "お届け先"),
    l(ShipTo, "配送先"),
    // Buy buttons.
    l(AddToCart, "add to cart"),
    l(AddToCart, "add to bag"),
    l(AddToCart, "add to basket"),
    l(AddToCart, "add to trolley"),
    l(AddToCart, "in den warenkorb"),
    l(AddToCart, "in den einkaufswagen"),
    l(AddToCart, "zum warenkorb hinzufügen"),
    l(AddToCart, "ajouter au panier"),
    l(AddToCart, "añadir al carrito"),
    l(AddToCart, "agregar al carrito"),
    l(AddToCart, "añadir a la cesta"),
    l(AddToCart, "aggiungi al carrello"),
    l(AddToCart, "toevoegen aan winkelwagen"),
    l(AddToCart, "in winkelwagen"),
    l(AddToCart, "in winkelmand"),
    l(AddToCart, "dodaj do koszyka"),
    l(AddToCart, "do koszyka"),
    l(AddToCart, "do košíka"),
    l(AddToCart, "do košíku"),
    l(AddToCart, "vložit do košíku"),
    l(AddToCart, "v košarico"),
    l(AddToCart, "dodaj v košarico"),
    l(AddToCart, "dodaj u košaricu"),
    l(AddToCart, "u košaricu"),
    l(AddToCart, "dodaj u korpu"),
    l(AddToCart, "kosárba"),
    l(AddToCart, "adicionar ao carrinho"),
    l(AddToCart, "lägg i varukorgen"),
    l(AddToCart, "legg i handlekurven"),
    l(AddToCart, "læg i kurv"),
    l(AddToCart, "lisää ostoskoriin"),
    l(AddToCart, "в корзину"),
    l(AddToCart, "В корзину"),
    l(AddToCart, "sepete ekle"),
    l(AddToCart, "カートに入れる"),
    l(AddToCart, "カートに追加"),
    l(AddToCart, "加入購物車"),
    l(AddToCart, "加入购物车"),
    l(AddToCart, "장바구니 담기"),
    l(AddToCart, "הוסף לסל"),
    l(AddToCart, "أضف إلى السلة"),
];

/// Longest text node a reader tests against the table, in bytes: labels sit in short nodes.
pub const MAX_LABEL_NODE: usize = 200;
/// Most text nodes kept per [`LabelKind`].
pub const MAX_LABELS_PER_KIND: usize = 8;
/// Most non-empty text nodes after a label a reader joins into its "next" text.
pub const NEXT_NODES: usize = 6;

/// Whitespace collapsed to single spaces and trimmed; case kept.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// [`collapse`]d with ASCII letters in lower case: the form labels are compared in. Lower
/// case keeps byte offsets, so a match in it is a match at the same offset in [`collapse`].
pub fn normalize(s: &str) -> String {
    collapse(s).to_ascii_lowercase()
}

/// Scripts written without spaces between words (Han, Kana, Hangul) need no boundary
/// after a label: "商品編號12345".
fn unspaced(c: char) -> bool {
    c as u32 >= 0x2E80
}

/// The label a text node starts with, and the text after it ([`collapse`]d, case kept). A
/// label must end the node or be followed by a character that is not a letter or digit
/// ("sku:", "sku 12", not "skus"); the longest matching label wins.
pub fn find(text: &str) -> Option<(Label, String)> {
    if text.len() > MAX_LABEL_NODE {
        return None;
    }
    let c = collapse(text);
    let n = c.to_ascii_lowercase();
    let mut best: Option<Label> = None;
    for lab in LABELS {
        if let Some(rest) = n.strip_prefix(lab.text) {
            let boundary = rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
                || lab.text.chars().last().is_some_and(unspaced);
            if boundary && best.is_none_or(|b| b.text.len() < lab.text.len()) {
                best = Some(*lab);
            }
        }
    }
    best.map(|b| (b, c[b.text.len()..].to_string()))
}

/// Source of the browser's prefilter: `^\s*(?:label|label|…)` for a case-insensitive
/// `RegExp`, with each space of a label matching any run of whitespace. Every node [`find`]
/// accepts matches it.
pub fn prefilter_source() -> String {
    let mut s = String::from("^\\s*(?:");
    for (i, lab) in LABELS.iter().enumerate() {
        if i > 0 {
            s.push('|');
        }
        for c in lab.text.chars() {
            match c {
                ' ' => s.push_str("\\s+"),
                '.' | '*' | '+' | '?' | '^' | '$' | '{' | '}' | '(' | ')' | '|' | '[' | ']'
                | '\\' | '/' | '#' | '-' => {
                    s.push('\\');
                    s.push(c);
                }
                _ => s.push(c),
            }
        }
    }
    s.push(')');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_normalized_and_unique() {
        for (i, lab) in LABELS.iter().enumerate() {
            assert_eq!(normalize(lab.text), lab.text, "{:?}", lab.text);
            assert!(
                !LABELS[..i].iter().any(|o| o.text == lab.text),
                "{} twice",
                lab.text
            );
        }
    }

    #[test]
    fn finds_labels_with_boundaries() {
        let (l, rest) = find("  SKU:  AB-12 ").unwrap();
        assert_eq!((l.kind, rest.as_str()), (Sku, ": AB-12"));
        assert_eq!(find("Item Number: H20").unwrap().0.text, "item number");
        assert!(find("Skus and more").is_none());
        assert!(find("Refund policy").is_none());
        assert_eq!(find("Šifra:").unwrap().0.kind, Sku);
        assert_eq!(find("商品編號：12345").unwrap().0.kind, Sku);
        assert!(find(&"x".repeat(300)).is_none());
    }

    #[test]
    fn prefilter_names_every_label() {
        let src = prefilter_source();
        for lab in LABELS {
            let escaped: String = lab.text.split(' ').collect::<Vec<_>>().join("\\s+");
            assert!(
                src.contains(&escaped) || lab.text.contains(['.', '#', '-', '(']),
                "{}",
                lab.text
            );
        }
    }
}
