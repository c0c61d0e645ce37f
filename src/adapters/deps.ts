import type { IRouter } from 'express';
import type { Config } from '../config.ts';

import type { Dispatcher } from '../dispatch.ts';
import type { Clock, InboxClaim, NotifierPort, Sender } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';

export type { InboxClaim } from '../domain/ports.ts';

/** The platforms that write what they receive to the inbox first. */
export type InboxPlatform = 'slack' | 'telegram' | 'zalo';

/** A row of the inbox as recovery hands it back: its claim and the platform's body. */
export interface InboxEntry extends InboxClaim {
  key: string;
  payload: unknown;
}

/** The inbox as an adapter uses it: write before answering, run once, take over what a stopped process left. */
export interface InboxPort {
  /** Writes a delivery, claimed by this process, before it is answered; null when seen before. */
  accept(d: {
    platform: InboxPlatform;
    key: string;
    kind: string;
    payload: unknown;
  }): Promise<InboxClaim | null>;
  /** Runs the work of one claimed delivery and marks its row done. */
  run<T>(claim: InboxClaim, work: () => Promise<T>): Promise<T>;
  /** Runs again what processes that are gone accepted and did not finish; returns the stop. */
  watch(
    platform: InboxPlatform,
    replay: (row: InboxEntry) => Promise<void>,
    opts?: { keyPrefix?: string; applied?: (row: InboxEntry) => Promise<void> },
  ): () => void;
}

/**
 * What a platform adapter is given, and all it may use: the dispatcher (every command and form
 * goes through it), the inbox, the registry its sender joins (notices leave through it), the
 * log, the clock, its own config fields, and the HTTP routes to mount its endpoints on (express's
 * own router type). `K` names the config fields it reads.
 */
export interface AdapterDeps<K extends keyof Config = keyof Config> {
  config: Pick<Config, K>;
  log: Logger;
  clock: Clock;
  dispatcher: Dispatcher;
  inbox: InboxPort;
  senders: { register(sender: Sender): void };
  routes: IRouter;
}

/** The console prints notices as they fire: it joins the notice fan-out instead of registering a sender. */
export interface ConsoleDeps extends Pick<AdapterDeps<'USER' | 'BOT_LOCALE'>, 'config' | 'dispatcher'> {
  notices: { add(sink: NotifierPort): void };
}
