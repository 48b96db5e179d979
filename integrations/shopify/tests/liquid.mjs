// The theme extension's Liquid rendered with liquidjs into a Dawn-like product page, the way a
// Shopify storefront serves it: app embed output in content_for_header, the app block under
// the buy buttons, every asset URL from asset_url on a CDN of another origin.
import { Liquid, Tag } from "liquidjs";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

/** `{% schema %}…{% endschema %}`: read by Shopify, renders nothing. */
class SchemaTag extends Tag {
  constructor(token, remain, liquid) {
    super(token, remain, liquid);
    while (remain.length) {
      const t = remain.shift();
      if (t.name === "endschema") return;
    }
    throw new Error("{% schema %} without {% endschema %}");
  }
  *render() {}
}

/** The example shop's ridge jacket as Shopify's Liquid `product` object has it. */
export const PRODUCT = (() => {
  const variants = ["S", "M", "L"].map((title, i) => ({ id: 4410001 + i, title, sku: "AT-RIDGE-JKT", price: 14900, available: true }));
  return {
    id: 8800001,
    handle: "ridge-waterproof-jacket",
    title: "Ridge Waterproof Jacket",
    vendor: "Alpine Threads",
    description: "<p>A three-layer shell for wet ridges and windy cols. Taped seams, helmet-compatible hood.</p>",
    price: 14900,
    tags: ["waterproof", "jackets"],
    collections: [{ handle: "jackets" }, { handle: "outerwear" }],
    variants,
    selected_or_first_available_variant: variants[0],
    url: "/products/ridge-waterproof-jacket",
  };
})();

/** A Liquid engine for the theme extension at `theme`, whose asset_url points at `cdn`
 * (e.g. "//127.0.0.1:PORT/extensions/UUID/1.0.0/assets/", protocol-relative as Shopify's). */
export function engine(theme, cdn) {
  const assetUrl = (file) => cdn + encodeURIComponent(file);
  const liquid = new Liquid({
    root: [join(theme, "blocks"), join(theme, "snippets"), join(HERE, "dawn")],
    partials: [join(theme, "snippets")],
    extname: ".liquid",
    strictFilters: true,
  });
  liquid.registerTag("schema", SchemaTag);
  liquid.registerFilter("asset_url", assetUrl);
  // Shopify loads the stylesheet a block's schema names in the page's head, once.
  liquid.blockStylesheet = (block) => {
    const src = readFileSync(join(theme, "blocks", `${block}.liquid`), "utf8");
    const schema = JSON.parse(src.split("{% schema %}")[1].split("{% endschema %}")[0]);
    return schema.stylesheet ? `<link rel="stylesheet" href="${assetUrl(schema.stylesheet)}">` : "";
  };
  liquid.registerFilter("money", (cents) => `£${(cents / 100).toFixed(2)}`);
  liquid.registerFilter("money_without_currency", (cents) => (cents / 100).toFixed(2));
  // Shopify's structured_data: a ProductGroup with its variants for a product with variants.
  liquid.registerFilter("structured_data", (p) =>
    JSON.stringify({
      "@context": "http://schema.org/",
      "@id": `${p.url}#product`,
      "@type": "ProductGroup",
      brand: { "@type": "Brand", name: p.vendor },
      hasVariant: p.variants.map((v) => ({
        "@id": `${p.url}?variant=${v.id}#variant`,
        "@type": "Product",
        name: `${p.title} - ${v.title}`,
        offers: { "@id": `${p.url}?variant=${v.id}#offer`, "@type": "Offer", availability: "http://schema.org/InStock", price: (v.price / 100).toFixed(2), priceCurrency: "GBP", url: `${p.url}?variant=${v.id}` },
        sku: v.sku,
      })),
      name: p.title,
      productGroupID: String(p.id),
      url: p.url,
    }),
  );
  return liquid;
}

/** Renders the product page into `www/products/<handle>.html` with the app embed (settings
 * `embed`) and the product app block (settings `block`); returns the page's HTML. */
export async function renderProductPage(liquid, www, { embed = {}, block = { search: true } } = {}) {
  const embedHtml = await liquid.renderFile("app-embed", { block: { settings: { slot: "", bundle_url: "", ...embed } } });
  const appBlock = await liquid.renderFile("product-answers", {
    block: { settings: block, shopify_attributes: 'data-shopify-editor-block="{&quot;id&quot;:&quot;AbCd&quot;}"' },
    product: PRODUCT,
  });
  const html = await liquid.renderFile("product", {
    content_for_header: liquid.blockStylesheet("product-answers") + embedHtml,
    app_block: appBlock,
    app_block_id: "template--1__main__shop_answers_product_AbCd",
    product: PRODUCT,
    shop: { name: "Alpine Threads", permanent_domain: "alpine-threads.myshopify.com", url: "https://alpine-threads.example" },
    cart: { currency: { iso_code: "GBP" } },
    request: { locale: { iso_code: "en" } },
    canonical_url: `https://alpine-threads.example${PRODUCT.url}`,
  });
  const file = join(www, "products", `${PRODUCT.handle}.html`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  return html;
}
