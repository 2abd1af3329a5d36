// Designed empty / loading / error states shared by every page.
import { ApiError } from './api';
import { h } from './dom';

export function loading(label = 'جارٍ التحميل…'): HTMLElement {
  return h(
    'div',
    { class: 'state state-loading', role: 'status', 'aria-live': 'polite' },
    h('div', { class: 'skeleton' }),
    h('div', { class: 'skeleton short' }),
    h('div', { class: 'skeleton' }),
    h('span', { class: 'visually-hidden' }, label),
  );
}

// `detail` may mix text and nodes (e.g. a <code dir="ltr"> command inside Arabic).
export function emptyState(title: string, detail: string | (Node | string)[], ...extra: (Node | string)[]): HTMLElement {
  const p = typeof detail === 'string' ? h('p', {}, detail) : h('p', {}, ...detail);
  return h('div', { class: 'state state-empty', role: 'status' }, h('h2', {}, title), p, ...extra);
}

// Human explanation for an API failure, with the technical detail kept visible.
export function explain(err: unknown): { title: string; detail: string } {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'network':
        return { title: 'الخادم لا يجيب', detail: 'تأكّد من أن «riwaya serve» يعمل ثم أعد المحاولة.' };
      case 'unsupported':
        return {
          title: 'البحث غير متاح بعد',
          detail: 'المحرّك يعمل لكن فهرس البحث لم يُوصل بعد. يمكنك تصفّح المنافذ والخلاصات في الأثناء.',
        };
      case 'bad_query':
      case 'bad_request':
        return {
          title: 'لم نفهم هذا الطلب',
          detail: err.position !== undefined ? `${err.message} (الموضع ${err.position})` : err.message,
        };
      case 'not_found':
        return { title: 'غير موجود', detail: 'لا يوجد ما يطابق هذا الرابط في الأرشيف.' };
      default:
        return { title: 'حدث خطأ في الخادم', detail: err.message };
    }
  }
  return { title: 'حدث خطأ غير متوقَّع', detail: String((err as Error)?.message ?? err) };
}

export function errorState(err: unknown, retry?: () => void): HTMLElement {
  const { title, detail } = explain(err);
  const code = err instanceof ApiError ? err.code : 'client';
  return h(
    'div',
    { class: `state state-error`, role: 'alert', 'data-code': code },
    h('h2', {}, title),
    h('p', {}, detail),
    err instanceof ApiError && err.status ? h('p', { class: 'muted small', dir: 'ltr' }, `HTTP ${err.status} · ${err.code}`) : null,
    retry ? h('button', { type: 'button', class: 'btn', onclick: () => retry() }, 'أعد المحاولة') : null,
    code === 'unsupported'
      ? h('p', {}, h('a', { href: '#/outlets' }, 'تصفّح المنافذ'), ' · ', h('a', { href: '#/feeds' }, 'حالة الخلاصات'))
      : null,
  );
}
