import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressDir } from './server/platform/precompress.js';

const outDir = path.resolve(import.meta.dirname, 'dist/web');

// The web app lives in web/; the server serves the build from dist/web with an SPA fallback,
// sending the .br/.gz siblings written here to browsers that accept them.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web'),
  plugins: [
    react(),
    {
      name: 'orbita-precompress',
      apply: 'build',
      async closeBundle() {
        const r = await precompressDir(outDir);
        this.info(`precompressed ${r.files} files: ${r.bytes} -> ${r.brotliBytes} bytes (brotli)`);
      },
    },
  ],
  build: {
    outDir,
    emptyOutDir: true,
    // Pages are lazy chunks; the shell (React, Mantine core, router, query, i18n) is the entry.
    chunkSizeWarningLimit: 700,
    reportCompressedSize: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
