// Display formatting for Arabic readers: Gregorian dates with Arabic month
// names and Western digits (as most Arabic news sites print them).
const dateFmt = new Intl.DateTimeFormat('ar', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
  numberingSystem: 'latn',
});
const dateTimeFmt = new Intl.DateTimeFormat('ar', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  numberingSystem: 'latn',
});
const monthFmt = new Intl.DateTimeFormat('ar', { year: 'numeric', month: 'short', timeZone: 'UTC', numberingSystem: 'latn' });
const numFmt = new Intl.NumberFormat('ar', { numberingSystem: 'latn' } as Intl.NumberFormatOptions);

export interface ApiDate {
  known: boolean;
  epoch?: number;
  iso?: string;
  date_only?: boolean;
  original?: string;
  source?: string;
}

export function formatDate(d: ApiDate | undefined, withTime = true): string {
  if (!d || !d.known || d.epoch === undefined) return 'تاريخ غير معروف';
  const date = new Date(d.epoch * 1000);
  return d.date_only || !withTime ? dateFmt.format(date) : `${dateTimeFmt.format(date)} (غرينتش)`;
}

// An ISO instant from the API ("2025-06-02T07:30:00Z") for display; the raw
// string when it cannot be read.
export function formatInstant(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${dateTimeFmt.format(new Date(t))} (غرينتش)`;
}

export function formatMonth(isoDay: string): string {
  const t = Date.parse(`${isoDay.length === 7 ? isoDay + '-01' : isoDay}T00:00:00Z`);
  return Number.isNaN(t) ? isoDay : monthFmt.format(new Date(t));
}

export function formatDay(isoDay: string): string {
  const t = Date.parse(`${isoDay}T00:00:00Z`);
  return Number.isNaN(t) ? isoDay : dateFmt.format(new Date(t));
}

export const formatNumber = (n: number): string => numFmt.format(n);

// Where a date was found, in words a desk editor understands.
const SOURCES: Record<string, string> = {
  unknown: 'غير معروف',
  text_label: 'سطر «تاريخ النشر» في نص الصفحة',
  archive_field: 'حقل التاريخ في الأرشيف',
  json_ld: 'بيانات JSON-LD في الصفحة',
  meta_tag: 'وسم meta في رأس الصفحة',
  time_element: 'عنصر <time> في الصفحة',
  url: 'عنوان الرابط',
  feed: 'تاريخ الخلاصة (RSS/Atom)',
};

export function dateSourceLabel(source: string | undefined): string {
  if (!source) return SOURCES.unknown;
  const key = source.toLowerCase().replace(/^k/, '').replace(/([a-z])([A-Z])/g, '$1_$2').replace(/-/g, '_');
  return SOURCES[key] ?? source;
}

export function pluralArticles(n: number): string {
  if (n === 0) return 'لا مقالات';
  if (n === 1) return 'مقال واحد';
  if (n === 2) return 'مقالان';
  if (n >= 3 && n <= 10) return `${formatNumber(n)} مقالات`;
  return `${formatNumber(n)} مقالًا`;
}
