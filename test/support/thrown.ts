/** What a thrown UserError carries, as the tests read it. */
export interface Thrown {
  name: string;
  code: string;
  params: Record<string, unknown>;
}

/** Runs `fn` and returns the thrown error (fails the test if nothing is thrown). */
export function thrown(fn: () => unknown): Thrown {
  try {
    fn();
  } catch (err) {
    return err as Thrown;
  }
  throw new Error('expected a throw');
}
