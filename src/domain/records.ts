/**
 * The records as every floor sees them: what the store reads into and the services, commands,
 * presenters and adapters pass around. The store maps its rows onto these (src/store/rows.ts);
 * nothing above the store imports a store type.
 */
import type { InboxClaim } from './ports.ts';
import type { Blocker, Unit } from './types.ts';

/** A unit with its Vietnamese name. */
export type UnitRecord = Unit & { nameVi: string | null };

/** A blocker as stored: the domain shape plus what only some views show. */
export type BlockerRecord = Blocker & {
  callerName: string | null;
  sourceLink: string | null;
  updatedAt: Date;
  /** Set when an admin voided it (`/blocker void`): counted nowhere, see src/domain/counted.ts. */
  voidedAt: Date | null;
  voidReason: string | null;
};

/** The platforms a person has an identity on (a column of theirs each). */
export type IdentityPlatform = 'slack' | 'telegram' | 'zalo' | 'console';

/** The field of a person that holds their identity on each platform. */
export const IDENTITY_FIELD = {
  slack: 'slackId',
  telegram: 'telegramId',
  zalo: 'zaloId',
  console: 'consoleUser',
} as const satisfies Record<IdentityPlatform, string>;

/** What an adapter knows of the person talking to it. */
export interface PlatformIdentity {
  platform: IdentityPlatform;
  id: string;
  name: string;
  username?: string | undefined;
  tz?: string | undefined;
  lang?: string | undefined;
}

/** Where a command came from: a Slack channel, a Telegram chat, the console. */
export interface ChatRef {
  platform: 'slack' | 'telegram' | 'zalo' | 'console';
  id: string;
  /** A one-to-one chat with the bot. */
  direct?: boolean;
}

/** A chat bound to a feed (`/wg subscribe`). */
export interface Subscription {
  id: number;
  platform: string;
  chatId: string;
  /** A feed (`weekly`, `monthly`, `alerts`), as stored. */
  feed: string;
  block: string | null;
  createdById: number;
  createdAt: Date;
}

/** One inbound delivery, as an adapter writes it to the inbox before answering the platform. */
export interface InboundDelivery {
  platform: 'slack' | 'telegram' | 'zalo';
  /** Its identity: a retry, a redelivery or a replay of it has the same key. */
  key: string;
  kind: string;
  /** What the adapter needs to process it again after a restart (the platform's body). */
  payload: unknown;
}

/** An inbox row taken over from a process that is gone. */
export interface InboxRow extends InboxClaim {
  platform: string;
  key: string;
  kind: string;
  payload: unknown;
  /** Its change committed already (only the answer may be missing): do not run it again. */
  applied: boolean;
}
