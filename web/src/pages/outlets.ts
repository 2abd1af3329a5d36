// Outlets page: article volume over time per outlet, as small SVG bar charts
// sharing one month axis so outlets can be compared at a glance.
import { api, type OutletVolume } from '../api';
import { clear, h, svg } from '../dom';
import { formatMonth, formatNumber, pluralArticles } from '../format';
import { searchHash } from '../router';
import { emptyState, errorState, loading } from '../states';

// Every month between the first and last seen, so gaps show as gaps.
export function monthAxis(outlets: OutletVolume[]): string[] {
  const all = outlets.flatMap((o) => o.per_month.map((m) => m.month.slice(0, 7))).filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
  if (all.length === 0) return [];
  const out: string[] = [];
  let [y, m] = all[0].split('-').map(Number);
  const last = all[all.length - 1];
  for (let guard = 0; guard < 600; ++guard) {
    const cur = `${y}-${String(m).padStart(2, '0')}`;
    out.push(cur);
    if (cur >= last) break;
    if (++m > 12) { m = 1; ++y; }
  }
  return out;
}

function sparkline(o: OutletVolume, axis: string[], max: number) {
  const W = 360, H = 56;
  const counts = new Map(o.per_month.map((m) => [m.month.slice(0, 7), m.count]));
  const bw = W / Math.max(1, axis.length);
  // Stretched to the row's width so every outlet shares the same month axis.
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    preserveAspectRatio: 'none',
    class: 'spark',
    role: 'img',
    'aria-label': `حجم النشر شهريًا: ${o.outlet || 'منفذ غير مذكور'}`,
  });
  axis.forEach((month, i) => {
    const c = counts.get(month) ?? 0;
    // Square-root scale: one shared axis, yet small outlets stay visible.
    const bh = c ? Math.max(3, (H - 2) * Math.sqrt(c / max)) : 0;
    if (!c) return;
    chart.appendChild(
      svg('rect', { x: W - (i + 1) * bw + 1, y: H - bh, width: Math.max(1, bw - 2), height: bh, class: 'bar', 'data-month': month, 'data-count': c },
        svg('title', {}, `${formatMonth(month)}: ${formatNumber(c)}`)),
    );
  });
  return chart;
}

// Articles with no known date cannot sit on the month axis; say how many.
function undatedNote(o: OutletVolume) {
  const dated = o.per_month.filter((m) => /^\d{4}-\d{2}/.test(m.month)).reduce((n, m) => n + m.count, 0);
  const undated = o.articles - dated;
  return undated > 0 ? h('span', { class: 'muted small undated' }, `منها ${formatNumber(undated)} بلا تاريخ`) : null;
}

// Month labels above the charts: first, last and each January in between.
function axisRow(axis: string[]) {
  const ticks = h('div', { class: 'outlet-axis-ticks', 'aria-hidden': 'true' });
  axis.forEach((m, i) => {
    if (i !== 0 && i !== axis.length - 1 && !m.endsWith('-01')) return;
    // Position from the right edge: month i is the (i+1)-th bar from the right.
    // The two ends are pinned to the edges so a label never overflows the row.
    const pct = ((i + 0.5) / axis.length) * 100;
    if (i !== 0 && i !== axis.length - 1 && (pct < 25 || pct > 75)) return; // too close to an end label
    const style = i === 0 ? 'inset-inline-start: 0' : i === axis.length - 1 ? 'inset-inline-end: 0' : `inset-inline-start: ${pct.toFixed(2)}%; transform: translateX(50%)`;
    ticks.append(h('span', { class: 'tick', style, 'data-month': m }, formatMonth(m)));
  });
  return h('li', { class: 'outlet-axis' }, h('div', { class: 'outlet-name muted small' }, 'الشهر'), ticks);
}

export function mountOutlets(): { el: HTMLElement; dispose(): void } {
  const el = h('div', { class: 'page page-outlets' }, h('h1', {}, 'المنافذ'), loading());
  const ctrl = new AbortController();
  const load = () => {
    api
      .outlets(ctrl.signal)
      .then((outlets) => {
        clear(el);
        el.append(h('h1', {}, 'المنافذ'));
        if (outlets.length === 0) {
          el.append(emptyState('لا منافذ بعد', ['الأرشيف فارغ. استورد صفحات بالأمر ', h('code', { dir: 'ltr' }, 'riwaya ingest samples/'), ' أو شغّل ', h('code', { dir: 'ltr' }, 'make run'), '.']));
          return;
        }
        const axis = monthAxis(outlets);
        const max = Math.max(1, ...outlets.flatMap((o) => o.per_month.map((m) => m.count)));
        // Unknown outlet (plain pages name none) goes last.
        const sorted = [...outlets].sort((a, b) => Number(!a.outlet) - Number(!b.outlet) || b.articles - a.articles);
        if (axis.length)
          el.append(h('p', { class: 'muted' }, `الفترة: ${formatMonth(axis[0])} — ${formatMonth(axis[axis.length - 1])} · الأعمدة من اليمين (الأقدم) إلى اليسار (الأحدث)`));
        const list = h('ul', { class: 'outlet-list' });
        if (axis.length) list.append(axisRow(axis));
        for (const o of sorted) {
          list.append(
            h('li', { class: 'outlet-row', 'data-outlet': o.outlet },
              h('div', { class: 'outlet-name' }, o.outlet ? h('a', { href: searchHash({ outlet: o.outlet }) }, o.outlet) : h('span', {}, 'منفذ غير مذكور'), h('span', { class: 'muted small' }, pluralArticles(o.articles)), undatedNote(o)),
              sparkline(o, axis, max),
            ),
          );
        }
        el.append(list);
      })
      .catch((err) => {
        if ((err as Error).name === 'AbortError') return;
        clear(el);
        el.append(h('h1', {}, 'المنافذ'), errorState(err, load));
      });
  };
  load();
  return { el, dispose: () => ctrl.abort() };
}
