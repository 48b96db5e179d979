//! What to show where: from the page's context, the bundle and the time, the answers that
//! belong on this page before the shopper asks. Pure, so every rule is tested natively; the
//! widget only draws the [`Plan`].

use crate::bundle::{Bundle, ScopeRef};
use crate::context::{PageContext, PageType};
use crate::delivery::{Date, Destination, Handling, ProductFacts, Promise, Weekday, WeekdaySet};

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

/// Why a page that would show a delivery promise shows none: said plainly rather than left
/// blank, so the shopper knows to look elsewhere (and the owner sees a stale bundle).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryNote {
    /// No shipping method serves this country (ISO 3166-1 alpha-2).
    NotServed(String),
    /// The bundle cannot compute dates now (its validity window has passed, or its rules
    /// fail): rebuild it.
    Unavailable,
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
    /// Set when a promise was due but could not be made.
    pub delivery_note: Option<DeliveryNote>,
    /// Countries the shopper can pick as destination (product pages with a promise from
    /// the rules), sorted by code.
    pub destinations: Vec<String>,
    /// schema.org `OfferShippingDetails` JSON-LD for the promised method (product pages
    /// with a promise from the rules).
    pub shipping_json_ld: Option<String>,
    /// The shop's notices for this page and day (`[[notices]]` in delivery.toml), in file
    /// order, shown above the delivery line.
    pub notices: Vec<String>,
    /// From 1 to 24 December on product pages: the last day an order (placed before that
    /// day's cutoff) is still promised to arrive before 25 December, if there is one.
    pub christmas_order_by: Option<Date>,
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
    // `skus` also names the platform's product or variant id: many pages print only that,
    // and a shop can scope a question to it.
    has(&s.skus, &p.sku)
        || has(&s.skus, &p.id)
        || has(&s.skus, &p.variant_id)
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
    plan.delivery = delivery(bundle, ctx, now_utc, dest, &mut plan);
    plan.notices = notices(bundle, page, now_utc);
    plan
}

/// The last shop date on which an order placed before the cutoff is promised (latest date)
/// before 25 December, looked for from 1 to 24 December only (the shop's own calendar).
pub fn christmas_order_by(
    rules: &crate::delivery::DeliveryRules,
    dest: &Destination<'_>,
    facts: &ProductFacts<'_>,
    now_utc: i64,
) -> Option<Date> {
    let tz = &rules.data.tz;
    let (today, _) = tz.local(now_utc)?;
    let (y, m, _) = today.ymd();
    let christmas = Date::from_ymd(y, 12, 25)?;
    if m != 12 || today >= christmas {
        return None;
    }
    let mut last = None;
    let mut day = today;
    while day < christmas {
        // Today: the order now; later days: first thing in the morning, before any cutoff.
        let at = if day == today {
            now_utc
        } else {
            let Some(at) = tz.utc_of_local(day, 0) else {
                break;
            };
            at
        };
        match rules.promise(dest, None, facts, at) {
            Ok(p) if p.estimate.latest < christmas => last = Some(day),
            _ => break,
        }
        day = day.succ();
    }
    last
}

/// Notices whose window holds the shop's local date and whose pages include this one.
fn notices(bundle: &Bundle, page: PageType, now_utc: i64) -> Vec<String> {
    let bit = match page {
        PageType::Product => crate::delivery::NOTICE_PRODUCT,
        PageType::OrderConfirmation => crate::delivery::NOTICE_ORDER_CONFIRMATION,
        _ => return Vec::new(),
    };
    let Some(Ok(rules)) = bundle.delivery() else {
        return Vec::new();
    };
    let Some((today, _)) = rules.data.tz.local(now_utc) else {
        return Vec::new();
    };
    rules
        .notices
        .into_iter()
        .filter(|n| n.pages & bit != 0 && n.from <= today && today <= n.until)
        .map(|n| n.text)
        .collect()
}

fn delivery(
    bundle: &Bundle,
    ctx: &PageContext,
    now_utc: i64,
    dest: Option<&Destination<'_>>,
    plan: &mut Plan,
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
                &mut plan.delivery_note,
                d,
                &ProductFacts {
                    sku: None,
                    tags: &[],
                    collections: &[],
                },
                now_utc,
                false,
            )
            .map(|(v, _)| v)
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
                sku: p.and_then(|p| p.sku.as_deref().or(p.id.as_deref())),
                tags: p.map(|p| p.tags.as_slice()).unwrap_or(&[]),
                collections: p.map(|p| p.collections.as_slice()).unwrap_or(&[]),
            };
            // The picker is offered even when the chosen country is not served, so the shopper
            // can pick another.
            plan.destinations = rules.countries();
            let (v, p) = rules_view(bundle, &mut plan.delivery_note, d, &facts, now_utc, true)?;
            plan.christmas_order_by = christmas_order_by(&rules, d, &facts, now_utc);
            let offset = rules.data.tz.offset_at(now_utc).unwrap_or(0);
            plan.shipping_json_ld = Some(shipping_details_json(
                &v.country,
                &p,
                rules.data.shop.cutoff_minutes,
                offset,
                rules.data.shop.working_days,
            ));
            Some(v)
        }
        _ => None,
    }
}

fn rules_view(
    bundle: &Bundle,
    note: &mut Option<DeliveryNote>,
    d: &Destination<'_>,
    facts: &ProductFacts<'_>,
    now_utc: i64,
    countdown: bool,
) -> Option<(DeliveryView, Promise)> {
    let rules = bundle.delivery()?.ok()?;
    let p = match rules.promise(d, None, facts, now_utc) {
        Ok(p) => p,
        Err(e) => {
            *note = Some(match e {
                crate::delivery::PromiseError::NotServed => {
                    DeliveryNote::NotServed(d.country.to_string())
                }
                _ => DeliveryNote::Unavailable,
            });
            return None;
        }
    };
    let left = p
        .estimate
        .next_cutoff_utc
        .map(|c| c - now_utc)
        .filter(|s| *s > 0 && *s <= COUNTDOWN_WINDOW_SECS);
    let v = DeliveryView {
        from: p.estimate.earliest,
        until: p.estimate.latest,
        countdown_secs: if countdown { left } else { None },
        method: p.method_name.clone(),
        country: d.country.to_string(),
        source: DateSource::Rules,
    };
    Some((v, p))
}

/// Two decimal digits.
fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn push_days(out: &mut String, key: &str, min: u16, max: u16) {
    out.push('"');
    out.push_str(key);
    out.push_str("\":{\"@type\":\"QuantitativeValue\",\"minValue\":");
    out.push_str(&min.to_string());
    out.push_str(",\"maxValue\":");
    out.push_str(&max.to_string());
    out.push_str(",\"unitCode\":\"DAY\"}");
}

const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// schema.org `OfferShippingDetails` for a promise: destination country, handling and
/// transit in days, the cutoff as local time with the shop's UTC offset (`offset_secs`, the
/// offset now) and the shop's working days. A `24:00` cutoff is written `23:59:59`.
pub fn shipping_details_json(
    country: &str,
    p: &Promise,
    cutoff_minutes: u16,
    offset_secs: i32,
    working_days: WeekdaySet,
) -> String {
    let mut o = String::with_capacity(640);
    o.push_str("{\"@context\":\"https://schema.org\",\"@type\":\"OfferShippingDetails\",\"shippingLabel\":");
    crate::json::push_str(&mut o, &p.method_name);
    o.push_str(",\"shippingDestination\":{\"@type\":\"DefinedRegion\",\"addressCountry\":");
    crate::json::push_str(&mut o, country);
    o.push_str("},\"deliveryTime\":{\"@type\":\"ShippingDeliveryTime\",");
    let Handling { min, max } = p.handling;
    push_days(&mut o, "handlingTime", min, max);
    o.push(',');
    push_days(&mut o, "transitTime", p.transit.0, p.transit.1);
    o.push_str(",\"cutoffTime\":\"");
    let (h, m, s) = if cutoff_minutes >= 1440 {
        (23, 59, 59)
    } else {
        (
            u32::from(cutoff_minutes / 60),
            u32::from(cutoff_minutes % 60),
            0,
        )
    };
    push2(&mut o, h);
    o.push(':');
    push2(&mut o, m);
    o.push(':');
    push2(&mut o, s);
    o.push(if offset_secs < 0 { '-' } else { '+' });
    let off = offset_secs.unsigned_abs() / 60;
    push2(&mut o, off / 60);
    o.push(':');
    push2(&mut o, off % 60);
    o.push_str("\",\"businessDays\":{\"@type\":\"OpeningHoursSpecification\",\"dayOfWeek\":[");
    let mut first = true;
    for d in Weekday::ALL {
        if working_days.contains(d) {
            if !first {
                o.push(',');
            }
            first = false;
            o.push_str("\"https://schema.org/");
            o.push_str(DAY_NAMES[d.index() as usize]);
            o.push('"');
        }
    }
    o.push_str("]}}}");
    o
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

    fn promise(method: &str) -> Promise {
        let d = Date::parse("2026-12-01").unwrap();
        Promise {
            estimate: crate::delivery::Estimate {
                earliest: d,
                latest: d,
                ship_earliest: d,
                ship_latest: d,
                order_date_local: d,
                next_cutoff_utc: None,
            },
            method: 2,
            method_name: method.into(),
            zone_name: "EU".into(),
            handling: Handling { min: 0, max: 1 },
            transit: (3, 6),
        }
    }

    #[test]
    fn shipping_details_json_ld() {
        let j = shipping_details_json(
            "DE",
            &promise("EU Standard"),
            14 * 60,
            0,
            WeekdaySet::MON_FRI,
        );
        assert_eq!(
            j,
            concat!(
                r#"{"@context":"https://schema.org","@type":"OfferShippingDetails","shippingLabel":"EU Standard","#,
                r#""shippingDestination":{"@type":"DefinedRegion","addressCountry":"DE"},"#,
                r#""deliveryTime":{"@type":"ShippingDeliveryTime","#,
                r#""handlingTime":{"@type":"QuantitativeValue","minValue":0,"maxValue":1,"unitCode":"DAY"},"#,
                r#""transitTime":{"@type":"QuantitativeValue","minValue":3,"maxValue":6,"unitCode":"DAY"},"#,
                r#""cutoffTime":"14:00:00+00:00","#,
                r#""businessDays":{"@type":"OpeningHoursSpecification","dayOfWeek":["https://schema.org/Monday","https://schema.org/Tuesday","https://schema.org/Wednesday","https://schema.org/Thursday","https://schema.org/Friday"]}}}"#
            )
        );
        // Negative and half-hour offsets, the all-day cutoff, a Saturday shop.
        let j = shipping_details_json(
            "US",
            &promise("x"),
            1440,
            -(3 * 3600 + 1800),
            WeekdaySet::MON_SAT,
        );
        assert!(j.contains(r#""cutoffTime":"23:59:59-03:30""#), "{j}");
        assert!(j.contains("Saturday") && !j.contains("Sunday"));
        let j = shipping_details_json("GB", &promise("x"), 9 * 60 + 5, 3600, WeekdaySet::MON_FRI);
        assert!(j.contains(r#""cutoffTime":"09:05:00+01:00""#), "{j}");
    }

    #[test]
    fn json_ld_strings_are_escaped() {
        let name = "Quote \" back \\ </script> & tab\t nl\n \u{1} ünï";
        let j = shipping_details_json("D\"", &promise(name), 0, 0, WeekdaySet::EMPTY);
        assert!(!j.contains("</script"), "{j}");
        assert!(j.contains(r#""dayOfWeek":[]"#));
        #[cfg(feature = "cli")]
        {
            let v: serde_json::Value = serde_json::from_str(&j).unwrap();
            assert_eq!(v["shippingLabel"], name);
            assert_eq!(v["shippingDestination"]["addressCountry"], "D\"");
        }
    }
}
