import { type Logger, pino } from 'pino';

/** JSON logs to stderr (fd 2), so stdout stays the bot's replies. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'steerbot' } }, pino.destination({ fd: 2, sync: true }));
}

export type { Logger };
