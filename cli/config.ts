// Reads gongkai's configuration from the environment once, checked with zod; the only place that reads process.env.
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.js';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** A positive whole number from the environment, `fallback` when unset (null: decided later, from the machine). */
const positiveInt = <F extends number | null>(fallback: F) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | F => {
      if (v === undefined || v === '') return fallback;
      // Digits only: Number() would take 1e3, 0x10 and " 12" as numbers a person did not write.
      const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isSafeInteger(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a positive integer, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://'),
  GONGKAI_READER_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://'),
  GONGKAI_SERVE_PASSWORD: z.string().optional(),
  GONGKAI_DATA_DIR: z.string().optional().default('./data'),
  GONGKAI_ALLOW_PRIVATE: flag,
  GONGKAI_CRON: z.string().optional().default('0 2 * * *'),
  GONGKAI_TIMEZONE: z.string().optional().default('Asia/Shanghai'),
  GONGKAI_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional().default('info'),
  GONGKAI_CONTACT_URL: z.string().url().optional().default('https://github.com/gongkai-project/gongkai'),
  GONGKAI_MAX_DOCUMENT_BYTES: positiveInt(50 * 1024 * 1024),
  GONGKAI_MAX_PDF_PAGES: positiveInt(200),
  GONGKAI_PARSE_TIMEOUT_MS: positiveInt(60_000),
  GONGKAI_PARSE_MEMORY_MB: positiveInt(null),
  GONGKAI_FETCH_TIMEOUT_MS: positiveInt(30_000),
  CHROMIUM_PATH: z.string().optional().default('/usr/bin/chromium'),
});

export interface Config {
  databaseUrl: string | null;
  /** A login that cannot write, for researcher SQL on a server (`gongkai query`); see db/readonly/reader.ts. */
  readerUrl: string | null;
  dataDir: string;
  /** Password `gongkai db serve` asks clients for (needed to listen beyond loopback). */
  servePassword: string | null;
  allowPrivate: boolean;
  cron: string;
  timezone: string;
  logLevel: z.infer<typeof EnvSchema>['GONGKAI_LOG_LEVEL'];
  contactUrl: string;
  maxDocumentBytes: number;
  maxPdfPages: number;
  parseTimeoutMs: number;
  /** Memory the reading threads of one process may use together, in MB; null: a quarter of the machine's. */
  parseMemoryMb: number | null;
  fetchTimeoutMs: number;
  chromiumPath: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.GONGKAI_READER_URL && !e.DATABASE_URL) {
    throw new UsageError(
      'environment variable GONGKAI_READER_URL: it names the reader of a Postgres server, so set DATABASE_URL too (or set DATABASE_URL to the reader alone)',
    );
  }
  return {
    databaseUrl: e.DATABASE_URL,
    readerUrl: e.GONGKAI_READER_URL,
    dataDir: path.resolve(e.GONGKAI_DATA_DIR),
    servePassword: e.GONGKAI_SERVE_PASSWORD || null,
    allowPrivate: e.GONGKAI_ALLOW_PRIVATE,
    cron: e.GONGKAI_CRON,
    timezone: e.GONGKAI_TIMEZONE,
    logLevel: e.GONGKAI_LOG_LEVEL,
    contactUrl: e.GONGKAI_CONTACT_URL,
    maxDocumentBytes: e.GONGKAI_MAX_DOCUMENT_BYTES,
    maxPdfPages: e.GONGKAI_MAX_PDF_PAGES,
    parseTimeoutMs: e.GONGKAI_PARSE_TIMEOUT_MS,
    parseMemoryMb: e.GONGKAI_PARSE_MEMORY_MB,
    fetchTimeoutMs: e.GONGKAI_FETCH_TIMEOUT_MS,
    chromiumPath: e.CHROMIUM_PATH,
  };
}
