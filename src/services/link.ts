/**
 * `/wg link`: joins a Slack and a Telegram identity with a one-time code. Codes are long and
 * random, stored only as hashes, compared in constant time and used once; a person who types
 * {@link MAX_FAILURES} wrong codes is refused for {@link LOCKOUT_MS} and every pending code is
 * voided, so a guesser learns nothing and the code they were after dies. Every failure is in the
 * history.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { eq, gt, lte } from 'drizzle-orm';
import { UserError } from '../domain/errors.ts';
import type { IdentityPlatform } from '../domain/records.ts';
import type { Person } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { personsRepo } from '../store/persons-repo.ts';
import {
  blockers,
  extensions,
  linkAttempts,
  linkCodes,
  roadmapItems,
  roadmapReports,
  subscriptions,
  unitRequests,
  units,
} from '../store/schema.ts';
import { type Actor, change, record, type ServiceDeps } from './deps.ts';

/** How long a code is valid. */
export const LINK_TTL_MS = 15 * 60 * 1000;
/** Wrong codes a person may type before the lockout. */
export const MAX_FAILURES = 5;
/** How long a person is refused after {@link MAX_FAILURES} wrong codes. */
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Characters of a code: Crockford's base 32 (no I, L, O, U), so 10 characters carry 50 bits. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

const idColumn = { slack: 'slackId', telegram: 'telegramId', console: 'consoleUser' } as const;

/** The code as typed, in the one form that is hashed: upper case, no spaces or dashes, O→0, I/L→1. */
export const normaliseCode = (typed: string): string =>
  typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

const hashOf = (code: string): Buffer => createHash('sha256').update(normaliseCode(code)).digest();

/** A new random code of {@link CODE_LENGTH} characters from {@link CODE_ALPHABET}. */
export function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

type Attempt = { kind: 'linked'; person: Person } | { kind: 'refused'; error: UserError };

/** Creating and redeeming link codes. */
export function linkService(deps: ServiceDeps) {
  /** Counts one failure for `actor` (history row; lockout and voiding at the limit). */
  async function fail(tx: Db, actor: Actor, now: Date, reason: string): Promise<UserError> {
    const [prev] = await tx.select().from(linkAttempts).where(eq(linkAttempts.personId, actor.person.id));
    const locked = prev?.lockedUntil && prev.lockedUntil > now ? prev.lockedUntil : null;
    // Failures older than a lockout period are forgiven.
    const fresh = prev?.lastFailureAt && now.getTime() - prev.lastFailureAt.getTime() < LOCKOUT_MS;
    const failures = locked ? (prev?.failures ?? 0) : (fresh ? (prev?.failures ?? 0) : 0) + 1;
    const lockNow = !locked && failures >= MAX_FAILURES;
    const lockedUntil = lockNow ? new Date(now.getTime() + LOCKOUT_MS) : locked;
    const row = { failures: lockNow ? 0 : failures, lastFailureAt: now, lockedUntil };
    await tx
      .insert(linkAttempts)
      .values({ personId: actor.person.id, ...row })
      .onConflictDoUpdate({ target: linkAttempts.personId, set: row });
    let voided = 0;
    if (lockNow) voided = (await tx.delete(linkCodes).returning({ code: linkCodes.code })).length;
    await record(tx, actor, now, {
      entityType: 'person',
      entityId: String(actor.person.id),
      action: lockNow ? 'link_locked' : 'link_failed',
      changes: {
        reason,
        ...(locked ? { lockedUntil: locked.toISOString() } : { failures }),
        ...(lockNow ? { lockedUntil: lockedUntil?.toISOString() ?? null, voidedCodes: voided } : {}),
      },
    });
    if (lockedUntil) return new UserError('link.locked', { minutes: Math.ceil(LOCKOUT_MS / 60_000) });
    return new UserError('link.bad_code', { left: MAX_FAILURES - failures });
  }

  return {
    /** Starts a link: a one-time code to type on the other platform (replaces the person's earlier one). */
    async createLinkCode(actor: Actor): Promise<{ code: string; expiresAt: Date }> {
      const now = deps.clock.now();
      const code = newLinkCode();
      const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
      await change(deps, actor, async (tx) => {
        await tx.delete(linkCodes).where(eq(linkCodes.personId, actor.person.id));
        await tx.delete(linkCodes).where(lte(linkCodes.expiresAt, now));
        await tx
          .insert(linkCodes)
          .values({ code: hashOf(code).toString('hex'), personId: actor.person.id, expiresAt });
      });
      // Shown in two groups of five for reading aloud; dashes and case do not matter when typed.
      return { code: `${code.slice(0, 5)}-${code.slice(5)}`, expiresAt };
    },

    /**
     * Completes a link: the identity that typed the code joins the person who made it. The person
     * created for the second identity is folded into the first. A wrong code, or any code while
     * locked out, is refused and counted.
     */
    async redeemLinkCode(actor: Actor, typed: string): Promise<Person> {
      const now = deps.clock.now();
      const out = await change(deps, actor, async (tx): Promise<Attempt> => {
        const [prev] = await tx.select().from(linkAttempts).where(eq(linkAttempts.personId, actor.person.id));
        if (prev?.lockedUntil && prev.lockedUntil > now)
          return { kind: 'refused', error: await fail(tx, actor, now, 'locked') };
        const wanted = hashOf(typed);
        const live = await tx.select().from(linkCodes).where(gt(linkCodes.expiresAt, now));
        // Every live code is compared, each in constant time: how long it takes says nothing.
        let row: (typeof live)[number] | undefined;
        for (const c of live) {
          const stored = Buffer.from(c.code, 'hex');
          if (stored.length === wanted.length && timingSafeEqual(stored, wanted)) row = c;
        }
        if (!row) return { kind: 'refused', error: await fail(tx, actor, now, 'wrong_code') };
        await tx.delete(linkCodes).where(eq(linkCodes.code, row.code));
        if (row.personId === actor.person.id) throw new UserError('link.same_person');
        const target = await personsRepo.byId(tx, row.personId);
        if (!target) return { kind: 'refused', error: await fail(tx, actor, now, 'wrong_code') };
        const platform = actor.platform as IdentityPlatform;
        const key = idColumn[platform];
        if (!key || target[key]) throw new UserError('link.already_linked', { platform });
        const id = actor.person[key];
        await personsRepo.update(tx, actor.person.id, {
          [key]: null,
          ...(platform === 'telegram' ? { telegramUsername: null } : {}),
        });
        await personsRepo.update(tx, target.id, {
          [key]: id,
          ...(platform === 'telegram' ? { telegramUsername: actor.person.telegramUsername } : {}),
          ...(target.unitId === null && actor.person.unitId !== null ? { unitId: actor.person.unitId } : {}),
        });
        await mergePersonRecords(tx, actor.person.id, target.id);
        await tx.delete(linkAttempts).where(eq(linkAttempts.personId, actor.person.id));
        await record(tx, actor, now, {
          entityType: 'person',
          entityId: String(target.id),
          action: 'link',
          changes: { [platform]: id, mergedPerson: actor.person.id },
        });
        return { kind: 'linked', person: { ...target, [key]: id } };
      });
      // Thrown after the commit, so the failure and its history row stay.
      if (out.kind === 'refused') throw out.error;
      return out.person;
    },
  };
}

export type LinkService = ReturnType<typeof linkService>;

/**
 * After a link, the records of the identity that redeemed the code belong to the person it joined:
 * what they created, own, lead, requested or decided. History rows stay as written.
 */
async function mergePersonRecords(tx: Db, from: number, to: number): Promise<void> {
  await tx.update(units).set({ leadId: to }).where(eq(units.leadId, from));
  await tx.update(blockers).set({ ownerPersonId: to }).where(eq(blockers.ownerPersonId, from));
  await tx.update(blockers).set({ createdById: to }).where(eq(blockers.createdById, from));
  await tx.update(roadmapItems).set({ ownerPersonId: to }).where(eq(roadmapItems.ownerPersonId, from));
  await tx.update(roadmapItems).set({ createdById: to }).where(eq(roadmapItems.createdById, from));
  await tx.update(roadmapReports).set({ reporterId: to }).where(eq(roadmapReports.reporterId, from));
  await tx.update(extensions).set({ requesterId: to }).where(eq(extensions.requesterId, from));
  await tx.update(extensions).set({ deciderId: to }).where(eq(extensions.deciderId, from));
  await tx.update(subscriptions).set({ createdById: to }).where(eq(subscriptions.createdById, from));
  await tx.update(unitRequests).set({ personId: to }).where(eq(unitRequests.personId, from));
  await tx.update(unitRequests).set({ decidedById: to }).where(eq(unitRequests.decidedById, from));
}
