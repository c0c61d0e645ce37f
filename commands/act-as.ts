import { isUserError, UserError } from '../src/domain/errors.ts';
import type { PlatformIdentity } from '../src/domain/records.ts';
import type { Services } from '../src/services/index.ts';

/** A name the console may give a new local person (`/as lan …` when nobody is called lan yet). */
const LOCAL_NAME = /^@?[\p{L}\p{N}._-]{1,40}$/u;

/** Whom an admin acts for, and who the admin is (for the history's `by`). */
export interface ActingFor {
  personId: number;
  name: string;
  by: string;
}

/**
 * The rule of the console's `/as @person <command>`: only an admin may, never as themselves; the
 * person is found by reference, and a name nobody has yet becomes a console person (a member)
 * that `/wg role` can then change. Throws the UserError to show (`console.as_admin_only`, …).
 */
export async function actingFor(services: Services, self: PlatformIdentity, ref: string): Promise<ActingFor> {
  const me = await services.identity.resolve(self, { asAdmin: true });
  if (me.person.role !== 'admin') throw new UserError('console.as_admin_only');
  let person: { id: number; name: string };
  try {
    person = await services.identity.findPerson(ref);
  } catch (err) {
    if (!isUserError(err) || err.code !== 'person.unknown' || !LOCAL_NAME.test(ref)) throw err;
    const name = ref.replace(/^@/, '');
    person = (await services.identity.resolve({ platform: 'console', id: name, name }, { asAdmin: false }))
      .person;
  }
  if (person.id === me.person.id) throw new UserError('console.as_self');
  return { personId: person.id, name: person.name, by: me.person.name };
}
