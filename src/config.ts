import { z } from 'zod';

/** A field that is unset when the variable is missing or empty. */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const tz = z.string().refine(
  (v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a time zone (e.g. Asia/Ho_Chi_Minh)' },
);

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'not a 5-field cron expression (e.g. "0 16 * * 5")');

const offsets = z
  .string()
  .regex(/^\s*\d+\s*[mhd](\s*,\s*\d+\s*[mhd])*\s*$/, 'not a list like 7d,3d,1d,0d (units m, h, d)');

/** A list of local dates, `YYYY-MM-DD`, commas or spaces between (`HOLIDAYS`, `WORKDAYS`). */
const dates = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const days = v
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    for (const d of days) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) {
        ctx.addIssue({ code: 'custom', message: `"${d}" is not a YYYY-MM-DD date` });
        return z.NEVER;
      }
    }
    return days;
  });

/** Messages a second (may be a fraction: `0.5` is one every two seconds). */
const rate = z
  .string()
  .regex(/^\s*\d+(\.\d+)?\s*$/, 'not a number of messages a second (e.g. 1 or 0.5)')
  .transform(Number)
  .refine((v) => v > 0 && v <= 1000, 'not between 0 and 1000 messages a second');

const admins = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const out: { platform: 'slack' | 'telegram' | 'zalo' | 'console'; id: string }[] = [];
    for (const entry of v.split(/[\s,]+/).filter(Boolean)) {
      const m = /^(slack|telegram|zalo|console):(\S+)$/.exec(entry);
      if (!m) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not platform:id (e.g. slack:U123,telegram:456)`,
        });
        return z.NEVER;
      }
      out.push({ platform: m[1] as 'slack' | 'telegram' | 'zalo' | 'console', id: m[2] as string });
    }
    return out;
  });

const schema = z.object({
  DATABASE_URL: optional,
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optional.pipe(z.string().url().optional()),
  TELEGRAM_WEBHOOK_SECRET: optional,
  ZALO_BOT_TOKEN: optional,
  ZALO_API_ROOT: z.string().url().default('https://bot-api.zaloplatforms.com'),
  ZALO_WEBHOOK_URL: optional.pipe(z.string().url().optional()),
  ZALO_WEBHOOK_SECRET: optional.pipe(
    z
      .string()
      .regex(/^.{8,256}$/, 'not 8 to 256 characters')
      .optional(),
  ),
  ZALO_RATE_PER_CHAT: rate.default(1),
  ZALO_RATE_GLOBAL: rate.default(20),
  PUBLIC_URL: optional.pipe(
    z
      .string()
      .url()
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ADMINS: admins,
  TZ_DEFAULT: tz.default('Asia/Ho_Chi_Minh'),
  BOT_LOCALE: z.enum(['en', 'vi']).default('en'),
  REMINDER_OFFSETS: offsets.default('7d,3d,1d,0d'),
  REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'not a HH:mm time (e.g. 08:00)')
    .default('08:00'),
  ESCALATE_AFTER: z.coerce.number().int().min(0).max(60).default(3),
  HOLIDAYS: dates,
  WORKDAYS: dates,
  WEEKLY_SUMMARY_CRON: cron.default('0 16 * * 5'),
  WEEKLY_REPORT_CRON: cron.default('0 9 * * 4'),
  MONTHLY_REPORT_DAY: z.coerce.number().int().min(1).max(28).default(14),
  CONSOLE: optional.transform((v) => v === '1' || v === 'true'),
  WORKERS: optional.transform((v) => v !== '0' && v !== 'false'),
  DASHBOARD_TOKEN: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  USER: z.string().default('admin'),
});

export type Config = z.infer<typeof schema>;

/** The environment variables steerbot reads (test/deploy/container.test.ts checks compose.yaml against them). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Thrown for a bad environment; main prints `message` (one line naming the variable) and exits. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once. Passing `env` keeps tests free of `process.env`. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(
      `invalid ${name}=${JSON.stringify(env[name] ?? '')}: ${issue?.message ?? 'bad value'}`,
    );
  }
  const c = result.data;
  if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
    throw new ConfigError(
      'invalid SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN)',
    );
  }
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('invalid TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL');
  }
  if (c.ZALO_WEBHOOK_URL && !c.ZALO_WEBHOOK_SECRET) {
    throw new ConfigError('invalid ZALO_WEBHOOK_SECRET: required with ZALO_WEBHOOK_URL');
  }
  return c;
}

/**
 * The config of an entry point (`npm start`, `npm run worker`): a bad environment prints one line
 * naming the variable, prefixed with `who`, and exits 1.
 */
export function loadConfigOrExit(who: string, env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${who}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
