/**
 * Free text as it can be stored: what PostgreSQL refuses removed, what hides what a title says
 * removed, and one length limit for every field (DESIGN.md "Commands", issue 9 "Limits").
 */
import { UserError } from './domain/errors.ts';

/** The longest free text any field takes (titles, notes, reasons, details, descriptions). */
export const TEXT_MAX = 4000;

/** C0 controls but tab, newline and carriage return; DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A surrogate half without its partner (not text in any encoding PostgreSQL stores). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Bidirectional overrides, embeddings, isolates and marks; zero-width spaces, joiners and BOM. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF]/g;

/**
 * Text as it can be stored and shown: control characters (NUL, bell…) and broken surrogate
 * halves removed, tabs and line breaks kept. PostgreSQL refuses NUL in text and jsonb, so a pasted
 * message must not turn into "something went wrong".
 */
export function cleanText(text: string): string {
  return text.replace(CONTROLS, '').replace(LONE_SURROGATE, '');
}

/**
 * A title as stored: bidirectional overrides and zero-width characters removed (they make a title
 * read differently from what it holds), runs of white space as one space, trimmed.
 */
export function cleanTitle(text: string): string {
  return stripInvisible(text).replace(/\s+/g, ' ').trim();
}

/** Text without bidirectional overrides or zero-width characters. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * A free-text field within {@link TEXT_MAX}.
 * @throws UserError `args.too_long` {field, max, length}
 */
export function limitText(field: string, text: string): string {
  if (text.length > TEXT_MAX)
    throw new UserError('args.too_long', { field, max: TEXT_MAX, length: text.length });
  return text;
}
