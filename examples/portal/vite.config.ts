import { defineConfig } from 'vite';

// Everything (the SDK, ECharts) is bundled into dist/: the page loads nothing from a CDN.
export default defineConfig({
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 1200 },
  server: { port: 5173 },
});
