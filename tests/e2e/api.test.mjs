// API contract against a running server loaded with samples/ (see run.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { api, articlesBySeq, BASE, TOKEN } from './lib.mjs';

const auth = { Authorization: `Bearer ${TOKEN}` };

function rawGet(p) {
  // node:http keeps the path as written (fetch would normalise "..").
  const u = new URL(BASE);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: p, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('health and stats reflect the ingested samples', async () => {
  const h = await api('/api/health');
  assert.equal(h.status, 200);
  assert.equal(h.body.status, 'ok');
  assert.ok(h.body.articles >= 30, `articles: ${h.body.articles}`);
  const s = await api('/api/stats');
  assert.equal(s.status, 200);
  assert.equal(s.body.articles, h.body.articles);
  assert.ok(s.body.related >= 1, 'read-also articles are linked as related');
});

test('outlets list several outlets with monthly volume', async () => {
  const r = await api('/api/outlets');
  assert.equal(r.status, 200);
  const named = r.body.outlets.filter((o) => o.outlet);
  assert.ok(named.length >= 4, JSON.stringify(r.body.outlets.map((o) => o.outlet)));
  for (const o of named) assert.ok(o.per_month.length >= 1, o.outlet);
});

test('articles carry credit, date provenance and read-also links', async () => {
  const all = await articlesBySeq();
  assert.ok(all.length >= 30, `found ${all.length}`);
  const dated = all.filter((a) => a.published.known);
  assert.ok(dated.length >= all.length * 0.8, `${dated.length}/${all.length} dated`);
  for (const a of dated) assert.ok(a.published.original.length > 0 && a.published.source !== 'unknown', a.id);
  const withReadAlso = all.find((a) => a.links.some((l) => l.article_id));
  assert.ok(withReadAlso, 'a page with an embedded read-also article');
  const link = withReadAlso.links.find((l) => l.article_id);
  const target = await api(`/api/articles/${link.article_id}`);
  assert.equal(target.status, 200);
  assert.equal(target.body.article.related_to, withReadAlso.id);
  const byId = await api(`/api/articles/${withReadAlso.id}`);
  assert.ok(byId.body.article.related.some((r) => r.id === link.article_id));
  // The wire story republished verbatim by two outlets shows as a copy.
  assert.ok(all.some((a) => a.copies.length > 0), 'at least one article has copies');
});

test('unknown article is a JSON 404', async () => {
  const r = await api('/api/articles/ffffffffffffffff');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  const r2 = await api('/api/no-such-endpoint');
  assert.equal(r2.status, 404);
  assert.equal(r2.body.error.code, 'not_found');
});

test('bad search parameters are 400 with the position', async () => {
  const r = await api(`/api/search?q=${encodeURIComponent('غزة "هدنة')}`);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.position, 7);
  const d = await api('/api/search?q=x&from=2025-02-30');
  assert.equal(d.status, 400);
  assert.equal(d.body.error.parameter, 'from');
  assert.equal(d.body.error.position, 8);
});

test('search answers hits with spans, or a clear 501 until the index is wired', async () => {
  const r = await api(`/api/search?q=${encodeURIComponent('المياه')}&limit=5`);
  if (r.status === 501) {
    assert.equal(r.body.error.code, 'unsupported');
    console.log('SKIP: search hits: engine search not available yet (501)');
    return;
  }
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.ok(r.body.total >= 2);
  const hit = r.body.hits[0];
  for (const [b, e] of hit.snippet.spans) assert.ok(b < e && e <= hit.snippet.text.length);
  assert.ok(r.body.facets.outlet.length >= 2);
});

test('ingest needs the bearer token', async () => {
  const page = 'عنوان تجريبي\nنص تجريبي قصير.';
  const none = await api('/api/ingest', { method: 'POST', body: page });
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, 'unauthorized');
  const wrong = await api('/api/ingest', { method: 'POST', body: page, headers: { Authorization: 'Bearer nope' } });
  assert.equal(wrong.status, 401);
});

test('oversize ingest body is 413', async () => {
  const big = 'ا'.repeat(9 * 1024 * 1024); // 18 MB of UTF-8, over the 16 MB limit
  const r = await api('/api/ingest', { method: 'POST', body: big, headers: auth });
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'payload_too_large');
});

test('static files cannot escape the web root', async () => {
  for (const p of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/.git/config']) {
    const r = await rawGet(p);
    assert.ok(r.status === 403 || r.status === 404 || r.status === 400, `${p} -> ${r.status}`);
    assert.ok(!r.body.includes('root:'), p);
  }
  const index = await rawGet('/');
  assert.equal(index.status, 200);
  assert.match(index.body, /<html lang="ar" dir="rtl">/);
});

test('openapi.json describes every endpoint', async () => {
  const r = await api('/api/openapi.json');
  assert.equal(r.status, 200);
  for (const p of ['/api/search', '/api/articles/{id}', '/api/outlets', '/api/stats', '/api/feeds', '/api/health', '/api/ingest'])
    assert.ok(r.body.paths[p], p);
});

test('concurrent ingest and reads lose nothing', async () => {
  const stats = async () => {
    const b = (await api('/api/stats')).body;
    return b.articles + b.copies;
  };
  const before = await stats();
  // Distinct words, not just distinct numbers: bodies that differ only in
  // digits are (rightly) treated as copies of one another.
  const cities = ['القاهرة', 'بغداد', 'دمشق', 'عمّان', 'الرباط', 'تونس', 'الجزائر', 'بيروت'];
  const topics = ['الموازنة العامة', 'خطة النقل الحضري', 'إصلاح التعليم'];
  const run = Date.now().toString(36); // unique per run: re-runs must not collide
  const bodies = cities.flatMap((c) => topics.map((t) => [c, t]));
  const N = bodies.length;
  const posts = bodies.map(([c, t]) =>
    api('/api/ingest?name=concurrent.txt', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain; charset=utf-8' },
      body: `مجلس ${c} يناقش ${t} ${run}\nتاريخ النشر: 1 مارس 2025\nعقد مجلس مدينة ${c} جلسة استثنائية لمناقشة ${t}، واستمع الأعضاء إلى عرض قدمه المسؤولون عن ملف ${t} في ${c}.\nالمصدر: وكالات`,
    }),
  );
  const reads = Array.from({ length: N }, (_, i) => api(i % 2 ? '/api/stats' : '/api/outlets'));
  const results = await Promise.all([...posts, ...reads]);
  for (const r of results) assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.body));
  const stored = results.slice(0, N).reduce((n, r) => n + r.body.added + r.body.copies, 0);
  assert.equal(stored, N, JSON.stringify(results.slice(0, N).map((r) => r.body)));
  assert.equal((await stats()) - before, N);
});
