/**
 * Something the user got wrong. Rendered through the i18n catalog as one line plus the usage;
 * never logged as a fault. Match on `name`/`code`, not only `instanceof`: errors cross process
 * boundaries in jobs.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

export function isUserError(err: unknown): err is UserError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'UserError';
}
