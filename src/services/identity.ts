import { UserError } from '../domain/errors.ts';
import { assertCan } from '../domain/permissions.ts';
import type { IdentityPlatform, PlatformIdentity } from '../domain/records.ts';
import type { Lang, Person, Platform, Role } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, change, permActor, record, type ServiceDeps } from './deps.ts';
import { linkService } from './link.ts';

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
    return change(deps, null, async (tx) => {
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
          await change(deps, null, async (tx) => {
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
      return change(deps, actor, async (tx) => {
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
      return change(deps, actor, async (tx) => {
        await personsRepo.update(tx, actor.person.id, patch);
        await record(tx, actor, now, {
          entityType: 'person',
          entityId: String(actor.person.id),
          action: 'settings',
          changes: patch,
        });
      });
    },

    /** `/wg link`: creating and redeeming one-time codes (services/link.ts). */
    ...linkService(deps),
  };
}

export type IdentityService = ReturnType<typeof identityService>;
