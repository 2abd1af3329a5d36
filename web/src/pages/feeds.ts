// Feeds page: health of every followed feed (last success, last error, items).
import { api } from '../api';
import { clear, h } from '../dom';
import { formatNumber } from '../format';
import { emptyState, errorState, loading } from '../states';

const STATE_LABEL = { ok: 'سليمة', failing: 'متعثّرة', pending: 'بانتظار أول جلب' } as const;

export function mountFeeds(): { el: HTMLElement; dispose(): void } {
  const el = h('div', { class: 'page page-feeds' }, h('h1', {}, 'الخلاصات'), loading());
  const ctrl = new AbortController();
  const load = () => {
    api
      .feeds(ctrl.signal)
      .then(({ watching, feeds }) => {
        clear(el);
        el.append(h('h1', {}, 'الخلاصات'));
        if (feeds.length === 0) {
          el.append(
            emptyState(
              watching ? 'لا خلاصات في القائمة' : 'متابعة الخلاصات متوقفة',
              watching
                ? 'أضف خلاصات RSS/Atom إلى config/feeds.opml.'
                : 'هذا الخادم لا يتابع الخلاصات. شغّله بالأمر «riwaya serve --watch» ليجلب الجديد من config/feeds.opml.',
            ),
          );
          return;
        }
        const ok = feeds.filter((f) => f.state === 'ok').length;
        el.append(h('p', { class: 'muted' }, `${formatNumber(ok)} من ${formatNumber(feeds.length)} خلاصة سليمة`));
        const table = h('table', { class: 'feeds' },
          h('thead', {}, h('tr', {}, h('th', {}, 'الخلاصة'), h('th', {}, 'الحالة'), h('th', {}, 'آخر نجاح'), h('th', {}, 'العناصر'), h('th', {}, 'آخر خطأ'))),
        );
        const body = h('tbody');
        for (const f of feeds) {
          body.append(
            h('tr', { class: `feed-${f.state}` },
              h('td', {}, h('div', {}, f.title || f.outlet || f.url), h('div', { class: 'muted small', dir: 'ltr' }, f.url)),
              h('td', {}, h('span', { class: `pill pill-${f.state}` }, STATE_LABEL[f.state] ?? f.state)),
              h('td', { dir: 'ltr' }, f.last_success ?? '—'),
              h('td', {}, formatNumber(f.items_seen)),
              h('td', { class: 'small' }, f.last_error || '—'),
            ),
          );
        }
        table.append(body);
        el.append(h('div', { class: 'table-wrap' }, table));
      })
      .catch((err) => {
        if ((err as Error).name === 'AbortError') return;
        clear(el);
        el.append(h('h1', {}, 'الخلاصات'), errorState(err, load));
      });
  };
  load();
  return { el, dispose: () => ctrl.abort() };
}
