// Page tests against fixture API responses (fetch is stubbed).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountArticle } from './pages/article';
import { mountSearch } from './pages/search';
import { mountFeeds } from './pages/feeds';
import { monthAxis } from './pages/outlets';
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
  it('builds a gap-free month axis', () => {
    const axis = monthAxis([
      { outlet: 'أ', articles: 2, per_month: [{ month: '2018-11', count: 1 }, { month: '2019-02', count: 1 }] },
      { outlet: 'ب', articles: 1, per_month: [{ month: '2018-12-01', count: 1 }] },
    ]);
    expect(axis).toEqual(['2018-11', '2018-12', '2019-01', '2019-02']);
  });
});
