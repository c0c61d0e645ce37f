/**
 * A delivery found claimed by an attempt that never finished (its worker died mid-send). It is not
 * sent again — a second copy is what we promise never to send — and goes to the dead letters so an
 * admin can check the one message whose arrival nobody saw confirmed.
 */
export class UnconfirmedDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
