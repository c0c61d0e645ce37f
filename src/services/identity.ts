import { UserError } from '../domain/errors.ts';
import { hasIdentity, isNotifyPlatform, type NotifyPlatform } from '../domain/notify.ts';
import { assertCan, permActor } from '../domain/permissions.ts';
import { IDENTITY_FIELD, type IdentityPlatform, type PlatformIdentity } from '../domain/records.ts';
import type { Lang, Person, Platform, Role } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, change, record, Service, type ServiceDeps } from './deps.ts';
import { LinkService } from './link.ts';

/**
 * A person as a reply names them when who they are matters (a role, a lead): their name and
 * their platform ids, `Lan (telegram 8888, @lan_mic)`.
 */
export function personLabel(p: Person): string {
  const ids = [
    p.slackId ? `slack ${p.slackId}` : '',
    p.telegramId ? `telegram ${p.telegramId}${p.telegramUsername ? `, @${p.telegramUsername}` : ''}` : '',
    p.zaloId ? `zalo ${p.zaloId}` : '',
    p.consoleUser ? `console ${p.consoleUser}` : '',
  ].filter(Boolean);
  return ids.length > 0 ? `${p.name} (${ids.join('; ')})` : p.name;
}

const idColumn = IDENTITY_FIELD;

/** A reference that names one platform identity: a Slack or Telegram mention, or `platform:id`. */
function platformIdOf(r: string): { platform: IdentityPlatform; id: string } | null {
  const slack = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(r)?.[1];
  if (slack) return { platform: 'slack', id: slack };
  const tg = /^<@tg:(\d+)>$/.exec(r)?.[1];
  if (tg) return { platform: 'telegram', id: tg };
  const m = /^(slack|telegram|zalo):(\S+)$/.exec(r);
  return m ? { platform: m[1] as IdentityPlatform, id: m[2] as string } : null;
}

async function actorFor(db: Db, person: Person, platform: Platform): Promise<Actor> {
  return { person, platform, leadOf: await unitsRepo.ledBy(db, person.id) };
}

/** A platform's language code as the bot's language: Vietnamese, else English; null when unknown. */
const langOf = (code: string | undefined): Lang | null =>
  code?.toLowerCase().startsWith('vi') ? 'vi' : code ? 'en' : null;

/**
 * People: first contact, roles, identity links, per-person settings. Meeting a person (first
 * contact, the ADMINS grant, a new Telegram username) is harmless to do again, so it is no
 * command's change: it runs without the command's inbox claim.
 */
export class IdentityService extends Service {
  private readonly links = new LinkService(this.deps);

  /**
   * The person behind a platform identity, created as a `member` on first contact (an `admin`
   * when listed in ADMINS or when `asAdmin`, as the console's local user is). With `command` (the
   * dispatcher, once per command) a chat platform (Slack, Telegram, Zalo) is kept as the one they
   * last used, where notices go by default; written only when it changed.
   */
  async resolve(who: PlatformIdentity, opts: { asAdmin?: boolean; command?: boolean } = {}): Promise<Actor> {
    const found = await personsRepo.byPlatformId(this.db, who.platform, who.id);
    const admin = opts.asAdmin || this.isBootstrapAdmin(who.platform, who.id);
    const used = opts.command && isNotifyPlatform(who.platform) ? who.platform : null;
    if (found)
      return actorFor(
        this.db,
        await this.met(found, who, { admin, used, asAdmin: opts.asAdmin ?? false }),
        who.platform,
      );
    try {
      return await this.firstContact(who, admin, used);
    } catch (err) {
      // Two first messages at once: the other one created the person; use it.
      const created = await personsRepo.byPlatformId(this.db, who.platform, who.id);
      if (created) return actorFor(this.db, created, who.platform);
      throw err;
    }
  }

  private isBootstrapAdmin(p: IdentityPlatform, id: string): boolean {
    return this.deps.config.ADMINS.some((a) => a.platform === p && a.id === id);
  }

  /**
   * A known person met again: the admin grant, a new Telegram username and the platform a command
   * came from (`used`) are stored. The last platform is bookkeeping, as the username is: no
   * history row (the command's own row names its platform).
   */
  private async met(
    found: Person,
    who: PlatformIdentity,
    { admin, used, asAdmin }: { admin: boolean; used: string | null; asAdmin: boolean },
  ): Promise<Person> {
    const patch: Partial<Person> = {};
    if (admin && found.role !== 'admin') patch.role = 'admin';
    if (who.username && who.platform === 'telegram' && found.telegramUsername !== who.username)
      patch.telegramUsername = who.username;
    if (used && found.lastPlatform !== used) patch.lastPlatform = used;
    if (Object.keys(patch).length === 0) return found;
    const now = this.deps.clock.now();
    await change(this.deps, null, async (tx) => {
      await personsRepo.update(tx, found.id, patch);
      // A role is a permission: even the bootstrap grant leaves a history row.
      if (patch.role)
        await record(tx, { person: found, platform: who.platform, leadOf: [] }, now, {
          entityType: 'person',
          entityId: String(found.id),
          action: 'role',
          changes: { role: { from: found.role, to: patch.role }, by: asAdmin ? 'console' : 'ADMINS' },
        });
    });
    return { ...found, ...patch };
  }

  /** Creates the person behind a platform identity seen for the first time, with its history row. */
  private firstContact(who: PlatformIdentity, admin: boolean, used: string | null): Promise<Actor> {
    const now = this.deps.clock.now();
    return change(this.deps, null, async (tx) => {
      const again = await personsRepo.byPlatformId(tx, who.platform, who.id);
      if (again) return actorFor(tx, again, who.platform);
      const person = await personsRepo.insert(tx, {
        name: who.name,
        [idColumn[who.platform]]: who.id,
        telegramUsername: who.platform === 'telegram' ? (who.username ?? null) : null,
        role: admin ? 'admin' : 'member',
        tz: who.tz ?? null,
        lang: langOf(who.lang),
        lastPlatform: used,
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

  byIds(ids: number[]): Promise<Map<number, Person>> {
    return personsRepo.byIds(this.db, ids);
  }

  byId(id: number): Promise<Person | null> {
    return personsRepo.byId(this.db, id);
  }

  /** Reloads an actor (role or unit may have changed). */
  async refresh(actor: Actor): Promise<Actor> {
    const p = await personsRepo.byId(this.db, actor.person.id);
    return actorFor(this.db, p ?? actor.person, actor.platform);
  }

  /**
   * A person named in a command, by platform identity only: a Slack mention `<@U…>`, a Telegram
   * mention `<@tg:…>` (the adapter's form of a text mention), a platform id as ADMINS writes it
   * (`zalo:…`, `telegram:…`, `slack:…`: Zalo has no usernames), or a platform username
   * (`@username` on Telegram, the console's user). A display name never identifies anyone.
   * Nobody, or more than one person, is a clear error (the candidates with their platform ids).
   */
  async findPerson(ref: string): Promise<Person> {
    const r = ref.trim();
    const byId = platformIdOf(r);
    if (byId) {
      const p = await personsRepo.byPlatformId(this.db, byId.platform, byId.id);
      if (p) return p;
      throw new UserError('person.unknown', { person: r });
    }
    const matches = await personsRepo.byUsername(this.db, r);
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1)
      throw new UserError('person.ambiguous', { person: r, candidates: matches.map(personLabel).join('; ') });
    throw new UserError('person.unknown', { person: r });
  }

  async setRole(actor: Actor, target: Person, role: Role, unitId: number | null | undefined): Promise<void> {
    assertCan(permActor(actor), 'wg.role');
    const now = this.deps.clock.now();
    await change(this.deps, actor, async (tx) => {
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
  }

  async setPersonal(actor: Actor, patch: { tz?: string; lang?: Lang }): Promise<void> {
    const now = this.deps.clock.now();
    await change(this.deps, actor, async (tx) => {
      await personsRepo.update(tx, actor.person.id, patch);
      await record(tx, actor, now, {
        entityType: 'person',
        entityId: String(actor.person.id),
        action: 'settings',
        changes: patch,
      });
    });
  }

  /**
   * `/wg notify`: the one platform the actor's reminders and notices go to. Refused (nothing
   * changes) for a platform they have no identity on; false when it was the choice already.
   */
  async setNotify(actor: Actor, platform: NotifyPlatform): Promise<boolean> {
    const now = this.deps.clock.now();
    return change(this.deps, actor, async (tx) => {
      const person = (await personsRepo.byId(tx, actor.person.id)) ?? actor.person;
      if (!hasIdentity(person, platform)) throw new UserError('wg.notify_no_identity', { platform });
      if (person.notifyPlatform === platform) return false;
      await personsRepo.update(tx, person.id, { notifyPlatform: platform });
      await record(tx, actor, now, {
        entityType: 'person',
        entityId: String(person.id),
        action: 'settings',
        changes: { notifyPlatform: { from: person.notifyPlatform, to: platform } },
      });
      return true;
    });
  }

  /** `/wg link`: a one-time code to type on the other platform (services/link.ts). */
  createLinkCode(actor: Actor): Promise<{ code: string; expiresAt: Date }> {
    return this.links.createLinkCode(actor);
  }

  /** `/wg link CODE`: joins this identity to the person who made the code (services/link.ts). */
  redeemLinkCode(actor: Actor, typed: string): Promise<Person> {
    return this.links.redeemLinkCode(actor, typed);
  }
}

export const identityService = (deps: ServiceDeps) => new IdentityService(deps);
