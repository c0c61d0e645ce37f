import { type Logger, pino } from 'pino';

/**
 * JSON logs to stderr (fd 2), so stdout stays the bot's replies; or appended to `file` (the
 * interactive console, whose screen is the conversation).
 */
export function createLogger(level: string, file?: string): Logger {
  const dest = file
    ? pino.destination({ dest: file, mkdir: true, sync: true })
    : pino.destination({ fd: 2, sync: true });
  return pino({ level, base: { app: 'steerbot' } }, dest);
}

export type { Logger };
