// Date histogram as hand-written SVG. Bars run right-to-left (oldest on the
// right) to follow the reading direction. Drag across bars (mouse, touch or
// pen) to brush a date range; arrow keys + Enter do the same from the keyboard.
import { h, svg } from './dom';
import { formatDay, formatMonth, formatNumber } from './format';

export type Interval = 'day' | 'week' | 'month';
export interface Bucket {
  start: string;
  count: number;
}

const DAY_MS = 86400000;
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

// Last day (inclusive) covered by a bucket that starts at `start`.
export function bucketEnd(start: string, interval: Interval): string {
  const t = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(t)) return start;
  if (interval === 'day') return start;
  if (interval === 'week') return iso(t + 6 * DAY_MS);
  const d = new Date(t);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY_MS);
}

// Inclusive date range for buckets i..j (any order).
export function brushRange(buckets: Bucket[], i: number, j: number, interval: Interval): { from: string; to: string } | null {
  if (buckets.length === 0) return null;
  const lo = Math.max(0, Math.min(i, j));
  const hi = Math.min(buckets.length - 1, Math.max(i, j));
  return { from: buckets[lo].start, to: bucketEnd(buckets[hi].start, interval) };
}

// The API lists only buckets that hold articles; the chart needs every
// bucket between the first and the last so that distance means time (a gap of
// six empty months must look like one). Counts of buckets that do not start on
// a slot boundary (an API week starting on another weekday) go to the slot that
// contains them. Past `maxSlots` the input is returned unchanged.
// `range` (the brushed from/to) widens the axis to the whole selected period,
// so a brushed range with one busy day still shows that day in its place.
export function fillBuckets(buckets: Bucket[], interval: Interval, maxSlots = 1000, range: { from?: string; to?: string } = {}): Bucket[] {
  const parsed = buckets
    .map((b) => ({ t: Date.parse(`${b.start}T00:00:00Z`), b }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((x, y) => x.t - y.t);
  if (parsed.length === 0) return [];
  const next = (t: number): number => {
    if (interval === 'day') return t + DAY_MS;
    if (interval === 'week') return t + 7 * DAY_MS;
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  };
  const rFrom = range.from ? Date.parse(`${range.from}T00:00:00Z`) : NaN;
  const rTo = range.to ? Date.parse(`${range.to}T00:00:00Z`) : NaN;
  let first = Number.isNaN(rFrom) ? parsed[0].t : Math.min(rFrom, parsed[0].t);
  if (interval === 'month') {
    const d = new Date(first);
    first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const last = Number.isNaN(rTo) ? parsed[parsed.length - 1].t : Math.max(rTo, parsed[parsed.length - 1].t);
  const out: Bucket[] = [];
  let j = 0;
  for (let t = first; t <= last; t = next(t)) {
    if (out.length >= maxSlots) return parsed.map((x) => x.b);
    const end = next(t);
    let count = 0;
    while (j < parsed.length && parsed[j].t < end) count += parsed[j++].b.count;
    out.push({ start: iso(t), count });
  }
  return out;
}

// Finer buckets once the user has narrowed the dates.
export function intervalFor(from: string, to: string): Interval {
  if (!from || !to) return 'month';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (!Number.isFinite(days)) return 'month';
  if (days <= 62) return 'day';
  if (days <= 400) return 'week';
  return 'month';
}

function label(b: Bucket, interval: Interval): string {
  return interval === 'month' ? formatMonth(b.start) : formatDay(b.start);
}

export function renderHistogram(
  buckets: Bucket[],
  interval: Interval,
  onBrush: (range: { from: string; to: string }) => void,
): HTMLElement {
  const wrap = h('figure', { class: 'histogram', 'aria-label': 'توزيع النتائج على الزمن' });
  if (buckets.length === 0) {
    wrap.append(h('p', { class: 'muted' }, 'لا تواريخ معروفة للنتائج.'));
    return wrap;
  }
  const W = 600, H = 96, pad = 2;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const bw = W / buckets.length;
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    preserveAspectRatio: 'none',
    role: 'slider',
    tabindex: 0,
    'aria-label': 'اسحب لاختيار فترة زمنية',
    'aria-valuemin': 0,
    'aria-valuemax': buckets.length - 1,
    'aria-valuenow': 0,
    class: 'histogram-svg',
  });
  const sel = svg('rect', { class: 'brush', x: 0, y: 0, width: 0, height: H, visibility: 'hidden' });
  chart.appendChild(sel);
  // Bucket i sits at the right edge for i = 0 (RTL time axis).
  const xOf = (i: number) => W - (i + 1) * bw;
  buckets.forEach((b, i) => {
    const bh = b.count === 0 ? 0 : Math.max(2, ((H - 4) * b.count) / max);
    const bar = svg(
      'rect',
      { class: 'bar', x: xOf(i) + pad / 2, y: H - bh, width: Math.max(1, bw - pad), height: bh, 'data-index': i, 'data-start': b.start },
      svg('title', {}, `${label(b, interval)}: ${formatNumber(b.count)}`),
    );
    chart.appendChild(bar);
    // Full-height hit area so thin bars are easy to grab.
    chart.appendChild(svg('rect', { class: 'hit-area', x: xOf(i), y: 0, width: bw, height: H, 'data-index': i, fill: 'transparent' }));
  });

  let anchor = -1, current = -1;
  const indexAt = (ev: PointerEvent): number => {
    const r = (chart as unknown as SVGSVGElement).getBoundingClientRect();
    if (r.width === 0) return 0;
    const x = ((ev.clientX - r.left) / r.width) * W;
    return Math.min(buckets.length - 1, Math.max(0, Math.floor((W - x) / bw)));
  };
  const paint = () => {
    if (anchor < 0) {
      sel.setAttribute('visibility', 'hidden');
      return;
    }
    const lo = Math.min(anchor, current), hi = Math.max(anchor, current);
    sel.setAttribute('visibility', 'visible');
    sel.setAttribute('x', String(xOf(hi)));
    sel.setAttribute('width', String((hi - lo + 1) * bw));
    chart.setAttribute('aria-valuenow', String(current));
    caption.textContent = rangeText(lo, hi);
  };
  const rangeText = (lo: number, hi: number) =>
    lo === hi ? label(buckets[lo], interval) : `${label(buckets[lo], interval)} — ${label(buckets[hi], interval)}`;
  const commit = () => {
    const r = brushRange(buckets, anchor, current, interval);
    anchor = -1;
    paint();
    if (r) onBrush(r);
  };
  chart.addEventListener('pointerdown', (ev) => {
    const e = ev as PointerEvent;
    anchor = current = indexAt(e);
    (chart as unknown as SVGSVGElement).setPointerCapture?.(e.pointerId);
    paint();
    e.preventDefault();
  });
  chart.addEventListener('pointermove', (ev) => {
    if (anchor < 0) return;
    current = indexAt(ev as PointerEvent);
    paint();
  });
  chart.addEventListener('pointerup', () => {
    if (anchor >= 0) commit();
  });
  chart.addEventListener('pointercancel', () => {
    anchor = -1;
    paint();
  });
  chart.addEventListener('keydown', (ev) => {
    const e = ev as KeyboardEvent;
    if (current < 0) current = 0;
    // In RTL, the left arrow moves forward in time (towards the left).
    if (e.key === 'ArrowLeft') current = Math.min(buckets.length - 1, current + 1);
    else if (e.key === 'ArrowRight') current = Math.max(0, current - 1);
    else if (e.key === ' ' && anchor < 0) anchor = current;
    else if (e.key === 'Enter') {
      if (anchor < 0) anchor = current;
      commit();
      e.preventDefault();
      return;
    } else if (e.key === 'Escape') anchor = -1;
    else return;
    e.preventDefault();
    if (anchor < 0) caption.textContent = label(buckets[current], interval);
    paint();
  });
  const caption = h('figcaption', { class: 'histogram-caption' }, rangeText(0, buckets.length - 1));
  const axis = h(
    'div',
    { class: 'histogram-axis' },
    h('span', {}, label(buckets[0], interval)),
    h('span', {}, label(buckets[buckets.length - 1], interval)),
  );
  wrap.append(chart, axis, caption);
  return wrap;
}
