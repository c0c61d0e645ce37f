import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { sentLedger } from '../store/schema.ts';

/** Drops a delivery's "sending" claim after the platform refused it, so a retry may send it. */
export async function releaseClaim(db: Db, claim: string): Promise<void> {
  await db.delete(sentLedger).where(eq(sentLedger.key, claim));
}

/**
 * A delivery found claimed by an attempt that never finished (its worker died mid-send). It is not
 * sent again — a second copy is what we promise never to send — and goes to the dead letters so an
 * admin can check the one message whose arrival nobody saw confirmed.
 */
export class UnconfirmedDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
