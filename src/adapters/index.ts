import type { Config } from '../config.ts';
import type { AdapterDeps } from './deps.ts';
import { startSlack } from './slack/index.ts';
import { startTelegram } from './telegram/index.ts';
import { startZalo } from './zalo/index.ts';

/** A chat platform the bot can run on. */
export interface PlatformAdapter {
  name: string;
  /** Whether this process is configured for it (its token is set). */
  enabled(config: Config): boolean;
  /** Starts it: registers its sender, mounts its routes; resolves with its stop. */
  start(deps: AdapterDeps): Promise<() => Promise<void>>;
}

/**
 * Every platform adapter, in the order `npm start` starts them. A new platform is one line here
 * (see README, "Architecture": its transport, renderer, sender and the conformance suite).
 */
export const adapters: readonly PlatformAdapter[] = [
  {
    name: 'telegram',
    enabled: (c) => Boolean(c.TELEGRAM_BOT_TOKEN),
    start: async (deps) => {
      const telegram = await startTelegram(deps);
      return () => telegram.stop();
    },
  },
  { name: 'slack', enabled: (c) => Boolean(c.SLACK_BOT_TOKEN), start: startSlack },
  {
    name: 'zalo',
    enabled: (c) => Boolean(c.ZALO_BOT_TOKEN),
    start: async (deps) => (await startZalo(deps)).stop,
  },
];
