import { describe, expect, it } from 'vitest';
import { highlighted, segments } from './highlight';

describe('segments', () => {
  const text = 'قال وزير الخارجية إن المباحثات تناولت وقف إطلاق النار';
  it('splits text around spans in UTF-16 units', () => {
    const s = segments(text, [[4, 8]]);
    expect(s).toEqual([
      { text: 'قال ', hit: false },
      { text: 'وزير', hit: true },
      { text: text.slice(8), hit: false },
    ]);
  });
  it('merges overlapping spans, sorts, clamps and drops junk', () => {
    const s = segments('غزة اليوم', [[6, 99], [0, 2], [1, 3], [5, 5], [Number.NaN, 2] as unknown as [number, number]]);
    expect(s.map((x) => [x.text, x.hit])).toEqual([
      ['غزة', true],
      [' ال', false],
      ['يوم', true],
    ]);
  });
  it('returns the whole text when there are no spans', () => {
    expect(segments('نص', undefined)).toEqual([{ text: 'نص', hit: false }]);
    expect(segments('', [[0, 3]])).toEqual([]);
  });
});

describe('highlighted', () => {
  it('never interprets markup in article text', () => {
    const evil = '<img src=x onerror="alert(1)"> عاجل';
    const div = document.createElement('div');
    div.appendChild(highlighted(evil, [[31, 35]]));
    expect(div.querySelector('img')).toBeNull();
    expect(div.textContent).toBe(evil);
    expect(div.querySelector('mark')?.textContent).toBe('عاجل');
  });
});
