/**
 * Limits of prompt templates and of the answers they ask for, shared by the
 * schemas that enforce them and the forms and phones that pace themselves
 * below them. Numbers only, so a page can import them without a schema library.
 */

/** A prompt's words as the participant reads them (the same bound as typed prompts). */
export const MAX_PROMPT_BODY = 1000;
/** The facilitator's name for a template in the library and the deck. */
export const MAX_TEMPLATE_TITLE = 80;
/** The one-line note to the facilitator on when to use a template. */
export const MAX_FACILITATOR_NOTE = 200;
/** A template's stable key: lower-case words joined by hyphens. */
export const MAX_TEMPLATE_KEY = 64;

/** A reflection's anonymous free-text answer. */
export const MAX_REFLECTION_ANSWER = 500;

/** A scale runs from SCALE_MIN to SCALE_MAX, with a label at each end. */
export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
export const MAX_SCALE_LABEL = 40;

/** A choice offers this many options, each one short line. */
export const MIN_CHOICE_OPTIONS = 2;
export const MAX_CHOICE_OPTIONS = 6;
export const MAX_CHOICE_OPTION = 60;

/** A session template's deck. */
export const MAX_DECK_LENGTH = 50;
/** A session template's description: one paragraph. */
export const MAX_SESSION_TEMPLATE_DESCRIPTION = 600;
/** A facilitator's own prompt templates and session templates, at most. */
export const MAX_OWN_TEMPLATES = 500;
export const MAX_OWN_SESSION_TEMPLATES = 100;

/** A session's check-in palette: 1 to 12 signals. */
export const MIN_PALETTE_SIGNALS = 1;
export const MAX_PALETTE_SIGNALS = 12;
/** A signal's emoji (one emoji, however many code units its sequence takes), label and one-line meaning. */
export const MAX_SIGNAL_EMOJI = 16;
export const MAX_SIGNAL_LABEL = 40;
export const MAX_SIGNAL_MEANING = 120;
/** A signal's stable key: what its check-ins are stored under (`checkin:send`'s `signal`). */
export const MAX_SIGNAL_KEY = 40;

/** The confidentiality note on the phones' welcome screen. */
export const MAX_CONFIDENTIALITY_NOTE = 500;
