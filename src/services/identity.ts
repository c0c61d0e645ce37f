import { randomInt } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { UserError } from '../domain/errors.ts';
import { assertCan } from '../domain/permissions.ts';
import type { Lang, Person, Platform, Role } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { type IdentityPlatform, personsRepo } from '../store/persons-repo.ts';
import {
  blockers,
  extensions,
  linkCodes,
  roadmapItems,
  roadmapReports,
  subscriptions,
  units,
} from '../store/schema.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, permActor, record, type ServiceDeps, transaction } from './deps.ts';

/** What an adapter knows of the person talking to it. */
export interface PlatformIdentity {
  platform: IdentityPlatform;
  id: string;
  name: string;
  username?: string | undefined;
  tz?: string | undefined;
  lang?: string | undefined;
}

/**
 * A person as a reply names them when who they are matters (a role, a lead): their name and
 * their platform ids, `Lan (telegram 8888, @lan_mic)`.
 */
export function personLabel(p: Person): string {
  const ids = [
    p.slackId ? `slack ${p.slackId}` : '',
    p.telegramId ? `telegram ${p.telegramId}${p.telegramUsername ? `, @${p.telegramUsername}` : ''}` : '',
    p.consoleUser ? `console ${p.consoleUser}` : '',
  ].filter(Boolean);
  return ids.length > 0 ? `${p.name} (${ids.join('; ')})` : p.name;
}

const LINK_TTL_MS = 15 * 60 * 1000;

const idColumn = { slack: 'slackId', telegram: 'telegramId', console: 'consoleUser' } as const;

/** People: first contact, roles, identity links, per-person settings. */
export function identityService(deps: ServiceDeps) {
  const isBootstrapAdmin = (p: IdentityPlatform, id: string) =>
    deps.config.ADMINS.some((a) => a.platform === p && a.id === id);

  async function actorFor(db: Db, person: Person, platform: Platform): Promise<Actor> {
    return { person, platform, leadOf: await unitsRepo.ledBy(db, person.id) };
  }

  /** Creates the person behind a platform identity seen for the first time, with its history row. */
  function firstContact(who: PlatformIdentity, admin: boolean, now: Date): Promise<Actor> {
    return transaction(deps, async (tx) => {
      const again = await personsRepo.byPlatformId(tx, who.platform, who.id);
      if (again) return actorFor(tx, again, who.platform);
      const lang = who.lang?.toLowerCase().startsWith('vi') ? 'vi' : who.lang ? 'en' : null;
      const person = await personsRepo.insert(tx, {
        name: who.name,
        [idColumn[who.platform]]: who.id,
        telegramUsername: who.platform === 'telegram' ? (who.username ?? null) : null,
        role: admin ? 'admin' : 'member',
        tz: who.tz ?? null,
        lang,
        createdAt: now,
      });
      const actor: Actor = { person, platform: who.platform, leadOf: [] };
      await record(tx, actor, now, {
        entityType: 'person',
        entityId: String(person.id),
        action: 'first_contact',
        changes: { name: person.name, role: person.role, [who.platform]: who.id },
      });
      return actor;
    });
  }

  return {
    /**
     * The person behind a platform identity, created as a `member` on first contact (an `admin`
     * when listed in ADMINS or when `asAdmin`, as the console's local user is).
     */
    async resolve(who: PlatformIdentity, opts: { asAdmin?: boolean } = {}): Promise<Actor> {
      const db = deps.database.db;
      const found = await personsRepo.byPlatformId(db, who.platform, who.id);
      const admin = opts.asAdmin || isBootstrapAdmin(who.platform, who.id);
      if (found) {
        const patch: Partial<Person> = {};
        if (admin && found.role !== 'admin') patch.role = 'admin';
        if (who.username && who.platform === 'telegram' && found.telegramUsername !== who.username)
          patch.telegramUsername = who.username;
        if (Object.keys(patch).length > 0) {
          const now = deps.clock.now();
          await transaction(deps, async (tx) => {
            await personsRepo.update(tx, found.id, patch);
            // A role is a permission: even the bootstrap grant leaves a history row.
            if (patch.role)
              await record(tx, { person: found, platform: who.platform, leadOf: [] }, now, {
                entityType: 'person',
                entityId: String(found.id),
                action: 'role',
                changes: {
                  role: { from: found.role, to: patch.role },
                  by: opts.asAdmin ? 'console' : 'ADMINS',
                },
              });
          });
          Object.assign(found, patch);
        }
        return actorFor(db, found, who.platform);
      }
      const now = deps.clock.now();
      try {
        return await firstContact(who, admin, now);
      } catch (err) {
        // Two first messages at once: the other one created the person; use it.
        const created = await personsRepo.byPlatformId(db, who.platform, who.id);
        if (created) return actorFor(db, created, who.platform);
        throw err;
      }
    },

    byIds: (ids: number[]) => personsRepo.byIds(deps.database.db, ids),
    byId: (id: number) => personsRepo.byId(deps.database.db, id),

    /** Reloads an actor (role or unit may have changed). */
    async refresh(actor: Actor): Promise<Actor> {
      const p = await personsRepo.byId(deps.database.db, actor.person.id);
      return actorFor(deps.database.db, p ?? actor.person, actor.platform);
    },

    /**
     * A person named in a command, by platform identity only: a Slack mention `<@U…>`, a Telegram
     * mention `<@tg:…>` (the adapter's form of a text mention), or a platform username
     * (`@username` on Telegram, the console's user). A display name never identifies anyone.
     * Nobody, or more than one person, is a clear error (the candidates with their platform ids).
     */
    async findPerson(ref: string): Promise<Person> {
      const db = deps.database.db;
      const r = ref.trim();
      const slack = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(r);
      const tg = /^<@tg:(\d+)>$/.exec(r);
      if (slack?.[1] || tg?.[1]) {
        const p = slack?.[1]
          ? await personsRepo.byPlatformId(db, 'slack', slack[1])
          : await personsRepo.byPlatformId(db, 'telegram', tg?.[1] ?? '');
        if (p) return p;
        throw new UserError('person.unknown', { person: r });
      }
      const matches = await personsRepo.byUsername(db, r);
      if (matches.length === 1 && matches[0]) return matches[0];
      if (matches.length > 1)
        throw new UserError('person.ambiguous', {
          person: r,
          candidates: matches.map(personLabel).join('; '),
        });
      throw new UserError('person.unknown', { person: r });
    },

    async setRole(actor: Actor, target: Person, role: Role, unitId: number | null | undefined) {
      assertCan(permActor(actor), 'wg.role');
      const now = deps.clock.now();
      return transaction(deps, async (tx) => {
        const patch: Partial<Person> = { role };
        if (unitId !== undefined) patch.unitId = unitId;
        await personsRepo.update(tx, target.id, patch);
        await record(tx, actor, now, {
          entityType: 'person',
          entityId: String(target.id),
          action: 'role',
          changes: { role: { from: target.role, to: role }, ...(unitId !== undefined ? { unitId } : {}) },
        });
      });
    },

    async setPersonal(actor: Actor, patch: { tz?: string; lang?: Lang }) {
      const now = deps.clock.now();
      return transaction(deps, async (tx) => {
        await personsRepo.update(tx, actor.person.id, patch);
        await record(tx, actor, now, {
          entityType: 'person',
          entityId: String(actor.person.id),
          action: 'settings',
          changes: patch,
        });
      });
    },

    /** Starts a link: a one-time code to type on the other platform. */
    async createLinkCode(actor: Actor): Promise<{ code: string; expiresAt: Date }> {
      const now = deps.clock.now();
      const code = String(randomInt(100000, 1000000));
      const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
      await deps.database.db.delete(linkCodes).where(eq(linkCodes.personId, actor.person.id));
      await deps.database.db.insert(linkCodes).values({ code, personId: actor.person.id, expiresAt });
      return { code, expiresAt };
    },

    /**
     * Completes a link: the identity that typed the code joins the person who made it. The person
     * created for the second identity is folded into the first when it has no records of its own.
     */
    async redeemLinkCode(actor: Actor, code: string): Promise<Person> {
      const now = deps.clock.now();
      return transaction(deps, async (tx) => {
        const [row] = await tx
          .select()
          .from(linkCodes)
          .where(and(eq(linkCodes.code, code), gt(linkCodes.expiresAt, now)));
        if (!row) throw new UserError('link.bad_code', { code });
        await tx.delete(linkCodes).where(eq(linkCodes.code, code));
        if (row.personId === actor.person.id) throw new UserError('link.same_person');
        const target = await personsRepo.byId(tx, row.personId);
        if (!target) throw new UserError('link.bad_code', { code });
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
        await record(tx, actor, now, {
          entityType: 'person',
          entityId: String(target.id),
          action: 'link',
          changes: { [platform]: id, mergedPerson: actor.person.id },
        });
        return { ...target, [key]: id };
      });
    },
  };
}

export type IdentityService = ReturnType<typeof identityService>;

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
}
