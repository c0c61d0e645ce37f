import type { webApi } from '@slack/bolt';
import type { App } from '../../app.ts';
import { isValidTimeZone } from '../../dates.ts';
import type { PlatformIdentity } from '../../domain/records.ts';
import { mentionedUsers, USER_ID } from './text.ts';

/** A Slack user as the core should know them, and whether they are an app rather than a person. */
export interface SlackPerson {
  who: PlatformIdentity;
  isBot: boolean;
}

/**
 * Slack users as persons. The first time this process meets a user it asks `users.info` once
 * (name, time zone, locale) and lets the core create the person (a `member`, or an admin when
 * listed in ADMINS); later commands reuse the answer. Concurrent first commands from one user
 * share that one look-up, so the person is created once.
 */
export function slackPeople(app: App, client: webApi.WebClient) {
  const known = new Map<string, Promise<SlackPerson>>();

  async function lookup(id: string, fallbackName: string): Promise<SlackPerson> {
    try {
      const { user } = await client.users.info({ user: id, include_locale: true });
      const name = user?.real_name || user?.profile?.display_name || user?.name || fallbackName;
      return {
        who: {
          platform: 'slack',
          id,
          name,
          username: user?.name,
          tz: user?.tz && isValidTimeZone(user.tz) ? user.tz : undefined,
          lang: user?.locale,
        },
        isBot: Boolean(user?.is_bot || user?.deleted),
      };
    } catch (err) {
      app.log.warn({ err, user: id }, 'slack: users.info failed; using the name from the request');
      return { who: { platform: 'slack', id, name: fallbackName }, isBot: false };
    }
  }

  function meet(id: string, fallbackName: string): Promise<SlackPerson> {
    let found = known.get(id);
    if (!found) {
      found = (async () => {
        const person = await lookup(id, fallbackName);
        if (!person.isBot) await app.services.identity.resolve(person.who);
        return person;
      })();
      known.set(id, found);
      found.catch(() => known.delete(id));
    }
    return found;
  }

  return {
    /** The identity to hand the dispatcher for the Slack user `id` (who is a person from now on). */
    async identity(id: string, fallbackName: string): Promise<PlatformIdentity> {
      return (await meet(id, fallbackName)).who;
    },

    /** Makes sure a user picked in a form or mentioned in a command is a person; false for apps. */
    async ensure(id: string, fallbackName = id): Promise<boolean> {
      if (!USER_ID.test(id)) return false;
      return !(await meet(id, fallbackName)).isBot;
    },

    /**
     * Everyone `<@U…>`-mentioned in a command becomes a person, so `/unit lead MOF @lan` works for a
     * colleague who has not written to the bot yet (Slack vouches for them; they start as members).
     */
    async ensureMentioned(text: string, botUserId: string | undefined): Promise<void> {
      const users = mentionedUsers(text).filter((u) => u.id !== botUserId);
      await Promise.all(users.map((u) => meet(u.id, u.label ?? u.id)));
    },
  };
}

export type SlackPeople = ReturnType<typeof slackPeople>;
