/**
 * What the public may not read (DESIGN.md "The summary": no phone number in any format and no
 * caller name is published). Pure: no I/O. Every public projection (web view, CSV export,
 * calendar, reports) passes free text through {@link redactPublic}.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { LRUCache } from 'lru-cache';
import { foldText } from './similarity.ts';

/** What stands in for a removed phone number or name. */
export const REDACTED = '[…]';

/**
 * A Vietnamese-looking number the phone library does not accept as valid (a digit too many or
 * too few, odd grouping): `0` or `+84` then 8 to 10 digits with spaces, dots, dashes, slashes or
 * brackets between them. Caught too, since a wrongly typed number is still someone's number.
 */
const LOOSE_VN = /(?<![\p{L}\p{N}+])(?:\(?\+84\)?|0)(?:[\s./()-]{0,2}\d){8,10}(?![\p{N}])/gu;

/** At least five digits of any script anywhere (one short of the shortest phone number). */
const FIVE_DIGITS = /(?:\p{Nd}\P{Nd}*){5}/u;

/**
 * Replaces every phone number in `text` with {@link REDACTED}: the numbers libphonenumber-js
 * finds (region VN, full metadata: `0912/345/678`, `+84 (912) 345 678`, `0234 3822 123`,
 * international ones), then any remaining VN-shaped digit run.
 */
export function redactPhones(text: string): string {
  // No phone number has fewer than 6 digits (libphonenumber finds none below that, nor does
  // LOOSE_VN below 9; test/domain/redact-digits.test.ts): most titles skip the costly search.
  if (!FIVE_DIGITS.test(text)) return text;
  // The same titles are redacted again on every export and page: the search once per text.
  const known = redacted.get(text);
  if (known !== undefined) return known;
  const out = searchPhones(text);
  redacted.set(text, out);
  return out;
}

/** Texts already redacted, the 50,000 last used: a few MB at most. */
const redacted = new LRUCache<string, string>({ max: 50_000 });

function searchPhones(text: string): string {
  let out = '';
  let at = 0;
  for (const m of findPhoneNumbersInText(text, 'VN')) {
    if (m.startsAt < at) continue;
    out += text.slice(at, m.startsAt) + REDACTED;
    at = m.endsAt;
  }
  out += text.slice(at);
  return out.replace(LOOSE_VN, REDACTED);
}

/**
 * Removes the caller's name from `text` wherever it appears as whole words, with or without
 * accents and in any case ("Trần Thị B" also matches "tran thi b").
 */
export function redactName(text: string, name: string | null | undefined): string {
  const want = foldText(name ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (want.length === 0) return text;
  const words = [...text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    folded: foldText(m[0]),
  }));
  const spans: [number, number][] = [];
  for (let i = 0; i + want.length <= words.length; i++) {
    if (want.every((w, k) => words[i + k]?.folded === w)) {
      const first = words[i];
      const last = words[i + want.length - 1];
      if (first && last) spans.push([first.start, last.end]);
      i += want.length - 1;
    }
  }
  let out = text;
  for (const [s, e] of spans.reverse()) out = out.slice(0, s) + REDACTED + out.slice(e);
  return out;
}

/** Free text fit for the public: the record's caller name and phone, and every phone number, removed. */
export function redactPublic(
  text: string,
  personal: { callerName?: string | null; callerPhone?: string | null } = {},
): string {
  let out = redactName(text, personal.callerName);
  const phone = personal.callerPhone?.trim();
  if (phone && phone.length >= 3) out = out.split(phone).join(REDACTED);
  return redactPhones(out);
}
