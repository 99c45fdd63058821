import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// `npm start` builds the web interface only when dist/web is missing or older than its sources,
// so the first start on a fresh clone works and later starts are instant.
const sources = ['web', 'contracts', 'vite.config.ts', 'package-lock.json'];
const built = 'dist/web/index.html';

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
if (builtAt < Math.max(...sources.map(newest))) {
  console.log('Building the web interface...');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
