import { z } from 'zod';

/** Who a delivery is for: a chat as it is, or a person whose direct chat the sender finds. */
export const targetSchema = z.union([
  z.object({ chatId: z.string() }),
  z.object({ personId: z.number().int() }),
]);
export type Target = z.infer<typeof targetSchema>;

const paramsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

/** What to post: a notice, or a summary computed when it goes out. */
export const contentSchema = z.union([
  z.object({
    notice: z.object({
      kind: z.string(),
      params: paramsSchema,
      ref: z.object({ type: z.enum(['blocker', 'roadmap', 'extension']), id: z.number() }).optional(),
      lines: z.array(z.object({ kind: z.string(), params: paramsSchema })).optional(),
    }),
  }),
  z.object({ summary: z.enum(['week', 'month']) }),
]);
export type Content = z.infer<typeof contentSchema>;

/**
 * One message to one target on one platform: the data of a delivery job, and what the direct path
 * (no Redis) delivers at once.
 */
export const deliverySchema = z.object({
  platform: z.string(),
  target: targetSchema,
  content: contentSchema,
  /** The logical id: one message to one target goes out once, whatever retries happen. */
  key: z.string(),
  /** A dead letter is not dead-lettered again. */
  deadLetter: z.boolean().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const targetLabel = (t: Target) => ('chatId' in t ? `chat:${t.chatId}` : `person:${t.personId}`);

/**
 * The sent-ledger key of a delivery: per chat on its platform, and per person whatever platform
 * (a person gets a notice on one platform only, and which one may change between two attempts:
 * `/wg notify`, a command on another platform).
 */
export const ledgerKey = (d: Delivery) =>
  'personId' in d.target
    ? `${d.key}@${targetLabel(d.target)}`
    : `${d.key}@${d.platform}:${targetLabel(d.target)}`;
