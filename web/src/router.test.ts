import { describe, expect, it } from 'vitest';
import { emptySearch, parseRoute, searchHash } from './router';

describe('router', () => {
  it('round-trips a full search state through the hash', () => {
    const s = { q: '"مجلس الأمن" غزة', outlet: 'سكاي نيوز عربية', category: 'سياسة', from: '2018-02-01', to: '2018-02-28', sort: 'date' as const, page: 3 };
    const r = parseRoute(searchHash(s));
    expect(r).toEqual({ name: 'search', state: s });
  });
  it('starts empty and ignores malformed values', () => {
    expect(parseRoute('')).toEqual({ name: 'search', state: emptySearch() });
    const r = parseRoute('#/search?from=2018-2-1&page=-4&sort=weird');
    expect(r.name).toBe('search');
    if (r.name === 'search') {
      expect(r.state.from).toBe('');
      expect(r.state.page).toBe(1);
      expect(r.state.sort).toBe('relevance');
    }
  });
  it('recognises article, outlets, feeds and unknown paths', () => {
    expect(parseRoute('#/article/0a1b2c3d4e5f6789')).toEqual({ name: 'article', id: '0a1b2c3d4e5f6789' });
    expect(parseRoute('#/article/../../etc').name).toBe('notfound');
    expect(parseRoute('#/outlets')).toEqual({ name: 'outlets' });
    expect(parseRoute('#/feeds')).toEqual({ name: 'feeds' });
    expect(parseRoute('#/nope')).toEqual({ name: 'notfound', path: '/nope' });
  });
  it('resets to the start page when nothing is set', () => {
    expect(searchHash({})).toBe('#/');
    expect(searchHash({ q: 'نفط', page: 1 })).toBe('#/search?q=%D9%86%D9%81%D8%B7');
  });
});
