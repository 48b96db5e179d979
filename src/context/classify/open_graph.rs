//! Open Graph: what the page tells link previews and catalogue crawlers about itself.

use super::*;

pub(super) fn votes(f: &Facts, votes: &mut Vec<Vote>) {
    let Some(t) = f.meta("og:type") else { return };
    match t.to_ascii_lowercase().as_str() {
        "product" | "product.item" | "og:product" | "product.group" => {
            vote(votes, OPEN_GRAPH, PageType::Product, format!("og:type={t}"))
        }
        "article" | "blog" | "event" | "video.other" | "profile" => votes.push(Vote {
            rank: OPEN_GRAPH,
            verdict: Verdict::NotProduct,
            why: format!("og:type={t}"),
        }),
        _ => {}
    }
}

/// Name, brand, and price with its currency as a pair.
pub(super) fn product(f: &Facts, p: &mut Product, sig: &mut Vec<String>) {
    take(&mut p.name, f.meta("og:title"), "name", "og:title", sig);
    take(
        &mut p.brand,
        f.meta("product:brand").or_else(|| f.meta("og:brand")),
        "brand",
        "Open Graph",
        sig,
    );
    take(
        &mut p.sku,
        f.meta("product:retailer_item_id"),
        "sku",
        "product:retailer_item_id",
        sig,
    );
    if p.price.is_none() {
        for pre in ["product:price", "og:price"] {
            if let Some(a) = f.meta(&format!("{pre}:amount")) {
                take(&mut p.price, Some(a), "price", pre, sig);
                take(
                    &mut p.currency,
                    f.meta(&format!("{pre}:currency")),
                    "currency",
                    pre,
                    sig,
                );
                break;
            }
        }
    }
}
