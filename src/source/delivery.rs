//! `delivery.toml`: the shop's delivery rules (see `docs/delivery.md`), validated with
//! file:line:column diagnostics, then compiled for a validity window at build time.

use super::{Diagnostic, Sources};
use crate::delivery::codec::{DeliveryData, PostcodeRegion, RegionCalendar, ShopSpec};
use crate::delivery::engine::MAX_SEARCH_DAYS;
use crate::delivery::holidays::{self, holidays_between, is_known, POSTCODE_REGIONS};
use crate::delivery::precompute::{local_midnight, tz_table_for_window, PrecomputeError};
use crate::delivery::{
    Date, DeliveryRules, Handling, Method, Notice, ProductRule, Weekday, WeekdaySet, Zone,
    ZoneHolidays, ZoneRate, NOTICE_ORDER_CONFIRMATION, NOTICE_PRODUCT,
};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use toml::Spanned;

/// Longest handling, transit or per-product extra accepted, in business days.
pub const MAX_DAYS: u16 = 90;

/// Validated delivery rules, independent of the build's validity window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryConfig {
    /// IANA time zone of the shop (from `shop.toml`).
    pub time_zone: String,
    /// ISO 3166-2 (or 3166-1) code of the shop's public holidays.
    pub region: String,
    /// Cutoff, minutes after local midnight.
    pub cutoff_minutes: u16,
    /// Dispatch weekdays.
    pub working_days: WeekdaySet,
    /// Default handling range.
    pub handling: Handling,
    /// Inclusive closure ranges.
    pub closures: Vec<(Date, Date)>,
    /// Public holidays missing from the built-in calendar of `region`.
    pub extra_holidays: Vec<Date>,
    /// Built-in holidays of `region` that are not holidays after all.
    pub removed_holidays: Vec<Date>,
    /// Shipping methods with their zones.
    pub methods: Vec<Method>,
    /// Zone names, parallel to `methods[i].rates`.
    pub zone_names: Vec<Vec<String>>,
    /// Other names of each method in the shop's checkout (its shipping rates' titles),
    /// parallel to `methods`; order pages pick the method by the rate the buyer chose.
    pub checkout_names: Vec<Vec<String>>,
    /// Product overrides in file order.
    pub products: Vec<ProductRule>,
    /// Notices in file order.
    pub notices: Vec<Notice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeliveryToml {
    shop: Spanned<ShopT>,
    #[serde(default)]
    holidays: HolidaysT,
    #[serde(default)]
    closures: Vec<ClosureT>,
    #[serde(default)]
    methods: Vec<Spanned<MethodT>>,
    #[serde(default)]
    products: Vec<Spanned<ProductT>>,
    #[serde(default)]
    notices: Vec<Spanned<NoticeT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeT {
    text: Spanned<String>,
    from: Spanned<String>,
    until: Spanned<String>,
    pages: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShopT {
    region: Spanned<String>,
    working_days: Option<Spanned<Vec<Spanned<String>>>>,
    cutoff: Spanned<String>,
    handling: Spanned<RangeT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeT {
    min: u16,
    max: u16,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HolidaysT {
    #[serde(default)]
    add: Vec<Spanned<String>>,
    #[serde(default)]
    remove: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosureT {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)]
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodT {
    name: Spanned<String>,
    delivery_days: Option<Spanned<Vec<Spanned<String>>>>,
    carrier: Option<Spanned<String>>,
    #[serde(default)]
    checkout_names: Vec<Spanned<String>>,
    #[serde(default)]
    zones: Vec<Spanned<ZoneT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneT {
    name: Spanned<String>,
    #[serde(default)]
    countries: Vec<Spanned<String>>,
    #[serde(default)]
    regions: Vec<Spanned<String>>,
    #[serde(default)]
    postcode_prefixes: Vec<Spanned<String>>,
    #[serde(default)]
    postcode_ranges: Vec<Spanned<Vec<String>>>,
    #[serde(default)]
    rest_of_world: bool,
    transit: Spanned<RangeT>,
    holidays: Option<Spanned<ZoneHolidaysT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneHolidaysT {
    region: Option<Spanned<String>>,
    #[serde(default)]
    add: Vec<Spanned<String>>,
    #[serde(default)]
    remove: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductT {
    #[serde(default)]
    skus: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    collections: Vec<Spanned<String>>,
    extra_handling_days: Option<Spanned<u16>>,
    made_to_order_days: Option<Spanned<u16>>,
    backorder_days: Option<Spanned<u16>>,
    release_date: Option<Spanned<String>>,
}

/// Collects diagnostics for one file.
struct Ctx<'a> {
    file: &'a Path,
    text: &'a str,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn err(&mut self, at: usize, msg: impl Into<String>, hint: impl Into<String>) {
        self.out
            .push(Diagnostic::error(self.file, self.text, at, msg).hint(hint));
    }
    fn warn(&mut self, at: usize, msg: impl Into<String>, hint: impl Into<String>) {
        self.out
            .push(Diagnostic::warning(self.file, self.text, at, msg).hint(hint));
    }
    fn has_errors(&self) -> bool {
        self.out
            .iter()
            .any(|d| d.severity == super::Severity::Error)
    }

    fn date(&mut self, s: &Spanned<String>) -> Option<Date> {
        match Date::parse(s.get_ref()) {
            Ok(d) => Some(d),
            Err(_) => {
                self.err(
                    s.span().start,
                    format!("bad date `{}`", s.get_ref()),
                    "write dates as \"YYYY-MM-DD\", e.g. \"2026-12-24\"",
                );
                None
            }
        }
    }

    fn range(&mut self, r: &Spanned<RangeT>, what: &str) -> (u16, u16) {
        let v = r.get_ref();
        if v.min > v.max {
            self.err(
                r.span().start,
                format!("{what} min {} is more than max {}", v.min, v.max),
                format!("{what} = {{ min = …, max = … }} in business days, with min ≤ max"),
            );
        } else if v.max > MAX_DAYS {
            self.err(
                r.span().start,
                format!("{what} max {} is more than {MAX_DAYS} days", v.max),
                "delivery promises are made in business days; split long lead times into a product override",
            );
        }
        (v.min, v.max.max(v.min))
    }

    fn weekdays(
        &mut self,
        list: Option<&Spanned<Vec<Spanned<String>>>>,
        default: WeekdaySet,
    ) -> WeekdaySet {
        let Some(list) = list else {
            return default;
        };
        let mut set = WeekdaySet::EMPTY;
        for item in list.get_ref() {
            match parse_weekdays(item.get_ref()) {
                Some(s) => set = WeekdaySet::from_bits(set.bits() | s.bits()).unwrap_or(set),
                None => self.err(
                    item.span().start,
                    format!("unknown weekday `{}`", item.get_ref()),
                    "use Mon, Tue, Wed, Thu, Fri, Sat, Sun (or full names), or a range like \"Mon-Fri\"",
                ),
            }
        }
        if set.is_empty() && list.get_ref().is_empty() {
            self.err(
                list.span().start,
                "no weekdays listed",
                "list at least one day, e.g. [\"Mon-Fri\"]",
            );
        }
        set
    }
}

fn weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_ascii_lowercase();
    Weekday::ALL.into_iter().find(|d| {
        let short = d.short_name().to_ascii_lowercase();
        let full = match d {
            Weekday::Mon => "monday",
            Weekday::Tue => "tuesday",
            Weekday::Wed => "wednesday",
            Weekday::Thu => "thursday",
            Weekday::Fri => "friday",
            Weekday::Sat => "saturday",
            Weekday::Sun => "sunday",
        };
        s == short || s == full
    })
}

/// `"Mon"`, `"Monday"` or a range `"Mon-Fri"` / `"Mon–Sat"` (wrapping ranges allowed).
fn parse_weekdays(s: &str) -> Option<WeekdaySet> {
    let mut parts = s.split(['-', '–']);
    let a = weekday(parts.next()?)?;
    let b = match parts.next() {
        Some(p) => weekday(p)?,
        None => a,
    };
    if parts.next().is_some() {
        return None;
    }
    let mut set = WeekdaySet::EMPTY;
    let mut i = a.index();
    loop {
        set = set.with(Weekday::from_index(i));
        if i == b.index() {
            return Some(set);
        }
        i = (i + 1) % 7;
    }
}

/// `"HH:MM"`, 00:00 to 24:00, as minutes after midnight.
pub fn parse_cutoff(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    if b.len() != 5
        || b[2] != b':'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
    {
        return None;
    }
    let h = u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0');
    let m = u16::from(b[3] - b'0') * 10 + u16::from(b[4] - b'0');
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

fn country_of(region: &str) -> &str {
    region.split('-').next().unwrap_or(region)
}

/// An assigned ISO 3166-1 alpha-2 code (upper case): a made-up one (XX, QQ) would put a zone
/// on no shopper's map.
fn valid_country(c: &str) -> bool {
    c.len() == 2
        && c.bytes().all(|b| b.is_ascii_uppercase())
        && isocountry::CountryCode::for_alpha2(c).is_ok()
}

fn valid_region(r: &str) -> bool {
    let mut p = r.splitn(2, '-');
    let (Some(c), Some(sub)) = (p.next(), p.next()) else {
        return false;
    };
    valid_country(c)
        && (1..=3).contains(&sub.len())
        && sub
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn country_hint(c: &str) -> String {
    match c {
        "UK" => "the ISO 3166-1 code of the United Kingdom is GB".into(),
        "EL" => "the ISO 3166-1 code of Greece is GR".into(),
        _ => match isocountry::CountryCode::iter()
            .find(|k| k.alpha3() == c || k.name().eq_ignore_ascii_case(c))
        {
            Some(k) => format!("did you mean `{}` ({})?", k.alpha2(), k.name()),
            None => "use ISO 3166-1 alpha-2 codes such as \"GB\", \"DE\", \"FR\"".into(),
        },
    }
}

fn normalize_postcode(p: &str) -> String {
    p.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Reads `delivery.toml`; `time_zone` is the shop's `[shop] time_zone` (`None` if unset or
/// invalid, which is reported elsewhere when invalid).
pub(super) fn read(s: &mut Sources, file: &Path, text: &str, time_zone: Option<&str>) {
    let mut c = Ctx {
        file,
        text,
        out: Vec::new(),
    };
    let cfg = parse(&mut c, time_zone);
    let ok = !c.has_errors();
    s.diagnostics.append(&mut c.out);
    if ok {
        s.delivery = cfg;
    }
}

fn parse(c: &mut Ctx<'_>, time_zone: Option<&str>) -> Option<DeliveryConfig> {
    let t: DeliveryToml = match toml::from_str(c.text) {
        Ok(t) => t,
        Err(e) => {
            let at = e.span().map_or(0, |r| r.start);
            let msg = e.message().trim().to_string();
            let hint = if msg.contains("unknown field") {
                "see docs/delivery.md for every setting of delivery.toml"
            } else if msg.contains("missing field") {
                "[shop] needs region, cutoff and handling; each [[methods]] a name and [[methods.zones]] with name and transit"
            } else {
                "delivery.toml is TOML; see docs/delivery.md for a complete example"
            };
            c.err(at, msg, hint);
            return None;
        }
    };
    let time_zone = match time_zone {
        Some(tz) => tz.to_owned(),
        None => {
            c.err(
                0,
                "delivery rules need the shop's time zone",
                "set [shop] time_zone = \"Europe/London\" (an IANA name) in shop.toml",
            );
            String::new()
        }
    };

    // The shop.
    let shop = t.shop.get_ref();
    let region = shop.region.get_ref().trim().to_ascii_uppercase();
    if !is_known(&region) {
        c.err(
            shop.region.span().start,
            format!("unknown region `{}`", shop.region.get_ref()),
            "the shop's region picks its public holidays: an ISO 3166-1 country or 3166-2 subdivision code with a built-in calendar (`shop-answers check --regions` lists them)",
        );
    }
    let cutoff_minutes = match parse_cutoff(shop.cutoff.get_ref()) {
        Some(m) => m,
        None => {
            c.err(
                shop.cutoff.span().start,
                format!("bad time `{}`", shop.cutoff.get_ref()),
                "write the cutoff as 24-hour \"HH:MM\" in the shop's time zone, e.g. \"14:00\" (\"24:00\": all day)",
            );
            0
        }
    };
    let working_days = c.weekdays(shop.working_days.as_ref(), WeekdaySet::MON_FRI);
    let (hmin, hmax) = c.range(&shop.handling, "handling");
    let handling = Handling {
        min: hmin,
        max: hmax,
    };

    // Holidays and closures.
    let mut extra_holidays: Vec<Date> = t.holidays.add.iter().filter_map(|d| c.date(d)).collect();
    extra_holidays.sort_unstable();
    extra_holidays.dedup();
    let mut removed_holidays: Vec<Date> =
        t.holidays.remove.iter().filter_map(|d| c.date(d)).collect();
    removed_holidays.sort_unstable();
    removed_holidays.dedup();
    let mut closures = Vec::new();
    let mut closure_spans = Vec::new();
    for cl in &t.closures {
        if let (Some(a), Some(b)) = (c.date(&cl.from), c.date(&cl.to)) {
            if a > b {
                c.err(
                    cl.to.span().start,
                    format!("closure ends ({b}) before it starts ({a})"),
                    "from = first closed day, to = last closed day (inclusive)",
                );
            } else {
                closures.push((a, b));
                closure_spans.push(cl.to.span().start);
            }
        }
    }
    check_closure_sanity(c, &closures, &closure_spans);
    check_long_closures(
        c,
        &closures,
        &closure_spans,
        &region,
        working_days,
        &extra_holidays,
        &removed_holidays,
    );

    // Methods and zones.
    if t.methods.is_empty() {
        c.err(
            t.shop.span().start,
            "no shipping methods",
            "add at least one [[methods]] with name, delivery_days and [[methods.zones]]",
        );
    }
    let mut methods = Vec::new();
    let mut zone_names = Vec::new();
    let mut checkout_names = Vec::new();
    let mut method_names: HashMap<String, usize> = HashMap::new();
    for m in &t.methods {
        let mt = m.get_ref();
        let name = mt.name.get_ref().trim().to_string();
        if name.is_empty() {
            c.err(
                mt.name.span().start,
                "empty method name",
                "the name is shown to shoppers, e.g. \"Standard\"",
            );
        }
        let key = name.to_lowercase();
        if let Some(&at) = method_names.get(&key) {
            let line = super::line_col(c.text, at).0;
            c.err(
                mt.name.span().start,
                format!("duplicate method name `{name}`"),
                format!("first defined on line {line}; method names must be unique"),
            );
        } else {
            method_names.insert(key.clone(), mt.name.span().start);
        }
        let delivery_days = c.weekdays(mt.delivery_days.as_ref(), WeekdaySet::MON_FRI);
        let carrier = mt
            .carrier
            .as_ref()
            .map_or(String::new(), |k| method_carrier(c, k, mt));
        if mt.zones.is_empty() {
            c.err(
                m.span().start,
                format!("method `{name}` has no zones"),
                "add [[methods.zones]] with name, countries (or regions/postcodes) and transit",
            );
        }
        let mut rates = Vec::new();
        let mut names = Vec::new();
        for z in &mt.zones {
            let (rate, zname) = zone(c, z);
            rates.push(rate);
            names.push(zname);
        }
        check_overlaps(c, &name, &mt.zones, &rates, &names);
        methods.push(Method {
            name,
            delivery_days,
            carrier,
            rates,
        });
        zone_names.push(names);
        let mut aliases: Vec<String> = Vec::new();
        for a in &mt.checkout_names {
            let alias = a.get_ref().trim().to_string();
            if alias.is_empty() {
                c.err(
                    a.span().start,
                    "empty checkout name",
                    "write the shipping rate's title as the checkout shows it, e.g. \"Royal Mail Tracked 48\"",
                );
            } else if let Some(&at) = method_names.get(&alias.to_lowercase()) {
                if alias.to_lowercase() != key {
                    let line = super::line_col(c.text, at).0;
                    c.err(
                        a.span().start,
                        format!("checkout name `{alias}` is another method's name"),
                        format!("the method on line {line} is called that; a rate can select one method only"),
                    );
                }
            } else if aliases.iter().any(|x| x.eq_ignore_ascii_case(&alias)) {
                c.err(
                    a.span().start,
                    format!("duplicate checkout name `{alias}`"),
                    "list each rate title once",
                );
            } else {
                aliases.push(alias);
            }
        }
        checkout_names.push(aliases);
    }

    // Products.
    let mut products = Vec::new();
    let mut seen: HashMap<(u8, String), usize> = HashMap::new();
    for p in &t.products {
        let pt = p.get_ref();
        if pt.skus.is_empty() && pt.tags.is_empty() && pt.collections.is_empty() {
            c.err(
                p.span().start,
                "this product override names no product",
                "give skus = [\"…\"], tags = [\"…\"] or collections = [\"…\"]",
            );
        }
        for (kind, what, list) in [
            (0u8, "SKU", &pt.skus),
            (1, "tag", &pt.tags),
            (2, "collection", &pt.collections),
        ] {
            for v in list {
                let key = if kind == 0 {
                    v.get_ref().trim().to_string()
                } else {
                    v.get_ref().trim().to_lowercase()
                };
                if key.is_empty() {
                    c.err(
                        v.span().start,
                        format!("empty {what}"),
                        "remove the empty string",
                    );
                } else if let Some(&at) = seen.get(&(kind, key.clone())) {
                    let line = super::line_col(c.text, at).0;
                    c.err(
                        v.span().start,
                        format!(
                            "{what} `{}` already has an override on line {line}",
                            v.get_ref()
                        ),
                        "only the first matching override applies; merge them into one",
                    );
                } else {
                    seen.insert((kind, key), v.span().start);
                }
            }
        }
        for n in [
            &pt.extra_handling_days,
            &pt.made_to_order_days,
            &pt.backorder_days,
        ]
        .into_iter()
        .flatten()
        {
            if *n.get_ref() > MAX_DAYS {
                c.err(
                    n.span().start,
                    format!("{} days is more than {MAX_DAYS}", n.get_ref()),
                    "for long lead times use release_date (a preorder) instead",
                );
            }
        }
        let release_date = pt.release_date.as_ref().and_then(|d| c.date(d));
        let rule = ProductRule {
            skus: pt
                .skus
                .iter()
                .map(|v| v.get_ref().trim().to_string())
                .collect(),
            tags: pt
                .tags
                .iter()
                .map(|v| v.get_ref().trim().to_string())
                .collect(),
            collections: pt
                .collections
                .iter()
                .map(|v| v.get_ref().trim().to_string())
                .collect(),
            extra_handling_days: pt.extra_handling_days.as_ref().map_or(0, |v| *v.get_ref()),
            made_to_order_days: pt.made_to_order_days.as_ref().map_or(0, |v| *v.get_ref()),
            backorder_days: pt.backorder_days.as_ref().map_or(0, |v| *v.get_ref()),
            release_date,
        };
        if rule.to_override().extra_handling_days == 0 && pt.release_date.is_none() {
            c.warn(
                p.span().start,
                "this product override changes nothing",
                "set extra_handling_days, made_to_order_days, backorder_days or release_date",
            );
        }
        products.push(rule);
    }

    // Notices.
    let mut notices = Vec::new();
    for n in &t.notices {
        let n = n.get_ref();
        let text = n.text.get_ref().trim().to_string();
        if text.is_empty() {
            c.err(
                n.text.span().start,
                "empty notice text",
                "write what shoppers should know, e.g. \"Orders placed after 18 Dec arrive after Christmas\"",
            );
        }
        let mut pages = 0u8;
        match &n.pages {
            None => pages = NOTICE_PRODUCT | NOTICE_ORDER_CONFIRMATION,
            Some(list) => {
                if list.get_ref().is_empty() {
                    c.err(
                        list.span().start,
                        "a notice on no page",
                        "pages = [\"product\"], [\"order_confirmation\"] or [\"any\"]",
                    );
                }
                for p in list.get_ref() {
                    match p.get_ref().trim().to_ascii_lowercase().as_str() {
                        "product" => pages |= NOTICE_PRODUCT,
                        "order_confirmation" => pages |= NOTICE_ORDER_CONFIRMATION,
                        "any" => pages |= NOTICE_PRODUCT | NOTICE_ORDER_CONFIRMATION,
                        _ => c.err(
                            p.span().start,
                            format!("unknown page `{}`", p.get_ref()),
                            "notices can go on \"product\", \"order_confirmation\" or \"any\" (both)",
                        ),
                    }
                }
            }
        }
        if let (Some(from), Some(until)) = (c.date(&n.from), c.date(&n.until)) {
            if from > until {
                c.err(
                    n.until.span().start,
                    format!("notice ends ({until}) before it starts ({from})"),
                    "from = first day shown, until = last day shown (inclusive, shop dates)",
                );
            } else if !text.is_empty() && pages != 0 {
                notices.push(Notice {
                    text,
                    from,
                    until,
                    pages,
                });
            }
        }
    }

    Some(DeliveryConfig {
        time_zone,
        region,
        cutoff_minutes,
        working_days,
        handling,
        closures,
        extra_holidays,
        removed_holidays,
        methods,
        zone_names,
        checkout_names,
        products,
        notices,
    })
}

fn zone(c: &mut Ctx<'_>, z: &Spanned<ZoneT>) -> (ZoneRate, String) {
    let zt = z.get_ref();
    let name = zt.name.get_ref().trim().to_string();
    let mut countries = Vec::new();
    for v in &zt.countries {
        let code = v.get_ref().trim().to_ascii_uppercase();
        if valid_country(&code) && code != "UK" && code != "EL" {
            countries.push(code);
        } else {
            c.err(
                v.span().start,
                format!("unknown country code `{}`", v.get_ref()),
                country_hint(&code),
            );
        }
    }
    let mut regions = Vec::new();
    for v in &zt.regions {
        let code = v.get_ref().trim().to_ascii_uppercase();
        if !valid_region(&code) {
            c.err(
                v.span().start,
                format!("unknown region code `{}`", v.get_ref()),
                "use ISO 3166-2 codes such as \"GB-SCT\" or \"DE-BY\"",
            );
            continue;
        }
        if !countries.is_empty() && !countries.iter().any(|k| k == country_of(&code)) {
            c.err(
                v.span().start,
                format!("region `{code}` is not in this zone's countries"),
                format!(
                    "add \"{}\" to countries, or remove the region",
                    country_of(&code)
                ),
            );
        } else if !is_known(&code) {
            c.warn(
                v.span().start,
                format!("no built-in holiday calendar for `{code}`"),
                format!(
                    "carrier days there skip only {}'s national holidays, if built in; set this zone's holidays = {{ region = \"…\" }} to pick another, or see `shop-answers check --regions`",
                    country_of(&code),
                ),
            );
        }
        regions.push(code);
    }
    let postcode_prefixes: Vec<String> = zt
        .postcode_prefixes
        .iter()
        .filter_map(|v| {
            let p = normalize_postcode(v.get_ref());
            if p.is_empty() {
                c.err(v.span().start, "empty postcode prefix", "remove it");
                None
            } else {
                Some(p)
            }
        })
        .collect();
    let mut postcode_ranges = Vec::new();
    for r in &zt.postcode_ranges {
        match r.get_ref().as_slice() {
            [lo, hi]
                if !lo.trim().is_empty() && normalize_postcode(lo) <= normalize_postcode(hi) =>
            {
                postcode_ranges.push((normalize_postcode(lo), normalize_postcode(hi)));
            }
            _ => c.err(
                r.span().start,
                "a postcode range is [\"first\", \"last\"] with first ≤ last",
                "e.g. postcode_ranges = [[\"2000\", \"2999\"]]; bounds compare on their own length",
            ),
        }
    }
    let has_postcodes = !zt.postcode_prefixes.is_empty() || !zt.postcode_ranges.is_empty();
    if has_postcodes && zt.countries.is_empty() {
        c.err(
            z.span().start,
            format!("zone `{name}` lists postcodes but no countries"),
            "postcodes only mean something within a country: add countries = [\"…\"]",
        );
    }
    let names_something = !zt.countries.is_empty() || !zt.regions.is_empty() || has_postcodes;
    if zt.rest_of_world && names_something {
        c.err(
            z.span().start,
            format!("zone `{name}` is rest_of_world but also lists destinations"),
            "a rest_of_world zone covers every destination no other zone covers; remove its lists",
        );
    } else if !zt.rest_of_world && !names_something {
        c.err(
            z.span().start,
            format!("zone `{name}` covers no destination"),
            "list countries, regions or postcodes, or set rest_of_world = true",
        );
    }
    let (tmin, tmax) = c.range(&zt.transit, "transit");
    let holidays = zt.holidays.as_ref().map(|h| zone_holidays(c, h));
    (
        ZoneRate {
            zone: Zone {
                countries,
                regions,
                postcode_prefixes,
                postcode_ranges,
            },
            transit_min: tmin,
            transit_max: tmax,
            holidays,
        },
        name,
    )
}

/// Closures longer than this get a warning: a shop closed for over three months would
/// rather leave delivery dates out than promise none for that long, and a typo in a year
/// (2020 to 2099) lands here.
pub const MAX_CLOSURE_DAYS: i32 = 92;

/// Warnings for closures that are legal but almost surely a slip: one longer than
/// [`MAX_CLOSURE_DAYS`], and two that overlap (the second probably meant other dates).
fn check_closure_sanity(c: &mut Ctx<'_>, closures: &[(Date, Date)], spans: &[usize]) {
    for (i, (&(a, b), &at)) in closures.iter().zip(spans).enumerate() {
        let days = b.0 - a.0 + 1;
        if days > MAX_CLOSURE_DAYS {
            c.warn(
                at,
                format!("the closure from {a} to {b} lasts {days} days"),
                format!("closures over {MAX_CLOSURE_DAYS} days are rare: check the years; while the shop is closed that long, leave delivery.toml out"),
            );
        }
        if let Some(&(x, y)) = closures[..i].iter().find(|&&(x, y)| a <= y && x <= b) {
            c.warn(
                at,
                format!("the closure from {a} to {b} overlaps the one from {x} to {y}"),
                "merge them into one closure, or correct the dates of one",
            );
        }
    }
}

/// A closure so long (alone or with the weekends, holidays and closures around it) that the
/// engine's search finds no working day after its start would make every promise during it
/// fail: reported here, with the closure, instead.
fn check_long_closures(
    c: &mut Ctx<'_>,
    closures: &[(Date, Date)],
    spans: &[usize],
    region: &str,
    working_days: WeekdaySet,
    extra: &[Date],
    removed: &[Date],
) {
    for (&(a, b), &at) in closures.iter().zip(spans) {
        let horizon = a.add_days(MAX_SEARCH_DAYS);
        let mut hol = holidays_between(region, a, horizon)
            .ok()
            .flatten()
            .unwrap_or_default();
        hol.extend(extra);
        hol.retain(|d| removed.binary_search(d).is_err());
        let works = |d: Date| {
            working_days.contains(d.weekday())
                && !hol.contains(&d)
                && !closures.iter().any(|&(x, y)| x <= d && d <= y)
        };
        if !(0..=MAX_SEARCH_DAYS).map(|i| a.add_days(i)).any(works) {
            c.err(
                at,
                format!(
                    "no shop working day within {MAX_SEARCH_DAYS} days of {a}: the closure to {b} ({} days) is too long",
                    b.0 - a.0 + 1
                ),
                format!("promises look at most {MAX_SEARCH_DAYS} days ahead for a working day, so none could be made while it lasts; end it earlier, or leave delivery.toml out while the shop is closed"),
            );
        }
    }
}

/// A zone's `holidays = { region, add, remove }`.
fn zone_holidays(c: &mut Ctx<'_>, h: &Spanned<ZoneHolidaysT>) -> ZoneHolidays {
    let ht = h.get_ref();
    let region = ht.region.as_ref().and_then(|r| {
        let code = r.get_ref().trim().to_ascii_uppercase();
        if is_known(&code) {
            Some(code)
        } else {
            c.err(
                r.span().start,
                format!("no built-in holiday calendar for `{}`", r.get_ref()),
                "holidays.region names the country or ISO 3166-2 region whose non-delivery days apply in this zone; `shop-answers check --regions` lists them",
            );
            None
        }
    });
    let mut dates = |list: &[Spanned<String>]| {
        let mut v: Vec<Date> = list.iter().filter_map(|d| c.date(d)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (add, remove) = (dates(&ht.add), dates(&ht.remove));
    if region.is_none() && add.is_empty() && remove.is_empty() && ht.region.is_none() {
        c.warn(
            h.span().start,
            "these zone holidays change nothing",
            "set region = \"…\", add = [\"YYYY-MM-DD\"] or remove = [\"YYYY-MM-DD\"]",
        );
    }
    ZoneHolidays {
        region,
        add,
        remove,
    }
}

/// A method's `carrier = "…"`: the identifier of a built-in carrier calendar.
fn method_carrier(c: &mut Ctx<'_>, k: &Spanned<String>, mt: &MethodT) -> String {
    let Some(info) = holidays::carrier(k.get_ref()) else {
        let ids: Vec<&str> = holidays::carriers().iter().map(|k| k.id.as_str()).collect();
        c.err(
            k.span().start,
            format!("unknown carrier `{}`", k.get_ref()),
            format!(
                "built-in carrier calendars: {}; leave carrier out to use the destination's public holidays",
                ids.join(", ")
            ),
        );
        return String::new();
    };
    let reaches = |z: &Spanned<ZoneT>| {
        let z = z.get_ref();
        z.rest_of_world
            || z.countries
                .iter()
                .map(|x| x.get_ref().trim().to_ascii_uppercase())
                .chain(
                    z.regions
                        .iter()
                        .map(|x| country_of(x.get_ref().trim()).to_ascii_uppercase()),
                )
                .any(|x| info.countries.contains(&x))
    };
    if !mt.zones.iter().any(reaches) {
        c.warn(
            k.span().start,
            format!(
                "{}'s calendar covers {} only, where this method does not deliver",
                info.name,
                info.countries.join(", ")
            ),
            "its destinations use their public holidays; remove carrier or check the zones",
        );
    }
    info.id.clone()
}

/// Two zones of one method at the same level of detail that both cover a destination make
/// the choice depend on file order: reported, since a shop owner would not expect it.
fn check_overlaps(
    c: &mut Ctx<'_>,
    method: &str,
    zones: &[Spanned<ZoneT>],
    rates: &[ZoneRate],
    names: &[String],
) {
    let level = |z: &Zone| {
        if !z.postcode_prefixes.is_empty() || !z.postcode_ranges.is_empty() {
            3
        } else if !z.regions.is_empty() {
            2
        } else if !z.countries.is_empty() {
            1
        } else {
            0
        }
    };
    let meets = |a: &[String], b: &[String]| {
        a.is_empty() || b.is_empty() || a.iter().any(|x| b.contains(x))
    };
    let mut name_seen: HashMap<String, usize> = HashMap::new();
    for (j, zj) in rates.iter().enumerate() {
        if let Some(&i) = name_seen.get(&names[j].to_lowercase()) {
            c.err(
                zones[j].get_ref().name.span().start,
                format!("duplicate zone name `{}` in method `{method}`", names[j]),
                format!(
                    "zone {} already uses it; zone names must be unique per method",
                    i + 1
                ),
            );
        } else {
            name_seen.insert(names[j].to_lowercase(), j);
        }
        for (i, zi) in rates[..j].iter().enumerate() {
            let (a, b) = (&zi.zone, &zj.zone);
            if level(a) != level(b) || !meets(&a.countries, &b.countries) {
                continue;
            }
            let clash = match level(b) {
                0 => Some("every destination".to_string()),
                1 => b
                    .countries
                    .iter()
                    .find(|x| a.countries.contains(x))
                    .map(|x| format!("`{x}`")),
                2 => b
                    .regions
                    .iter()
                    .find(|x| a.regions.contains(x))
                    .map(|x| format!("`{x}`")),
                _ => b
                    .postcode_prefixes
                    .iter()
                    .find(|x| a.postcode_prefixes.contains(x))
                    .map(|x| format!("postcodes starting `{x}`"))
                    .or_else(|| {
                        b.postcode_ranges
                            .iter()
                            .find(|x| a.postcode_ranges.contains(x))
                            .map(|(lo, hi)| format!("postcodes {lo}–{hi}"))
                    }),
            };
            if let Some(what) = clash {
                c.err(
                    zones[j].span().start,
                    format!(
                        "zones `{}` and `{}` of method `{method}` both cover {what}",
                        names[i], names[j]
                    ),
                    "each destination must fall in one zone per method (a more specific zone — region or postcode — may sit inside a country zone)",
                );
            }
        }
    }
}

impl DeliveryConfig {
    /// The instant the validity window starts: local midnight of `valid_from` in the
    /// shop's zone (the first instant of that wall-clock day).
    pub fn window_start(&self, valid_from: Date) -> Result<i64, PrecomputeError> {
        local_midnight(&self.time_zone, valid_from)
    }

    /// Calendars needed, sorted so builds are deterministic: the shop's region; every
    /// country a zone names (or a zone region's country) with all its built-in
    /// subdivisions; each zone's `holidays.region`; all of them for a rest-of-world zone;
    /// and for a method with a carrier, the carrier's calendar of each of those that it
    /// covers.
    fn calendar_codes(&self) -> BTreeSet<String> {
        let mut public = BTreeSet::new();
        public.insert(self.region.clone());
        let mut carriers = BTreeSet::new();
        // Aliases of a subdivision (GB-EAW) go in too: the widget cannot resolve them, and
        // those of the country itself (US-NY) fall back to it anyway.
        let with_subdivisions = |c: &str, codes: &mut BTreeSet<String>| {
            if is_known(c) {
                codes.insert(c.to_string());
            }
            codes.extend(holidays::subdivisions(c).map(|r| r.code.clone()));
            codes.extend(
                holidays::aliases()
                    .iter()
                    .filter(|a| country_of(&a.code) == c && a.calendar.contains('-'))
                    .map(|a| a.code.clone()),
            );
        };
        for m in &self.methods {
            let mut reached = BTreeSet::new();
            for r in &m.rates {
                let z = &r.zone;
                if z.countries.is_empty() && z.regions.is_empty() {
                    for c in holidays::countries() {
                        with_subdivisions(&c.code, &mut reached);
                    }
                }
                for c in &z.countries {
                    with_subdivisions(c, &mut reached);
                }
                for reg in &z.regions {
                    if is_known(reg) {
                        reached.insert(reg.clone());
                    }
                    with_subdivisions(country_of(reg), &mut reached);
                }
                if let Some(reg) = r.holidays.as_ref().and_then(|h| h.region.as_ref()) {
                    reached.insert(reg.clone());
                    with_subdivisions(country_of(reg), &mut reached);
                }
            }
            if let Some(k) = holidays::carrier(&m.carrier) {
                for code in &reached {
                    if k.countries.iter().any(|c| c == country_of(code)) {
                        carriers.insert(format!("{}:{code}", k.id));
                    }
                }
            }
            public.extend(reached);
        }
        public.extend(carriers);
        public
    }

    /// Compiles the rules for an 18-month window starting on `valid_from` (local midnight
    /// in the shop's zone). Holidays are expanded over the window plus enough slack for
    /// the longest handling + transit + product extra after its last day (or after the
    /// latest preorder release date).
    pub fn compile(&self, valid_from: Date) -> Result<DeliveryRules, PrecomputeError> {
        let tz = tz_table_for_window(&self.time_zone, valid_from)?;
        let end_date = tz
            .local(tz.end() - 1)
            .map(|(d, _)| d)
            .ok_or(PrecomputeError::BadWindow)?;
        let max_transit = self
            .methods
            .iter()
            .flat_map(|m| m.rates.iter().map(|r| r.transit_max))
            .max()
            .unwrap_or(0);
        let max_extra = self
            .products
            .iter()
            .map(|p| p.to_override().extra_handling_days)
            .max()
            .unwrap_or(0);
        let longest_closure = self
            .closures
            .iter()
            .map(|&(a, b)| b.0 - a.0 + 1)
            .max()
            .unwrap_or(0);
        let business = i32::from(self.handling.max) + i32::from(max_extra) + i32::from(max_transit);
        // Business days → calendar days, generously: weekends, holidays and closures.
        let slack = business * 2 + longest_closure + 31;
        let last_release = self
            .products
            .iter()
            .filter_map(|p| p.release_date)
            .max()
            .unwrap_or(end_date);
        let from = valid_from.add_days(-1);
        let to = end_date.max(last_release).add_days(slack);
        let mut regions: Vec<RegionCalendar> = Vec::new();
        // The shop's corrections apply to every code that uses its calendar (US-NY and US
        // for a shop in US-CA; GB-EAW and GB-ENG), so a destination gets them whichever
        // of those codes its address gives.
        let shop_calendar = holidays::canonical(&self.region);
        for code in self.calendar_codes() {
            let Some(mut holidays) =
                holidays_between(&code, from, to).map_err(PrecomputeError::Calendar)?
            else {
                continue;
            };
            if !code.contains(':') && holidays::canonical(&code) == shop_calendar {
                holidays.extend(
                    self.extra_holidays
                        .iter()
                        .filter(|d| **d >= from && **d <= to),
                );
                holidays.retain(|d| self.removed_holidays.binary_search(d).is_err());
                holidays.sort_unstable();
                holidays.dedup();
            }
            regions.push(RegionCalendar { code, holidays });
        }
        // A subdivision whose days equal what the lookup falls back to (its country's, or
        // the carrier's for the country) adds nothing: left out, unless it is the shop's
        // own or one a zone names.
        let named: BTreeSet<&str> = self
            .methods
            .iter()
            .flat_map(|m| &m.rates)
            .filter_map(|r| r.holidays.as_ref()?.region.as_deref())
            .chain([self.region.as_str()])
            .collect();
        let fallback = |code: &str| {
            let (prefix, region) = code.rsplit_once(':').map_or(("", code), |(k, r)| (k, r));
            region.split_once('-').map(|(country, _)| match prefix {
                "" => country.to_string(),
                k => format!("{k}:{country}"),
            })
        };
        let keep: Vec<bool> = regions
            .iter()
            .map(|r| {
                named.contains(r.code.as_str())
                    || fallback(&r.code).is_none_or(|f| {
                        regions
                            .iter()
                            .find(|x| x.code == f)
                            .is_none_or(|x| x.holidays != r.holidays)
                    })
            })
            .collect();
        let mut keep = keep.into_iter();
        regions.retain(|_| keep.next().unwrap_or(true));
        let countries: BTreeSet<&str> = regions
            .iter()
            .map(|r| country_of(r.code.rsplit(':').next().unwrap_or(&r.code)))
            .collect();
        let postcode_regions = POSTCODE_REGIONS
            .iter()
            .filter(|(c, ..)| countries.contains(c))
            .map(|&(country, first, last, region)| PostcodeRegion {
                country: country.into(),
                first: first.into(),
                last: last.into(),
                region: region.into(),
            })
            .collect();
        Ok(DeliveryRules {
            data: DeliveryData {
                tz,
                regions,
                postcode_regions,
                shop: ShopSpec {
                    region: self.region.clone(),
                    cutoff_minutes: self.cutoff_minutes,
                    working_days: self.working_days,
                    closures: self.closures.clone(),
                    handling: self.handling,
                },
                methods: self.methods.clone(),
            },
            zone_names: self.zone_names.clone(),
            products: self.products.clone(),
            notices: self.notices.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_weekdays() {
        assert_eq!(parse_cutoff("14:00"), Some(840));
        assert_eq!(parse_cutoff("24:00"), Some(1440));
        assert_eq!(parse_cutoff("00:00"), Some(0));
        for bad in ["24:01", "14:60", "2pm", "9:00", "14.00", "+1:00", ""] {
            assert_eq!(parse_cutoff(bad), None, "{bad}");
        }
        assert_eq!(parse_weekdays("Mon-Fri"), Some(WeekdaySet::MON_FRI));
        assert_eq!(parse_weekdays("monday–saturday"), Some(WeekdaySet::MON_SAT));
        assert_eq!(
            parse_weekdays("Sat-Mon").map(|s| s.bits()),
            Some(0b110_0001)
        );
        assert_eq!(parse_weekdays("Fry"), None);
        assert_eq!(parse_weekdays("Mon-Tue-Wed"), None);
        assert!(valid_region("GB-ENG") && valid_region("FR-6AE") && !valid_region("GB"));
    }
}
