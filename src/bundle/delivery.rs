//! The optional delivery sections: `DELIVERY` holds [`DeliveryData::encode`] bytes as they
//! are; `DELIVERY_EXTRA` holds zone names and product overrides:
//!
//! ```text
//! method count, per method: zone-name count, names (str)
//! product count, per product: skus, tags, collections (str lists),
//!   extra_handling_days, made_to_order_days, backorder_days (varint),
//!   release flag u8 (0/1), release date (zigzag varint days since 1970-01-01) if 1
//! only when there are notices: notice count, per notice: text (str), from, until (zigzag
//!   varint days), pages u8 (bit 0 product, bit 1 order confirmation)
//! ```
//!
//! Bundles without notices end after the products, byte for byte as before notices existed.

use super::codec::{Dec, Enc};
use crate::delivery::codec::DeliveryData;
use crate::delivery::{Date, DeliveryRules, Notice, ProductRule};
use crate::error::BundleError;

/// Encodes the `DELIVERY_EXTRA` section.
pub(crate) fn encode_extra(r: &DeliveryRules) -> Vec<u8> {
    let mut e = Enc::default();
    e.usize(r.zone_names.len());
    for names in &r.zone_names {
        e.strs(names);
    }
    e.usize(r.products.len());
    for p in &r.products {
        e.strs(&p.skus);
        e.strs(&p.tags);
        e.strs(&p.collections);
        e.var(u64::from(p.extra_handling_days));
        e.var(u64::from(p.made_to_order_days));
        e.var(u64::from(p.backorder_days));
        match p.release_date {
            None => e.u8(0),
            Some(d) => {
                e.u8(1);
                zigzag(&mut e, d);
            }
        }
    }
    if !r.notices.is_empty() {
        e.usize(r.notices.len());
        for n in &r.notices {
            e.str(&n.text);
            zigzag(&mut e, n.from);
            zigzag(&mut e, n.until);
            e.u8(n.pages);
        }
    }
    e.buf
}

fn zigzag(e: &mut Enc, d: Date) {
    let v = i64::from(d.0);
    e.var(((v << 1) ^ (v >> 63)) as u64);
}

fn unzigzag(d: &mut Dec<'_>) -> Result<Date, BundleError> {
    let u = d.var()?;
    let v = (u >> 1) as i64 ^ -((u & 1) as i64);
    Ok(Date(i32::try_from(v).map_err(|_| {
        BundleError::Malformed("date out of range")
    })?))
}

fn u16_of(v: u64) -> Result<u16, BundleError> {
    u16::try_from(v).map_err(|_| BundleError::Malformed("delivery day count out of range"))
}

/// Decodes both sections (`extra` may be absent: no names, no overrides) and checks that
/// the zone names match the methods.
pub(crate) fn decode(data: &[u8], extra: Option<&[u8]>) -> Result<DeliveryRules, BundleError> {
    let data = DeliveryData::decode(data).map_err(BundleError::Delivery)?;
    let Some(extra) = extra else {
        let zone_names = data
            .methods
            .iter()
            .map(|m| vec![String::new(); m.rates.len()])
            .collect();
        return Ok(DeliveryRules {
            data,
            zone_names,
            products: Vec::new(),
            notices: Vec::new(),
        });
    };
    let mut d = Dec::new(extra, "delivery-extra");
    let n = d.count()?;
    if n != data.methods.len() {
        return Err(BundleError::Malformed(
            "delivery zone names do not match the methods",
        ));
    }
    let mut zone_names = Vec::with_capacity(n);
    for m in &data.methods {
        let names = d.strings()?;
        if names.len() != m.rates.len() {
            return Err(BundleError::Malformed(
                "delivery zone names do not match the zones",
            ));
        }
        zone_names.push(names);
    }
    let n = d.count()?;
    let mut products = Vec::with_capacity(n);
    for _ in 0..n {
        let skus = d.strings()?;
        let tags = d.strings()?;
        let collections = d.strings()?;
        let extra_handling_days = u16_of(d.var()?)?;
        let made_to_order_days = u16_of(d.var()?)?;
        let backorder_days = u16_of(d.var()?)?;
        let release_date = match d.u8()? {
            0 => None,
            1 => Some(unzigzag(&mut d)?),
            _ => return Err(BundleError::Malformed("bad release-date flag")),
        };
        products.push(ProductRule {
            skus,
            tags,
            collections,
            extra_handling_days,
            made_to_order_days,
            backorder_days,
            release_date,
        });
    }
    let mut notices = Vec::new();
    if !d.at_end() {
        let n = d.count()?;
        for _ in 0..n {
            let text = d.string()?;
            let from = unzigzag(&mut d)?;
            let until = unzigzag(&mut d)?;
            let pages = d.u8()?;
            notices.push(Notice {
                text,
                from,
                until,
                pages,
            });
        }
    }
    if !d.at_end() {
        return Err(BundleError::Malformed(
            "trailing bytes after delivery rules",
        ));
    }
    Ok(DeliveryRules {
        data,
        zone_names,
        products,
        notices,
    })
}
