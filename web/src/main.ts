// Entry: fonts, styles, and the hash router that mounts one page at a time.
import '@fontsource/noto-naskh-arabic/400.css';
import '@fontsource/noto-naskh-arabic/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import './style.css';

import { clear, h } from './dom';
import { mountArticle } from './pages/article';
import { mountFeeds } from './pages/feeds';
import { mountOutlets } from './pages/outlets';
import { mountSearch, type SearchPage } from './pages/search';
import { parseRoute } from './router';
import { emptyState } from './states';

const main = document.getElementById('main') as HTMLElement;
let current: { name: string; dispose(): void; search?: SearchPage } | undefined;

function setNav(name: string) {
  document.querySelectorAll<HTMLAnchorElement>('[data-nav]').forEach((a) => {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

function route() {
  const r = parseRoute(location.hash);
  if (r.name === 'search') {
    try {
      sessionStorage.setItem('riwaya:lastSearch', location.hash || '#/');
    } catch {
      /* storage may be disabled; "back" then goes to the start page */
    }
  }
  // The search page stays mounted while its state changes, keeping focus.
  if (r.name === 'search' && current?.search) {
    current.search.update(r.state);
    return;
  }
  current?.dispose();
  clear(main);
  document.title = 'رواية — مرصد الأخبار العربية';
  setNav(r.name === 'article' ? 'search' : r.name);
  switch (r.name) {
    case 'search': {
      const page = mountSearch(r.state);
      main.append(page.el);
      current = { name: 'search', dispose: page.dispose, search: page };
      if (!r.state.q) page.focus();
      break;
    }
    case 'article': {
      const page = mountArticle(r.id);
      main.append(page.el);
      current = { name: 'article', dispose: page.dispose };
      window.scrollTo(0, 0);
      break;
    }
    case 'outlets': {
      const page = mountOutlets();
      main.append(page.el);
      current = { name: 'outlets', dispose: page.dispose };
      break;
    }
    case 'feeds': {
      const page = mountFeeds();
      main.append(page.el);
      current = { name: 'feeds', dispose: page.dispose };
      break;
    }
    default:
      main.append(emptyState('الصفحة غير موجودة', `لا صفحة بالمسار ${r.path}.`, h('a', { href: '#/' }, 'العودة إلى البحث')));
      current = { name: 'notfound', dispose: () => {} };
  }
}

// "/" focuses search from anywhere (unless typing in a field).
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
  e.preventDefault();
  if (current?.search) current.search.focus();
  else {
    location.hash = '#/';
    queueMicrotask(() => current?.search?.focus());
  }
});

window.addEventListener('hashchange', route);
route();
