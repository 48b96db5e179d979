// The app is served beside the shop's dist/ (at /dist/), as a storefront serves both.
export default {
  build: { outDir: "app-dist", emptyOutDir: true },
  optimizeDeps: { exclude: ["shop-answers"] },
};
