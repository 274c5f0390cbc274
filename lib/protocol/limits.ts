/**
 * Limits both sides of the wire must agree on: the server enforces them, the
 * phone paces itself below them. Numbers only, so the participant's page can
 * import them without pulling in a schema library.
 */

/** The server's token bucket for `checkin:send`, per participant: a burst, then a steady rate. */
export const TAP_LIMIT = { burst: 20, perSecond: 4 } as const;

/**
 * The server's limit on `answer:send`, per participant: answering and
 * changing one's mind a few times, not a stream (a phone sends a slider's
 * value once it rests).
 */
export const ANSWER_LIMIT = { burst: 10, perSecond: 2 } as const;

/** The oldest tap the server accepts (`ageMs` in `checkin:send`): a day. */
export const TAP_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** How many unsent taps a phone keeps while offline; beyond it the oldest go. */
export const OUTBOX_CAPACITY = 200;

/** The longest "way to find you" a support request carries (lib/protocol/room.ts's supportAskSchema). */
export const MAX_FIND_ME = 60;
/** The longest private cue between facilitators (cueSendSchema). */
export const MAX_CUE = 80;
