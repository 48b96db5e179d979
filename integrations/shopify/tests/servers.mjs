// The two origins of a Shopify storefront, on 127.0.0.1: the shop's pages (with the contact
// backend, `shop-answers serve`'s inbox, behind them on the same origin) and the CDN that
// serves the theme extension's assets under a per-deploy path, with CORS, the .wasm as
// application/octet-stream (Shopify's content type for it is not documented; this is the
// case the loader must survive) and optionally a delay per response.
import http from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/octet-stream",
  ".bin": "application/octet-stream",
};

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

/** The CDN: `dirs` are served under their prefix, e.g. {"/extensions/UUID/1.0.0/assets/": DIR}. */
export async function startCdn(dirs, { delayMs = 0 } = {}) {
  const log = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const prefix = Object.keys(dirs).find((p) => path.startsWith(p));
    const name = prefix && path.slice(prefix.length);
    let bytes = null;
    if (name && !name.includes("/") && !name.startsWith(".")) {
      try {
        if (statSync(join(dirs[prefix], name)).isFile()) bytes = readFileSync(join(dirs[prefix], name));
      } catch {
        bytes = null;
      }
    }
    const type = TYPES[extname(name || "")] || "application/octet-stream";
    log.push({ path, name, type, status: bytes ? 200 : 404 });
    const send = () => {
      if (!bytes) {
        res.writeHead(404, { "access-control-allow-origin": "*" });
        res.end();
        return;
      }
      res.writeHead(200, {
        "content-type": type,
        "content-length": bytes.length,
        "access-control-allow-origin": "*",
        "cache-control": "public, max-age=31536000, immutable",
      });
      res.end(bytes);
    };
    delayMs ? setTimeout(send, delayMs) : send();
  });
  const port = await listen(server);
  return { origin: `http://127.0.0.1:${port}`, log, stop: () => server.close() };
}

/** The shop's pages from `www`, and everything under /inbox passed to `inbox` (a
 * `shop-answers serve` URL) as if posted from its own origin. `csp` is sent with each page. */
export async function startShop(www, inbox, { csp } = {}) {
  const target = new URL(inbox);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path.startsWith("/inbox")) {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const headers = { ...req.headers, host: target.host };
        if (headers.origin) headers.origin = target.origin;
        const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (r) => {
          res.writeHead(r.statusCode, r.headers);
          r.pipe(res);
        });
        up.on("error", () => res.destroy());
        up.end(Buffer.concat(chunks));
      });
      return;
    }
    let file = join(www, path.endsWith("/") ? `${path}index.html` : path);
    if (!extname(file)) file += ".html";
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    const headers = { "content-type": TYPES[extname(file)] || "application/octet-stream" };
    if (csp) headers["content-security-policy"] = csp;
    res.writeHead(200, headers);
    res.end(bytes);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.close() };
}
