// Article page: title, outlet, credit, date with its provenance, body,
// read-also and related articles, link to the original, and copies.
import { api, type Article, type ArticleSummary } from '../api';
import { clear, h } from '../dom';
import { dateSourceLabel, formatDate, formatInstant } from '../format';
import { articleHash, searchHash } from '../router';
import { errorState, loading } from '../states';

// The search the reader came from, so "back" keeps their query and filters.
function lastSearch(): string {
  try {
    return sessionStorage.getItem('riwaya:lastSearch') ?? '#/';
  } catch {
    return '#/';
  }
}

function safeUrl(u: string): string | null {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function summaryItem(a: ArticleSummary) {
  return h(
    'li',
    {},
    h('a', { href: articleHash(a.id) }, a.title || '(بلا عنوان)'),
    h('span', { class: 'muted small' }, ` — ${a.outlet || 'منفذ غير مذكور'} · ${formatDate(a.published, false)}`),
  );
}

function render(a: Article): HTMLElement {
  const original = safeUrl(a.url) ?? safeUrl(a.canonical_url);
  const dateBox = h(
    'div',
    { class: 'provenance', 'data-testid': 'date-provenance' },
    h('strong', {}, 'تاريخ النشر: '),
    h('time', { datetime: a.published?.iso ?? '' }, formatDate(a.published)),
    h('div', { class: 'muted small' }, `مصدر التاريخ: ${dateSourceLabel(a.published?.source)}`),
    a.published?.original ? h('div', { class: 'muted small' }, 'كما ورد: ', h('q', { dir: 'auto' }, a.published.original)) : null,
    a.crawled
      ? h('div', { class: 'muted small', 'data-testid': 'crawled' }, 'تاريخ الجمع (ليس تاريخ النشر): ',
          h('time', { datetime: a.crawled.iso }, formatInstant(a.crawled.iso)))
      : null,
  );
  const body = h('div', { class: 'article-body' });
  for (const p of a.paragraphs ?? []) if (p.trim()) body.append(h('p', {}, p));
  if (!body.firstChild) body.append(h('p', { class: 'muted' }, 'لا نص لهذا المقال في الأرشيف.'));

  // Read-also links named on the page: internal when the article was embedded.
  const readAlso = h('ul', { class: 'link-list', 'data-testid': 'read-also' });
  for (const l of a.links ?? []) {
    const ext = safeUrl(l.url);
    if (l.article_id) readAlso.append(h('li', {}, h('a', { href: articleHash(l.article_id), class: 'read-also-link' }, l.title || '(بلا عنوان)')));
    else if (ext) readAlso.append(h('li', {}, h('a', { href: ext, rel: 'noopener noreferrer', target: '_blank' }, l.title || ext)));
    else readAlso.append(h('li', {}, l.title));
  }
  const related = h('ul', { class: 'link-list', 'data-testid': 'related' });
  // Related articles not already listed under read-also.
  const linked = new Set((a.links ?? []).map((l) => l.article_id).filter(Boolean));
  for (const r of a.related ?? []) if (!linked.has(r.id)) related.append(summaryItem(r));
  const copies = h('ul', { class: 'link-list', 'data-testid': 'copies' });
  for (const c of a.copies ?? []) copies.append(summaryItem(c));

  const section = (title: string, list: HTMLElement, empty: string) =>
    h('section', { class: 'side-section' }, h('h2', {}, title), list.childElementCount ? list : h('p', { class: 'muted small' }, empty));

  return h(
    'article',
    { class: 'page page-article', 'data-id': a.id },
    h('nav', { class: 'crumbs', 'aria-label': 'مسار التصفّح' }, h('a', { href: lastSearch() }, '→ العودة إلى البحث')),
    h('header', { class: 'article-head' },
      a.category ? h('a', { class: 'kicker', href: searchHash({ category: a.category }) }, a.category) : null,
      h('h1', {}, a.title || '(بلا عنوان)'),
      h('p', { class: 'article-meta' },
        a.outlet
          ? h('a', { class: 'outlet', href: searchHash({ outlet: a.outlet }) }, a.outlet)
          : h('span', { class: 'muted' }, 'منفذ غير مذكور'),
        a.author ? ` · ${a.author}` : '',
      ),
      h('p', { class: 'credit', 'data-testid': 'credit' }, h('strong', {}, 'المصدر: '), a.credit || 'لم يُذكر'),
      dateBox,
      a.related_to ? h('p', { class: 'muted' }, 'ورد في صفحة مقال آخر: ', h('a', { href: articleHash(a.related_to) }, 'المقال الرئيسي')) : null,
    ),
    a.abstract ? h('p', { class: 'abstract' }, a.abstract) : null,
    body,
    h('p', {}, original
      ? h('a', { href: original, rel: 'noopener noreferrer', target: '_blank', class: 'btn', 'data-testid': 'original' }, 'اقرأ في الموقع الأصلي ↗')
      : h('span', { class: 'muted small' }, 'لا رابط أصلي لهذا المقال.')),
    h('div', { class: 'article-aside' },
      section('إقرأ أيضاً', readAlso, 'لا روابط «إقرأ أيضاً» في هذه الصفحة.'),
      section('مقالات مرتبطة', related, 'لا مقالات مرتبطة.'),
      section('نسخ في منافذ أخرى', copies, 'لم تُرصد نسخ مطابقة.'),
    ),
    h('details', { class: 'origin muted small' },
      h('summary', {}, 'من أين جاء هذا المقال'),
      h('p', { dir: 'ltr' }, `${a.origin?.kind ?? ''} ${a.origin?.path ?? ''}${a.origin?.line ? ':' + a.origin.line : ''} · id ${a.id} · seq ${a.seq}`),
    ),
  );
}

export function mountArticle(id: string): { el: HTMLElement; dispose(): void } {
  const el = h('div', { class: 'page-wrap' }, loading('جارٍ تحميل المقال…'));
  const ctrl = new AbortController();
  const load = () => {
    clear(el);
    el.append(loading('جارٍ تحميل المقال…'));
    api
      .article(id, ctrl.signal)
      .then((a) => {
        clear(el);
        el.append(render(a));
        document.title = `${a.title || 'مقال'} — رواية`;
      })
      .catch((err) => {
        if ((err as Error).name === 'AbortError') return;
        clear(el);
        el.append(errorState(err, load), h('p', {}, h('a', { href: '#/' }, 'العودة إلى البحث')));
      });
  };
  load();
  return { el, dispose: () => ctrl.abort() };
}
