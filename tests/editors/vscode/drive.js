// Drives a real VS Code workbench (code-server) in Debian's headless Chromium with playwright-core.
// Started by tests/editors/test_vscode.py; parameters come as JSON in $PRELIMLINT_VSCODE_TEST.
// It only observes and writes what it saw to params.out (JSON); the assertions are in Python.
// Every wait is bounded. playwright-core is found through NODE_PATH.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const params = JSON.parse(process.env.PRELIMLINT_VSCODE_TEST);
const result = { steps: {}, timings: {} };
const t0 = Date.now();
const since = () => Date.now() - t0;
/** Saves what was seen so far; a step's timing is when its result was first written. */
const write = () => {
  for (const name of Object.keys(result.steps)) result.timings[name] = result.timings[name] || since();
  fs.writeFileSync(params.out, JSON.stringify(result, null, 1));
};

const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Polls `probe` until `done(value)` or the timeout; returns { ok, value, ms }. */
async function poll(probe, done, timeoutMs = params.timeoutMs, everyMs = 100) {
  const start = Date.now();
  let value;
  for (;;) {
    value = await probe();
    if (done(value)) return { ok: true, value, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs) return { ok: false, value, ms: Date.now() - start };
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Like poll, but `done(value)` must hold for an unchanged value over `quietMs`, so a panel
 * caught in the middle of an update does not count. `ms` is when that value first showed.
 */
async function settle(probe, done, timeoutMs = params.timeoutMs, quietMs = 300) {
  const start = Date.now();
  let last;
  let changedAt = start;
  const r = await poll(async () => {
    const value = await probe();
    const key = JSON.stringify(value);
    if (key !== last) {
      last = key;
      changedAt = Date.now();
    }
    return value;
  }, (value) => done(value) && Date.now() - changedAt >= quietMs, timeoutMs);
  return { ok: r.ok, value: r.value, ms: changedAt - start };
}

/** Rows of the Problems panel: severity, message, source, code, 1-based line and UTF-16 column. */
async function problems(page) {
  return page.$$eval(".markers-panel .monaco-list-row", (rows) =>
    rows
      .map((row) => {
        const text = (selector) => (row.querySelector(selector) || {}).textContent || "";
        const pos = /\[Ln (\d+), Col (\d+)\]/.exec(text(".marker-line"));
        if (!pos) return null; // a file row
        const icon = (row.querySelector(".marker-icon") || {}).className || "";
        return {
          severity: (/\b(error|warning|info)\b/.exec(icon) || [, "hint"])[1],
          message: text(".marker-message").trim(),
          source: text(".marker-source").trim(),
          code: text(".marker-code").trim(),
          line: Number(pos[1]),
          col: Number(pos[2]),
        };
      })
      .filter(Boolean),
  );
}

async function squiggles(page) {
  return page.$$eval(".monaco-editor .view-overlays [class*='squiggly-']", (els) => {
    const count = {};
    for (const el of els) {
      const kind = /squiggly-(\w+)/.exec(el.className)[1];
      count[kind] = (count[kind] || 0) + 1;
    }
    return count;
  });
}

async function editorText(page) {
  return page.$$eval(".monaco-editor .view-lines .view-line", (lines) =>
    lines
      .map((l) => [parseFloat(l.style.top) || 0, l.innerText.replace(/\u00a0/g, " ")])
      .sort((a, b) => a[0] - b[0])
      .map((x) => x[1])
      .join("\n"),
  );
}

async function statusBar(page) {
  return page.$$eval(".statusbar-item", (items) =>
    items.map((i) => i.getAttribute("aria-label") || "").filter((l) => l.startsWith("prelimlint")),
  );
}

/**
 * Opens a quick input (F1, Ctrl+G...), types, then clicks the row labelled `row` (exactly,
 * or followed by a comma and a key binding) or, without `row`, presses Enter.
 */
async function quickInput(page, keys, text, row) {
  await page.keyboard.press(keys);
  await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: 10000 });
  await page.keyboard.type(text);
  if (row) {
    const list = ".quick-input-list .monaco-list-row";
    const selector = `${list}[aria-label="${row}"], ${list}[aria-label^="${row},"]`;
    await page.waitForSelector(selector, { timeout: 10000 });
    await page.locator(selector).first().click();
  } else {
    await page.keyboard.press("Enter");
  }
}

async function goTo(page, line, col) {
  await quickInput(page, "Control+G", `${line}:${col}`);
  await page.waitForSelector(".quick-input-widget", { state: "hidden", timeout: 5000 });
}

/**
 * Settings are changed through the Settings editor, as a person would. (Rewriting
 * settings.json on disk is not picked up by code-server's workbench while it runs.)
 */
async function openSettings(page) {
  await quickInput(page, "F1", "Preferences: Open User Settings", "Preferences: Open User Settings");
  await page.waitForSelector(".settings-editor .settings-header", { timeout: 10000 });
}

async function closeSettings(page) {
  await page.screenshot({ path: path.join(params.artifacts, "settings.png") });
  await page.keyboard.press("Escape");
  if (await page.waitForSelector(".settings-editor", { state: "hidden", timeout: 2000 }).then(() => false, () => true)) {
    await page.keyboard.press("Control+W");
  }
}

/** Sets one user setting in the open Settings editor; true once settings.json holds it. */
async function setSetting(page, id, value) {
  await page.locator(".settings-editor .settings-header .suggest-input-container").first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(`@id:${id}`);
  const control = `.settings-editor .setting-item-contents [aria-label="${id}"]`;
  await page.waitForSelector(control, { timeout: 10000 });
  if (typeof value === "boolean") {
    const box = page.locator(control).first();
    if (((await box.getAttribute("aria-checked")) === "true") !== value) await box.click();
  } else {
    await page.selectOption(control, String(value));
  }
  // The Settings editor writes settings.json after a short debounce: wait for it on disk.
  const pattern = new RegExp(`"${id.replace(/\./g, "\\.")}"\\s*:\\s*"?${value}"?`);
  const saved = await poll(() => fs.readFileSync(params.settingsFile, "utf8"), (text) => pattern.test(text), 10000, 50);
  return saved.ok;
}

/** The extension's own log (its LogOutputChannel), to see what the client did. */
function extensionLog() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full.includes("prelimlint.prelimlint") && entry.name.endsWith(".log")) found.push(full);
    }
  };
  try {
    walk(path.join(params.userData, "logs"));
  } catch {
    return "";
  }
  return found.map((f) => fs.readFileSync(f, "utf8")).join("\n");
}

const count = (text, needle) => text.split(needle).length - 1;

const ours = (rows) => rows.filter((r) => r.source === "prelimlint");

async function main() {
  // A persistent context is how playwright takes a fresh --user-data-dir (profile) folder.
  const browser = await chromium.launchPersistentContext(params.profileDir, {
    executablePath: params.chromium,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  const page = browser.pages()[0] || (await browser.newPage());
  page.setDefaultTimeout(params.timeoutMs);
  const consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text().slice(0, 300)));
  result.consoleErrors = consoleErrors;
  try {
    await run(page);
    result.done = true;
  } finally {
    await page.screenshot({ path: path.join(params.artifacts, "last.png") }).catch(() => {});
    await browser.close();
  }
}

async function run(page) {
  await page.goto(`${params.url}/?folder=${encodeURIComponent(params.folder)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: params.timeoutMs });
  await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: params.timeoutMs });
  result.timings.workbench = since();

  // 1. Open the Problems panel (it renders while the server starts), then the draft.
  await page.keyboard.press("Control+Shift+M");
  await page.waitForSelector(".markers-panel", { timeout: 10000 });
  result.timings.problems_panel = since();
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${params.file}"]`).click();
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: params.timeoutMs });
  result.timings.editor_open = since();
  const opened = Date.now();
  const squig = await poll(() => squiggles(page), (c) => Object.keys(c).length > 0);
  result.timings.squiggles_after_open = Date.now() - opened;
  const first = await settle(() => problems(page), (rows) =>
    params.expectCodes.every((code) => rows.some((r) => r.code === code)));
  result.timings.problems_settled = since();
  result.steps.open = {
    squiggles_ms: squig.ms,
    problems_ms: first.ms,
    squiggles: squig.value,
    problems: first.value,
    status: await statusBar(page),
    text: await editorText(page),
  };
  write();
  await page.screenshot({ path: path.join(params.artifacts, "open.png") });
  if (!squig.ok || !first.ok) {
    throw new Error("no diagnostics after opening the draft: the later steps would only time out");
  }

  // 2. Hover on the diagnostic: the marker and the server's Markdown hover.
  await goTo(page, params.hover.line, params.hover.col + 1);
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  // The marker part shows "source(code)"; the server's own hover is a part without it.
  const hover = await poll(
    () => page.$$eval(".monaco-hover .hover-row", (els) => els.map((e) => e.innerText)),
    (texts) => texts.some((t) => t.includes(params.hover.expect) && !t.includes("prelimlint(")),
    10000,
  );
  result.steps.hover = { ok: hover.ok, rows: hover.value };
  write();
  await page.keyboard.press("Escape");

  // 3. Quick fix through the Ctrl+. menu.
  await goTo(page, params.action.line, params.action.col + 1);
  const before = ours(await problems(page));
  await page.keyboard.press("Control+.");
  const menu = await poll(
    () => page.$$eval(".action-widget .monaco-list-row", (rows) => rows.map((r) => r.innerText.trim() || r.getAttribute("aria-label"))),
    (titles) => titles.length > 0,
    10000,
  );
  const offered = menu.value;
  const index = offered.findIndex((t) => t === params.action.title || t.startsWith(params.action.title));
  result.steps.quickfix = { offered };
  if (index >= 0) {
    await page.locator(".action-widget .monaco-list-row").nth(index).click();
    const edited = await poll(() => editorText(page), (t) => t.includes(params.action.inserts), 10000);
    // Done when the finding on the disabled line (now one line lower) is gone.
    const disabledLine = params.action.line + 1;
    const after = await settle(() => problems(page), (rows) =>
      !ours(rows).some((r) => r.code === params.action.code && r.line === disabledLine) &&
      JSON.stringify(ours(rows)) !== JSON.stringify(before));
    Object.assign(result.steps.quickfix, {
      chosen: params.action.title,
      text_changed: edited.ok,
      text: edited.value,
      problems_before: before,
      problems: after.value,
      update_ms: after.ms,
    });
  } else {
    await page.keyboard.press("Escape");
  }
  write();
  await page.screenshot({ path: path.join(params.artifacts, "quickfix.png") });

  // 4. Type a new line at the end and see the problems update.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  const typedBefore = ours(await problems(page));
  await page.keyboard.type(params.typing.text);
  const typed = await settle(() => problems(page), (rows) => ours(rows).some((r) => r.code === params.typing.expectCode &&
      !typedBefore.some((b) => b.code === r.code && b.line === r.line && b.col === r.col)));
  result.steps.typing = { ok: typed.ok, problems: typed.value, update_ms: typed.ms, text: await editorText(page) };
  write();
  await page.screenshot({ path: path.join(params.artifacts, "typing.png") });

  // 5. "prelimlint: Restart server" from the command palette.
  const runningBefore = count(extensionLog(), "server running");
  await quickInput(page, "F1", "prelimlint: Restart server", "prelimlint: Restart server");
  const restarted = await settle(
    async () => ({ runs: count(extensionLog(), "server running"), status: await statusBar(page), rows: ours(await problems(page)) }),
    (s) => s.runs > runningBefore && s.status.some((l) => /running/.test(l)) && s.rows.length > 0,
  );
  result.steps.restart = { ok: restarted.ok, ms: restarted.ms, status: restarted.value.status, problems: restarted.value.rows };
  write();

  // 6. Settings: severityThreshold "error" reaches the server via didChangeConfiguration.
  await openSettings(page);
  const thresholdSaved = await setSetting(page, "prelimlint.severityThreshold", "error");
  const filtered = await settle(() => problems(page), (rows) => ours(rows).length > 0 && ours(rows).every((r) => r.severity === "error"));
  result.steps.threshold = { saved: thresholdSaved, ok: filtered.ok, ms: filtered.ms, problems: filtered.value };
  write();

  // 7. Settings: enable false stops the server and clears its problems.
  const enableSaved = await setSetting(page, "prelimlint.enable", false);
  const disabled = await settle(async () => ({ status: await statusBar(page), rows: ours(await problems(page)) }),
    (s) => s.rows.length === 0 && s.status.some((l) => /disabled/.test(l)));
  result.steps.disable = { saved: enableSaved, ok: disabled.ok, ms: disabled.ms, status: disabled.value.status, problems: disabled.value.rows };
  write();
  await closeSettings(page);
  result.timings.total = since();
}

main()
  .catch((err) => {
    result.error = String(err && err.stack ? err.stack : err);
  })
  .finally(() => {
    write();
    process.exit(result.error ? 1 : 0);
  });
