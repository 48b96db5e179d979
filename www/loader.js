/* shop-answers loader: the one script a shop pastes into its pages.
 *   <script src="/shop-answers/shop-answers.js" async></script>   (in the head; defer works too)
 * Optional attributes: data-bundle="URL" (another bundle), data-slot="CSS selector",
 * data-manual (wait for ShopAnswers.init(options) instead of starting by itself),
 * data-assets='{"FILE": "URL", …}' (each build file's URL where a host such as Shopify's CDN
 * gives every asset its own; others are looked for beside this script).
 * It fetches and compiles the widget at once and reads the page once it is parsed; if anything
 * fails it leaves the page as it was, logs one console warning and keeps the shop's contact
 * link working.
 * API: see shop-answers.d.ts. */
(function () {
  "use strict";
  if (window.ShopAnswers && window.ShopAnswers.__loaded) return;
  var script = document.currentScript;
  var base = new URL(".", (script && script.src) || document.baseURI).href;
  var data = (script && script.dataset) || {};
  var assets = {};
  try { assets = JSON.parse(data.assets || "{}") || {}; } catch (e) { /* then all beside the script */ }
  function url(name) {
    return typeof assets[name] === "string" ? new URL(assets[name], document.baseURI).href : base + name;
  }
  var sa = /*CORE*/
// The widget's life in the page, shared by this script and the ES module (`shop-answers
// module`): `manifest` names each build file, `url(name)` is where it is, `load(name)` imports
// a glue module; `options`: {bundle, slot, watch} (watch: follow client-side navigation).
function shopAnswers(manifest, url, load, options) {
  var config = {
    bundle: options.bundle ? new URL(options.bundle, document.baseURI).href : url(manifest.bundle),
    css: url(manifest.css),
    slot: options.slot || ""
  };
  var pending = [];
  var widget = null;
  var failed = null;
  var started = false;
  // The interactive module (search, answers, contact form): fetched on intent or when the
  // page is idle, at most once.
  var interactive = null;
  function call(name, args) {
    if (widget) {
      try { return Promise.resolve(widget[name].apply(null, args)); } catch (e) { return Promise.reject(e); }
    }
    if (failed) return Promise.reject(failed);
    return new Promise(function (resolve, reject) { pending.push([name, args, resolve, reject]); });
  }
  // Calls into the interactive module, loading it first.
  function callInteractive(name, args, intent) {
    return call("ready", []).then(function () {
      return loadInteractive(intent).then(function (glue) { return glue[name].apply(null, args); });
    });
  }
  var api = {
    __loaded: true,
    version: "0.1.0",
    /** Starts the widget (only needed with data-manual); options override the tag's attributes. */
    init: function (o) {
      o = o || {};
      if (o.bundle) config.bundle = new URL(o.bundle, document.baseURI).href;
      if (o.slot) config.slot = o.slot;
      start();
      return call("ready", []);
    },
    /** Ranked answers for a question: [{id, question, score, confidence}]. */
    search: function (q) { return callInteractive("search", [String(q)], "idle"); },
    /** Opens the widget (the floating panel, or focus on the search box). */
    open: function () { return call("open", []); },
    /** Closes the floating panel. */
    close: function () { return call("close", []); },
    /** The page as the widget reads it: {page_type, platform, product, order, lang, signals}. */
    context: function () { return call("context", []); },
    /** States facts the page cannot show, e.g. {page_type: "product", sku: "AB-1"}. */
    setContext: function (ctx) { return call("set_context", [ctx || {}]); },
    /** Re-reads the page (called by itself on client-side navigation). */
    refresh: function () { return call("refresh", []); },
    /** Resolves once the widget is on the page. */
    ready: function () { return call("ready", []); },
    /** Opens the contact form, optionally prefilled: {order_number, email, product_sku, …}. */
    contact: function (prefill) {
      if (widget) widget.open();
      return callInteractive("contact", [prefill || {}], "contact");
    },
    /** Listens to widget events (answer-shown, helpful, contact-sent, …): fn(detail, event).
     *  Returns a function that stops listening. */
    on: function (name, fn) {
      var h = function (e) { fn(e.detail, e); };
      window.addEventListener("shop-answers:" + name, h);
      return function () { window.removeEventListener("shop-answers:" + name, h); };
    }
  };
  function fail(e) {
    failed = e instanceof Error ? e : new Error(String(e));
    console.warn("shop-answers: the answer widget is unavailable: " + failed.message);
    pending.splice(0).forEach(function (p) { p[3](failed); });
  }
  // A module's compiled code: fetched and compiled as it arrives.
  function compiled(name) {
    return fetch(url(name)).then(function (r) {
      if (!r.ok) throw new Error("fetching the widget module failed: HTTP " + r.status);
      // Streaming compilation needs the application/wasm type; served as anything else, the
      // module is compiled from its bytes.
      return WebAssembly.compileStreaming && /^application\/wasm\s*(;|$)/i.test(r.headers.get("content-type") || "")
        ? WebAssembly.compileStreaming(r)
        : r.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
    });
  }
  function start() {
    if (started) return;
    started = true;
    // The first-paint module, the bundle and the stylesheet download now, in parallel with
    // the glue script's, instead of one after another once the module runs; the module
    // compiles as it arrives, also in parallel.
    var module = compiled(manifest.wasm);
    // Read to the end here too, while the module compiles (a failed status is left to the
    // widget to report).
    config.prefetched = fetch(config.bundle).then(bundleBytes);
    // Handled by the widget; without this a failed fetch that the widget never reaches (its
    // module failed first) would add an "uncaught" error to the one warning.
    config.prefetched.catch(function () {});
    var preload = document.createElement("link");
    preload.rel = "preload";
    preload.as = "style";
    preload.href = config.css;
    (document.head || document.documentElement).appendChild(preload);
    var glue = load(manifest.glue);
    glue
      .then(function (glue) {
        return module.then(function (m) { return glue.default({ module_or_path: m }); }).then(parsed).then(function () {
          // A widget that cannot finish mounting must not leave the page's calls waiting.
          return Promise.race([
            glue.mount(config),
            new Promise(function (_, reject) {
              setTimeout(function () { reject(new Error("the widget did not start within 15 s")); }, 15000);
            })
          ]);
        }).then(function () {
          widget = {
            open: glue.open,
            close: glue.close,
            context: glue.context,
            set_context: glue.set_context,
            refresh: glue.refresh,
            ready: function () { return true; }
          };
          if (options.watch) watchNavigation(glue.refresh);
          pending.splice(0).forEach(function (p) {
            try { p[2](widget[p[0]].apply(null, p[1])); } catch (e) { p[3](e); }
          });
          whenIdle();
        });
      })
      .catch(fail);
  }
  // The interactive module takes over the search box the first module drew: on the first
  // sign of intent (the first module asks with a `shop-answers:intent` event), or once the
  // page has loaded and the browser is idle, so it is ready before a shopper looks for it.
  function loadInteractive(intent) {
    if (!interactive) {
      var ctx = widget ? JSON.stringify(widget.context()) : "";
      var searchModule = compiled(manifest.search_wasm);
      interactive = load(manifest.search_glue).then(function (g) {
        return searchModule.then(function (m) { return g.default({ module_or_path: m }); }).then(function () {
          var c = { bundle: config.bundle, css: config.css, slot: config.slot, prefetched: config.prefetched, context: ctx };
          return g.attach(c, intent || "idle");
        }).then(function () { return g; });
      });
      interactive.catch(function (e) {
        console.warn("shop-answers: search and the contact form are unavailable: " + (e && e.message ? e.message : e));
      });
    }
    return interactive;
  }
  window.addEventListener("shop-answers:intent", function (e) {
    if (!widget) return;
    var loaded = !!interactive;
    var p = loadInteractive(e.detail);
    // The first load carries out the intent itself; later ones ("Ask about this product"
    // after the module came at idle) are passed on.
    if (loaded && e.detail === "contact") p.then(function (g) { g.contact({}); });
  });
  function whenIdle() {
    // Messages the contact outbox still has to deliver: their retries must not wait.
    var waiting = false;
    try {
      for (var i = 0; i < localStorage.length; i++) {
        if ((localStorage.key(i) || "").indexOf("shop-answers:outbox:") === 0) waiting = true;
      }
    } catch (e) { /* storage disabled: nothing waits */ }
    function idle() {
      var go = function () { loadInteractive("idle"); };
      if (window.requestIdleCallback) requestIdleCallback(go, { timeout: 3000 });
      else setTimeout(go, 1000);
    }
    if (waiting || document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  }
  // The bundle's bytes; hosts that take no binary assets (Shopify themes) get it as
  // {"base64": "…"} in a .json file.
  function bundleBytes(r) {
    if (!r.ok) return r;
    if (!/\.json$/i.test(new URL(config.bundle).pathname)) return r.arrayBuffer();
    return r.json().then(function (j) {
      if (!j || typeof j.base64 !== "string") throw new Error("no base64 in the bundle's JSON");
      var s = atob(j.base64), bytes = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
      return bytes.buffer;
    });
  }
  // Resolves once the page is parsed, in a task after DOMContentLoaded: the widget reads the
  // whole page, and never runs inside the page's own DOMContentLoaded handlers.
  function parsed() {
    if (document.readyState !== "loading") return Promise.resolve();
    return new Promise(function (resolve) {
      document.addEventListener("DOMContentLoaded", function () { setTimeout(resolve, 0); }, { once: true });
    });
  }
  // Single-page storefronts change the URL without a load (pushState, replaceState — also
  // Shopify's ?variant= — and back/forward): re-read the page after each change settles.
  function watchNavigation(refresh) {
    var last = location.href;
    var timer = 0;
    function changed() {
      if (location.href === last) return;
      last = location.href;
      clearTimeout(timer);
      timer = setTimeout(function () { try { refresh(); } catch (e) { /* logged by the widget */ } }, 150);
    }
    ["pushState", "replaceState"].forEach(function (name) {
      var original = history[name];
      history[name] = function () {
        var result = original.apply(this, arguments);
        changed();
        return result;
      };
    });
    window.addEventListener("popstate", changed);
  }
  return { api: api, start: start };
}
/*CORE*/(/*MANIFEST*/{}, url, function (name) { return import(url(name)); }, { bundle: data.bundle, slot: data.slot, watch: true });
  window.ShopAnswers = sa.api;
  if (data.manual !== undefined) return;
  // Downloads and compiles now, while the page is still parsing when the tag is `async` in the
  // head; reads the page once it is parsed.
  sa.start();
})();
