/**
 * `/wg link`: joins a Slack and a Telegram identity with a one-time code. Codes are long and
 * random, stored only as hashes, compared in constant time and used once; a person who types
 * {@link MAX_FAILURES} wrong codes is refused for {@link LOCKOUT_MS} and every pending code is
 * voided, so a guesser learns nothing and the code they were after dies. Every failure is in the
 * history.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { UserError } from '../domain/errors.ts';
import { IDENTITY_FIELD, type IdentityPlatform } from '../domain/records.ts';
import type { Person } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { digestRepo } from '../store/digest-repo.ts';
import { type LinkCode, linkRepo } from '../store/link-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { type Actor, change, record, Service, type ServiceDeps } from './deps.ts';

/** How long a code is valid. */
export const LINK_TTL_MS = 15 * 60 * 1000;
/** Wrong codes a person may type before the lockout. */
export const MAX_FAILURES = 5;
/** How long a person is refused after {@link MAX_FAILURES} wrong codes. */
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Characters of a code: Crockford's base 32 (no I, L, O, U), so 10 characters carry 50 bits. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

const idColumn = IDENTITY_FIELD;

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

/** The live code whose hash is `wanted`: every one compared, each in constant time, so timing says nothing. */
function matching(live: LinkCode[], wanted: Buffer): LinkCode | undefined {
  let row: LinkCode | undefined;
  for (const c of live) {
    const stored = Buffer.from(c.code, 'hex');
    if (stored.length === wanted.length && timingSafeEqual(stored, wanted)) row = c;
  }
  return row;
}

/** Counts one failure for `actor` (history row; lockout and voiding at the limit). */
async function fail(tx: Db, actor: Actor, now: Date, reason: string): Promise<UserError> {
  const prev = await linkRepo.attempts(tx, actor.person.id);
  const locked = prev?.lockedUntil && prev.lockedUntil > now ? prev.lockedUntil : null;
  // Failures older than a lockout period are forgiven.
  const fresh = prev?.lastFailureAt && now.getTime() - prev.lastFailureAt.getTime() < LOCKOUT_MS;
  const failures = locked ? (prev?.failures ?? 0) : (fresh ? (prev?.failures ?? 0) : 0) + 1;
  const lockNow = !locked && failures >= MAX_FAILURES;
  const lockedUntil = lockNow ? new Date(now.getTime() + LOCKOUT_MS) : locked;
  await linkRepo.putAttempts(tx, {
    personId: actor.person.id,
    failures: lockNow ? 0 : failures,
    lastFailureAt: now,
    lockedUntil,
  });
  const voided = lockNow ? await linkRepo.voidAll(tx) : 0;
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

/** Moves the actor's identity on their platform (and their records) to `target`, the person who made the code. */
async function join(tx: Db, actor: Actor, target: Person, now: Date): Promise<Person> {
  const platform = actor.platform as IdentityPlatform;
  const key = idColumn[platform];
  if (!key || target[key]) throw new UserError('link.already_linked', { platform });
  const id = actor.person[key];
  const telegram = platform === 'telegram';
  await personsRepo.update(tx, actor.person.id, {
    [key]: null,
    ...(telegram ? { telegramUsername: null } : {}),
  });
  // The code was typed here: this is the platform the joined person used last. A choice of
  // platform for notices made on the identity that joins is kept when the person had none.
  const used = { lastPlatform: actor.person.lastPlatform ?? target.lastPlatform };
  const notify = target.notifyPlatform ? {} : { notifyPlatform: actor.person.notifyPlatform };
  // A digest turned on from either identity stays on for the joined person.
  const digest = (await digestRepo.settingOf(tx, actor.person.id))?.digest ? { digest: true } : {};
  await personsRepo.update(tx, target.id, {
    [key]: id,
    ...(telegram ? { telegramUsername: actor.person.telegramUsername } : {}),
    ...(target.unitId === null && actor.person.unitId !== null ? { unitId: actor.person.unitId } : {}),
    ...used,
    ...notify,
    ...digest,
  });
  await personsRepo.moveRecords(tx, actor.person.id, target.id);
  await linkRepo.forgetAttempts(tx, actor.person.id);
  await record(tx, actor, now, {
    entityType: 'person',
    entityId: String(target.id),
    action: 'link',
    changes: { [platform]: id, mergedPerson: actor.person.id },
  });
  return { ...target, ...used, ...notify, [key]: id };
}

/** Creating and redeeming link codes. */
export class LinkService extends Service {
  /** Starts a link: a one-time code to type on the other platform (replaces the person's earlier one). */
  async createLinkCode(actor: Actor): Promise<{ code: string; expiresAt: Date }> {
    const now = this.deps.clock.now();
    const code = newLinkCode();
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
    await change(this.deps, actor, (tx) =>
      linkRepo.replaceCode(
        tx,
        { code: hashOf(code).toString('hex'), personId: actor.person.id, expiresAt },
        now,
      ),
    );
    // Shown in two groups of five for reading aloud; dashes and case do not matter when typed.
    return { code: `${code.slice(0, 5)}-${code.slice(5)}`, expiresAt };
  }

  /**
   * Completes a link: the identity that typed the code joins the person who made it. The person
   * created for the second identity is folded into the first. A wrong code, or any code while
   * locked out, is refused and counted.
   */
  async redeemLinkCode(actor: Actor, typed: string): Promise<Person> {
    const now = this.deps.clock.now();
    const out = await change(this.deps, actor, async (tx): Promise<Attempt> => {
      const prev = await linkRepo.attempts(tx, actor.person.id);
      if (prev?.lockedUntil && prev.lockedUntil > now)
        return { kind: 'refused', error: await fail(tx, actor, now, 'locked') };
      const row = matching(await linkRepo.live(tx, now), hashOf(typed));
      if (!row) return { kind: 'refused', error: await fail(tx, actor, now, 'wrong_code') };
      await linkRepo.deleteCode(tx, row.code);
      if (row.personId === actor.person.id) throw new UserError('link.same_person');
      const target = await personsRepo.byId(tx, row.personId);
      if (!target) return { kind: 'refused', error: await fail(tx, actor, now, 'wrong_code') };
      return { kind: 'linked', person: await join(tx, actor, target, now) };
    });
    // Thrown after the commit, so the failure and its history row stay.
    if (out.kind === 'refused') throw out.error;
    return out.person;
  }
}

export const linkService = (deps: ServiceDeps) => new LinkService(deps);
