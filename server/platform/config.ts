import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseSecretKey } from './secrets.js';
import { languages, type Lang } from '../../contracts/i18n/types.js';

/** An IPv4/IPv6 address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrRange(entry: string): boolean {
  const [addr, prefix, ...rest] = entry.split('/');
  const family = net.isIP(addr);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Comma-separated proxies whose X-Forwarded-* headers are believed; empty means none. */
const trustedProxies = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every(isAddressOrRange), { message: 'expected comma-separated IP addresses or CIDR ranges' });

/** The only place that reads process.env: parsed once, validated, typed. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  ORBITA_DATA_DIR: z.string().default('./data'),
  ORBITA_ADMIN_EMAIL: z.string().email().optional(),
  ORBITA_ADMIN_PASSWORD: z.string().min(10).max(1024).optional(),
  ORBITA_TRUSTED_PROXIES: trustedProxies,
  ORBITA_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  CI: z.string().optional(),
  ORBITA_WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  ORBITA_WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ORBITA_INVOICE_MAILING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  ORBITA_JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  ORBITA_EXPORT_STREAM_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
  ORBITA_EXPORT_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  ORBITA_TELEPHONY_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  ORBITA_SECRET_KEY: z
    .string()
    .optional()
    .refine((v) => !v || parseSecretKey(v), { message: 'expected 32 bytes in base64 or hex (openssl rand -base64 32)' }),
  ORBITA_DOCUMENTS_STORAGE: z.enum(['database', 'filesystem']).default('database'),
  ORBITA_DOCUMENTS_DIR: z.string().optional(),
  ORBITA_DOCUMENTS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  ORBITA_SOFFICE_PATH: z.string().max(4096).optional(),
  ORBITA_SOFFICE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  ORBITA_SMTP_URL: z
    .string()
    .max(2000)
    .optional()
    .refine((v) => !v || (/^smtps?:\/\//i.test(v) && URL.canParse(v)), {
      message: 'expected smtp://user:password@host:587 or smtps://…:465',
    }),
  ORBITA_SMTP_FROM: z.string().max(400).optional(),
  PATH: z.string().optional(),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  adminEmail?: string;
  adminPassword?: string;
  publicUrl?: string;
  /** Addresses/CIDR ranges of reverse proxies allowed to set X-Forwarded-For/-Proto; empty: trust none. */
  trustedProxies: string[];
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Cookies get the Secure flag only when served over https. */
  secureCookies: boolean;
  isTest: boolean;
  webDistDir: string;
  /** Webhooks may target private and loopback addresses (tests, on-premises receivers). */
  webhooksAllowPrivate: boolean;
  /** Bound of one webhook delivery attempt: connect, send and read the answer. */
  webhookTimeoutMs: number;
  /** Days a webhook delivery (its body and outcome) is kept before the hourly pruning deletes it. */
  webhookDeliveryRetentionDays: number;
  /** Jobs one instance runs at a time. */
  jobsConcurrency: number;
  /** Exports up to `streamMaxRows` rows stream in the request; larger ones run as a job kept `retentionHours`. */
  exports: { streamMaxRows: number; retentionHours: number };
  /** How long an instance's hold on a PBX connection lasts unrenewed: how soon another takes over when it dies. */
  telephonyLeaseMs: number;
  /** The key that seals secrets at rest (platform/secrets.ts); unset: the embedded setup's own key file. */
  secretKey?: Buffer;
  /** Where document bytes go, the folder of the filesystem provider, and the largest file accepted. */
  documents: { storage: 'database' | 'filesystem'; dir: string; maxBytes: number };
  /** LibreOffice for PDF from uploaded DOCX templates: its program (null: not installed or turned off) and the bound of one conversion. */
  soffice: { command: string | null; timeoutMs: number };
  /** Outgoing e-mail (invoices): the SMTP server (null: not set up) and the sender address, if not the SMTP login. */
  mail: { url: string | null; from: string | null };
  /** Days the PDF a sent (or failed) invoice e-mail carried is kept before the daily pruning drops its bytes. */
  invoiceMailingRetentionDays: number;
};

/**
 * The LibreOffice program: ORBITA_SOFFICE_PATH (`none` or empty turns PDF from DOCX off), else the
 * first `soffice` on PATH; null when there is none, so the API says so instead of failing later.
 */
function findSoffice(setting: string | undefined, pathVar: string | undefined): string | null {
  const executable = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (setting !== undefined) {
    const s = setting.trim();
    if (!s || s === 'none') return null;
    if (s.includes('/')) return executable(s) ? path.resolve(s) : null;
    setting = s;
  }
  const name = setting ?? 'soffice';
  for (const dir of (pathVar ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/** Reads configuration from the environment (or a given record, for tests and tools). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.ORBITA_DATA_DIR),
    adminEmail: e.ORBITA_ADMIN_EMAIL,
    adminPassword: e.ORBITA_ADMIN_PASSWORD,
    publicUrl: e.ORBITA_PUBLIC_URL,
    trustedProxies: e.ORBITA_TRUSTED_PROXIES,
    logLevel: e.LOG_LEVEL,
    secureCookies: (e.ORBITA_PUBLIC_URL ?? '').startsWith('https://'),
    isTest: e.NODE_ENV === 'test',
    webDistDir: path.resolve('dist/web'),
    webhooksAllowPrivate: e.ORBITA_WEBHOOKS_ALLOW_PRIVATE === 'true',
    webhookTimeoutMs: e.ORBITA_WEBHOOKS_TIMEOUT_MS,
    webhookDeliveryRetentionDays: e.ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS,
    jobsConcurrency: e.ORBITA_JOBS_CONCURRENCY,
    exports: { streamMaxRows: e.ORBITA_EXPORT_STREAM_MAX_ROWS, retentionHours: e.ORBITA_EXPORT_RETENTION_HOURS },
    telephonyLeaseMs: e.ORBITA_TELEPHONY_LEASE_SECONDS * 1000,
    secretKey: e.ORBITA_SECRET_KEY ? parseSecretKey(e.ORBITA_SECRET_KEY) : undefined,
    documents: {
      storage: e.ORBITA_DOCUMENTS_STORAGE,
      dir: path.resolve(e.ORBITA_DOCUMENTS_DIR ?? path.join(e.ORBITA_DATA_DIR, 'documents')),
      maxBytes: e.ORBITA_DOCUMENTS_MAX_BYTES,
    },
    soffice: { command: findSoffice(e.ORBITA_SOFFICE_PATH, e.PATH), timeoutMs: e.ORBITA_SOFFICE_TIMEOUT_MS },
    mail: { url: e.ORBITA_SMTP_URL?.trim() || null, from: e.ORBITA_SMTP_FROM?.trim() || null },
    invoiceMailingRetentionDays: e.ORBITA_INVOICE_MAILING_RETENTION_DAYS,
  };
}

/** Environment facts tools outside the app (tests, bench) need; kept here so only this file reads env. */
export const toolEnv = {
  databaseUrl: process.env.DATABASE_URL,
  ci: process.env.CI === 'true',
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  e2eResults: process.env.E2E_RESULTS,
  /** UPDATE_SQL_SNAPSHOTS=1 rewrites server/sql-snapshots/*.sql from the queries the endpoints run now. */
  updateSqlSnapshots: process.env.UPDATE_SQL_SNAPSHOTS === '1',
  bench: {
    scale: process.env.BENCH_SCALE,
    fresh: process.env.BENCH_FRESH === '1',
    seconds: process.env.BENCH_SECONDS,
    only: process.env.BENCH_ONLY,
  },
};

/**
 * The language of the command-line tools (backup, restore): ORBITA_LANG, else the locale as POSIX
 * orders it (LC_ALL, LC_MESSAGES, LANG: `ru_RU.UTF-8` is Russian, `bg_BG` Bulgarian); English
 * for any other (`C.UTF-8`, `de_DE`) or none.
 */
export function cliLanguage(env: Record<string, string | undefined> = process.env): Lang {
  const tag = [env.ORBITA_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v && v.trim()) ?? '';
  const base = tag
    .trim()
    .toLowerCase()
    .split(/[_.@-]/)[0];
  return (languages as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

/** The environment for a child Orbita process started by tests and tools (embedded database unless given). */
export function childEnv(overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, ...overrides };
}
