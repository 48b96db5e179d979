// The order extension's tests: Shopify's extension tester on vitest and jsdom, against the
// app project `shop-answers build --shopify-app` wrote (SHOPIFY_APP, default target/shopify-app).
import { defineConfig } from "vitest/config";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    environment: "jsdom",
    include: ["integrations/shopify/tests/**/*.test.{js,jsx}"],
    isolate: true,
    // The tester imports the extension's modules itself: it runs inside vite so JSX and the
    // JSON data import are transformed as Shopify's bundler would.
    server: { deps: { inline: [/@shopify\/ui-extensions-tester/] } },
    testTimeout: 60_000,
  },
});
