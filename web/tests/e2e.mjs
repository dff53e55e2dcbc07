// End-to-end tests of the browser playground: the release bundle in
// web/dist, served on 127.0.0.1, in Debian's Chromium driven by
// playwright-core. Run by scripts/web-test.sh, which builds the bundle first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'web/dist');
// The budget for what a visitor downloads before the page works.
const SIZE_BUDGET = 1_000_000;

let server;
let base;
let browser;
let page;
const consoleErrors = [];
const foreignRequests = [];

function serve() {
  return new Promise((resolve, reject) => {
    // Port 0: the system picks a free one, which the server prints.
    const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dist], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const port = out.match(/port (\d+)/);
      if (port) resolve({ child, url: `http://127.0.0.1:${port[1]}/` });
    });
    child.on('exit', (code) => reject(new Error(`http.server exited with ${code}: ${out}`)));
  });
}

/** The SRS501 finding as the CLI reports it: the contract the page must match. */
function cliTypo() {
  const run = spawnSync(
    'cargo',
    ['run', '--locked', '-q', '-p', 'srs-check', '--', 'lint', '--format', 'json', 'fixtures/examples/seed-k8s'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(run.status, 1, `srs-check lint should find errors: ${run.stderr}`);
  const found = JSON.parse(run.stdout).diagnostics.find((d) => d.code === 'SRS501');
  assert.ok(found, 'the CLI reports SRS501');
  return found;
}

async function lints() {
  return Number(await page.locator('section.diagnostics').getAttribute('data-lints'));
}

/** Loads an example from the menu and waits for its lint. */
async function loadExample(index) {
  const before = await lints();
  await page.selectOption('#examples', String(index));
  await page.waitForFunction((n) => Number(document.querySelector('section.diagnostics').dataset.lints) > n, before);
}

before(async () => {
  ({ child: server, url: base } = await serve());
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => !r.url().startsWith(base) && foreignRequests.push(r.url()));
  await page.goto(base);
  await page.waitForSelector('section.diagnostics');
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test('the bundle fits the size budget (gzipped wasm + js)', () => {
  const files = readdirSync(dist).filter((f) => f.endsWith('.wasm') || f.endsWith('.js'));
  let raw = 0;
  let gzipped = 0;
  for (const f of files) {
    const bytes = readFileSync(path.join(dist, f));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(`bundle: ${files.join(', ')}: ${(raw / 1024).toFixed(0)} KiB, gzipped ${(gzipped / 1024).toFixed(0)} KiB = ${gzipped} bytes (budget ${SIZE_BUDGET} bytes)`);
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'a wasm module is built');
  assert.ok(gzipped <= SIZE_BUDGET, `gzipped wasm + js is ${gzipped} bytes`);
});

test('the seed example shows the typo on the line the CLI reports, and its fix removes it', async () => {
  const expected = cliTypo();
  await loadExample(0);
  const typo = page.locator('li.diagnostic[data-code="SRS501"]');
  await typo.waitFor();
  const place = `${path.basename(expected.file)}:${expected.line}:${expected.column}`;
  assert.equal(await typo.locator('.place').textContent(), place);
  assert.match(await typo.locator('.message').textContent(), /srs-origin2\.socs/);

  // Jumping selects the typo in the editor, on that line, and the gutter marks it.
  await typo.locator('button.jump').click();
  await page.waitForFunction(() => document.activeElement?.id === 'editor');
  const selection = await page.evaluate(() => {
    const area = document.querySelector('#editor');
    return {
      text: area.value.slice(area.selectionStart, area.selectionEnd),
      line: area.value.slice(0, area.selectionStart).split('\n').length,
      tab: document.querySelector('.tab.active .tab-name').textContent,
    };
  });
  assert.deepEqual(selection, { text: 'srs-origin2.socs', line: expected.line, tab: path.basename(expected.file) });
  const mark = page.locator('.gutter .line-mark.sev-error', { hasText: new RegExp(`^${expected.line}$`) });
  assert.equal(await mark.count(), 1);
  assert.equal(await page.locator('.backdrop mark.sev-error', { hasText: 'srs-origin2.socs' }).count(), 1);

  mkdirSync(path.join(root, 'docs'), { recursive: true });
  // The lint time changes from run to run; hidden, the committed picture
  // changes only when the page does.
  await page.screenshot({ path: path.join(root, 'docs/playground.png'), style: '.timing { visibility: hidden; }' });

  const before = await lints();
  await typo.locator('button.fix').click();
  await page.waitForFunction((n) => Number(document.querySelector('section.diagnostics').dataset.lints) > n, before);
  assert.equal(await page.locator('li.diagnostic[data-code="SRS501"]').count(), 0);
  assert.match(await page.inputValue('#editor'), /srs-origin-2\.socs;/);
});

/** The hover texts of the broken references in the deployment picture. */
async function brokenTitles() {
  return page.$$eval('svg.deployment g.edge.broken > title', (titles) => titles.map((t) => t.textContent));
}

test('the deployment picture draws the typo red, shows a pod\'s role, and the fix mends it', async () => {
  await loadExample(0);
  await page.click('#side-deployment');
  try {
    await pictureOfTheSeed();
  } finally {
    // The tests after this one read the list.
    await page.click('#side-diagnostics');
  }
  assert.ok(await page.locator('#diagnostics').isVisible());
  assert.ok(await page.locator('svg.deployment').isHidden());
});

async function pictureOfTheSeed() {
  await page.locator('svg.deployment').waitFor();
  assert.equal(await page.locator('#diagnostics').isVisible(), false);

  // The typo: references from the edges to a red unresolved host, the
  // diagnostic in their hover text.
  const typo = (await brokenTitles()).filter((t) => t.includes('origin srs-origin2.socs'));
  assert.equal(typo.length, 4, JSON.stringify(await brokenTitles()));
  assert.match(typo[0], /SRS501: origin `srs-origin2\.socs` names no pod or service/);
  const host = page.locator('g.node.host.unresolved[data-id="host:default/srs-origin2.socs"]');
  assert.equal(await host.count(), 1);
  const red = await page.$eval('svg.deployment g.edge.broken .line', (line) => getComputedStyle(line).stroke);
  assert.equal(red, 'rgb(196, 35, 28)');

  // A click shows an origin's object and role; Enter on a focused edge pod shows its role.
  await page.click('g.node.pod[data-id="pod:default/srs-origin-0"]');
  assert.equal(await page.textContent('.node-details .role'), 'SRS role: origin');
  assert.match(await page.textContent('.node-details .facts'), /owned by StatefulSet\/srs-origin/);
  await page.focus('g.node.pod[data-id="pod:default/srs-edge-deploy-0"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.textContent('.node-details .role'), 'SRS role: edge');
  assert.match(await page.textContent('.node-details .references'), /origin srs-origin2\.socs.*SRS501/s);

  // The whole picture in the pane for the README's screenshot.
  await page.click('button[aria-label^="Fit"]');
  assert.equal(await page.textContent('.picture-tools .zoom'), 'fit');
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  await page.screenshot({ path: path.join(root, 'docs/deployment.png'), style: '.timing { visibility: hidden; }' });

  // The typo's fix, from the list: the red references to it are gone, and
  // the edges point at the origin pod instead.
  await page.click('#side-diagnostics');
  const before = await lints();
  await page.locator('li.diagnostic[data-code="SRS501"] button.fix').click();
  await page.waitForFunction((n) => Number(document.querySelector('section.diagnostics').dataset.lints) > n, before);
  await page.click('#side-deployment');
  await page.locator('svg.deployment').waitFor();
  assert.deepEqual((await brokenTitles()).filter((t) => t.includes('srs-origin2.socs')), []);
  assert.equal(await host.count(), 0);
  assert.equal(await page.locator('g.edge:not(.broken)[data-label="origin srs-origin-2.socs"]').count(), 4);
  // The edge pod is still selected, its reference mended.
  assert.equal(await page.textContent('.node-details .role'), 'SRS role: edge');
  assert.doesNotMatch(await page.textContent('.node-details .references'), /SRS501/);
}

test('fix all safe leaves no safe fix', async () => {
  await loadExample(0);
  await page.click('#fix-all');
  await page.waitForSelector('#notice-text');
  assert.match(await page.textContent('#notice-text'), /Applied \d+ safe fix/);
  assert.equal(await page.locator('button.fix:not(.unsafe)').count(), 0);
  assert.ok(await page.isDisabled('#fix-all'));
});

test('a new tab is linted with the others', async () => {
  await loadExample(1);
  const tabs = await page.locator('.tab').count();
  await page.click('#add-tab');
  assert.equal(await page.locator('.tab').count(), tabs + 1);
  assert.equal(await page.textContent('.tab.active .tab-name'), 'untitled-1');
  await page.click('#editor');
  const before = await lints();
  await page.keyboard.type('listen 1935\ndaemon off;\n');
  await page.waitForFunction((n) => Number(document.querySelector('section.diagnostics').dataset.lints) > n, before);
  // The missing `;` is reported in the new tab, at line 1.
  await page.locator('li.diagnostic .place', { hasText: /^untitled-1:1:/ }).first().waitFor();
  // Rename it to a config name, then close it.
  await page.click('.tab.active [aria-label^="Rename"]');
  await page.fill('.tab input.rename', 'extra.conf');
  await page.press('.tab input.rename', 'Enter');
  await page.locator('li.diagnostic .place', { hasText: /^extra\.conf:1:/ }).first().waitFor();
  await page.click('.tab.active [aria-label^="Close"]');
  assert.equal(await page.locator('.tab').count(), tabs);
});

test('a paste over the size bound is refused with a message', async () => {
  await loadExample(1);
  await page.click('#editor');
  const tooBig = 'x'.repeat(3 * 1024 * 1024);
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text', text);
    document.querySelector('#editor').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, tooBig);
  await page.waitForSelector('#notice-text');
  assert.match(await page.textContent('#notice-text'), /at most 2048 KiB/);
  assert.ok((await page.inputValue('#editor')).length < 100_000);
});

test('keystroke to painted diagnostics on the seed deployment', async () => {
  await loadExample(0);
  await page.locator('.tab-name', { hasText: '3-edge.yaml' }).click();
  const times = [];
  for (let i = 0; i < 7; i++) {
    times.push(
      await page.evaluate(async (i) => {
        const area = document.querySelector('#editor');
        const section = document.querySelector('section.diagnostics');
        const before = Number(section.dataset.lints);
        const started = performance.now();
        // One keystroke: a character typed at the end.
        area.value += i % 2 ? '\n' : '#';
        area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
        // Painted: the frame after the lint's render has run.
        await new Promise((resolve) => {
          const poll = () => (Number(section.dataset.lints) > before ? requestAnimationFrame(resolve) : requestAnimationFrame(poll));
          poll();
        });
        return performance.now() - started;
      }, i),
    );
  }
  times.sort((a, b) => a - b);
  const lintMs = await page.locator('section.diagnostics').getAttribute('data-lint-ms');
  console.log(`keystroke → painted diagnostics: median ${times[3].toFixed(1)} ms, max ${times[6].toFixed(1)} ms (lint itself ${lintMs} ms)`);
  // The target is 50 ms; headless frames come every ~16 ms, so allow
  // a loaded machine some slack rather than fail on scheduling noise.
  assert.ok(times[3] < 100, `median ${times[3]} ms`);
});

test('no errors, no requests to anywhere else, no bug banner', async () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
  assert.ok(await page.locator('#bug').isHidden());
});
