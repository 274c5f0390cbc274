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
