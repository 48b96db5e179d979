//! The search box, launcher and contact button as the page first sees them: drawn by the
//! first-paint module in their final size and place, then taken over by the interactive
//! module, which only fills what is hidden until used (results, answers, the contact form).
//! Nothing the shopper sees moves when the rest of the widget arrives.

use super::dom::{el, text_el, toggle_attr};
use super::Config;
use crate::bundle::Bundle;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, ShadowRootInit, ShadowRootMode};

/// The shell's elements.
#[derive(Clone)]
pub(crate) struct Shell {
    pub(crate) panel: Element,
    /// The floating launcher button, when no slot on the page took the widget.
    pub(crate) launcher: Option<Element>,
    pub(crate) input: HtmlInputElement,
    pub(crate) status: Element,
    pub(crate) list: Element,
    pub(crate) answer: Element,
    /// "Still need help? Contact us", when the shop has a contact endpoint.
    pub(crate) contact: Option<Element>,
}

/// The shell's host: the one element of ours in the page's own DOM for the search panel.
const HOST: &str = "div[data-shop-answers=\"\"]";

impl Shell {
    /// Draws the shell into the shop's search slot (or any slot but the contextual one), or
    /// as a floating launcher at the end of the page when there is none.
    pub(crate) fn build(d: &Document, bundle: &Bundle, cfg: &Config) -> Result<Shell, JsValue> {
        let slot = if cfg.slot.is_empty() {
            match d.query_selector("[data-shop-answers-slot=\"search\"]")? {
                Some(s) => Some(s),
                None => d.query_selector(
                    "[data-shop-answers-slot]:not([data-shop-answers-slot=\"context\"])",
                )?,
            }
        } else {
            d.query_selector(&cfg.slot)?
        };
        let host = el(d, "div", "", &[("data-shop-answers", "")])?;
        let floating = slot.is_none();
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        let link = el(d, "link", "", &[("rel", "stylesheet"), ("href", &cfg.css)])?;
        root.append_child(&link)?;

        let text = |k: &str, default: &str| bundle.text(k, default);
        let title = text("widget.title", "Questions? Ask us");
        let placeholder = text("widget.placeholder", "Search our answers");
        let panel = el(
            d,
            "section",
            "panel",
            &[("aria-label", &title), ("id", "sa-panel")],
        )?;
        let launcher = if floating {
            let label = text("widget.launcher", "Questions?");
            let b = el(
                d,
                "button",
                "launcher",
                &[
                    ("type", "button"),
                    ("aria-expanded", "false"),
                    ("aria-controls", "sa-panel"),
                ],
            )?;
            b.set_text_content(Some(&label));
            root.append_child(&b)?;
            panel.set_attribute("hidden", "")?;
            Some(b)
        } else {
            None
        };
        let h = text_el(d, "h2", "title", &title)?;
        panel.append_child(&h)?;
        // WAI-ARIA combobox with a listbox popup: focus stays in the input, arrows move
        // aria-activedescendant, Enter opens the answer.
        let input: HtmlInputElement = el(
            d,
            "input",
            "search",
            &[
                ("type", "search"),
                ("id", "sa-input"),
                ("role", "combobox"),
                ("aria-autocomplete", "list"),
                ("aria-expanded", "false"),
                ("aria-controls", "sa-list"),
                ("aria-label", &placeholder),
                ("placeholder", &placeholder),
                ("autocomplete", "off"),
                ("enterkeyhint", "search"),
            ],
        )?
        .dyn_into()?;
        let status = el(
            d,
            "p",
            "status",
            &[
                ("id", "sa-status"),
                ("role", "status"),
                ("aria-live", "polite"),
            ],
        )?;
        let list = el(
            d,
            "ul",
            "results",
            &[
                ("id", "sa-list"),
                ("role", "listbox"),
                ("aria-label", &title),
            ],
        )?;
        list.set_attribute("hidden", "")?;
        let answer = el(d, "div", "answer-view", &[("id", "sa-answer")])?;
        answer.set_attribute("hidden", "")?;
        panel.append_child(&input)?;
        panel.append_child(&status)?;
        panel.append_child(&list)?;
        panel.append_child(&answer)?;
        let contact = if bundle.meta().contains_key("contact.endpoint") {
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
            opener.set_text_content(Some(&text(
                "widget.contact_button",
                "Still need help? Contact us",
            )));
            wrap.append_child(&opener)?;
            panel.append_child(&wrap)?;
            Some(opener)
        } else {
            None
        };
        root.append_child(&panel)?;
        let shell = Shell {
            panel,
            launcher,
            input,
            status,
            list,
            answer,
            contact,
        };
        shell.listen()?;
        // In the page last, complete: one insertion, one layout.
        match slot {
            Some(s) => {
                s.append_child(&host)?;
            }
            None => {
                host.set_attribute("data-floating", "")?;
                d.body().ok_or("no body")?.append_child(&host)?;
            }
        }
        Ok(shell)
    }

    /// The shell the first-paint module drew, if it did.
    pub(crate) fn find(d: &Document) -> Option<Shell> {
        let root = d.query_selector(HOST).ok()??.shadow_root()?;
        let by_id = |id: &str| root.get_element_by_id(id);
        Some(Shell {
            panel: by_id("sa-panel")?,
            launcher: root.query_selector("button.launcher").ok()?,
            input: by_id("sa-input")?.dyn_into().ok()?,
            status: by_id("sa-status")?,
            list: by_id("sa-list")?,
            answer: by_id("sa-answer")?,
            contact: root.query_selector("button.contact-open").ok()?,
        })
    }

    /// What the shell does before the interactive module is there: the launcher opens and
    /// closes the panel at once, and the first sign of intent asks for the module.
    fn listen(&self) -> Result<(), JsValue> {
        let on = |target: &Element, event: &str, f: Box<dyn Fn()>| -> Result<(), JsValue> {
            let c = Closure::<dyn Fn()>::new(f);
            target.add_event_listener_with_callback(event, c.as_ref().unchecked_ref())?;
            c.forget();
            Ok(())
        };
        if let Some(l) = &self.launcher {
            let shell = self.clone();
            on(
                l,
                "click",
                Box::new(move || {
                    let open = shell.panel.has_attribute("hidden");
                    if let Err(e) = shell.set_open(open) {
                        super::warn(&e);
                    }
                    super::intent("open");
                }),
            )?;
            for ev in ["pointerenter", "focus"] {
                on(l, ev, Box::new(|| super::intent("open")))?;
            }
        }
        let input: &Element = self.input.as_ref();
        for ev in ["focus", "pointerdown", "input"] {
            on(input, ev, Box::new(|| super::intent("search")))?;
        }
        if let Some(c) = &self.contact {
            on(c, "click", Box::new(|| super::intent("contact")))?;
            on(c, "pointerenter", Box::new(|| super::intent("idle")))?;
        }
        Ok(())
    }

    /// Shows or hides the floating panel; focus goes to the search box, and back to the
    /// launcher on close, so keyboard users never lose their place.
    pub(crate) fn set_open(&self, open: bool) -> Result<(), JsValue> {
        toggle_attr(&self.panel, "hidden", !open)?;
        if let Some(l) = &self.launcher {
            l.set_attribute("aria-expanded", if open { "true" } else { "false" })?;
            if !open {
                l.dyn_ref::<HtmlElement>().ok_or("launcher")?.focus()?;
            }
        }
        if open {
            self.input.focus()?;
        }
        Ok(())
    }
}
