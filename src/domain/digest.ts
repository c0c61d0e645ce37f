/**
 * The daily digest's keys (DESIGN.md `/wg digest`): the sent-ledger keys that make it once per
 * person per day, and the keys of the reminders and overdue nags it carries, so that they do not
 * also go out one by one. One definition for the digest, the reminder job and the overdue sweep.
 */
import type { ItemRef } from './ports.ts';

/** The digest of `personId` on their local date `day` (`YYYY-MM-DD`). */
export const digestKey = (personId: number, day: string) => `digest:${personId}:${day}`;

/** What the ledger holds when a digest carried the message `key` instead of it going alone. */
export const carriedKey = (key: string) => `digest-carried:${key}`;

/** The sent-ledger key of one reminder of one deadline. */
export const reminderKey = (ref: ItemRef, offset: string, deadline: number) =>
  `reminder_${ref.type}_${ref.id}_${offset}_${deadline}`;

/** The key of the overdue nag of `ref`'s deadline on `day` (TZ_DEFAULT): the owner's, or the lead's. */
export const overdueKey = (ref: ItemRef, deadline: number, day: string, lead = false) =>
  `overdue${lead ? '_lead' : ''}_${ref.type}_${ref.id}_${deadline}_${day}`;

/** A day-sized offset (`7d`, `0d`) fires at REMINDER_TIME and rides in the digest; `m`/`h` ones never. */
export const isDaySized = (offset: string) => /^\d+d$/.test(offset);
