//! The order on an order page: its number, date and delivery address, from structured data,
//! the platforms' confirmation markup and the labels around them.

use super::*;

/// The order's fields, each from the most trusted source that has it.
pub(super) fn read(f: &Facts, sig: &mut Vec<String>) -> Order {
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
    let ld_order = f.nodes_of(structured::is_order).next();
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
    markup::order(f, &mut o, sig);
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
pub(super) fn parse_address(text: &str) -> (Option<String>, Option<String>) {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // The country is a line of its own, usually the last; text after an address block
    // (labels that follow it on the page) is not the address.
    let mut country = None;
    let mut body: &[&str] = &lines;
    if let Some(i) = lines.iter().position(|l| country_code(l).is_some()) {
        country = country_code(lines[i]).map(str::to_string);
        body = &lines[..i];
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
        assert_eq!(
            parse_address(
                "Alex Laird\n555 My Road\nChicago, IL 60007\nUnited States\nPayment method"
            ),
            (Some("US".into()), Some("60007".into()))
        );
        assert_eq!(parse_address("Somewhere"), (None, None));
    }

    #[test]
    fn order_numbers() {
        assert_eq!(
            clean_order_number("Order reference: XKBKNABJK"),
            "XKBKNABJK"
        );
        assert_eq!(clean_order_number("#1001"), "1001");
    }
}
