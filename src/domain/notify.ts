/**
 * Where a notice to a person goes: one platform, never the same reminder on two (issue #18).
 * Pure rules over the person's record; the services and the delivery read them.
 */
import { IDENTITY_FIELD, type IdentityPlatform } from './records.ts';
import type { Person } from './types.ts';

/** The chat platforms a person may choose for their notices (`/wg notify`), in default order. */
export const NOTIFY_PLATFORMS = ['slack', 'telegram', 'zalo'] as const;
export type NotifyPlatform = (typeof NOTIFY_PLATFORMS)[number];

/** The order a person's platforms are tried in: the chat platforms, then the console (local runs). */
const FALLBACK_ORDER: readonly IdentityPlatform[] = [...NOTIFY_PLATFORMS, 'console'];

/** Whether `p` is a chat platform a person can choose (and one whose use is recorded as last). */
export const isNotifyPlatform = (p: string | null | undefined): p is NotifyPlatform =>
  (NOTIFY_PLATFORMS as readonly string[]).includes(p ?? '');

/** Whether the person has an identity on `platform`. */
export function hasIdentity(person: Person, platform: string): boolean {
  const field = (IDENTITY_FIELD as Record<string, keyof Person | undefined>)[platform];
  return field !== undefined && Boolean(person[field]);
}

/**
 * The platforms to try for this person, best first: their `/wg notify` choice, else the platform
 * they last used, else slack, telegram, zalo (then the console), each only where they still have
 * an identity.
 */
export function notifyOrder(person: Person): IdentityPlatform[] {
  const wanted = [person.notifyPlatform, person.lastPlatform, ...FALLBACK_ORDER];
  const out: IdentityPlatform[] = [];
  for (const p of wanted) {
    if (!p || out.includes(p as IdentityPlatform) || !hasIdentity(person, p)) continue;
    out.push(p as IdentityPlatform);
  }
  return out;
}

/**
 * The one platform a notice to `person` goes to among those this deployment runs (`running`):
 * the first of {@link notifyOrder} that runs, or null when none does.
 */
export function noticePlatform(person: Person, running: readonly string[]): IdentityPlatform | null {
  return notifyOrder(person).find((p) => running.includes(p)) ?? null;
}
