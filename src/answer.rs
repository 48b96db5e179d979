//! What to show where: from the page's context, the bundle and the time, the answers that
//! belong on this page before the shopper asks. Pure, so every rule is tested natively; the
//! widget only draws the [`Plan`].

use crate::bundle::{Bundle, ScopeRef};
use crate::context::{PageContext, PageType};
use crate::delivery::{Date, Destination, ProductFacts};

/// Most product-specific entries shown on a product page.
pub const MAX_PRODUCT_ENTRIES: usize = 8;
/// Most general entries shown for a page type (shipping, returns on product pages; tracking,
/// changes, returns on confirmations).
pub const MAX_PAGE_ENTRIES: usize = 4;
/// The countdown ("order within 2 h 10 min") is shown only when the cutoff is this close.
pub const COUNTDOWN_WINDOW_SECS: i64 = 24 * 3600;

/// Where a delivery date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    /// The page states the carrier's expected arrival (schema.org `ParcelDelivery`): it wins.
    Page,
    /// Computed from the shop's delivery rules.
    Rules,
}

/// A delivery promise ready to format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryView {
    /// Earliest arrival.
    pub from: Date,
    /// Latest arrival (equal to `from` for a single day).
    pub until: Date,
    /// Seconds left to order for this promise, when under [`COUNTDOWN_WINDOW_SECS`].
    pub countdown_secs: Option<i64>,
    /// Shipping method name (empty when the page gave the dates).
    pub method: String,
    /// Destination country (ISO 3166-1 alpha-2) the dates are for, empty when unknown.
    pub country: String,
    /// Where the dates came from.
    pub source: DateSource,
}

/// The contextual answers for one page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Entries to show on the page, most specific first.
    pub entries: Vec<u32>,
    /// How many of `entries` are about this very product (its own Q&A).
    pub product_entries: usize,
    /// The delivery promise, when the page is one that gets one and the bundle can tell.
    pub delivery: Option<DeliveryView>,
}

fn eq_any(list: &[&str], want: &[String]) -> bool {
    list.iter()
        .any(|x| want.iter().any(|w| w.eq_ignore_ascii_case(x)))
}

fn about_product(s: &ScopeRef<'_>, ctx: &PageContext) -> bool {
    let Some(p) = &ctx.product else { return false };
    let has = |list: &[&str], v: &Option<String>| {
        v.as_ref()
            .is_some_and(|v| list.iter().any(|x| x.eq_ignore_ascii_case(v)))
    };
    has(&s.skus, &p.sku)
        || has(&s.handles, &p.handle)
        || eq_any(&s.collections, &p.collections)
        || eq_any(&s.product_tags, &p.tags)
}

/// Reads a `YYYY-MM-DD` date at the start of a schema.org Date or DateTime.
fn page_date(s: &Option<String>) -> Option<Date> {
    let s = s.as_deref()?.trim();
    Date::parse(s.get(..10)?).ok()
}

/// Plans the page. `dest` is the shopper's destination when known (the order's address on a
/// confirmation page wins over it); without one the promise is for the shop's own country,
/// which the widget labels so it is never mistaken for a precise answer.
pub fn plan(
    bundle: &Bundle,
    ctx: &PageContext,
    now_utc: i64,
    dest: Option<&Destination<'_>>,
) -> Plan {
    let mut plan = Plan::default();
    let page = ctx.page_type;
    if matches!(page, PageType::Other | PageType::Faq | PageType::Collection) {
        return plan;
    }
    let page_name = page.as_str();
    let mut general = Vec::new();
    for doc in 0..bundle.len() as u32 {
        let Ok(scope) = bundle.scope(doc) else {
            continue;
        };
        if page == PageType::Product && !scope.is_general() {
            if about_product(&scope, ctx) && plan.entries.len() < MAX_PRODUCT_ENTRIES {
                plan.entries.push(doc);
            }
        } else if scope.is_general()
            && scope.pages.contains(&page_name)
            && general.len() < MAX_PAGE_ENTRIES
        {
            general.push(doc);
        }
    }
    plan.product_entries = plan.entries.len();
    plan.entries.extend(general);
    plan.delivery = delivery(bundle, ctx, now_utc, dest);
    plan
}

fn delivery(
    bundle: &Bundle,
    ctx: &PageContext,
    now_utc: i64,
    dest: Option<&Destination<'_>>,
) -> Option<DeliveryView> {
    match ctx.page_type {
        PageType::OrderConfirmation => {
            let order = ctx.order.as_ref();
            if let Some(o) = order {
                if let Some(from) = page_date(&o.expected_arrival_from) {
                    let until = page_date(&o.expected_arrival_until)
                        .filter(|u| *u >= from)
                        .unwrap_or(from);
                    let country = o.country.clone().unwrap_or_default();
                    return Some(DeliveryView {
                        from,
                        until,
                        countdown_secs: None,
                        method: String::new(),
                        country,
                        source: DateSource::Page,
                    });
                }
            }
            let from_order = order.and_then(|o| {
                Some(Destination {
                    country: o.country.as_deref()?,
                    region: o.region.as_deref(),
                    postcode: o.postcode.as_deref(),
                })
            });
            let d = from_order.as_ref().or(dest)?;
            rules_view(
                bundle,
                d,
                &ProductFacts {
                    sku: None,
                    tags: &[],
                    collections: &[],
                },
                now_utc,
                false,
            )
        }
        PageType::Product => {
            let rules = bundle.delivery()?.ok()?;
            let shop_country = rules.data.shop.region.get(..2).unwrap_or("").to_string();
            let fallback = Destination {
                country: &shop_country,
                region: None,
                postcode: None,
            };
            let d = dest.unwrap_or(&fallback);
            let p = ctx.product.as_ref();
            let facts = ProductFacts {
                sku: p.and_then(|p| p.sku.as_deref()),
                tags: p.map(|p| p.tags.as_slice()).unwrap_or(&[]),
                collections: p.map(|p| p.collections.as_slice()).unwrap_or(&[]),
            };
            rules_view(bundle, d, &facts, now_utc, true)
        }
        _ => None,
    }
}

fn rules_view(
    bundle: &Bundle,
    d: &Destination<'_>,
    facts: &ProductFacts<'_>,
    now_utc: i64,
    countdown: bool,
) -> Option<DeliveryView> {
    let rules = bundle.delivery()?.ok()?;
    let p = rules.promise(d, None, facts, now_utc).ok()?;
    let left = p
        .estimate
        .next_cutoff_utc
        .map(|c| c - now_utc)
        .filter(|s| *s > 0 && *s <= COUNTDOWN_WINDOW_SECS);
    Some(DeliveryView {
        from: p.estimate.earliest,
        until: p.estimate.latest,
        countdown_secs: if countdown { left } else { None },
        method: p.method_name,
        country: d.country.to_string(),
        source: DateSource::Rules,
    })
}

/// "2 h 10 min", "45 min", "1 min": the countdown as the widget prints it (units are
/// localized by the widget's texts; numbers stay numbers).
pub fn countdown_parts(secs: i64) -> (i64, i64) {
    let mins = (secs + 59) / 60;
    (mins / 60, mins % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_rounds_up_to_the_minute() {
        assert_eq!(countdown_parts(2 * 3600 + 10 * 60), (2, 10));
        assert_eq!(countdown_parts(2 * 3600 + 9 * 60 + 1), (2, 10));
        assert_eq!(countdown_parts(59), (0, 1));
    }

    #[test]
    fn page_dates_read_date_and_datetime() {
        assert_eq!(
            page_date(&Some("2026-12-01T10:00:00Z".into())),
            Date::parse("2026-12-01").ok()
        );
        assert_eq!(page_date(&Some("soon".into())), None);
    }
}
