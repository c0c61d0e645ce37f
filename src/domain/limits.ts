/**
 * How long a record's text may be. Free text (notes, reasons, details) holds `TEXT_MAX`
 * (src/text-clean.ts); a title is shorter, so that every surface shows it whole: a Slack modal's
 * input, a Slack section or field, a Telegram message line, a button's answer, the web table and
 * the monthly document. One limit for the command, its form (Slack and Telegram), the services
 * and the import.
 */
import { UserError } from './errors.ts';

/** The longest title a blocker takes, in characters (after white space is collapsed). */
export const TITLE_MAX = 300;

/** The one refusal of a title over {@link TITLE_MAX}. */
export const titleTooLong = (): UserError => new UserError('blocker.title_too_long', { max: TITLE_MAX });

/**
 * A title within {@link TITLE_MAX}.
 * @throws UserError `blocker.title_too_long` `{ max }`
 */
export function limitTitle(title: string): string {
  if (title.length > TITLE_MAX) throw titleTooLong();
  return title;
}
