// Hash routes make every state shareable without server-side routing:
//   #/search?q=…&outlet=…&category=…&from=…&to=…&sort=date&page=2
//   #/article/<id>   #/outlets   #/feeds
export interface SearchState {
  q: string;
  outlet: string;
  category: string;
  from: string; // YYYY-MM-DD or ''
  to: string;
  sort: 'relevance' | 'date';
  page: number; // 1-based
}

export type Route =
  | { name: 'search'; state: SearchState }
  | { name: 'article'; id: string }
  | { name: 'outlets' }
  | { name: 'feeds' }
  | { name: 'notfound'; path: string };

export const emptySearch = (): SearchState => ({
  q: '',
  outlet: '',
  category: '',
  from: '',
  to: '',
  sort: 'relevance',
  page: 1,
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const qi = raw.indexOf('?');
  const path = (qi < 0 ? raw : raw.slice(0, qi)) || '/';
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  if (path === '/' || path === '/search') {
    const s = emptySearch();
    s.q = params.get('q') ?? '';
    s.outlet = params.get('outlet') ?? '';
    s.category = params.get('category') ?? '';
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    s.from = DAY.test(from) ? from : '';
    s.to = DAY.test(to) ? to : '';
    s.sort = params.get('sort') === 'date' ? 'date' : 'relevance';
    const page = Number.parseInt(params.get('page') ?? '1', 10);
    s.page = Number.isFinite(page) && page >= 1 && page <= 1000 ? page : 1;
    return { name: 'search', state: s };
  }
  const m = /^\/article\/([0-9A-Za-z]{1,64})$/.exec(path);
  if (m) return { name: 'article', id: m[1] };
  if (path === '/outlets') return { name: 'outlets' };
  if (path === '/feeds') return { name: 'feeds' };
  return { name: 'notfound', path };
}

export function searchHash(s: Partial<SearchState>): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.outlet) p.set('outlet', s.outlet);
  if (s.category) p.set('category', s.category);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.sort === 'date') p.set('sort', 'date');
  if (s.page && s.page > 1) p.set('page', String(s.page));
  const qs = p.toString();
  return qs ? `#/search?${qs}` : '#/';
}

export const articleHash = (id: string): string => `#/article/${encodeURIComponent(id)}`;
