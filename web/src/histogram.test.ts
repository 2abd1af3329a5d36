import { describe, expect, it } from 'vitest';
import { brushRange, bucketEnd, fillBuckets, intervalFor, renderHistogram } from './histogram';

describe('histogram helpers', () => {
  it('computes inclusive bucket ends', () => {
    expect(bucketEnd('2018-02-01', 'month')).toBe('2018-02-28');
    expect(bucketEnd('2024-02-01', 'month')).toBe('2024-02-29');
    expect(bucketEnd('2018-12-01', 'month')).toBe('2018-12-31');
    expect(bucketEnd('2018-03-05', 'week')).toBe('2018-03-11');
    expect(bucketEnd('2018-03-05', 'day')).toBe('2018-03-05');
  });
  it('brushes in either direction', () => {
    const b = [{ start: '2018-02-01', count: 3 }, { start: '2018-03-01', count: 0 }, { start: '2018-04-01', count: 9 }];
    expect(brushRange(b, 2, 0, 'month')).toEqual({ from: '2018-02-01', to: '2018-04-30' });
    expect(brushRange(b, 1, 1, 'month')).toEqual({ from: '2018-03-01', to: '2018-03-31' });
    expect(brushRange([], 0, 0, 'day')).toBeNull();
  });
  it('chooses finer buckets for narrow ranges', () => {
    expect(intervalFor('', '')).toBe('month');
    expect(intervalFor('2018-02-01', '2018-02-28')).toBe('day');
    expect(intervalFor('2018-02-01', '2018-08-28')).toBe('week');
    expect(intervalFor('2015-02-01', '2018-08-28')).toBe('month');
  });
});

describe('renderHistogram', () => {
  it('draws one bar per bucket, oldest on the right', () => {
    const el = renderHistogram(
      [{ start: '2018-02-01', count: 1 }, { start: '2018-03-01', count: 4 }],
      'month',
      () => {},
    );
    const bars = [...el.querySelectorAll('rect.bar')];
    expect(bars).toHaveLength(2);
    expect(Number(bars[0].getAttribute('x'))).toBeGreaterThan(Number(bars[1].getAttribute('x')));
    expect(Number(bars[1].getAttribute('height'))).toBeGreaterThan(Number(bars[0].getAttribute('height')));
  });
  it('commits a keyboard brush', () => {
    let got: { from: string; to: string } | null = null;
    const el = renderHistogram(
      [{ start: '2018-02-01', count: 1 }, { start: '2018-03-01', count: 4 }, { start: '2018-04-01', count: 2 }],
      'month',
      (r) => (got = r),
    );
    const chart = el.querySelector('svg')!;
    for (const key of [' ', 'ArrowLeft', 'Enter']) chart.dispatchEvent(new KeyboardEvent('keydown', { key }));
    expect(got).toEqual({ from: '2018-02-01', to: '2018-03-31' });
  });
  it('shows a designed empty state', () => {
    expect(renderHistogram([], 'day', () => {}).textContent).toContain('لا تواريخ');
  });
});

describe('fillBuckets', () => {
  it('adds the empty months between the first and the last, in order', () => {
    const got = fillBuckets([{ start: '2025-10-01', count: 2 }, { start: '2024-12-01', count: 1 }, { start: '2025-03-01', count: 5 }], 'month');
    expect(got.map((b) => b.start)).toEqual([
      '2024-12-01', '2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01',
      '2025-06-01', '2025-07-01', '2025-08-01', '2025-09-01', '2025-10-01',
    ]);
    expect(got.map((b) => b.count)).toEqual([1, 0, 0, 5, 0, 0, 0, 0, 0, 0, 2]);
  });
  it('fills days across a month end and weeks from the first start', () => {
    expect(fillBuckets([{ start: '2024-02-28', count: 1 }, { start: '2024-03-01', count: 3 }], 'day')).toEqual([
      { start: '2024-02-28', count: 1 }, { start: '2024-02-29', count: 0 }, { start: '2024-03-01', count: 3 },
    ]);
    // A bucket that starts mid-slot is counted in the slot that holds it.
    expect(fillBuckets([{ start: '2025-01-06', count: 1 }, { start: '2025-01-22', count: 4 }], 'week')).toEqual([
      { start: '2025-01-06', count: 1 }, { start: '2025-01-13', count: 0 }, { start: '2025-01-20', count: 4 },
    ]);
  });
  it('widens the axis to a brushed range', () => {
    const got = fillBuckets([{ start: '2024-12-09', count: 1 }], 'day', 1000, { from: '2024-12-01', to: '2024-12-31' });
    expect(got).toHaveLength(31);
    expect(got[0]).toEqual({ start: '2024-12-01', count: 0 });
    expect(got[8]).toEqual({ start: '2024-12-09', count: 1 });
    expect(got[30].start).toBe('2024-12-31');
  });
  it('keeps the input when filling would need too many slots, and drops unreadable starts', () => {
    const wide = [{ start: '1990-01-01', count: 1 }, { start: '2025-01-01', count: 1 }];
    expect(fillBuckets(wide, 'day', 100)).toEqual(wide);
    expect(fillBuckets([{ start: 'junk', count: 9 }], 'month')).toEqual([]);
  });
});
