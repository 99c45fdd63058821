import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressDir } from './server/platform/precompress.js';
import { languages, resources } from './contracts/i18n/index.js';

// The message catalogue of one language, as a module of its own (web/lib/i18n.ts loads the
// interface language's only): the three languages together weigh more than the rest of the login page.
const MESSAGES = 'virtual:orbita-messages/';

const outDir = path.resolve(import.meta.dirname, 'dist/web');

// The web app lives in web/; the server serves the build from dist/web with an SPA fallback,
// sending the .br/.gz siblings written here to browsers that accept them.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web'),
  plugins: [
    react(),
    {
      name: 'orbita-messages',
      resolveId: (id) => (id.startsWith(MESSAGES) ? `\0${id}` : undefined),
      load(id) {
        if (!id.startsWith(`\0${MESSAGES}`)) return undefined;
        const lang = id.slice(MESSAGES.length + 1) as (typeof languages)[number];
        if (!languages.includes(lang)) throw new Error(`no messages for ${lang}`);
        return `export default ${JSON.stringify(resources[lang])};`;
      },
    },
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
