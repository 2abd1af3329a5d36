// Browser tests in Debian's Chromium through playwright-core: search, facet
// filter, histogram brush, article page, read-also link, outlets and feeds.
// Screenshots go to tests/e2e/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, articlesBySeq, BASE, launch, shot } from './lib.mjs';

let browser;
let page;
let searchWorks = false;
let all = [];

before(async () => {
  browser = await launch();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  const probe = await api(`/api/search?q=${encodeURIComponent('المياه')}`);
  searchWorks = probe.status === 200;
  all = await articlesBySeq();
});
after(async () => {
  await browser?.close();
});

test('start page is right-to-left Arabic with the self-hosted font', async () => {
  await page.goto(BASE);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  await page.waitForSelector('.state-empty');
  const fontOk = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check('16px "Noto Naskh Arabic"', 'خبر') && document.fonts.check('16px "Noto Sans Arabic"', 'خبر');
  });
  assert.ok(fontOk, 'Noto Arabic fonts loaded from the server');
  const fontRequests = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('.woff')),
  );
  const origin = new URL(BASE).origin;
  assert.ok(fontRequests.length > 0 && fontRequests.every((u) => u.startsWith(origin)), fontRequests.join(' '));
  await shot(page, '01-start.png');
});

test('"/" focuses the search box', async () => {
  await page.goto(`${BASE}#/outlets`);
  await page.waitForSelector('.outlet-row, .state');
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement?.id === 'q');
});

test('typing searches instantly (or shows the designed error state)', async () => {
  await page.goto(BASE);
  await page.click('#q');
  await page.keyboard.type('المياه', { delay: 40 });
  await page.waitForFunction(() => location.hash.includes('q='));
  if (!searchWorks) {
    const err = await page.waitForSelector('.state-error[data-code="unsupported"]');
    assert.match(await err.textContent(), /البحث غير متاح بعد/);
    await shot(page, '02-search-unavailable.png');
    return;
  }
  await page.waitForSelector('.hit');
  assert.ok((await page.locator('.hit').count()) >= 2);
  assert.ok((await page.locator('.hit mark').count()) >= 1, 'highlighted terms');
  await shot(page, '02-search.png');
});

test('facet filter narrows results to one outlet', async (t) => {
  if (!searchWorks) return t.skip('SKIP: engine search not available yet (501)');
  await page.goto(`${BASE}#/search?q=${encodeURIComponent('المياه')}&sort=date`);
  await page.waitForSelector('.hit');
  const facet = page.locator('a.facet[data-facet="outlet"]:not([data-value=""])').first();
  const outlet = await facet.getAttribute('data-value');
  await facet.click();
  await page.waitForFunction(() => location.hash.includes('outlet='), null, { timeout: 5000 }).catch(async (e) => {
    await shot(page, 'FAILED-facet.png');
    throw new Error(`${e.message}; hash=${await page.evaluate(() => location.hash)}`);
  });
  await page.waitForSelector('.chip');
  await page.waitForSelector('.hit');
  const outlets = await page.locator('.hit .outlet').allTextContents();
  assert.ok(outlets.length > 0 && outlets.every((o) => o === outlet), outlets.join(','));
  await shot(page, '03-facet.png');
});

test('brushing the histogram filters by date', async (t) => {
  if (!searchWorks) return t.skip('SKIP: engine search not available yet (501)');
  await page.goto(`${BASE}#/search?q=${encodeURIComponent('وزارة')}`); // spans many months
  await page.waitForSelector('.histogram rect.bar');
  const bars = page.locator('.histogram rect.hit-area');
  const n = await bars.count();
  assert.ok(n >= 2, `bars: ${n}`);
  const a = await bars.nth(0).boundingBox();
  const b = await bars.nth(Math.min(1, n - 1)).boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => location.hash.includes('from=') && location.hash.includes('to='));
  await page.waitForSelector('.hit, .state-empty');
  const params = new URLSearchParams(page.url().split('?')[1]);
  const from = params.get('from'), to = params.get('to');
  assert.ok(from <= to, `${from}..${to}`);
  for (const d of await page.locator('.hit time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')))) {
    if (d) assert.ok(d.slice(0, 10) >= from && d.slice(0, 10) <= to, `${d} outside ${from}..${to}`);
  }
  await shot(page, '04-brush.png');
});

test('article page shows credit, date provenance and follows a read-also link', async () => {
  const main = all.find((a) => a.links.some((l) => l.article_id));
  assert.ok(main, 'an article with an embedded read-also');
  await page.goto(`${BASE}#/article/${main.id}`);
  await page.waitForSelector('h1');
  assert.equal((await page.textContent('h1')).trim(), main.title);
  assert.match(await page.textContent('[data-testid="date-provenance"]'), /مصدر التاريخ/);
  assert.match(await page.textContent('[data-testid="credit"]'), /المصدر/);
  await shot(page, '05-article.png');
  const link = page.locator('a.read-also-link').first();
  const title = (await link.textContent()).trim();
  await link.click();
  await page.waitForFunction((t) => document.querySelector('h1')?.textContent?.trim() === t, title);
  assert.match(page.url(), /#\/article\/[0-9a-f]{16}$/);
  await shot(page, '06-read-also.png');
});

test('copies are listed on an article republished by another outlet', async () => {
  const copied = all.find((a) => a.copies.length > 0);
  assert.ok(copied);
  await page.goto(`${BASE}#/article/${copied.id}`);
  await page.waitForSelector('[data-testid="copies"] li');
  assert.ok((await page.locator('[data-testid="copies"] li').count()) >= 1);
  await shot(page, '05b-copies.png');
});

test('unknown article shows the designed not-found state', async () => {
  await page.goto(`${BASE}#/article/ffffffffffffffff`);
  await page.waitForSelector('.state-error[data-code="not_found"]');
});

test('outlets page charts volume per outlet', async () => {
  await page.goto(`${BASE}#/outlets`);
  await page.waitForSelector('.outlet-row');
  assert.ok((await page.locator('.outlet-row').count()) >= 4);
  assert.ok((await page.locator('.outlet-row svg rect').count()) >= 4);
});

test('feeds page explains its state', async () => {
  await page.goto(`${BASE}#/feeds`);
  await page.waitForSelector('table.feeds, .state-empty');
});

test('readable on a phone', async () => {
  const phone = await browser.context.newPage();
  await phone.setViewportSize({ width: 375, height: 812 });
  const main = all.find((a) => a.paragraphs.length >= 2) ?? all[0];
  await phone.goto(`${BASE}#/article/${main.id}`);
  await phone.waitForSelector('h1');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await shot(phone, '09-phone-article.png');
  await phone.goto(BASE);
  await phone.waitForSelector('#q');
  await shot(phone, '10-phone-start.png');
  await phone.close();
});
