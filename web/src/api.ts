// Typed client for the riwaya HTTP API (docs/api.md). Every failure becomes an
// ApiError with the server's code and message, or code "network" when the
// server could not be reached.
import type { ApiDate } from './format';
import type { Span } from './highlight';
import type { SearchState } from './router';

export interface ArticleSummary {
  id: string;
  seq: number;
  outlet: string;
  credit: string;
  url: string;
  title: string;
  category: string;
  published: ApiDate;
}

export interface Hit extends ArticleSummary {
  score: number;
  copies: number;
  title_spans: Span[];
  snippet: { text: string; spans: Span[] };
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  micros: number;
  hits: Hit[];
  facets: { outlet: Facet[]; category: Facet[] };
  histogram: { interval: 'day' | 'week' | 'month'; buckets: { start: string; count: number }[] };
}

export interface PageLink {
  title: string;
  url: string;
  article_id?: string;
}

export interface Article extends ArticleSummary {
  key: string;
  canonical_url: string;
  abstract: string;
  paragraphs: string[];
  author: string;
  links: PageLink[];
  related_to: string | null;
  origin: { kind: string; path: string; record: number; line: number; byte_offset: number };
  crawled?: { epoch: number; iso: string; original: string };
  copies: ArticleSummary[];
  related: ArticleSummary[];
}

export interface OutletVolume {
  outlet: string;
  articles: number;
  per_month: { month: string; count: number }[];
}

export interface FeedHealth {
  url: string;
  title: string;
  outlet: string;
  items_seen: number;
  articles_added?: number;
  consecutive_failures: number;
  last_error: string;
  last_success: string | null;
  last_attempt: string | null;
  next_poll?: string | null;
  state: 'ok' | 'failing' | 'pending';
}

export interface Stats {
  articles: number;
  copies: number;
  related: number;
  undated: number;
  last_seq: number;
  indexed_seq: number;
  outlets: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly position?: number,
    readonly parameter?: string, // the request parameter at fault, when the server names one
  ) {
    super(message);
  }
}

export const PAGE_SIZE = 10;

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'تعذّر الاتصال بالخادم');
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; position?: number; parameter?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.position, err?.parameter);
  }
  if (body === null) throw new ApiError(res.status, 'bad_response', 'ردّ غير مفهوم من الخادم');
  return body as T;
}

// The engine rejects an empty query, but a filter alone is a valid one
// ("outlet:…" lists every article of that outlet; docs/query.md). Browsing by
// outlet, category or dates without words sends the first filter as the query.
export function browseQuery(s: SearchState): string {
  const quoted = (v: string) => `"${v.replace(/"/g, ' ').trim()}"`;
  if (s.outlet) return `outlet:${quoted(s.outlet)}`;
  if (s.category) return `category:${quoted(s.category)}`;
  if (s.from || s.to) return `date:${s.from}..${s.to}`;
  return '';
}

// True when the state has filters but no words: results are listed newest first.
export const isBrowsing = (s: SearchState): boolean => !s.q.trim() && browseQuery(s) !== '';

// The API parameters for a UI search state.
export function searchParams(s: SearchState, histogram: 'day' | 'week' | 'month' = 'month'): URLSearchParams {
  const p = new URLSearchParams();
  const browsing = isBrowsing(s);
  p.set('q', browsing ? browseQuery(s) : s.q);
  if (s.outlet) p.set('outlet', s.outlet);
  if (s.category) p.set('category', s.category);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  p.set('sort', browsing ? 'date' : s.sort); // no words to rank by
  p.set('limit', String(PAGE_SIZE));
  p.set('offset', String((s.page - 1) * PAGE_SIZE));
  p.set('histogram', histogram);
  return p;
}

export const api = {
  search: (s: SearchState, histogram: 'day' | 'week' | 'month', signal?: AbortSignal) =>
    getJson<SearchResult>(`/api/search?${searchParams(s, histogram).toString()}`, signal),
  article: (id: string, signal?: AbortSignal) =>
    getJson<{ article: Article }>(`/api/articles/${encodeURIComponent(id)}`, signal).then((r) => r.article),
  outlets: (signal?: AbortSignal) => getJson<{ outlets: OutletVolume[] }>('/api/outlets', signal).then((r) => r.outlets),
  feeds: (signal?: AbortSignal) => getJson<{ watching: boolean; feeds: FeedHealth[] }>('/api/feeds', signal),
  stats: (signal?: AbortSignal) => getJson<Stats>('/api/stats', signal),
};
