import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { isValidTimeZone } from '../../dates.ts';
import type { PlatformIdentity } from '../../dispatch.ts';
import type { Clock } from '../../domain/ports.ts';
import type { Logger } from '../../logger.ts';
import { mentionedUsers, USER_ID } from './text.ts';

/** A Slack user as the core should know them, and whether they are an app rather than a person. */
export interface SlackPerson {
  who: PlatformIdentity;
  isBot: boolean;
}

/** How long a `users.info` answer is reused (a renamed person or a moved zone shows after this). */
export const PEOPLE_TTL_MS = 10 * 60 * 1000;
/** How long a failed look-up's stand-in (the name from the request) is reused. */
const FAILED_TTL_MS = 60 * 1000;
/** The most users remembered at once (the least recently used go first). */
export const PEOPLE_MAX = 5000;

/**
 * Slack users as platform identities, from `users.info` (name, time zone, locale), kept for
 * {@link PEOPLE_TTL_MS} in a bounded cache. Concurrent first commands from one user share that
 * one look-up. Making a person of them is the dispatcher's: this only says who they are on Slack.
 */
export function slackPeople(client: webApi.WebClient, log: Logger, clock: Clock) {
  const known = new LRUCache<string, Promise<SlackPerson>>({
    max: PEOPLE_MAX,
    ttl: PEOPLE_TTL_MS,
    // Read the clock on every look-up (not a cached reading), so the injected clock rules.
    ttlResolution: 0,
    perf: { now: () => clock.now().getTime() },
  });

  async function lookup(id: string, fallbackName: string): Promise<SlackPerson> {
    try {
      const { user } = await client.users.info({ user: id, include_locale: true });
      const name = user?.real_name || user?.profile?.display_name || user?.name || fallbackName;
      const who: PlatformIdentity = {
        platform: 'slack',
        id,
        name,
        username: user?.name,
        tz: user?.tz && isValidTimeZone(user.tz) ? user.tz : undefined,
        lang: user?.locale,
      };
      return { who, isBot: Boolean(user?.is_bot || user?.deleted) };
    } catch (err) {
      log.warn({ err, user: id }, 'slack: users.info failed; using the name from the request');
      known.set(id, Promise.resolve({ who: { platform: 'slack', id, name: fallbackName }, isBot: false }), {
        ttl: FAILED_TTL_MS,
      });
      return { who: { platform: 'slack', id, name: fallbackName }, isBot: false };
    }
  }

  function meet(id: string, fallbackName: string): Promise<SlackPerson> {
    const cached = known.get(id);
    if (cached) return cached;
    // A failed look-up replaces this with its shorter-lived stand-in when it fails.
    const found = lookup(id, fallbackName);
    known.set(id, found);
    return found;
  }

  return {
    /** The Slack user `id` as a platform identity (for the dispatcher to resolve). */
    async identity(id: string, fallbackName: string): Promise<PlatformIdentity> {
      return (await meet(id, fallbackName)).who;
    },

    /** A user picked in a form: their identity, or null when it is an app (or no user id). */
    async person(id: string): Promise<PlatformIdentity | null> {
      if (!USER_ID.test(id)) return null;
      const p = await meet(id, id);
      return p.isBot ? null : p.who;
    },

    /**
     * Everyone `<@U…>`-mentioned in a command, apps and the bot left out: they go along with the
     * command so that `/unit lead MOF @lan` works for a colleague who has not written to the bot
     * yet (Slack vouches for them; they start as members).
     */
    async mentioned(text: string, botUserId: string | undefined): Promise<PlatformIdentity[]> {
      const users = mentionedUsers(text).filter((u) => u.id !== botUserId);
      const people = await Promise.all(users.map((u) => meet(u.id, u.label ?? u.id)));
      return people.filter((p) => !p.isBot).map((p) => p.who);
    },
  };
}

export type SlackPeople = ReturnType<typeof slackPeople>;
