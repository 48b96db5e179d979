//! The contact form, inline in the widget's panel (no modal dialog, so no focus trap: it is
//! part of the page's reading order), and the driver of the outbox that delivers its messages.
//!
//! Decisions (validation, encoding, retry, storage format, lease) are the core's
//! ([`crate::contact`]); this module reads the inputs, draws, does the HTTP and the timers.

use super::dom::{el, text_el};
use super::emit;
use crate::bundle::Meta;
use crate::contact::{
    classify, encode, feedback_body, idempotency_key, lease_take, validate, ContactConfig,
    FieldError, FieldKind, FieldSpec, Item, Outbox, Outcome, State, FEEDBACK_ENDPOINT,
};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// Each message is stored under its own key (`shop-answers:outbox:<idempotency key>`, the
/// core's outbox format with one line), so tabs adding messages never overwrite each other.
const ITEM_PREFIX: &str = "shop-answers:outbox:";
const LEASE_KEY: &str = "shop-answers:outbox-lease";
/// A request that takes longer is abandoned (and retried).
const TIMEOUT_MS: i32 = 10_000;
/// Permanently failed messages are kept this long for the shopper, then dropped.
const KEEP_FAILED_MS: u64 = 7 * 24 * 3600 * 1000;

struct Form {
    cfg: ContactConfig,
    texts: Texts,
    form: Element,
    /// Inputs parallel to `cfg.fields`, then the consent box when there is one.
    inputs: Vec<Element>,
    consent: Option<Element>,
    honeypot: Element,
    status: Element,
    opener: Element,
    /// When the form was shown (ms), for the minimum fill time.
    opened_at: f64,
    /// Prefilled page facts that are not fields of the form, sent along.
    context: Vec<(String, String)>,
    /// The message the form waits on.
    current: Option<String>,
    /// A permanently refused message still in the form: replaced by the next submission.
    failed: Option<String>,
}

struct Texts {
    sending: String,
    sent: String,
    saved: String,
    retrying: String,
    failed: String,
    invalid: String,
    /// Per-field error messages, by [`FieldError`] (plus "tick this box" for checkboxes).
    tick: String,
    required: String,
    email: String,
    min: String,
    max: String,
    pattern: String,
    choice: String,
}

/// Outbox driver state, apart from the form so sending never waits on the DOM.
struct Driver {
    tab: String,
    flushing: bool,
    again: bool,
    timer: Option<i32>,
    /// Messages localStorage refused (disabled or full), kept for this page only.
    memory: Vec<(String, String)>,
}

thread_local! {
    static FORM: RefCell<Option<Form>> = const { RefCell::new(None) };
    static DRIVER: RefCell<Driver> = const {
        RefCell::new(Driver {
            tab: String::new(),
            flushing: false,
            again: false,
            timer: None,
            memory: Vec::new(),
        })
    };
}

/// Posts a "did this help?" vote to the shop's feedback endpoint, once, with the contact
/// form's headers. A vote is a nicety: a failure is dropped (it stays in localStorage).
pub fn send_feedback(meta: &Meta, entry: &str, helpful: bool, query: &str) {
    let Some(endpoint) = meta.get(FEEDBACK_ENDPOINT).cloned() else {
        return;
    };
    // The form's settings, as parsed when it was built (headers exist only with a form).
    let headers = FORM.with(|f| {
        f.borrow()
            .as_ref()
            .map(|f| f.cfg.headers.clone())
            .unwrap_or_default()
    });
    let page = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let key = new_key();
    let body = feedback_body(&key, entry, helpful, query, &page);
    wasm_bindgen_futures::spawn_local(async move {
        let mut rb = gloo_net::http::RequestBuilder::new(&endpoint)
            .method(gloo_net::http::Method::POST)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", &key);
        for (k, v) in &headers {
            rb = rb.header(k, v);
        }
        if let Ok(req) = rb.body(body) {
            let _ = req.send().await;
        }
    });
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn random(buf: &mut [u8]) {
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(buf);
    }
}

fn random_u32() -> u32 {
    let mut b = [0u8; 4];
    random(&mut b);
    u32::from_le_bytes(b)
}

fn new_key() -> String {
    let mut b = [0u8; 16];
    random(&mut b);
    idempotency_key(&b)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load() -> Outbox {
    let mut texts: Vec<String> =
        DRIVER.with(|d| d.borrow().memory.iter().map(|(_, v)| v.clone()).collect());
    if let Some(s) = storage() {
        for i in 0..s.length().unwrap_or(0) {
            if let Ok(Some(k)) = s.key(i) {
                if k.starts_with(ITEM_PREFIX) {
                    texts.extend(s.get_item(&k).ok().flatten());
                }
            }
        }
    }
    // In storage order, not sorted: every due message is sent in turn anyway.
    Outbox {
        items: texts.iter().flat_map(|t| Outbox::parse(t).items).collect(),
    }
}

/// Stores one message; when storage refuses it (disabled or full) the copy in memory still
/// carries it for this page.
fn put(item: &Item) {
    let key = String::from(ITEM_PREFIX) + &item.key;
    let text = Outbox {
        items: vec![item.clone()],
    }
    .serialize();
    let stored = storage().is_some_and(|s| s.set_item(&key, &text).is_ok());
    DRIVER.with(|d| {
        let mut d = d.borrow_mut();
        d.memory.retain(|(k, _)| *k != key);
        if !stored {
            d.memory.push((key, text));
        }
    });
}

fn del(key: &str) {
    let key = String::from(ITEM_PREFIX) + key;
    if let Some(s) = storage() {
        let _ = s.remove_item(&key);
    }
    DRIVER.with(|d| d.borrow_mut().memory.retain(|(k, _)| *k != key));
}

fn prop(e: &Element, name: &str) -> JsValue {
    js_sys::Reflect::get(e, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set_prop(e: &Element, name: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(e, &JsValue::from_str(name), v);
}

fn value_of(e: &Element) -> String {
    if e.get_attribute("type").as_deref() == Some("checkbox") {
        return if prop(e, "checked").is_truthy() {
            String::from("yes")
        } else {
            String::new()
        };
    }
    prop(e, "value").as_string().unwrap_or_default()
}

fn set_value(e: &Element, v: &str) {
    if e.get_attribute("type").as_deref() == Some("checkbox") {
        set_prop(e, "checked", &JsValue::from_bool(!v.is_empty()));
    } else {
        set_prop(e, "value", &JsValue::from_str(v));
    }
}

fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

fn field_id(name: &str) -> String {
    String::from("sa-f-") + name
}

fn listen(
    target: &web_sys::EventTarget,
    ev: &str,
    f: impl Fn(web_sys::Event) + 'static,
) -> Result<(), JsValue> {
    let c = Closure::<dyn Fn(web_sys::Event)>::new(f);
    target.add_event_listener_with_callback(ev, c.as_ref().unchecked_ref())?;
    c.forget();
    Ok(())
}

/// Builds the "Contact us" button and the (hidden) form at the end of `panel`, then resumes
/// delivery of messages left from earlier visits. Without a form in the bundle only the mailto
/// link of `no_answer` remains.
pub fn mount(d: &Document, panel: &Element, meta: &Meta) -> Result<(), JsValue> {
    let Some(cfg) = ContactConfig::from_meta(meta) else {
        return Ok(());
    };
    let t = |k: &str, english: &str| crate::texts::text(meta, k, english);
    let texts = Texts {
        sending: t("widget.contact_sending", "Sending…"),
        sent: t(
            "widget.contact_sent",
            "Sent — we'll reply by email as soon as we can.",
        ),
        saved: t(
            "widget.contact_saved",
            "Saved, will retry when you're back online.",
        ),
        retrying: t(
            "widget.contact_retrying",
            "Saved — we'll keep trying to send it.",
        ),
        failed: t("widget.contact_failed", "We couldn't send your message:"),
        invalid: t(
            "widget.contact_invalid",
            "Please correct the marked fields.",
        ),
        tick: t("widget.error_tick", "Please tick this box."),
        required: t("widget.error_required", "Please fill in this field."),
        email: t(
            "widget.error_email",
            "Enter an email address like name@example.com.",
        ),
        min: t("widget.error_min", "Enter at least {n} characters."),
        max: t("widget.error_max", "Enter at most {n} characters."),
        pattern: t("widget.error_pattern", "Please check the format."),
        choice: t("widget.error_choice", "Choose one of the options."),
    };
    // The first-paint module drew the button in the shell; without it, draw it here.
    let (wrap, opener) = match panel
        .query_selector("div.contact")?
        .zip(panel.query_selector("button.contact-open")?)
    {
        Some(found) => found,
        None => {
            let wrap = el(d, "div", "contact", &[])?;
            let opener = el(
                d,
                "button",
                "contact-open",
                &[
                    ("type", "button"),
                    ("aria-expanded", "false"),
                    ("aria-controls", "sa-contact"),
                ],
            )?;
            opener.set_text_content(Some(&t(
                "widget.contact_button",
                "Still need help? Contact us",
            )));
            wrap.append_child(&opener)?;
            panel.append_child(&wrap)?;
            (wrap, opener)
        }
    };
    let title = t("widget.contact_title", "Contact us");
    let form = el(
        d,
        "form",
        "contact-form",
        &[
            ("id", "sa-contact"),
            ("novalidate", ""),
            ("aria-label", &title),
            ("hidden", ""),
        ],
    )?;
    let mut inputs = Vec::with_capacity(cfg.fields.len());
    for f in &cfg.fields {
        let id = field_id(&f.name);
        let row = el(
            d,
            "div",
            if f.kind == FieldKind::Checkbox {
                "field check"
            } else {
                "field"
            },
            &[],
        )?;
        // A built-in field whose label the shop left alone speaks the shop's language.
        let label = match FieldSpec::builtin(&f.name) {
            Some(b) if b.label == f.label => {
                t(&(String::from("widget.contact_field_") + &f.name), &f.label)
            }
            _ => f.label.clone(),
        };
        let label = text_el(d, "label", "", &label)?;
        label.set_attribute("for", &id)?;
        if f.required {
            let star = text_el(d, "span", "req", " *")?;
            star.set_attribute("aria-hidden", "true")?;
            label.append_child(&star)?;
        }
        let input = match f.kind {
            FieldKind::Textarea => el(d, "textarea", "input", &[("rows", "4")])?,
            FieldKind::Select => {
                let s = el(d, "select", "input", &[])?;
                let none = el(d, "option", "", &[("value", "")])?;
                s.append_child(&none)?;
                for o in &f.options {
                    let opt = text_el(d, "option", "", o)?;
                    opt.set_attribute("value", o)?;
                    s.append_child(&opt)?;
                }
                s
            }
            FieldKind::Checkbox => el(d, "input", "", &[("type", "checkbox")])?,
            FieldKind::Email => el(
                d,
                "input",
                "input",
                &[("type", "email"), ("autocomplete", "email")],
            )?,
            FieldKind::Text => {
                let auto = if f.name == "name" { "name" } else { "off" };
                el(
                    d,
                    "input",
                    "input",
                    &[("type", "text"), ("autocomplete", auto)],
                )?
            }
        };
        input.set_attribute("id", &id)?;
        input.set_attribute("name", &f.name)?;
        if f.required {
            input.set_attribute("aria-required", "true")?;
        }
        if f.kind == FieldKind::Checkbox {
            row.append_child(&input)?;
            row.append_child(&label)?;
        } else {
            row.append_child(&label)?;
            row.append_child(&input)?;
        }
        let err = el(
            d,
            "p",
            "field-error",
            &[("id", &(id + "-err")), ("hidden", "")],
        )?;
        row.append_child(&err)?;
        form.append_child(&row)?;
        inputs.push(input);
    }
    let consent = if cfg.consent.is_empty() {
        None
    } else {
        let row = el(d, "div", "field check", &[])?;
        let input = el(
            d,
            "input",
            "",
            &[
                ("type", "checkbox"),
                ("id", "sa-f-consent"),
                ("name", "consent"),
                ("aria-required", "true"),
            ],
        )?;
        let label = text_el(d, "label", "", &cfg.consent)?;
        label.set_attribute("for", "sa-f-consent")?;
        row.append_child(&input)?;
        row.append_child(&label)?;
        let err = el(
            d,
            "p",
            "field-error",
            &[("id", "sa-f-consent-err"), ("hidden", "")],
        )?;
        row.append_child(&err)?;
        form.append_child(&row)?;
        Some(input)
    };
    // Bots fill every field: people never see or reach this one.
    let hp = el(d, "div", "hp", &[("aria-hidden", "true")])?;
    let hp_label = text_el(d, "label", "", "Leave this empty")?;
    hp_label.set_attribute("for", "sa-f-website")?;
    let honeypot = el(
        d,
        "input",
        "",
        &[
            ("type", "text"),
            ("id", "sa-f-website"),
            ("name", "website"),
            ("tabindex", "-1"),
            ("autocomplete", "off"),
        ],
    )?;
    hp.append_child(&hp_label)?;
    hp.append_child(&honeypot)?;
    form.append_child(&hp)?;
    let send = el(d, "button", "contact-send", &[("type", "submit")])?;
    send.set_text_content(Some(&t("widget.contact_submit", "Send message")));
    form.append_child(&send)?;
    let status = el(
        d,
        "p",
        "contact-status",
        &[("role", "status"), ("aria-live", "polite")],
    )?;
    form.append_child(&status)?;
    wrap.append_child(&form)?;

    listen(&opener, "click", |_| open(&[], true))?;
    listen(&form, "submit", |ev| {
        ev.prevent_default();
        submit();
    })?;
    FORM.with(|f| {
        *f.borrow_mut() = Some(Form {
            cfg,
            texts,
            form,
            inputs,
            consent,
            honeypot,
            status,
            opener,
            opened_at: 0.0,
            context: Vec::new(),
            current: None,
            failed: None,
        })
    });
    let w = web_sys::window().ok_or("no window")?;
    listen(&w, "online", |_| wake())?;
    listen(&w, "pagehide", |_| release_lease())?;
    DRIVER.with(|d| d.borrow_mut().tab = new_key()[..8].to_string());
    resume();
    Ok(())
}

/// Shows the form, fills it from `prefill` (our field names, or page facts such as
/// `page_url`, `product_sku`, `product_name`, `locale` that travel with the message), and
/// moves focus to the first empty field when `take_focus`.
///
/// This is the prefill hook: a page-context module passes what it knows here.
pub fn open(prefill: &[(&str, String)], take_focus: bool) {
    FORM.with(|f| {
        let mut f = f.borrow_mut();
        let Some(form) = f.as_mut() else { return };
        if form.form.has_attribute("hidden") {
            form.opened_at = now();
        }
        let _ = form.form.remove_attribute("hidden");
        let _ = form.opener.set_attribute("aria-expanded", "true");
        fill(form, prefill, true);
        if take_focus {
            let first = form
                .inputs
                .iter()
                .find(|e| value_of(e).is_empty())
                .or(form.inputs.first());
            if let Some(e) = first {
                focus(e);
            }
        }
    });
}

/// Fills the form from what the page says (order number, product) without showing it, so
/// the shopper finds it filled whenever they open it. Fields they typed are kept.
pub fn page_facts(prefill: &[(&str, String)]) {
    FORM.with(|f| {
        if let Some(form) = f.borrow_mut().as_mut() {
            fill(form, prefill, false);
        }
    });
}

fn fill(form: &mut Form, prefill: &[(&str, String)], overwrite: bool) {
    for (k, v) in prefill {
        match form.cfg.fields.iter().position(|x| x.name == *k) {
            Some(i) => {
                if overwrite || value_of(&form.inputs[i]).is_empty() {
                    set_value(&form.inputs[i], v)
                }
            }
            None => {
                form.context.retain(|(ck, _)| ck != k);
                form.context.push((k.to_string(), v.clone()));
            }
        }
    }
}

/// Offers the form when search has no good answer, without taking focus from the search box.
pub fn offer() {
    open(&[], false);
}

fn set_status(form: &Form, text: &str) {
    form.status.set_text_content(Some(text));
}

fn show_errors(form: &Form, errors: &[(String, FieldError)]) {
    let mut first: Option<&Element> = None;
    let all = form
        .cfg
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.kind))
        .chain(
            form.consent
                .as_ref()
                .map(|_| ("consent", FieldKind::Checkbox)),
        );
    let inputs = form.inputs.iter().chain(form.consent.iter());
    for ((name, kind), input) in all.zip(inputs) {
        let err_id = field_id(name) + "-err";
        let err_el = form
            .form
            .query_selector(&(String::from("#") + &err_id))
            .ok()
            .flatten();
        match errors.iter().find(|(n, _)| n == name) {
            Some((_, e)) => {
                let x = &form.texts;
                let msg = match e {
                    FieldError::Required if kind == FieldKind::Checkbox => x.tick.clone(),
                    FieldError::Required => x.required.clone(),
                    FieldError::Email => x.email.clone(),
                    FieldError::TooShort(n) => x.min.replace("{n}", &n.to_string()),
                    FieldError::TooLong(n) => x.max.replace("{n}", &n.to_string()),
                    FieldError::Pattern => x.pattern.clone(),
                    FieldError::Choice => x.choice.clone(),
                };
                let _ = input.set_attribute("aria-invalid", "true");
                let _ = input.set_attribute("aria-describedby", &err_id);
                if let Some(p) = &err_el {
                    p.set_text_content(Some(&msg));
                    let _ = p.remove_attribute("hidden");
                }
                first.get_or_insert(input);
            }
            None => {
                let _ = input.remove_attribute("aria-invalid");
                let _ = input.remove_attribute("aria-describedby");
                if let Some(p) = &err_el {
                    let _ = p.set_attribute("hidden", "");
                    p.set_text_content(None);
                }
            }
        }
    }
    if let Some(e) = first {
        focus(e);
    }
}

fn reset(form: &mut Form) {
    for e in form.inputs.iter().chain(form.consent.iter()) {
        set_value(e, "");
    }
    set_value(&form.honeypot, "");
    form.opened_at = now();
}

fn pattern_ok(pattern: &str, v: &str) -> bool {
    let re = js_sys::RegExp::new(&(String::from("^(?:") + pattern + ")$"), "u");
    re.test(v)
}

fn submit() {
    let go = FORM.with(|f| {
        let mut f = f.borrow_mut();
        let form = f.as_mut()?;
        let mut values: Vec<(String, String)> = form
            .cfg
            .fields
            .iter()
            .zip(&form.inputs)
            .map(|(s, e)| (s.name.clone(), value_of(e)))
            .collect();
        if let Some(c) = &form.consent {
            values.push((String::from("consent"), value_of(c)));
        }
        let bot = !value_of(&form.honeypot).is_empty()
            || now() - form.opened_at < f64::from(form.cfg.min_fill_secs) * 1000.0;
        if bot {
            // Looks like success, sends nothing.
            reset(form);
            let sent = form.texts.sent.clone();
            set_status(form, &sent);
            return None;
        }
        let errors = validate(&form.cfg, &values, &pattern_ok);
        show_errors(form, &errors);
        if !errors.is_empty() {
            let t = form.texts.invalid.clone();
            set_status(form, &t);
            return None;
        }
        for (_, v) in values.iter_mut() {
            let t = v.trim();
            if t.len() != v.len() {
                *v = t.to_string();
            }
        }
        values.extend(form.context.iter().cloned());
        if !values.iter().any(|(k, _)| k == "page_url") {
            if let Some(href) = web_sys::window().and_then(|w| w.location().href().ok()) {
                values.push((String::from("page_url"), href));
            }
        }
        let key = new_key();
        let mut b = [0u8; 16];
        random(&mut b);
        let body = encode(&form.cfg, &key, &values, &b);
        if let Some(old) = form.failed.take() {
            del(&old);
        }
        let mut ob = Outbox::default();
        ob.add(
            &key,
            form.cfg.method.as_str(),
            &form.cfg.endpoint,
            &body.content_type,
            &body.body,
            now() as u64,
        );
        put(&ob.items[0]);
        form.current = Some(key);
        let t = form.texts.sending.clone();
        set_status(form, &t);
        Some(())
    });
    if go.is_some() {
        flush();
    }
}

/// Tells the form how its message fared.
fn report(key: &str, state: State, error: &str) {
    if state == State::Sent {
        emit("contact-sent", key);
    }
    FORM.with(|f| {
        let mut f = f.borrow_mut();
        let Some(form) = f.as_mut() else { return };
        if form.current.as_deref() != Some(key) {
            return;
        }
        match state {
            State::Sent => {
                form.current = None;
                reset(form);
                let t = form.texts.sent.clone();
                set_status(form, &t);
            }
            State::Pending | State::Sending => {
                // Safe in the outbox: the form is free for another message.
                form.current = None;
                reset(form);
                let online = web_sys::window()
                    .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("navigator")).ok())
                    .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("onLine")).ok())
                    .is_none_or(|v| v.is_truthy());
                let t = if online {
                    &form.texts.retrying
                } else {
                    &form.texts.saved
                }
                .clone();
                set_status(form, &t);
            }
            State::FailedPermanent => {
                // The text stays in the form for the shopper to fix or copy.
                form.current = None;
                form.failed = Some(key.to_string());
                let t = form.texts.failed.clone() + " " + error;
                set_status(form, &t);
            }
        }
    });
}

/// Reports the form's message from what storage says, when another tab handled it: gone
/// means delivered, pending after an attempt means saved for a retry.
fn observe(ob: &Outbox) {
    let Some(key) = FORM.with(|f| f.borrow().as_ref().and_then(|f| f.current.clone())) else {
        return;
    };
    match ob.get(&key) {
        None => report(&key, State::Sent, ""),
        Some(i) if i.state == State::Pending && i.attempts > 0 => report(&key, State::Pending, ""),
        Some(i) if i.state == State::FailedPermanent => {
            report(&key, State::FailedPermanent, &i.last_error)
        }
        Some(_) => {}
    }
}

/// On page load: forget long-failed messages, make waiting ones due, send.
fn resume() {
    let t = now() as u64;
    for i in &load().items {
        if i.state == State::FailedPermanent && t.saturating_sub(i.created) >= KEEP_FAILED_MS {
            del(&i.key);
        }
    }
    wake();
}

/// Back online (or loaded again): everything waiting is due now.
fn wake() {
    let t = now() as u64;
    let mut ob = load();
    let late: Vec<String> = ob
        .items
        .iter()
        .filter(|i| i.state == State::Pending && i.next_at > t)
        .map(|i| i.key.clone())
        .collect();
    ob.wake(t);
    for k in late {
        if let Some(i) = ob.get(&k) {
            put(i);
        }
    }
    if !ob.items.is_empty() {
        flush();
    }
}

fn take_lease(t: u64) -> bool {
    let Some(s) = storage() else { return true };
    let me = DRIVER.with(|d| d.borrow().tab.clone());
    let cur = s.get_item(LEASE_KEY).ok().flatten();
    let Some(v) = lease_take(cur.as_deref(), &me, t) else {
        return false;
    };
    // Read back: of two tabs writing at once, the later write wins and the other backs off.
    s.set_item(LEASE_KEY, &v).is_ok()
        && s.get_item(LEASE_KEY).ok().flatten().as_deref() == Some(v.as_str())
}

fn release_lease() {
    let Some(s) = storage() else { return };
    let me = DRIVER.with(|d| d.borrow().tab.clone());
    if let Ok(Some(cur)) = s.get_item(LEASE_KEY) {
        if cur.split(' ').next() == Some(me.as_str()) {
            let _ = s.remove_item(LEASE_KEY);
        }
    }
}

fn schedule(at: u64) {
    let Some(w) = web_sys::window() else { return };
    let delay = (at as f64 - now()).clamp(50.0, 3.0e5) as i32;
    DRIVER.with(|d| {
        let mut d = d.borrow_mut();
        if let Some(t) = d.timer.take() {
            w.clear_timeout_with_handle(t);
        }
        let run = Closure::once_into_js(|| {
            DRIVER.with(|d| d.borrow_mut().timer = None);
            flush();
        });
        d.timer = w
            .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), delay)
            .ok();
    });
}

/// Sends whatever is due, one message at a time, while this tab holds the lease.
fn flush() {
    let busy = DRIVER.with(|d| {
        let mut d = d.borrow_mut();
        if d.flushing {
            d.again = true;
        }
        std::mem::replace(&mut d.flushing, true)
    });
    if busy {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let headers = FORM
            .with(|f| f.borrow().as_ref().map(|f| f.cfg.headers.clone()))
            .unwrap_or_default();
        loop {
            let t = now() as u64;
            if !take_lease(t) {
                // Another tab is sending (maybe this tab's message): follow it in storage and
                // look again when its lease may have lapsed.
                observe(&load());
                schedule(t + 2000);
                break;
            }
            let mut ob = load();
            observe(&ob);
            let Some(key) = ob.next_due(t).map(|i| i.key.clone()) else {
                release_lease();
                if let Some(at) = ob.next_wakeup() {
                    schedule(at);
                }
                break;
            };
            let Some(item) = ob.begin(&key, t) else { break };
            put(&item);
            let outcome = send(&item, &headers).await;
            let mut ob = load();
            let error = match &outcome {
                Outcome::Retry { error, .. } | Outcome::Permanent(error) => error.clone(),
                Outcome::Delivered => String::new(),
            };
            let state = ob.finish(&key, outcome, now() as u64, random_u32());
            match ob.get(&key) {
                Some(i) => put(i),
                None => del(&key),
            }
            report(&key, state.unwrap_or(State::Sent), &error);
        }
        let again = DRIVER.with(|d| {
            let mut d = d.borrow_mut();
            d.flushing = false;
            std::mem::take(&mut d.again)
        });
        if again {
            flush();
        }
    });
}

async fn send(item: &Item, headers: &[(String, String)]) -> Outcome {
    let ctrl = web_sys::AbortController::new().ok();
    let w = web_sys::window();
    let timer = match (&ctrl, &w) {
        (Some(c), Some(w)) => {
            let c = c.clone();
            let abort = Closure::once_into_js(move || c.abort());
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                abort.unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()
        }
        _ => None,
    };
    let method = if item.method == "PUT" {
        gloo_net::http::Method::PUT
    } else {
        gloo_net::http::Method::POST
    };
    let mut rb = gloo_net::http::RequestBuilder::new(&item.endpoint)
        .method(method)
        .header("Content-Type", &item.content_type)
        .header("Idempotency-Key", &item.key)
        .abort_signal(ctrl.as_ref().map(|c| c.signal()).as_ref());
    for (k, v) in headers {
        rb = rb.header(k, v);
    }
    let out = match rb.body(item.body.as_str()) {
        Err(_) => classify(None, None, ""),
        Ok(req) => match req.send().await {
            Err(_) => classify(None, None, ""),
            Ok(resp) if resp.ok() => Outcome::Delivered,
            Ok(resp) => {
                let ra = resp.headers().get("retry-after");
                let text = resp.text().await.unwrap_or_default();
                classify(Some(resp.status()), ra.as_deref(), &text)
            }
        },
    };
    if let (Some(t), Some(w)) = (timer, w) {
        w.clear_timeout_with_handle(t);
    }
    out
}

/// `ShopAnswers.contact(prefill?)`: opens the form, prefilled from a plain object.
#[wasm_bindgen]
pub fn contact(prefill: JsValue) {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if prefill.is_object() {
        for e in js_sys::Object::entries(prefill.unchecked_ref()).iter() {
            let kv: js_sys::Array = e.unchecked_into();
            if let (Some(k), Some(v)) = (kv.get(0).as_string(), kv.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    let refs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    open(&refs, true);
}
