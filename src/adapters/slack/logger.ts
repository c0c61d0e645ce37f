import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

const join = (msg: unknown[]): string =>
  msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');

/** Bolt and the WebClient log through the app's pino logger (stderr), tagged `slack`. */
export function boltLogger(log: Logger): SlackLogger {
  let child = log.child({ module: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => child.debug(join(msg)),
    info: (...msg) => child.info(join(msg)),
    warn: (...msg) => child.warn(join(msg)),
    error: (...msg) => {
      const err = msg.find((m) => m instanceof Error);
      child.error(err ? { err } : {}, join(msg));
    },
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name) => {
      child = log.child({ module: 'slack', name });
    },
  };
}
