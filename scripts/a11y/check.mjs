// Accessibility check of a built site (WCAG 2.2 AA as far as a machine can tell).
//
//   node scripts/a11y/check.mjs OUT_DIR PORT
//
// OUT_DIR must have been built with --base-url http://127.0.0.1:PORT/. The script serves
// it on that port, picks pages from every section (each section's index and its first two
// pages below), and checks each one in headless Chromium:
//   - axe-core with the WCAG 2.0/2.1/2.2 A and AA rules, at 360 and at 1280 CSS px wide,
//     and at 360 with the theme's large-text mode switched on (if it has one);
//   - reflow (WCAG 1.4.10): no sideways scrolling at 320 CSS px;
//   - text resize (WCAG 1.4.4): no sideways scrolling at 360 px with the browser's
//     default text size doubled (32 px), which is how older readers enlarge text.
// Pages with tables are always among those checked. A page or asset that fails to load
// is a failure too (a wrong base URL would otherwise check unstyled pages). Prints every
// failure and exits 1 if there is any, 3 if PORT is taken. Chromium is found on PATH or
// in CHROMIUM.

import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, extname, relative, sep } from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.ics': 'text/calendar',
  '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

const [outDir, portText] = process.argv.slice(2);
if (!outDir || !portText) {
  console.error('usage: node check.mjs OUT_DIR PORT');
  process.exit(2);
}
const port = Number(portText);
const base = `http://127.0.0.1:${port}`;

/** Serves OUT_DIR; a missing file gets 404.html with status 404, as a host would. */
function serve() {
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url, base).pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(outDir, path);
    if (!file.startsWith(outDir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': TYPES['.html'] });
      response.end(existsSync(join(outDir, '404.html')) ? readFileSync(join(outDir, '404.html')) : '');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  server.on('error', (error) => {
    console.error(`cannot serve on port ${port}: ${error.message}`);
    process.exit(error.code === 'EADDRINUSE' ? 3 : 2);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Every index.html under `dir`, as site paths (`/deputies/zhang-san/`), sorted. */
function indexPages(dir, found = []) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) indexPages(path, found);
    else if (name === 'index.html') {
      const folder = relative(outDir, dir).split(sep).filter(Boolean);
      found.push(folder.length ? `/${folder.join('/')}/` : '/');
    }
  }
  return found;
}

/** Each section's index and its first two pages below it, the first two pages with a
 *  table (tables are where layouts break first), and the 404 page. */
function pickPages() {
  const bySection = new Map();
  for (const page of indexPages(outDir)) {
    const section = page.split('/')[1] ?? '';
    if (!bySection.has(section)) bySection.set(section, []);
    bySection.get(section).push(page);
  }
  const picked = [];
  for (const pages of bySection.values()) {
    const top = pages.filter((p) => p.split('/').length <= 3);
    const below = pages.filter((p) => p.split('/').length > 3).slice(0, 2);
    picked.push(...top, ...below);
  }
  const withTables = indexPages(outDir)
    .filter((page) => !picked.includes(page))
    .filter((page) => readFileSync(join(outDir, page, 'index.html'), 'utf8').includes('<table'))
    .slice(0, 2);
  picked.push(...withTables);
  if (existsSync(join(outDir, '404.html'))) picked.push('/404.html');
  return picked;
}

/** How far the page scrolls sideways, in CSS px (0 when it fits). */
const overflow = () => document.scrollingElement.scrollWidth - document.documentElement.clientWidth;

/** A new tab; every request of it that fails is added to `failures` for `path`. */
async function openPage(browser, width, height, fontSize, path) {
  const page = await browser.newPage();
  const failed = (url, why) => failures.push({
    path, view: `${width} px`, id: 'load', impact: 'serious', help: `${url} ${why}`, targets: [],
  });
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText ?? 'failed';
    // (A request still under way when the tab closes is aborted, not failed.)
    if (why !== 'net::ERR_ABORTED') failed(request.url(), why);
  });
  page.on('pageerror', (error) => failures.push({
    path, view: `${width} px`, id: 'script', impact: 'serious', help: `script error: ${error.message}`, targets: [],
  }));
  page.on('response', (response) => {
    if (response.status() >= 400) failed(response.url(), `answered ${response.status()}`);
  });
  await page.setViewport({ width, height });
  if (fontSize) {
    const session = await page.createCDPSession();
    await session.send('Page.enable');
    await session.send('Page.setFontSizes', {
      fontSizes: { standard: fontSize, fixed: Math.round((fontSize * 13) / 16) },
    });
  }
  return page;
}

async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, WCAG_TAGS);
}

/** The Chromium to drive: $CHROMIUM, else the first of its usual names on PATH. */
function chromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error('no Chromium found: install chromium or set CHROMIUM');
}

const failures = [];
const server = await serve();
const browser = await puppeteer.launch({
  executablePath: chromium(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  headless: true,
});
try {
  // One tab at a time: Chromium throttles the timers of background tabs, which axe uses.
  const views = [
    ['phone', 360, 800, null],
    ['desktop', 1280, 900, null],
    ['narrow', 320, 800, null],
    ['bigText', 360, 800, 32],
  ];
  const pages = pickPages();
  console.log(`pages: ${pages.join(' ')}`);
  if (pages.length === 0) failures.push({ path: outDir, view: '-', id: 'pages', impact: 'serious', help: 'no page found', targets: [] });
  for (const path of pages) {
    for (const [name, width, height, fontSize] of views) {
      const page = await openPage(browser, width, height, fontSize, path);
      await page.goto(base + path, { waitUntil: 'load' });
      if (name === 'phone' || name === 'desktop') {
        for (const v of await axeViolations(page)) failures.push({ path, view: name, ...v });
        if (name === 'phone' && (await page.$('label[for="large-text"]'))) {
          const textSize = () => parseFloat(getComputedStyle(document.querySelector('main') ?? document.body).fontSize);
          const before = await page.evaluate(textSize);
          await page.click('label[for="large-text"]');
          if (!((await page.evaluate(textSize)) > before)) {
            failures.push({ path, view: 'phone', id: 'large-text', impact: 'serious', help: 'the large-text switch does not enlarge the text', targets: [] });
          }
          for (const v of await axeViolations(page)) failures.push({ path, view: 'phone, large text', ...v });
          // The theme may remember the choice; the next page starts without it.
          await page.evaluate(() => localStorage.clear());
        }
      } else {
        if (fontSize) {
          const root = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
          if (!root.startsWith(String(fontSize))) {
            failures.push({ path, view: name, id: 'text-size', impact: 'serious', help: `the browser text size did not apply (root is ${root})`, targets: [] });
          }
        }
        const extra = await page.evaluate(overflow);
        if (extra > 1) {
          failures.push({
            path, view: name === 'narrow' ? '320 px wide' : '360 px wide, 32 px text',
            id: 'reflow', impact: 'serious',
            help: `the page scrolls sideways by ${extra} px (WCAG 1.4.10 / 1.4.4)`, targets: [],
          });
        }
      }
      await page.close();
    }
  }
  for (const f of failures) {
    console.log(`${f.path} [${f.view}] ${f.id} (${f.impact}): ${f.help}`);
    for (const target of f.targets) console.log(`    ${target}`);
  }
  console.log(`checked ${pages.length} pages: ${failures.length} problem(s)`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failures.length ? 1 : 0);
