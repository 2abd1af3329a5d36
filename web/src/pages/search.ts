// Search page: instant results as you type (debounced), facets, date
// histogram brush, sort and paging. Every state lives in the URL hash.
import { api, ApiError, isBrowsing, PAGE_SIZE, type Hit, type SearchResult } from '../api';
import { clear, h } from '../dom';
import { formatDate, formatDay, formatNumber, pluralArticles } from '../format';
import { highlighted } from '../highlight';
import { fillBuckets, intervalFor, renderHistogram } from '../histogram';
import { articleHash, searchHash, type SearchState } from '../router';
import { emptyState, errorState, loading } from '../states';

export const DEBOUNCE_MS = 250;

export interface SearchPage {
  el: HTMLElement;
  update(state: SearchState): void;
  focus(): void;
  dispose(): void;
}

export function mountSearch(initial: SearchState): SearchPage {
  let state = { ...initial };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | undefined;

  const input = h('input', {
    type: 'search',
    id: 'q',
    name: 'q',
    class: 'search-input',
    placeholder: 'ابحث في الأخبار… مثلاً: وقف إطلاق النار',
    autocomplete: 'off',
    'aria-label': 'البحث في الأخبار',
    enterkeyhint: 'search',
  });
  input.value = state.q;
  const sortSel = h(
    'select',
    { id: 'sort', 'aria-label': 'الترتيب' },
    h('option', { value: 'relevance' }, 'الأكثر صلة'),
    h('option', { value: 'date' }, 'الأحدث'),
  );
  sortSel.value = state.sort;
  const hint = h('span', { class: 'kbd-hint muted small', 'aria-hidden': 'true' }, 'اضغط ', h('kbd', {}, '/'), ' للبحث');
  const form = h(
    'form',
    { class: 'search-bar', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); flush(); } },
    input,
    h('label', { class: 'sort-label' }, 'الترتيب: ', sortSel),
    hint,
  );
  const chips = h('div', { class: 'chips', 'aria-live': 'polite' });
  const sidebar = h('aside', { class: 'facets', 'aria-label': 'تصفية النتائج' });
  const histo = h('div', { class: 'histo-slot' });
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'false' });
  const el = h(
    'div',
    { class: 'page page-search' },
    form,
    chips,
    h('div', { class: 'search-grid' }, sidebar, h('div', { class: 'results-col' }, histo, results)),
  );

  const go = (patch: Partial<SearchState>) => {
    const next = { ...state, ...patch };
    if (!('page' in patch)) next.page = 1;
    location.hash = searchHash(next);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  sortSel.addEventListener('change', () => go({ q: input.value, sort: sortSel.value === 'date' ? 'date' : 'relevance' }));

  // Typing replaces the history entry rather than pushing one per keystroke.
  function flush() {
    clearTimeout(timer);
    if (input.value === state.q) return;
    state = { ...state, q: input.value, page: 1 };
    history.replaceState(null, '', searchHash(state));
    try {
      sessionStorage.setItem('riwaya:lastSearch', searchHash(state));
    } catch {
      /* storage disabled: nothing to remember */
    }
    run();
  }

  function renderChips() {
    clear(chips);
    const chip = (label: string, patch: Partial<SearchState>) =>
      h('button', { type: 'button', class: 'chip', onclick: () => go(patch), 'aria-label': `إزالة ${label}` }, label, h('span', { 'aria-hidden': 'true' }, ' ×'));
    if (state.outlet) chips.append(chip(`المنفذ: ${state.outlet}`, { outlet: '' }));
    if (state.category) chips.append(chip(`القسم: ${state.category}`, { category: '' }));
    if (state.from || state.to)
      chips.append(chip(`الفترة: ${state.from ? formatDay(state.from) : '…'} — ${state.to ? formatDay(state.to) : '…'}`, { from: '', to: '' }));
  }

  function facetList(title: string, key: 'outlet' | 'category', items: { value: string; count: number }[]) {
    const active = state[key];
    const list = h('ul', { class: 'facet-list' });
    for (const f of items) {
      // An empty value (no outlet/category named) cannot be a filter.
      if (!f.value) {
        list.append(h('li', {}, h('span', { class: 'facet facet-none' }, h('span', { class: 'facet-name' }, key === 'outlet' ? 'منفذ غير مذكور' : 'غير مصنّف'), h('span', { class: 'facet-count' }, formatNumber(f.count)))));
        continue;
      }
      const on = f.value === active;
      list.append(
        h(
          'li',
          {},
          h(
            'a',
            {
              href: searchHash({ ...state, [key]: on ? '' : f.value, page: 1 }),
              class: on ? 'facet active' : 'facet',
              'aria-current': on ? 'true' : undefined,
              'data-facet': key,
              'data-value': f.value,
            },
            h('span', { class: 'facet-name' }, f.value),
            h('span', { class: 'facet-count' }, formatNumber(f.count)),
          ),
        ),
      );
    }
    return h('section', { class: 'facet-group' }, h('h3', {}, title), items.length ? list : h('p', { class: 'muted small' }, 'لا قيم'));
  }

  function hitCard(hit: Hit) {
    return h(
      'article',
      { class: 'hit', 'data-id': hit.id },
      h('h2', { class: 'hit-title' }, h('a', { href: articleHash(hit.id) }, highlighted(hit.title || '(بلا عنوان)', hit.title_spans))),
      h(
        'p',
        { class: 'hit-meta' },
        // Plain-text pages name no outlet: say so in the facet's words, not as a name.
        hit.outlet ? h('span', { class: 'outlet' }, hit.outlet) : h('span', { class: 'outlet-none' }, 'منفذ غير مذكور'),
        ' · ',
        h('time', { datetime: hit.published?.iso ?? '' }, formatDate(hit.published, false)),
        hit.credit ? ` · المصدر: ${hit.credit}` : '',
        hit.category ? ` · ${hit.category}` : '',
        hit.copies > 0 ? h('span', { class: 'badge', title: 'نسخ مطابقة من منافذ أخرى' }, `+${formatNumber(hit.copies)} نسخ`) : null,
      ),
      hit.snippet?.text ? h('p', { class: 'snippet' }, highlighted(hit.snippet.text, hit.snippet.spans)) : null,
    );
  }

  function pager(total: number) {
    const pages = Math.ceil(total / PAGE_SIZE);
    if (pages <= 1) return null;
    const nav = h('nav', { class: 'pager', 'aria-label': 'صفحات النتائج' });
    if (state.page > 1) nav.append(h('a', { href: searchHash({ ...state, page: state.page - 1 }), rel: 'prev' }, '→ السابق'));
    nav.append(h('span', { class: 'muted' }, `صفحة ${formatNumber(state.page)} من ${formatNumber(pages)}`));
    if (state.page < pages) nav.append(h('a', { href: searchHash({ ...state, page: state.page + 1 }), rel: 'next' }, 'التالي ←'));
    return nav;
  }

  function renderResult(r: SearchResult, interval: 'day' | 'week' | 'month') {
    clear(sidebar);
    sidebar.append(facetList('المنافذ', 'outlet', r.facets.outlet), facetList('الأقسام', 'category', r.facets.category));
    clear(histo);
    // Bucket boundaries follow the interval the server actually used.
    const iv = r.histogram.interval ?? interval;
    const buckets = fillBuckets(r.histogram.buckets, iv, 1000, { from: state.from, to: state.to });
    histo.append(renderHistogram(buckets, iv, (range) => go({ q: input.value, ...range })));
    clear(results);
    if (r.total === 0) {
      results.append(
        emptyState('لا نتائج', 'جرّب كلمات أقل أو أزل بعض عوامل التصفية.', h('a', { href: searchHash({ q: state.q }) }, 'البحث دون تصفية')),
      );
      return;
    }
    results.append(
      h('p', { class: 'result-count' }, `${pluralArticles(r.total)} · ${formatNumber(Math.max(1, Math.round(r.micros / 1000)))} ملّي ثانية`),
      ...r.hits.map(hitCard),
    );
    const p = pager(r.total);
    if (p) results.append(p);
  }

  function renderWelcome() {
    el.classList.add('is-welcome');
    clear(sidebar);
    clear(histo);
    clear(results);
    const intro = emptyState(
      'ابحث في أرشيف الأخبار العربية',
      'اكتب كلمة أو عبارة: تظهر النتائج أثناء الكتابة، مع المنافذ والأقسام وتوزيعها على الزمن.',
    );
    const examples = h('p', { class: 'examples' }, 'أمثلة: ');
    for (const ex of ['أسعار النفط', 'الانتخابات', 'المياه', '"البنك المركزي"']) {
      examples.append(h('a', { href: searchHash({ q: ex }), class: 'chip' }, ex), ' ');
    }
    intro.append(examples);
    const statsLine = h('p', { class: 'muted' });
    const browse = h('p', { class: 'examples browse-outlets' });
    intro.append(statsLine, browse);
    results.append(intro);
    // Counts and a way in without typing: every named outlet, busiest first.
    Promise.all([api.stats(), api.outlets()])
      .then(([s, outlets]) => {
        const named = outlets.filter((o) => o.outlet).sort((a, b) => b.articles - a.articles);
        statsLine.textContent = `في الأرشيف ${pluralArticles(s.articles)} من ${formatNumber(named.length)} منافذ.`;
        if (named.length) browse.append('تصفّح منفذًا: ');
        for (const o of named.slice(0, 12)) {
          browse.append(h('a', { href: searchHash({ outlet: o.outlet }), class: 'chip', 'data-outlet': o.outlet }, o.outlet), ' ');
        }
      })
      .catch(() => {
        statsLine.textContent = '';
      });
  }

  function run() {
    inflight?.abort();
    el.classList.remove('is-welcome');
    renderChips();
    if (!state.q.trim() && !state.outlet && !state.category && !state.from && !state.to) {
      renderWelcome();
      return;
    }
    // Filters without words list the newest first; relevance has nothing to rank.
    const browsing = isBrowsing(state);
    sortSel.disabled = browsing;
    sortSel.value = browsing ? 'date' : state.sort;
    sortSel.title = browsing ? 'بلا كلمات بحث تُرتَّب المقالات من الأحدث' : '';
    const ctrl = new AbortController();
    inflight = ctrl;
    const interval = intervalFor(state.from, state.to);
    results.setAttribute('aria-busy', 'true');
    el.classList.add('is-loading'); // facets and chart of the previous answer stay, dimmed
    clear(results);
    results.append(loading('جارٍ البحث…'));
    const requested = { ...state };
    api
      .search(requested, interval, ctrl.signal)
      .then((r) => {
        if (ctrl.signal.aborted) return;
        renderResult(r, interval);
      })
      .catch((err) => {
        if (ctrl.signal.aborted || (err as Error).name === 'AbortError') return;
        clear(sidebar);
        clear(histo);
        clear(results);
        results.append(errorState(err, run));
        // The query itself is at fault (parser error, or a parameter error naming q): mark the box.
        if (err instanceof ApiError && err.position !== undefined && (err.code === 'bad_query' || (err.code === 'bad_request' && err.parameter === 'q')))
          input.setAttribute('aria-invalid', 'true');
      })
      .finally(() => {
        if (inflight === ctrl) {
          results.setAttribute('aria-busy', 'false');
          el.classList.remove('is-loading');
        }
      });
  }

  run();
  return {
    el,
    update(next) {
      state = { ...next };
      if (document.activeElement !== input || input.value !== state.q) input.value = state.q;
      input.removeAttribute('aria-invalid');
      sortSel.value = state.sort;
      run();
    },
    focus() {
      input.focus();
      input.select();
    },
    dispose() {
      clearTimeout(timer);
      inflight?.abort();
    },
  };
}
