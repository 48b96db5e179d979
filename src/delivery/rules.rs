//! A shop's complete delivery rules as the bundle carries them: the engine data
//! ([`DeliveryData`]) plus what only people read (zone names) and per-product overrides.
//!
//! One type for the CLI that writes it and the widget/CLI that reads it.

use super::codec::DeliveryData;
use super::date::Date;
use super::engine::{estimate, Estimate, EstimateError, Handling, ProductOverride};
use super::zone::Destination;

/// Per-product adjustments, matched by SKU, product tag or collection handle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductRule {
    /// SKUs this rule applies to (exact, case-sensitive).
    pub skus: Vec<String>,
    /// Product tags this rule applies to (case-insensitive).
    pub tags: Vec<String>,
    /// Collection handles this rule applies to (case-insensitive).
    pub collections: Vec<String>,
    /// Shop working days added to handling (packing bulky items, engraving…).
    pub extra_handling_days: u16,
    /// Shop working days to make the item; added to handling.
    pub made_to_order_days: u16,
    /// Shop working days until stock arrives; added to handling.
    pub backorder_days: u16,
    /// Preorders: nothing ships before the first working day on or after this date.
    pub release_date: Option<Date>,
}

impl ProductRule {
    /// The engine's view: every kind of extra day adds to handling.
    pub fn to_override(&self) -> ProductOverride {
        ProductOverride {
            extra_handling_days: self
                .extra_handling_days
                .saturating_add(self.made_to_order_days)
                .saturating_add(self.backorder_days),
            release_date: self.release_date,
        }
    }
}

/// What is known about the product on the page (all optional).
#[derive(Clone, Copy, Debug, Default)]
pub struct ProductFacts<'a> {
    /// The product's (or selected variant's) SKU.
    pub sku: Option<&'a str>,
    /// Its product tags.
    pub tags: &'a [String],
    /// Handles of the collections it belongs to.
    pub collections: &'a [String],
}

/// A notice the shop shows for a while above the delivery line ("Orders after 18 Dec arrive
/// after Christmas"), on the pages named by `pages`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The text, shown as is.
    pub text: String,
    /// First shop-local date it is shown on.
    pub from: Date,
    /// Last shop-local date it is shown on (inclusive).
    pub until: Date,
    /// [`NOTICE_PRODUCT`] | [`NOTICE_ORDER_CONFIRMATION`].
    pub pages: u8,
}

/// [`Notice::pages`] bit: product pages.
pub const NOTICE_PRODUCT: u8 = 1;
/// [`Notice::pages`] bit: order confirmations.
pub const NOTICE_ORDER_CONFIRMATION: u8 = 2;

/// Everything the bundle's delivery sections hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRules {
    /// Engine input: time-zone table, holiday calendars, shop rules, methods and zones.
    pub data: DeliveryData,
    /// Display names of the zones, `zone_names[method][rate]`, parallel to `data.methods`.
    pub zone_names: Vec<Vec<String>>,
    /// Product overrides in file order.
    pub products: Vec<ProductRule>,
    /// Notices in file order.
    pub notices: Vec<Notice>,
}

/// Why no promise can be made for a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromiseError {
    /// No method of that name.
    UnknownMethod(String),
    /// No method (or not the requested one) delivers to the destination.
    NotServed,
    /// The engine failed (stale bundle, corrupt rules).
    Estimate(EstimateError),
}

impl core::fmt::Display for PromiseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PromiseError::UnknownMethod(m) => write!(f, "no shipping method named {m:?}"),
            PromiseError::NotServed => f.write_str("no shipping method delivers there"),
            PromiseError::Estimate(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PromiseError {}

/// An estimate with the method and zone it was computed for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Promise {
    /// The dates.
    pub estimate: Estimate,
    /// Index into `data.methods`.
    pub method: usize,
    /// Method name.
    pub method_name: String,
    /// Zone display name (empty if the bundle has none).
    pub zone_name: String,
    /// Handling in shop working days, the product's extra days included.
    pub handling: Handling,
    /// Transit in carrier days, `(min, max)`, of the zone that applied.
    pub transit: (u16, u16),
}

impl DeliveryRules {
    /// The override for a product: the first rule naming its SKU, else the first naming
    /// one of its tags, else the first naming one of its collections (most specific wins;
    /// rules are not added up).
    pub fn product_override(&self, p: &ProductFacts<'_>) -> Option<ProductOverride> {
        let any = |list: &[String], want: &[String]| {
            list.iter()
                .any(|x| want.iter().any(|w| w.eq_ignore_ascii_case(x)))
        };
        let by_sku = p
            .sku
            .and_then(|s| self.products.iter().find(|r| r.skus.iter().any(|x| x == s)));
        by_sku
            .or_else(|| self.products.iter().find(|r| any(&r.tags, p.tags)))
            .or_else(|| {
                self.products
                    .iter()
                    .find(|r| any(&r.collections, p.collections))
            })
            .map(ProductRule::to_override)
    }

    /// The promise for an order at `now_utc`: with `method` (case-insensitive name) if
    /// given, else the first method in file order that serves `dest`.
    pub fn promise(
        &self,
        dest: &Destination<'_>,
        method: Option<&str>,
        product: &ProductFacts<'_>,
        now_utc: i64,
    ) -> Result<Promise, PromiseError> {
        let methods = &self.data.methods;
        let candidates: Vec<usize> = match method {
            Some(name) => {
                let i = methods
                    .iter()
                    .position(|m| m.name.eq_ignore_ascii_case(name))
                    .ok_or_else(|| PromiseError::UnknownMethod(name.to_owned()))?;
                vec![i]
            }
            None => (0..methods.len()).collect(),
        };
        let (mi, carrier) = candidates
            .into_iter()
            .find_map(|i| self.data.carrier(i, dest).map(|c| (i, c)))
            .ok_or(PromiseError::NotServed)?;
        let m = &methods[mi];
        let zone_name = super::zone::pick(m.rates.iter().map(|r| &r.zone), dest)
            .and_then(|ri| self.zone_names.get(mi)?.get(ri))
            .cloned()
            .unwrap_or_default();
        let handling: Handling = self.data.shop.handling;
        let over = self.product_override(product);
        let extra = over.as_ref().map_or(0, |o| o.extra_handling_days);
        let effective = Handling {
            min: handling.min.saturating_add(extra),
            max: handling.max.saturating_add(extra),
        };
        let estimate = estimate(
            &self.data.shop_rules(),
            handling,
            &carrier,
            over.as_ref(),
            now_utc,
        )
        .map_err(PromiseError::Estimate)?;
        Ok(Promise {
            estimate,
            method: mi,
            method_name: m.name.clone(),
            zone_name,
            handling: effective,
            transit: (carrier.transit_min, carrier.transit_max),
        })
    }

    /// The countries the shop's methods deliver to (ISO 3166-1 alpha-2, sorted, once each),
    /// for a destination picker. `rest_of_world` zones name no country and add none.
    pub fn countries(&self) -> Vec<String> {
        // Insertion by binary search: no sort routine in the size-budgeted widget.
        let mut v: Vec<String> = Vec::new();
        for m in &self.data.methods {
            for c in m.rates.iter().flat_map(|r| &r.zone.countries) {
                if let Err(i) = v.binary_search(c) {
                    v.insert(i, c.clone());
                }
            }
        }
        v
    }
}
