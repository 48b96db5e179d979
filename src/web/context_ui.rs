//! The contextual blocks: the product's own questions and answers and its delivery promise on
//! product pages; the delivery estimate and after-purchase answers on order confirmations.
//! The core decides what ([`crate::answer::plan`]); this draws it where it belongs.

use super::dom::{el, text_el};
use super::render_answer;
use crate::answer::{countdown_parts, DateSource, DeliveryView, Plan};
use crate::bundle::Bundle;
use crate::context::{PageContext, PageType, CART_FORMS};
use crate::delivery::Date;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, ShadowRootInit, ShadowRootMode};

/// Where confirmation blocks go when the shop marked no slot: after the platform's order
/// summary, so the estimate sits next to the order number.
const ORDER_ANCHORS: &[&str] = &[
    ".woocommerce-order-overview",
    ".wc-block-order-confirmation-summary",
    ".woocommerce-order",
    ".checkout-success",
    "#content-hook_order_confirmation",
    ".orderConfirmation",
    ".finish-header",
    "main",
];

fn set(o: &Object, k: &str, v: &str) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &JsValue::from_str(v));
}

fn js_date(d: Date) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(f64::from(d.0) * 86_400_000.0))
}

/// Where [`Formats`] keeps what `Intl` produced, across page loads.
const FORMATS_KEY: &str = "shop-answers:intl";
/// More remembered strings than this and the store starts again from this page's: a
/// shopper's date ranges change daily, so old ones would pile up.
const FORMATS_MAX: u32 = 48;

/// Dates and country names in the shopper's locale, from `Intl`, remembered in localStorage.
/// The first `Intl` object a page makes costs the browser its ICU start-up (20–40 ms measured
/// in headless Chromium here), on the main thread, before the contextual answer can show; the
/// strings are a pure function of locale and input, so a shopper's next page reuses them.
pub struct Formats {
    locale: String,
    /// The store and the strings remembered from earlier pages, read on the first lookup (a
    /// page without dates or countries never touches localStorage).
    known: std::cell::OnceCell<(Option<web_sys::Storage>, Object)>,
    /// The strings this page used or made.
    used: Object,
    changed: std::cell::Cell<bool>,
    names: std::cell::OnceCell<Option<(JsValue, Function)>>,
}

impl Formats {
    pub fn new(locale: String) -> Self {
        Formats {
            locale,
            known: std::cell::OnceCell::new(),
            used: Object::new(),
            changed: std::cell::Cell::new(false),
            names: std::cell::OnceCell::new(),
        }
    }

    fn known(&self) -> &(Option<web_sys::Storage>, Object) {
        self.known.get_or_init(|| {
            let store = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
            let known = store
                .as_ref()
                .and_then(|s| s.get_item(FORMATS_KEY).ok().flatten())
                .and_then(|t| js_sys::JSON::parse(&t).ok())
                .and_then(|v| v.dyn_into::<Object>().ok())
                .unwrap_or_default();
            (store, known)
        })
    }

    fn remembered(&self, key: &str, make: impl FnOnce() -> Option<String>) -> Option<String> {
        let k = JsValue::from_str(&(String::from(key) + "|" + &self.locale));
        let found = [&self.used, &self.known().1]
            .into_iter()
            .find_map(|o| Reflect::get(o, &k).ok().and_then(|v| v.as_string()));
        let value = match found {
            Some(v) => v,
            None => {
                let v = make()?;
                self.changed.set(true);
                v
            }
        };
        let _ = Reflect::set(&self.used, &k, &JsValue::from_str(&value));
        Some(value)
    }

    /// Makes the dates the block for `plan` shows, so that drawing it finds them made: on a
    /// shopper's first page this is where the browser starts ICU, and the widget gives that a
    /// task of its own. `true` when `Intl` had to make any (none were remembered from an
    /// earlier page).
    pub fn prepare_dates(&self, plan: &Plan) -> bool {
        self.makes(|| {
            if let Some(day) = plan.christmas_order_by {
                self.dates(day, day);
            }
            if let Some(v) = &plan.delivery {
                self.dates(v.from, v.until);
            }
        })
    }

    /// [`Formats::prepare_dates`] for the country names: region names are ICU data of their
    /// own, loaded on first use, so they get the next task.
    pub fn prepare_countries(&self, plan: &Plan) -> bool {
        self.makes(|| {
            if let Some(v) = &plan.delivery {
                for c in std::iter::once(&v.country).chain(&plan.destinations) {
                    if !c.is_empty() {
                        self.country(c);
                    }
                }
            }
            if let Some(crate::answer::DeliveryNote::NotServed(c)) = &plan.delivery_note {
                self.country(c);
            }
        })
    }

    /// Runs `lookups`; `true` when `Intl` had to make any of their strings.
    fn makes(&self, lookups: impl FnOnce()) -> bool {
        let before = self.changed.replace(false);
        lookups();
        let made = self.changed.get();
        self.changed.set(before || made);
        made
    }

    /// "Thu 27 – Fri 28 Nov" (`Intl.DateTimeFormat#formatRange`).
    pub fn dates(&self, from: Date, until: Date) -> String {
        let key = String::from("d|") + &from.0.to_string() + "|" + &until.0.to_string();
        self.remembered(&key, || {
            let opts = Object::new();
            set(&opts, "weekday", "short");
            set(&opts, "day", "numeric");
            set(&opts, "month", "short");
            set(&opts, "timeZone", "UTC");
            let locales = Array::of1(&JsValue::from_str(&self.locale));
            let dtf = js_sys::Intl::DateTimeFormat::new(&locales, &opts);
            let (a, b) = (js_date(from), js_date(until));
            let out = if from == until {
                dtf.format().call1(&dtf, &a)
            } else {
                Reflect::get(&dtf, &JsValue::from_str("formatRange"))
                    .and_then(|f| f.dyn_into::<Function>())
                    .and_then(|f| f.call2(&dtf, &a, &b))
            };
            out.ok().and_then(|v| v.as_string())
        })
        .unwrap_or_default()
    }

    /// A country's name (`Intl.DisplayNames`), else its code. One formatter per render, made
    /// on first use: one per country of a destination list added tens of milliseconds.
    pub fn country(&self, code: &str) -> String {
        let key = String::from("r|") + code;
        self.remembered(&key, || {
            let f = self.names.get_or_init(|| {
                (|| -> Result<(JsValue, Function), JsValue> {
                    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl"))?;
                    let ctor: Function =
                        Reflect::get(&intl, &JsValue::from_str("DisplayNames"))?.dyn_into()?;
                    let opts = Object::new();
                    set(&opts, "type", "region");
                    let dn = Reflect::construct(
                        &ctor,
                        &Array::of2(&Array::of1(&JsValue::from_str(&self.locale)), &opts),
                    )?;
                    let of: Function = Reflect::get(&dn, &JsValue::from_str("of"))?.dyn_into()?;
                    Ok((dn, of))
                })()
                .ok()
            });
            f.as_ref()
                .and_then(|(dn, of)| of.call1(dn, &JsValue::from_str(code)).ok())
                .and_then(|v| v.as_string())
        })
        .unwrap_or_else(|| code.to_string())
    }

    /// Stores what this page made, when it made anything new.
    pub fn save(&self) {
        if !self.changed.get() {
            return;
        }
        let (Some(store), known) = self.known() else {
            return;
        };
        let all = if Object::keys(known).length() + Object::keys(&self.used).length() > FORMATS_MAX
        {
            self.used.clone()
        } else {
            Object::assign(known, &self.used)
        };
        if let Ok(text) = js_sys::JSON::stringify(&all) {
            // Full or forbidden storage only costs the next page the Intl start-up.
            let _ = store.set_item(FORMATS_KEY, &String::from(text));
        }
    }
}

/// The delivery sentence for a view, from the shop's texts (placeholders `{time}`, `{dates}`,
/// `{country}`), with English defaults.
pub fn delivery_sentence(
    bundle: &Bundle,
    formats: &Formats,
    page: PageType,
    v: &DeliveryView,
) -> String {
    let text = |k: &str, d: &str| bundle.text(k, d);
    let dates = formats.dates(v.from, v.until);
    let template = match (page, v.countdown_secs) {
        (PageType::OrderConfirmation, _) if v.source == DateSource::Page => {
            text("widget.delivery_expected", "Expected delivery: {dates}")
        }
        (PageType::OrderConfirmation, _) => {
            text("widget.delivery_estimate", "Estimated delivery: {dates}")
        }
        (_, Some(_)) => text(
            "widget.delivery_countdown",
            "Order within {time} to get it {dates}",
        ),
        _ => text("widget.delivery_arrives", "Order now to get it {dates}"),
    };
    let mut time = String::new();
    if let Some(secs) = v.countdown_secs {
        let (h, m) = countdown_parts(secs);
        if h > 0 {
            time.push_str(&h.to_string());
            time.push_str(" h ");
        }
        time.push_str(&m.to_string());
        time.push_str(" min");
    }
    template.replace("{time}", &time).replace("{dates}", &dates)
}

/// "Delivery to United Kingdom · change": a native disclosure (keyboard and screen readers
/// for free) holding a labelled country `<select>` of the countries the shop delivers to and
/// an optional postcode field; a change stores the choice and redraws the block.
#[allow(clippy::too_many_arguments)]
fn destination_picker(
    d: &Document,
    summary: &str,
    country_label: &str,
    postcode_label: &str,
    formats: &Formats,
    current: &str,
    postcode: &str,
    countries: &[String],
) -> Result<Element, JsValue> {
    let det = el(d, "details", "dest", &[])?;
    let sum = text_el(d, "summary", "", summary)?;
    det.append_child(&sum)?;
    let lc = text_el(d, "label", "", country_label)?;
    let sel = el(d, "select", "", &[("name", "country")])?;
    // Alphabetical by the shopper's names, inserted in place (no sort routine in the widget).
    let mut named: Vec<(String, &str)> = Vec::with_capacity(countries.len());
    for c in countries {
        let name = formats.country(c);
        let i = named.partition_point(|(n, _)| *n <= name);
        named.insert(i, (name, c));
    }
    for (name, code) in named {
        let o = el(d, "option", "", &[("value", code)])?;
        o.set_text_content(Some(&name));
        if code == current {
            o.set_attribute("selected", "")?;
        }
        sel.append_child(&o)?;
    }
    lc.append_child(&sel)?;
    det.append_child(&lc)?;
    let lp = text_el(d, "label", "", postcode_label)?;
    let pc = el(
        d,
        "input",
        "",
        &[
            ("name", "postcode"),
            ("autocomplete", "postal-code"),
            ("value", postcode),
        ],
    )?;
    lp.append_child(&pc)?;
    det.append_child(&lp)?;
    let value = |e: &Element| {
        Reflect::get(e, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let on = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        super::first::choose_destination(&value(&sel), &value(&pc));
    });
    det.add_event_listener_with_callback("change", on.as_ref().unchecked_ref())?;
    on.forget();
    Ok(det)
}

/// Where the contextual blocks of this page go: the shop's `[data-shop-answers-slot="context"]`,
/// else after the add-to-cart form (product) or the order summary (confirmation).
fn anchor(d: &Document, page: PageType) -> Result<Option<(Element, bool)>, JsValue> {
    if let Some(s) = d.query_selector("[data-shop-answers-slot=\"context\"]")? {
        return Ok(Some((s, true)));
    }
    let list: &[&str] = match page {
        PageType::Product => CART_FORMS,
        PageType::OrderConfirmation => ORDER_ANCHORS,
        _ => &[],
    };
    for css in list {
        if let Some(e) = d.query_selector(css)? {
            return Ok(Some((e, false)));
        }
    }
    Ok(None)
}

/// Draws the plan; returns the host element (so a refresh can replace it), or `None` when
/// the page gets no contextual block. `previous` is the block a redraw replaces in place.
#[allow(clippy::too_many_arguments)] // one call site, each argument a different input
pub fn render(
    d: &Document,
    bundle: &Bundle,
    css: &str,
    ctx: &PageContext,
    plan: &Plan,
    formats: &Formats,
    postcode: &str,
    previous: Option<&Element>,
) -> Result<Option<Element>, JsValue> {
    if plan.entries.is_empty()
        && plan.delivery.is_none()
        && plan.notices.is_empty()
        && plan.delivery_note.is_none()
    {
        return Ok(None);
    }
    let Some((at, inside)) = anchor(d, ctx.page_type)? else {
        return Ok(None);
    };
    let host = el(
        d,
        "div",
        "",
        &[("data-shop-answers-context", ctx.page_type.as_str())],
    )?;
    let room = room(&at, inside);
    let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let link = el(d, "link", "", &[("rel", "stylesheet"), ("href", css)])?;
    root.append_child(&link)?;
    let text = |k: &str, def: &str| bundle.text(k, def);
    let label = match ctx.page_type {
        PageType::OrderConfirmation => text("widget.order_title", "About your order"),
        _ if plan.entries.is_empty() => text("widget.delivery_title", "Delivery"),
        _ => text(
            "widget.product_title",
            "Delivery and questions about this product",
        ),
    };
    let section = el(d, "section", "panel context", &[("aria-label", &label)])?;
    let h = text_el(d, "h2", "title", &label)?;
    section.append_child(&h)?;
    for n in &plan.notices {
        let p = text_el(d, "p", "notice", n)?;
        section.append_child(&p)?;
    }
    if let Some(day) = plan.christmas_order_by {
        let t = text(
            "widget.delivery_christmas",
            "Order by {date} for delivery before Christmas",
        )
        .replace("{date}", &formats.dates(day, day));
        let p = el(d, "p", "notice", &[("data-order-by", &day.to_string())])?;
        p.set_text_content(Some(&t));
        section.append_child(&p)?;
    }
    if let Some(v) = &plan.delivery {
        let p = el(
            d,
            "p",
            "delivery",
            &[
                ("data-from", &v.from.to_string()),
                ("data-until", &v.until.to_string()),
            ],
        )?;
        p.set_text_content(Some(&delivery_sentence(bundle, formats, ctx.page_type, v)));
        let mut picker = None;
        if !v.country.is_empty() && v.source == DateSource::Rules {
            let to = text("widget.delivery_to", "Delivery to {country}")
                .replace("{country}", &formats.country(&v.country));
            if plan.destinations.is_empty() {
                let small = text_el(d, "span", "delivery-to", &to)?;
                p.append_child(&small)?;
            } else {
                let change = text("widget.delivery_change", "change");
                picker = Some(destination_picker(
                    d,
                    &(to + " · " + &change),
                    &text("widget.delivery_country", "Country"),
                    &text("widget.delivery_postcode", "Postcode (optional)"),
                    formats,
                    &v.country,
                    postcode,
                    &plan.destinations,
                )?);
            }
        }
        section.append_child(&p)?;
        if let Some(picker) = picker {
            section.append_child(&picker)?;
        }
    }
    if let Some(note) = &plan.delivery_note {
        let msg = match note {
            crate::answer::DeliveryNote::NotServed(c) => text(
                "widget.delivery_not_served",
                "We don't deliver to {country} yet.",
            )
            .replace("{country}", &formats.country(c)),
            crate::answer::DeliveryNote::Unavailable => text(
                "widget.delivery_unavailable",
                "Delivery dates can't be shown right now; see our delivery information.",
            ),
        };
        let p = text_el(d, "p", "delivery unavailable", &msg)?;
        section.append_child(&p)?;
        if !plan.destinations.is_empty() {
            let country = match note {
                crate::answer::DeliveryNote::NotServed(c) => c.as_str(),
                _ => "",
            };
            let change = text("widget.delivery_change", "change");
            let picker = destination_picker(
                d,
                &(text("widget.delivery_choose", "Choose your country") + " · " + &change),
                &text("widget.delivery_country", "Country"),
                &text("widget.delivery_postcode", "Postcode (optional)"),
                formats,
                country,
                postcode,
                &plan.destinations,
            )?;
            section.append_child(&picker)?;
        }
    }
    if !plan.entries.is_empty() {
        // Native disclosure widgets: keyboard and screen-reader support with no script.
        for &doc in &plan.entries {
            let Ok(e) = bundle.entry(doc) else { continue };
            let det = el(d, "details", "qa", &[("data-entry", &e.id)])?;
            let sum = text_el(d, "summary", "", &e.question)?;
            det.append_child(&sum)?;
            let body = el(d, "div", "answer", &[])?;
            render_answer(d, &body, &e.answer)?;
            det.append_child(&body)?;
            section.append_child(&det)?;
        }
    }
    if ctx.page_type == PageType::Product && bundle.meta().contains_key("contact.endpoint") {
        let ask = text("widget.ask_product", "Ask a question about this product");
        let b = el(d, "button", "contact-open", &[("type", "button")])?;
        b.set_text_content(Some(&ask));
        let on = wasm_bindgen::closure::Closure::<dyn Fn()>::new(super::first::ask_about_product);
        b.add_event_listener_with_callback("click", on.as_ref().unchecked_ref())?;
        on.forget();
        section.append_child(&b)?;
    }
    root.append_child(&section)?;
    match previous.filter(|p| p.is_connected()) {
        // A redraw (the shopper's navigation or variant change) takes the old block's place.
        Some(p) => {
            if let Some(f) = p.get_attribute("data-floating") {
                host.set_attribute("data-floating", &f)?;
            }
            p.replace_with_with_node_1(&host)?;
        }
        None => place(d, &host, &root, &at, inside, room, bundle)?,
    }
    formats.save();
    Ok(Some(host))
}

/// Where the block can go without moving anything the shopper sees (a layout shift).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Room {
    /// Out of view: into the flow, where the browser's scroll anchoring keeps what is on
    /// screen still.
    Free,
    /// A visible slot that reserves this many pixels: the block keeps to them.
    Reserved(f64),
    /// The insertion point is in view and nothing is reserved there.
    None,
}

/// How much room the page has at the insertion point, measured before anything is added.
fn room(at: &Element, inside: bool) -> Room {
    let vh = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let r = at.get_bounding_client_rect();
    // A slot holds the block; an anchor has it after its end.
    let (top, bottom) = if inside {
        (r.top(), r.bottom())
    } else {
        (r.bottom(), r.bottom())
    };
    if bottom < 0.0 || top >= vh {
        Room::Free
    } else if inside && r.height() >= 1.0 {
        Room::Reserved(r.height())
    } else {
        Room::None
    }
}

/// Puts the block on the page without a layout shift: out of view, straight into the flow;
/// in a visible slot, within the height it reserves (taller content scrolls inside it); at a
/// visible insertion point with nothing reserved, as a card floating over the page's corner,
/// which moves into the flow once the insertion point is out of view.
fn place(
    d: &Document,
    host: &Element,
    root: &web_sys::ShadowRoot,
    at: &Element,
    inside: bool,
    room: Room,
    bundle: &Bundle,
) -> Result<(), JsValue> {
    let attach = |host: &Element| -> Result<(), JsValue> {
        if inside {
            at.append_child(host)?;
        } else {
            at.after_with_node_1(host)?;
        }
        Ok(())
    };
    match room {
        Room::Free => attach(host),
        Room::Reserved(px) => {
            let style = host.unchecked_ref::<web_sys::HtmlElement>().style();
            style.set_property("max-height", &(px.to_string() + "px"))?;
            style.set_property("overflow-y", "auto")?;
            attach(host)
        }
        Room::None => {
            host.set_attribute("data-floating", "card")?;
            let close = el(
                d,
                "button",
                "card-close",
                &[
                    ("type", "button"),
                    ("aria-label", &bundle.text("widget.close", "Close")),
                ],
            )?;
            close.set_text_content(Some("×"));
            if let Some(section) = root.query_selector("section")? {
                section.prepend_with_node_1(&close)?;
            }
            let card = host.clone();
            let on_close = Closure::<dyn Fn()>::new(move || card.remove());
            close.add_event_listener_with_callback("click", on_close.as_ref().unchecked_ref())?;
            on_close.forget();
            d.body().ok_or("no body")?.append_child(host)?;
            // Into the flow once the insertion point is out of view: nothing on screen moves.
            let (host2, at2, close2) = (host.clone(), at.clone(), close.clone());
            let cb = Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(
                move |entries: js_sys::Array, obs: web_sys::IntersectionObserver| {
                    let out = entries.iter().any(|e| {
                        !e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                            .is_intersecting()
                    });
                    // A card the shopper closed stays closed.
                    if out && host2.is_connected() {
                        obs.disconnect();
                        close2.remove();
                        let _ = host2.remove_attribute("data-floating");
                        let _ = if inside {
                            at2.append_child(&host2).map(drop)
                        } else {
                            at2.after_with_node_1(&host2)
                        };
                    }
                },
            );
            let obs = web_sys::IntersectionObserver::new(cb.as_ref().unchecked_ref())?;
            cb.forget();
            obs.observe(at);
            Ok(())
        }
    }
}
