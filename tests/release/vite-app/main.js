// A headless storefront mounting the widget: the bundle's URL from the shop's dist/, the
// widget from the package, refresh() after its own client-side navigation.
import { mount } from "shop-answers/widget";

const ORDER = `<div class="woocommerce"><div class="woocommerce-order">
  <p class="woocommerce-notice woocommerce-notice--success woocommerce-thankyou-order-received">Thank you. Your order has been received.</p>
  <ul class="woocommerce-order-overview woocommerce-thankyou-order-details order_details">
    <li class="woocommerce-order-overview__order order">Order number: <strong>10482</strong></li>
    <li class="woocommerce-order-overview__date date">Date: <strong>26 November 2026</strong></li>
  </ul>
  <section class="woocommerce-customer-details"><div class="woocommerce-column--shipping-address">
    <h2 class="woocommerce-column__title">Shipping address</h2>
    <address>Sam Walker<br>14 Fell Road<br>Keswick<br>CA12 5BB<br>United Kingdom (UK)</address>
  </div></section>
  <div data-shop-answers-slot="context"></div>
</div></div>`;

window.app = {
  answers: null,
  /** The router's navigation to the order confirmation: new content, new URL, refresh(). */
  async navigateToOrder() {
    document.querySelector("script[type='application/ld+json']")?.remove();
    document.querySelectorAll("meta[property^='og:']").forEach((m) => m.remove());
    document.body.className = "woocommerce-checkout woocommerce-page woocommerce-order-received";
    document.querySelector("main").innerHTML = ORDER;
    history.pushState({}, "", "/checkout/order-received");
    await window.app.answers.refresh();
  },
};

fetch("/dist/manifest.json")
  .then((r) => r.json())
  .then((m) => {
    window.app.answers = mount({ bundle: `/dist/${m.bundle}` });
  });
