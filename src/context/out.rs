//! The context as one JSON object, written by hand so the widget carries no JSON library.

use super::{Order, PageContext, Product};

impl PageContext {
    /// One JSON object:
    /// `{"page_type": …, "platform": …, "product": {"sku", "id", "name", "handle", "gtin",
    /// "brand", "price", "currency"} | null, "order": {"number", "date", "country",
    /// "postcode"} | null, "lang": …, "signals": […]}`; absent facts are `null`.
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(256);
        o.push_str("{\"page_type\": ");
        crate::json::push_str(&mut o, self.page_type.as_str());
        o.push_str(", \"platform\": ");
        crate::json::push_str(&mut o, self.platform.as_str());
        o.push_str(", \"product\": ");
        match &self.product {
            Some(p) => product(&mut o, p),
            None => o.push_str("null"),
        }
        o.push_str(", \"order\": ");
        match &self.order {
            Some(r) => order(&mut o, r),
            None => o.push_str("null"),
        }
        o.push_str(", \"lang\": ");
        opt(&mut o, &self.lang);
        o.push_str(", \"signals\": [");
        for (i, s) in self.signals.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            crate::json::push_str(&mut o, s);
        }
        o.push_str("]}");
        o
    }
}

fn product(o: &mut String, p: &Product) {
    fields(
        o,
        &[
            ("sku", &p.sku),
            ("id", &p.id),
            ("name", &p.name),
            ("handle", &p.handle),
            ("gtin", &p.gtin),
            ("brand", &p.brand),
            ("price", &p.price),
            ("currency", &p.currency),
        ],
    );
}

fn order(o: &mut String, r: &Order) {
    fields(
        o,
        &[
            ("number", &r.number),
            ("date", &r.date),
            ("country", &r.country),
            ("postcode", &r.postcode),
        ],
    );
}

fn fields(o: &mut String, f: &[(&str, &Option<String>)]) {
    o.push('{');
    for (i, (k, v)) in f.iter().enumerate() {
        if i > 0 {
            o.push_str(", ");
        }
        crate::json::push_str(o, k);
        o.push_str(": ");
        opt(o, v);
    }
    o.push('}');
}

fn opt(o: &mut String, v: &Option<String>) {
    match v {
        Some(s) => crate::json::push_str(o, s),
        None => o.push_str("null"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{PageType, Platform};
    use super::*;

    #[test]
    fn shape_and_escaping() {
        let c = PageContext {
            page_type: PageType::Product,
            platform: Platform::Shopify,
            product: Some(Product {
                sku: Some("A\"1\\\n<".into()),
                ..Product::default()
            }),
            order: None,
            lang: Some("en".into()),
            signals: vec!["x\u{1}".into()],
        };
        assert_eq!(
            c.to_json(),
            "{\"page_type\": \"product\", \"platform\": \"shopify\", \"product\": {\"sku\": \"A\\\"1\\\\\\n\\u003c\", \"id\": null, \"name\": null, \"handle\": null, \"gtin\": null, \"brand\": null, \"price\": null, \"currency\": null}, \"order\": null, \"lang\": \"en\", \"signals\": [\"x\\u0001\"]}"
        );
    }
}
