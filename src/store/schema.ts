import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { CLOSED_STATUSES } from '../domain/blocker-status.ts';

/** The closed statuses (`isClosed`) as an SQL list: `status not in ${CLOSED_LIST}`. */
export const CLOSED_LIST = sql.raw(`(${CLOSED_STATUSES.map((s) => `'${s}'`).join(', ')})`);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Gap-free counters for the ids users see (B-n, R-n, X-n): bumped inside the inserting transaction. */
export const counters = pgTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull().default(0),
});

export const units = pgTable('units', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameVi: text('name_vi'),
  block: text('block').notNull(),
  kind: text('kind').notNull(),
  leadId: integer('lead_id'),
  onAlert: boolean('on_alert').notNull().default(false),
  createdAt: ts('created_at').notNull(),
});

export const persons = pgTable(
  'persons',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    slackId: text('slack_id').unique(),
    telegramId: text('telegram_id').unique(),
    telegramUsername: text('telegram_username'),
    zaloId: text('zalo_id').unique(),
    consoleUser: text('console_user').unique(),
    role: text('role').notNull().default('member'),
    unitId: integer('unit_id'),
    tz: text('tz'),
    lang: text('lang'),
    /** `/wg notify`: the platform this person's reminders and notices go to; null: `lastPlatform`. */
    notifyPlatform: text('notify_platform'),
    /** The chat platform this person last used the bot on (slack, telegram, zalo). */
    lastPlatform: text('last_platform'),
    /** `/wg digest on|off`: one morning message on working days (off by default). */
    digest: boolean('digest').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('persons_tg_username').on(t.telegramUsername)],
);

export const blockers = pgTable(
  'blockers',
  {
    id: integer('id').primaryKey(),
    title: text('title').notNull(),
    detail: text('detail'),
    category: text('category').notNull(),
    source: text('source').notNull(),
    reportingUnitId: integer('reporting_unit_id'),
    ownerUnitId: integer('owner_unit_id'),
    ownerPersonId: integer('owner_person_id'),
    deadline: ts('deadline'),
    originalDeadline: ts('original_deadline'),
    slipCount: integer('slip_count').notNull().default(0),
    slipDays: integer('slip_days').notNull().default(0),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    escalated: boolean('escalated').notNull().default(false),
    callerName: text('caller_name'),
    callerPhone: text('caller_phone'),
    sourceLink: text('source_link'),
    createdById: integer('created_by_id').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    resolvedAt: ts('resolved_at'),
    /** Set by `/blocker void`: a mistaken entry, kept (and its history) but counted nowhere. */
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
  },
  (t) => [
    index('blockers_status').on(t.status),
    index('blockers_owner_unit').on(t.ownerUnitId),
    // The read side (lists, summary, web view, exports, calendar): see test/perf/indexes.test.ts.
    index('blockers_reporting_unit').on(t.reportingUnitId),
    index('blockers_open_deadline').on(t.deadline, t.id).where(sql`${t.status} not in ${CLOSED_LIST}`),
    index('blockers_created_at').on(t.createdAt),
    index('blockers_resolved_at').on(t.resolvedAt),
  ],
);

export const roadmapItems = pgTable('roadmap_items', {
  id: integer('id').primaryKey(),
  unitId: integer('unit_id').notNull(),
  title: text('title').notNull(),
  startAt: ts('start_at').notNull(),
  due: ts('due').notNull(),
  originalDue: ts('original_due').notNull(),
  ownerPersonId: integer('owner_person_id'),
  createdById: integer('created_by_id').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const roadmapReports = pgTable(
  'roadmap_reports',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id').notNull(),
    /** As typed, to one decimal (`60,5%` is 60.5). */
    percent: doublePrecision('percent').notNull(),
    note: text('note'),
    reporterId: integer('reporter_id').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('roadmap_reports_item').on(t.itemId)],
);

export const extensions = pgTable('extensions', {
  id: integer('id').primaryKey(),
  targetType: text('target_type').notNull(),
  targetId: integer('target_id').notNull(),
  oldDate: ts('old_date'),
  newDate: ts('new_date').notNull(),
  reason: text('reason'),
  requesterId: integer('requester_id').notNull(),
  status: text('status').notNull(),
  deciderId: integer('decider_id'),
  decisionNote: text('decision_note'),
  decidedAt: ts('decided_at'),
  createdAt: ts('created_at').notNull(),
});

/** A chat (Slack channel, Telegram group, console) bound to a feed. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    feed: text('feed').notNull(),
    block: text('block'),
    createdById: integer('created_by_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('subscriptions_chat_feed').on(t.platform, t.chatId, t.feed)],
);

/** Per-chat settings (language). */
export const chats = pgTable(
  'chats',
  {
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    lang: text('lang'),
    title: text('title'),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId] })],
);

/**
 * Append-only history of every change. Each row carries the hash of the previous one
 * (`prev_hash`) and its own (`hash`), so a quiet rewrite breaks the chain.
 */
export const history = pgTable(
  'history',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    platform: text('platform').notNull(),
    at: ts('at').notNull(),
    changes: jsonb('changes').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('history_entity').on(t.entityType, t.entityId)],
);

/** The chain's head: one row, locked by each writer so history rows are appended one at a time. */
export const historyHead = pgTable('history_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/** One-time codes for `/wg link`; `code` holds the SHA-256 of the code (hex), never the code itself. */
export const linkCodes = pgTable('link_codes', {
  code: text('code').primaryKey(),
  personId: integer('person_id').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

/** Wrong `/wg link CODE` tries per person: after too many the person is locked out for a while. */
export const linkAttempts = pgTable('link_attempts', {
  personId: integer('person_id').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: ts('last_failure_at'),
  lockedUntil: ts('locked_until'),
});

/**
 * `/unit join CODE` requests: `pending` until the unit's lead or an admin approves (`approved`)
 * or refuses (`refused`). Only an approved request sets the person's unit.
 */
export const unitRequests = pgTable(
  'unit_requests',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id').notNull(),
    personId: integer('person_id').notNull(),
    status: text('status').notNull(),
    requestedAt: ts('requested_at').notNull(),
    decidedById: integer('decided_by_id'),
    decidedAt: ts('decided_at'),
  },
  (t) => [index('unit_requests_unit_status').on(t.unitId, t.status)],
);

/**
 * Every inbound command (Slack slash command, interaction, event; Telegram update), written
 * before the platform is answered and processed from here. `key` is the delivery's identity
 * (Slack event id or request signature, Telegram bot:update_id): a retry, redelivery or replay
 * finds its row and changes nothing. `owner` is the process working on it (`attempt` counts
 * claims); `appliedAttempt` is set in the same transaction as the command's first change, so a
 * command whose change committed is never run again; `doneAt` ends it.
 */
export const inbox = pgTable(
  'inbox',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: ts('received_at').notNull(),
    owner: integer('owner').notNull(),
    attempt: integer('attempt').notNull().default(1),
    appliedAttempt: integer('applied_attempt'),
    doneAt: ts('done_at'),
  },
  (t) => [
    uniqueIndex('inbox_platform_key').on(t.platform, t.key),
    index('inbox_open').on(t.platform, t.owner).where(sql`${t.doneAt} is null`),
  ],
);

/** Outbound messages already delivered, keyed by their logical id: a retried job never posts twice. */
export const sentLedger = pgTable('sent_ledger', {
  key: text('key').primaryKey(),
  at: ts('at').notNull(),
});

/**
 * What committed changes must cause downstream (reminder rescheduling, alerts, notices), written in
 * the change's own transaction. The relay carries each row out and sets `done_at`; a row claimed by
 * a process that died is taken over once `claimed_until` has passed.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    event: jsonb('event').notNull(),
    createdAt: ts('created_at').notNull(),
    /** Not before this time (backoff after a failed attempt). */
    nextAt: ts('next_at').notNull().defaultNow(),
    claimedUntil: ts('claimed_until'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    doneAt: ts('done_at'),
  },
  (t) => [index('outbox_pending').on(t.doneAt, t.nextAt)],
);

/** Reminders that had nobody to go to (no owner person, no unit lead): told to `alerts`, counted in `/wg status`. */
export const unreachedReminders = pgTable('unreached_reminders', {
  key: text('key').primaryKey(),
  item: text('item').notNull(),
  at: ts('at').notNull(),
});

/**
 * The working calendar's own days (`/wg holiday add|remove|workday`): a `holiday` is a day off
 * the government announced, a `workday` a make-up working day (a Saturday); Viet Nam's public
 * holidays themselves are built in (date-holidays), not stored.
 */
export const calendarDays = pgTable('calendar_days', {
  day: text('day').primaryKey(),
  kind: text('kind').notNull(),
  name: text('name'),
  createdAt: ts('created_at').notNull(),
});
