/**
 * Attune's message catalogue: every interface string, one namespace per
 * area, one JSON file per namespace and language. English is the reference;
 * i18n/catalogue.test.ts holds every other language to the same keys and
 * placeholders. Facilitators' own prompts are never translated.
 */
import type { Locale } from "../i18n/locales";
import answersDe from "./de/answers.json";
import authDe from "./de/auth.json";
import libraryDe from "./de/library.json";
import commonDe from "./de/common.json";
import consoleDe from "./de/console.json";
import displayDe from "./de/display.json";
import homeDe from "./de/home.json";
import joinDe from "./de/join.json";
import paletteDe from "./de/palette.json";
import phoneDe from "./de/phone.json";
import teamDe from "./de/team.json";
import roomDe from "./de/room.json";
import supportDe from "./de/support.json";
import silenceDe from "./de/silence.json";
import privacyDe from "./de/privacy.json";
import answersEn from "./en/answers.json";
import authEn from "./en/auth.json";
import libraryEn from "./en/library.json";
import commonEn from "./en/common.json";
import consoleEn from "./en/console.json";
import displayEn from "./en/display.json";
import homeEn from "./en/home.json";
import joinEn from "./en/join.json";
import paletteEn from "./en/palette.json";
import phoneEn from "./en/phone.json";
import teamEn from "./en/team.json";
import roomEn from "./en/room.json";
import supportEn from "./en/support.json";
import silenceEn from "./en/silence.json";
import privacyEn from "./en/privacy.json";

const en = {
  Common: commonEn,
  Home: homeEn,
  Auth: authEn,
  Join: joinEn,
  Phone: phoneEn,
  Console: consoleEn,
  Display: displayEn,
  Library: libraryEn,
  Answers: answersEn,
  Team: teamEn,
  Palette: paletteEn,
  Room: roomEn,
  Support: supportEn,
  Silence: silenceEn,
  Privacy: privacyEn,
};

export type Messages = typeof en;
export type Namespace = keyof Messages;

export const CATALOGUES: Record<Locale, Messages> = {
  en,
  de: { Common: commonDe, Home: homeDe, Auth: authDe, Join: joinDe, Phone: phoneDe, Console: consoleDe, Display: displayDe, Library: libraryDe, Answers: answersDe, Team: teamDe, Palette: paletteDe, Room: roomDe, Support: supportDe, Silence: silenceDe, Privacy: privacyDe },
};

/** Only these namespaces (and Common), for a page's client components: a phone loads no console words. */
export function pickMessages(messages: Messages, namespaces: readonly Namespace[]): Partial<Messages> {
  const picked: Partial<Record<Namespace, unknown>> = { Common: messages.Common };
  for (const namespace of namespaces) picked[namespace] = messages[namespace];
  return picked as Partial<Messages>;
}
