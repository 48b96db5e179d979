// Keyboard only, through every state of the widget — search, results, an answer, the contact
// form, its errors, sent — with where focus is and what a screen reader names at each step, and
// axe-core in every state.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer, launch, newPage, buildDist, inboxMessages } from "./harness.mjs";

let server, browser;
const AXE = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
before(async () => {
  server = await startServer({ dist: buildDist("min_fill_seconds = 0") });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** The focused element, through the widget's shadow root: its role or tag and accessible name. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return { tag: "body", name: "" };
    const label = el.labels && el.labels[0] ? el.labels[0].textContent : "";
    const byId = (ids) => (ids || "").split(/\s+/).map((id) => el.getRootNode().getElementById?.(id)?.textContent || "").join(" ").trim();
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute("role") || "",
      name: (el.getAttribute("aria-label") || byId(el.getAttribute("aria-labelledby")) || label || el.textContent || "").trim(),
      invalid: el.getAttribute("aria-invalid"),
      described: byId(el.getAttribute("aria-describedby")),
    };
  });
}

/** axe-core's run in this state; what it logs itself (the inline styles it tries to apply,
 * which the page's CSP refuses) is taken out of `log`, so the widget's own stay checked. */
async function axe(page, log, state) {
  const before = log.errors.length;
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE); // DevTools evaluation: outside the page's CSP
  const v = await page.evaluate(async () => {
    const r = await window.axe.run({ include: [["[data-shop-answers]"]] }, { resultTypes: ["violations"] });
    return r.violations.map((x) => `${x.id}: ${x.help} (${x.nodes.length})`);
  });
  await page.waitForTimeout(50);
  log.errors.splice(before);
  assert.deepEqual(v, [], `axe-core in state "${state}"`);
}

/** Presses Tab until focus is on an element matching `want` (at most `max` presses). */
async function tabTo(page, want, max = 30) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    seen.push(`${f.role || f.tag} "${f.name}"`);
    if (want(f)) return seen;
  }
  assert.fail(`never reached by Tab; focus went: ${seen.join(" → ")}`);
}

test("keyboard only: search, results, answer, contact form, errors and sent, each named and clean under axe-core", async () => {
  const { page, log } = await newPage(browser);
  await page.goto(server.url);
  await page.getByRole("combobox").waitFor();

  // Search: the box is reached by Tab and named.
  await tabTo(page, (f) => f.role === "combobox");
  const box = await focused(page);
  assert.ok(box.name.length > 0, "the search box has an accessible name");
  await axe(page, log, "search");

  // Results: typed, announced as a listbox of options; arrows move the active option.
  await page.keyboard.type("how long does shipping take");
  await page.getByRole("option").first().waitFor({ timeout: 10_000 });
  const input = page.getByRole("combobox");
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  await page.keyboard.press("ArrowDown");
  assert.equal(await input.getAttribute("aria-activedescendant"), "sa-opt-0");
  await axe(page, log, "results");

  // Answer: Enter opens it and focus moves to its heading, which names the question.
  await page.keyboard.press("Enter");
  await page.locator("#sa-answer h3").waitFor();
  const heading = await focused(page);
  assert.equal(heading.tag, "h3");
  assert.equal(heading.name, "How long does shipping take?");
  await axe(page, log, "answer");

  // Contact: Tab reaches the button; Enter opens the form, whose fields are named by labels.
  await tabTo(page, (f) => /contact us/i.test(f.name));
  await page.keyboard.press("Enter");
  await page.getByLabel("Your name").waitFor();
  assert.equal(await page.getByRole("button", { name: "Still need help? Contact us" }).getAttribute("aria-expanded"), "true");
  // Opening the form moves focus into it, to its first field (required fields say so).
  const first = await focused(page);
  assert.equal(first.name.replace(/\s*\*$/, ""), "Your name", JSON.stringify(first));
  await axe(page, log, "form");

  // Errors: sending empty keeps focus in the form on the first invalid field, described.
  await tabTo(page, (f) => f.name === "Send message");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el && el.getAttribute("aria-invalid") === "true";
  });
  const bad = await focused(page);
  assert.equal(bad.invalid, "true");
  assert.ok(bad.described.length > 0, `the error is read with the field: ${JSON.stringify(bad)}`);
  await axe(page, log, "errors");

  // Sent: filled by typing, fields in order, sent with Enter, the status announced.
  await page.keyboard.type("Ann Example");
  await tabTo(page, (f) => f.name.startsWith("Email"), 2);
  await page.keyboard.type("ann@example.com");
  await tabTo(page, (f) => f.name.startsWith("How can we help?"), 4);
  await page.keyboard.type("Typed with the keyboard only.");
  await tabTo(page, (f) => f.name === "Send message", 6);
  await page.keyboard.press("Enter");
  const status = page.locator("[data-shop-answers] .contact-status");
  await status.getByText(/^Sent/).waitFor({ timeout: 15_000 });
  assert.match((await status.getAttribute("role")) || (await status.getAttribute("aria-live")) || "", /status|polite|assertive/);
  await axe(page, log, "sent");
  const msgs = await inboxMessages(server.url);
  assert.equal(msgs.at(-1).fields.message, "Typed with the keyboard only.");
  assert.deepEqual(log.errors, []);
  await page.close();
});
