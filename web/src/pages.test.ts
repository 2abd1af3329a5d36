// Page tests against fixture API responses (fetch is stubbed).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountArticle } from './pages/article';
import { mountSearch } from './pages/search';
import { mountFeeds } from './pages/feeds';
import { monthAxis, mountOutlets } from './pages/outlets';
import { emptySearch } from './router';

type Handler = (url: string) => { status: number; body: unknown };
let handler: Handler;
const calls: string[] = [];

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    const { status, body } = handler(url);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const flush = () => new Promise((r) => setTimeout(r, 0));

const searchFixture = {
  total: 2,
  micros: 1500,
  hits: [
    {
      id: 'a1', seq: 1, outlet: 'الشرق', credit: 'أ ف ب', url: 'https://example.org/a1', title: 'انخفاض أسعار النفط بعد قرار أوبك',
      category: 'اقتصاد', published: { known: true, epoch: 1719390600, iso: '2024-06-26T08:30:00Z', source: 'meta-tag', original: '' },
      score: 3.2, copies: 2, title_spans: [[13, 18]], snippet: { text: 'تراجعت أسعار <b>النفط</b> في التعاملات', spans: [[13, 25]] },
    },
    {
      id: 'a2', seq: 2, outlet: 'المساء', credit: '', url: '', title: 'النفط يواصل التراجع', category: 'اقتصاد',
      published: { known: false, source: 'unknown', original: '' }, score: 1, copies: 0, title_spans: [[0, 5]], snippet: { text: '', spans: [] },
    },
  ],
  facets: { outlet: [{ value: 'الشرق', count: 1 }, { value: 'المساء', count: 1 }], category: [{ value: 'اقتصاد', count: 2 }] },
  histogram: { interval: 'month', buckets: [{ start: '2024-06-01', count: 2 }] },
};

describe('search page', () => {
  it('renders hits with safe highlights, facets and histogram', async () => {
    handler = () => ({ status: 200, body: searchFixture });
    const page = mountSearch({ ...emptySearch(), q: 'النفط' });
    await flush();
    await flush();
    expect(calls[0]).toContain('/api/search?q=');
    expect(calls[0]).toContain('histogram=month');
    const hits = page.el.querySelectorAll('.hit');
    expect(hits).toHaveLength(2);
    expect(hits[0].querySelector('.snippet b')).toBeNull(); // markup in text stays text
    expect(hits[0].querySelector('.snippet mark')?.textContent).toBe('<b>النفط</b>');
    expect(hits[0].querySelector('.hit-title mark')?.textContent).toBe('النفط');
    expect(hits[0].querySelector('.badge')?.textContent).toContain('2');
    expect(hits[1].textContent).toContain('تاريخ غير معروف');
    const facets = [...page.el.querySelectorAll<HTMLAnchorElement>('a.facet[data-facet="outlet"]')];
    expect(facets.map((f) => f.dataset.value)).toEqual(['الشرق', 'المساء']);
    expect(facets[0].getAttribute('href')).toContain('outlet=');
    expect(page.el.querySelectorAll('.histogram rect.bar')).toHaveLength(1);
    page.dispose();
  });

  it('debounces typing into one request', async () => {
    handler = () => ({ status: 200, body: searchFixture });
    const page = mountSearch(emptySearch());
    document.body.append(page.el);
    const input = page.el.querySelector('input')!;
    for (const v of ['ا', 'ال', 'الن', 'النف', 'النفط']) {
      input.value = v;
      input.dispatchEvent(new Event('input'));
    }
    expect(calls.filter((c) => c.includes('/api/search'))).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 320));
    await flush();
    const searches = calls.filter((c) => c.includes('/api/search'));
    expect(searches).toHaveLength(1);
    expect(decodeURIComponent(searches[0])).toContain('q=النفط');
    expect(location.hash).toContain('#/search?q=');
    page.el.remove();
    page.dispose();
  });

  it('designs the not-yet-available search error', async () => {
    handler = () => ({ status: 501, body: { error: { code: 'unsupported', message: 'search is not wired' } } });
    const page = mountSearch({ ...emptySearch(), q: 'غزة' });
    await flush();
    await flush();
    const err = page.el.querySelector('.state-error');
    expect(err?.getAttribute('data-code')).toBe('unsupported');
    expect(err?.textContent).toContain('البحث غير متاح بعد');
    expect(err?.querySelector('button')).not.toBeNull();
    expect(err?.querySelector('a[href="#/outlets"]')).not.toBeNull();
    page.dispose();
  });

  it('shows the position of a bad query', async () => {
    handler = () => ({ status: 400, body: { error: { code: 'bad_query', message: 'q: position 4: quotation mark is never closed', position: 4 } } });
    const page = mountSearch({ ...emptySearch(), q: 'غزة "هدنة' });
    await flush();
    await flush();
    expect(page.el.querySelector('.state-error')?.textContent).toContain('الموضع 4');
    expect(page.el.querySelector('input')?.getAttribute('aria-invalid')).toBe('true');
    page.dispose();
  });

  it('marks the search box when a parameter error names q', async () => {
    handler = () => ({ status: 400, body: { error: { code: 'bad_request', message: 'q: position 7: quotation mark is never closed', position: 7, parameter: 'q' } } });
    const page = mountSearch({ ...emptySearch(), q: 'غزة "هدنة' });
    await flush();
    await flush();
    expect(page.el.querySelector('.state-error')?.textContent).toContain('الموضع 7');
    expect(page.el.querySelector('input')?.getAttribute('aria-invalid')).toBe('true');
    page.dispose();
  });

  it('draws the empty months between sparse histogram buckets', async () => {
    handler = () => ({ status: 200, body: { ...searchFixture, histogram: { interval: 'month', buckets: [{ start: '2024-06-01', count: 2 }, { start: '2024-03-01', count: 1 }] } } });
    const page = mountSearch({ ...emptySearch(), q: 'النفط' });
    await flush();
    await flush();
    const bars = [...page.el.querySelectorAll('.histogram rect.bar')];
    expect(bars.map((b) => b.getAttribute('data-start'))).toEqual(['2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01']);
    expect(bars.map((b) => Number(b.getAttribute('height')) > 0)).toEqual([true, false, false, true]);
    page.dispose();
  });

  it('browses by a filter alone: the filter becomes the query, newest first', async () => {
    handler = () => ({ status: 200, body: searchFixture });
    const page = mountSearch({ ...emptySearch(), outlet: 'الشرق "الأوسط"', category: 'اقتصاد' });
    await flush();
    await flush();
    const params = new URL(calls[0], 'http://x').searchParams;
    expect(params.get('q')).toBe('outlet:"الشرق  الأوسط"');
    expect(params.get('outlet')).toBe('الشرق "الأوسط"');
    expect(params.get('category')).toBe('اقتصاد');
    expect(params.get('sort')).toBe('date');
    const sel = page.el.querySelector<HTMLSelectElement>('#sort')!;
    expect(sel.disabled).toBe(true);
    expect(sel.value).toBe('date');
    expect(page.el.querySelectorAll('.hit')).toHaveLength(2);
    page.update({ ...emptySearch(), q: 'النفط', category: 'اقتصاد' });
    await flush();
    await flush();
    const again = new URL(calls[calls.length - 1], 'http://x').searchParams;
    expect(again.get('q')).toBe('النفط');
    expect(again.get('sort')).toBe('relevance');
    expect(sel.disabled).toBe(false);
    page.dispose();
  });

  it('shows a designed empty result', async () => {
    handler = () => ({ status: 200, body: { ...searchFixture, total: 0, hits: [], facets: { outlet: [], category: [] }, histogram: { interval: 'month', buckets: [] } } });
    const page = mountSearch({ ...emptySearch(), q: 'لاشيءهنا' });
    await flush();
    await flush();
    expect(page.el.querySelector('.state-empty')?.textContent).toContain('لا نتائج');
    page.dispose();
  });
});

describe('article page', () => {
  it('shows credit, date provenance, read-also, related and copies', async () => {
    handler = () => ({
      status: 200,
      body: {
        article: {
          id: 'b7', seq: 7, key: 'k', outlet: 'الحرة', credit: 'وكالات', url: 'javascript:alert(1)', canonical_url: 'https://example.org/b7',
          title: 'مجلس الأمن يعقد جلسة طارئة', category: 'سياسة', abstract: '', author: '',
          paragraphs: ['عقد مجلس الأمن جلسة طارئة.', '<script>alert(1)</script>'],
          published: { known: true, epoch: 1719390600, iso: '2024-06-26T08:30:00Z', source: 'text-label', original: '26 يونيو 2024', date_only: false },
          links: [{ title: 'ارتفاع أسعار الذهب', url: '', article_id: 'c8' }],
          related_to: null, origin: { kind: 'file', path: 'samples/x.txt', record: 0, line: 1, byte_offset: 0 },
          related: [{ id: 'c8', seq: 8, outlet: 'الحرة', credit: '', url: '', title: 'ارتفاع أسعار الذهب', category: '', published: { known: false } }],
          copies: [{ id: 'd9', seq: 9, outlet: 'الرأي', credit: '', url: '', title: 'مجلس الأمن يعقد جلسة طارئة', category: '', published: { known: false } }],
        },
      },
    });
    const page = mountArticle('b7');
    await flush();
    await flush();
    const el = page.el;
    expect(el.querySelector('h1')?.textContent).toBe('مجلس الأمن يعقد جلسة طارئة');
    expect(el.querySelector('[data-testid="credit"]')?.textContent).toContain('وكالات');
    const prov = el.querySelector('[data-testid="date-provenance"]')?.textContent ?? '';
    expect(prov).toContain('تاريخ النشر');
    expect(prov).toContain('26 يونيو 2024');
    expect(el.querySelector('script')).toBeNull();
    expect(el.querySelector<HTMLAnchorElement>('.read-also-link')?.getAttribute('href')).toBe('#/article/c8');
    expect(el.querySelectorAll('[data-testid="copies"] li')).toHaveLength(1);
    // javascript: URLs are never linked; the canonical https URL is used instead.
    expect(el.querySelector<HTMLAnchorElement>('[data-testid="original"]')?.href).toBe('https://example.org/b7');
  });

  it('shows a crawl time as such, readable and apart from the unknown publication date', async () => {
    handler = () => ({
      status: 200,
      body: {
        article: {
          id: 'e1', seq: 1, key: 'k', outlet: 'منفذ', credit: '', url: '', canonical_url: '', title: '', category: '', abstract: '', author: '',
          paragraphs: ['نص.'], published: { known: false, source: 'unknown', original: '' }, links: [], related_to: null,
          origin: { kind: 'archive', path: 'x.jsonl', record: 0, line: 1, byte_offset: 0 },
          crawled: { epoch: 1757876531, iso: '2025-09-14T19:02:11Z', original: '2025-09-14 19:02:11' }, related: [], copies: [],
        },
      },
    });
    const page = mountArticle('e1');
    await flush();
    await flush();
    const prov = page.el.querySelector('[data-testid="date-provenance"]')!;
    expect(prov.textContent).toContain('تاريخ غير معروف');
    const t = prov.querySelector('[data-testid="crawled"] time')!;
    expect(t.getAttribute('datetime')).toBe('2025-09-14T19:02:11Z');
    expect(t.textContent).toContain('2025');
    expect(t.textContent).not.toContain('T19'); // formatted, not the raw ISO string
    expect(page.el.querySelector('h1')?.textContent).toBe('(بلا عنوان)');
  });

  it('shows not-found for a bad id', async () => {
    handler = () => ({ status: 404, body: { error: { code: 'not_found', message: 'no article' } } });
    const page = mountArticle('ffff');
    await flush();
    await flush();
    expect(page.el.querySelector('.state-error')?.getAttribute('data-code')).toBe('not_found');
  });
});

describe('feeds and outlets', () => {
  it('explains that the watcher is off', async () => {
    handler = () => ({ status: 200, body: { watching: false, feeds: [] } });
    const page = mountFeeds();
    await flush();
    await flush();
    expect(page.el.textContent).toContain('serve --watch');
  });
  it('lists each feed with state, last success, items and last error', async () => {
    handler = () => ({
      status: 200,
      body: {
        watching: true,
        feeds: [
          { url: 'https://a.example/rss', title: 'منفذ أ', outlet: 'منفذ أ', items_seen: 12, consecutive_failures: 0, last_error: '', last_success: '2025-06-02T07:30:00Z', last_attempt: '2025-06-02T07:30:00Z', state: 'ok' },
          { url: 'https://b.example/rss', title: '', outlet: 'منفذ ب', items_seen: 0, consecutive_failures: 4, last_error: 'timeout after 20 s', last_success: null, last_attempt: '2025-06-02T07:31:00Z', state: 'failing' },
        ],
      },
    });
    const page = mountFeeds();
    await flush();
    await flush();
    const rows = page.el.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(page.el.querySelector('.feeds-summary')?.textContent).toContain('1 من 2');
    expect(rows[0].querySelector('time')?.getAttribute('datetime')).toBe('2025-06-02T07:30:00Z');
    expect(rows[0].querySelector('time')?.textContent).toContain('2025');
    expect(rows[1].textContent).toContain('منفذ ب'); // no title: the outlet names the feed
    expect(rows[1].textContent).toContain('لم تنجح بعد');
    expect(rows[1].textContent).toContain('timeout after 20 s');
    expect(rows[1].querySelector('.pill')?.className).toContain('pill-failing');
  });
  it('charts each outlet on the shared axis and counts its undated articles', async () => {
    handler = () => ({
      status: 200,
      body: {
        outlets: [
          { outlet: '', articles: 5, per_month: [{ month: '2025-01', count: 2 }, { month: 'unknown', count: 3 }] },
          { outlet: 'منفذ أ', articles: 3, per_month: [{ month: '2024-11', count: 1 }, { month: '2025-03', count: 2 }] },
        ],
      },
    });
    const page = mountOutlets();
    await flush();
    await flush();
    const rows = [...page.el.querySelectorAll<HTMLElement>('.outlet-row')];
    expect(rows.map((r) => r.dataset.outlet)).toEqual(['منفذ أ', '']); // unnamed outlet last
    expect([...rows[0].querySelectorAll('rect.bar')].map((b) => b.getAttribute('data-month'))).toEqual(['2024-11', '2025-03']);
    expect(rows[0].querySelector('svg')?.getAttribute('preserveAspectRatio')).toBe('none');
    expect(rows[1].querySelector('.undated')?.textContent).toContain('3');
    expect(rows[0].querySelector('.undated')).toBeNull();
    expect([...page.el.querySelectorAll<HTMLElement>('.outlet-axis .tick')].map((t) => t.dataset.month)).toEqual(['2024-11', '2025-01', '2025-03']);
  });
  it('builds a gap-free month axis', () => {
    const axis = monthAxis([
      { outlet: 'أ', articles: 2, per_month: [{ month: '2018-11', count: 1 }, { month: '2019-02', count: 1 }] },
      { outlet: 'ب', articles: 1, per_month: [{ month: '2018-12-01', count: 1 }] },
    ]);
    expect(axis).toEqual(['2018-11', '2018-12', '2019-01', '2019-02']);
  });
});
