/* shop-answers loader: the one script a shop pastes into its pages.
 *   <script src="/shop-answers/shop-answers.js" defer></script>
 * Optional attributes: data-bundle="URL" (another bundle), data-slot="CSS selector".
 * It loads the WebAssembly widget after the page's own content, and if anything fails it
 * leaves the page as it was and logs one console warning. */
(function () {
  "use strict";
  if (window.ShopAnswers && window.ShopAnswers.__loaded) return;
  var manifest = /*MANIFEST*/{};
  var script = document.currentScript;
  var base = new URL(".", (script && script.src) || document.baseURI).href;
  var data = (script && script.dataset) || {};
  var config = {
    bundle: data.bundle ? new URL(data.bundle, document.baseURI).href : base + manifest.bundle,
    css: base + manifest.css,
    slot: data.slot || ""
  };
  var pending = [];
  var widget = null;
  var failed = null;
  function call(name, args) {
    if (widget) return Promise.resolve(widget[name].apply(null, args));
    if (failed) return Promise.reject(failed);
    return new Promise(function (resolve, reject) { pending.push([name, args, resolve, reject]); });
  }
  var api = {
    __loaded: true,
    version: "0.1.0",
    /** Ranked answers for a question: [{id, question, score, confidence}]. */
    search: function (q) { return call("search", [String(q)]); },
    /** Resolves once the widget is on the page. */
    ready: function () { return call("ready", []); },
    /** Opens the contact form, optionally prefilled: {order_number, email, product_sku, …}. */
    contact: function (prefill) { return call("contact", [prefill || {}]); },
    /** Listens to widget events (answer-shown, helpful, contact-sent, …): fn(detail, event).
     *  Returns a function that stops listening. */
    on: function (name, fn) {
      var h = function (e) { fn(e.detail, e); };
      window.addEventListener("shop-answers:" + name, h);
      return function () { window.removeEventListener("shop-answers:" + name, h); };
    }
  };
  window.ShopAnswers = api;
  function fail(e) {
    failed = e instanceof Error ? e : new Error(String(e));
    console.warn("shop-answers: the answer widget is unavailable: " + failed.message);
    pending.splice(0).forEach(function (p) { p[3](failed); });
  }
  function start() {
    import(base + manifest.glue)
      .then(function (glue) {
        return glue.default({ module_or_path: base + manifest.wasm }).then(function () {
          return glue.mount(config);
        }).then(function () {
          widget = { search: glue.search, contact: glue.contact, ready: function () { return true; } };
          pending.splice(0).forEach(function (p) {
            try { p[2](widget[p[0]].apply(null, p[1])); } catch (e) { p[3](e); }
          });
        });
      })
      .catch(fail);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
