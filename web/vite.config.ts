// Vite builds the reader into web/dist, which `riwaya serve` serves.
// In development, /api is proxied to a running server (RIWAYA_API, default :8080).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, sourcemap: false },
  server: {
    proxy: { '/api': process.env.RIWAYA_API ?? 'http://127.0.0.1:8080' },
  },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
});
