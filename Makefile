# shop-answers — see README.md. `make demo` and `make test` are the two entry points.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080
CLI := target/debug/shop-answers
CAL_PY := target/calendars-venv/bin/python
WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60


.PHONY: setup widget cli dist demo test lint test-native test-release release test-calendars test-wasm test-browser test-pages test-shopify test-reliability test-bench-smoke test-fuzz fuzz reliability bench clean

setup:
	@bash scripts/setup.sh

widget: setup
	@bash scripts/build-widget.sh

# The CLI carries the widget (build.rs embeds target/widget), so the widget comes first.
cli: widget
	cargo build --quiet --features cli

# The example shop's bundle and the widget, into dist/.
dist: widget cli
	$(CLI) build pkg-config --out dist

# Build, then serve the demo storefront on 127.0.0.1.
demo: dist
	$(CLI) serve dist --www www/demo --port $(PORT)

lint: setup widget
	cargo fmt --check
	cargo fmt --check --manifest-path bench/size-floor/Cargo.toml
	cargo clippy --quiet --all-targets --features cli -- -D warnings
	bash scripts/wasm-cargo.sh clippy --quiet --lib --tests --target wasm32-unknown-unknown --no-default-features --features widget-context,widget-search -- -D warnings
	bash scripts/wasm-cargo.sh clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features widget-context -- -D warnings
	bash scripts/wasm-cargo.sh clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features widget-search -- -D warnings

test-native: widget
	cargo test --features cli

# The built-in delivery calendars against python-holidays (pinned, installed by setup): the
# generated table is current, every calendar the CLI has matches the library year by year but
# for the documented exceptions, and random scenarios through `shop-answers delivery` agree with
# an independent reference (CALENDAR_SCENARIOS picks how many; the full run uses thousands).
test-calendars: setup cli
	$(CAL_PY) scripts/calendars.py check
	$(CAL_PY) scripts/calendars.py oracle $(CLI)
	$(CAL_PY) tests/calendars/differential.py --cli $(CLI) --scenarios $${CALENDAR_SCENARIOS:-300} --seed 1

test-wasm:
	$(WASM_TEST_ENV) bash scripts/wasm-cargo.sh test --target wasm32-unknown-unknown --no-default-features --test web --features widget-context,widget-search

# Browser tests run against their own build, with delivery calendars from a fixed date so
# tests that pin the clock stay inside the bundle's validity window in any month.
test-browser: widget cli
	$(CLI) build pkg-config --out target/dist-test --widget target/widget --valid-from 2026-11-01
	SHOP_ANSWERS_DIST=target/dist-test node --test tests/browser/

# The Shopify app project `build --shopify-app` writes, tested offline with Shopify's own tools:
# the Thank you and Order status blocks in @shopify/ui-extensions-tester (vitest, jsdom), the
# extension's dates against `shop-answers delivery`, its size bundled as Shopify CLI bundles it,
# theme check on the theme extension, and the app embed rendered with liquidjs into a Dawn
# product page for the browser tests. SHOPIFY_DIFF_CASES sets the differential's case count.
SHOPIFY_TEST := target/shopify-test
# The page reader on real saved storefront pages beside the checkout (../shared/data/pages-dev),
# when they are there: the scorer's figures, then the browser on the three largest pages. Prints
# figures; never fails on them.
PAGES_DEV := ../shared/data/pages-dev
test-pages: test-browser
	@if [ -f $(PAGES_DEV)/labels.jsonl ]; then \
	  $(CLI) context --eval $(PAGES_DEV)/labels.jsonl; \
	  SHOP_ANSWERS_DIST=target/dist-test BENCH_SMOKE=1 node bench/pages.mjs; \
	else echo "test-pages: skipped, $(PAGES_DEV) is not beside the checkout"; fi

test-shopify: widget cli
	rm -rf $(SHOPIFY_TEST)/app
	$(CLI) build pkg-config --out $(SHOPIFY_TEST)/dist --widget target/widget --valid-from 2026-11-01 --shopify-app $(SHOPIFY_TEST)/app
	node_modules/.bin/vitest run --config integrations/shopify/vitest.config.mjs
	node --test integrations/shopify/tests/storefront.test.mjs

# The contact form against `serve --faults 0.5`: every message exactly once (a small run here;
# `make reliability` sends 1000, RELIABILITY_COUNT picks another number).
test-reliability: dist
	RELIABILITY_COUNT=$${RELIABILITY_COUNT:-60} node tests/browser/reliability.mjs

reliability: dist
	node tests/browser/reliability.mjs

# The benchmark harness on 100 entries with a few engines and one run each (seconds): fails only
# when the harness breaks, never on timing. Writes under target/bench-smoke/, never the committed figures.
test-bench-smoke: widget cli
	rm -rf target/bench-smoke
	BENCH_SMOKE=1 node bench/scale.mjs
	BENCH_SMOKE=1 node bench/peers.mjs
	BENCH_SMOKE=1 node bench/browser.mjs
	BENCH_SMOKE=1 node bench/first-answer.mjs
	BENCH_SMOKE=1 node bench/size-floor.mjs
	BENCH_SMOKE=1 node bench/page-cost.mjs
	BENCH_SMOKE=1 node bench/catalog-build.mjs
	BENCH_SMOKE=1 node bench/shopify-bundle.mjs
	BENCH_SMOKE=1 node bench/report.mjs

# Installed as a new user installs it: scripts/release.sh makes the crate, the npm tarballs and
# the example shop's dist/ for this machine's platform, then the test installs the npm packages
# offline from the tarballs and the crate with `cargo install` into scratch folders with no
# checkout, builds and serves the example shop with each, builds a Vite app that imports the
# widget, and checks the delivery promise, search and contact in Chromium.
test-release: setup widget
	bash scripts/release.sh --host-only --out target/release-test
	RELEASE_DIR=target/release-test node --test tests/release/

# A release of the version in Cargo.toml into target/release-VERSION/ (README, "Cutting a release").
release: setup widget
	bash scripts/release.sh --changelog

test: setup lint test-native test-calendars test-wasm test-browser test-pages test-shopify test-reliability test-release test-bench-smoke test-fuzz
	@echo "make test: all suites passed"

# Fuzz smoke: every parser of untrusted bytes (bundle, Markdown and front matter, CSV, JSONL,
# shop.toml, delivery.toml, JSON-LD, HTML, query) for a few seconds each on its kept corpus
# (cargo-fuzz on nightly; skipped with a note where there is none). `make fuzz` runs longer.
test-fuzz:
	@bash scripts/fuzz.sh

fuzz:
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} bash scripts/fuzz.sh

# Benchmarks print figures and write bench/results.json, then bench/RESULTS.md, its plots and the
# README's headline table from it (see bench/RESULTS.md); they never fail on timing.
bench: export BENCH_STARTED := $(shell date +%s)
bench: setup widget
	cargo build --quiet --release --features cli
	node bench/native.mjs
	node bench/scale.mjs
	node bench/peers.mjs
	node bench/browser.mjs
	node bench/first-answer.mjs
	node bench/size-floor.mjs
	node bench/page-cost.mjs
	SHOP_ANSWERS_CLI=target/release/shop-answers node bench/catalog-build.mjs
	@if [ -f $(PAGES_DEV)/labels.jsonl ]; then target/release/shop-answers context --eval $(PAGES_DEV)/labels.jsonl; fi
	target/release/shop-answers build pkg-config --out target/dist-bench --widget target/widget
	SHOP_ANSWERS_DIST=target/dist-bench node bench/pages.mjs
	node bench/shopify-bundle.mjs
	node bench/report.mjs

clean:
	rm -rf dist target/widget target/widget-raw target/size-floor target/size-floor-raw
