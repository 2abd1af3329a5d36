// Shared helpers for the e2e suites: environment from run.sh, API access,
// and a playwright-core Chromium (Debian's, never a downloaded browser).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BASE = process.env.RIWAYA_URL ?? 'http://127.0.0.1:8080/';
export const TOKEN = process.env.RIWAYA_TOKEN ?? '';
export const ARTIFACTS = process.env.RIWAYA_ARTIFACTS ?? path.resolve('tests/e2e/artifacts');
const WEB = process.env.RIWAYA_WEB ?? path.resolve('web');

export async function api(p, init) {
  const res = await fetch(new URL(p, BASE), init);
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

// Finds articles by walking sequence numbers (works before search is wired).
export async function articlesBySeq(max = 200) {
  const out = [];
  let misses = 0;
  for (let seq = 1; seq <= max && misses < 20; ++seq) {
    const r = await api(`/api/articles/${seq}`);
    if (r.status === 200) {
      out.push(r.body.article);
      misses = 0;
    } else {
      misses++;
    }
  }
  return out;
}

export async function launch() {
  const require = createRequire(path.join(WEB, 'package.json'));
  const { chromium } = require('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'riwaya-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.RIWAYA_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'ar',
  });
  context.setDefaultTimeout(15000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
