// Feeds page: health of every followed feed (last success, last error, items).
import { api } from '../api';
import { clear, h } from '../dom';
import { formatInstant, formatNumber } from '../format';
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
              // Commands and paths are left-to-right islands inside Arabic text.
              watching
                ? ['أضف خلاصات RSS/Atom إلى ', h('code', { dir: 'ltr' }, 'config/feeds.opml'), '.']
                : ['هذا الخادم لا يتابع الخلاصات. شغّله بالأمر ', h('code', { dir: 'ltr' }, 'riwaya serve --watch'),
                   ' ليجلب الجديد من ', h('code', { dir: 'ltr' }, 'config/feeds.opml'), '.'],
            ),
          );
          return;
        }
        const ok = feeds.filter((f) => f.state === 'ok').length;
        const failing = feeds.filter((f) => f.state === 'failing').length;
        el.append(
          h('p', { class: 'muted feeds-summary' },
            `${formatNumber(ok)} من ${formatNumber(feeds.length)} خلاصة سليمة`,
            failing ? ` · ${formatNumber(failing)} متعثّرة` : '',
            watching ? '' : ' · المتابعة متوقفة'),
        );
        const table = h('table', { class: 'feeds' },
          h('thead', {}, h('tr', {}, h('th', {}, 'الخلاصة'), h('th', {}, 'الحالة'), h('th', {}, 'آخر نجاح'), h('th', {}, 'العناصر / المقالات الجديدة'), h('th', {}, 'آخر خطأ'))),
        );
        const body = h('tbody');
        for (const f of feeds) {
          body.append(
            h('tr', { class: `feed-${f.state}` },
              h('td', {}, h('div', {}, f.title || f.outlet || f.url), h('div', { class: 'muted small feed-url', dir: 'ltr' }, f.url)),
              h('td', {},
                h('span', { class: `pill pill-${f.state}` }, STATE_LABEL[f.state] ?? f.state),
                f.consecutive_failures > 0 ? h('span', { class: 'muted small feed-meta' }, `${formatNumber(f.consecutive_failures)} محاولات فاشلة متتالية`) : null),
              h('td', {},
                f.last_success ? h('time', { datetime: f.last_success }, formatInstant(f.last_success)) : h('span', { class: 'muted' }, 'لم تنجح بعد'),
                f.last_attempt ? h('span', { class: 'muted small feed-meta' }, 'آخر محاولة: ', h('time', { datetime: f.last_attempt }, formatInstant(f.last_attempt))) : null,
                f.next_poll ? h('span', { class: 'muted small feed-meta' }, 'المحاولة التالية: ', h('time', { datetime: f.next_poll }, formatInstant(f.next_poll))) : null),
              h('td', {}, formatNumber(f.items_seen), f.articles_added != null ? h('span', { class: 'muted small feed-meta' }, `${formatNumber(f.articles_added)} مقالة جديدة`) : null),
              h('td', { class: 'small feed-error' }, f.last_error ? h('bdi', {}, f.last_error) : '—'),
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
