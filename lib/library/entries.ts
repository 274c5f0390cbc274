/**
 * The library as a facilitator browses it: the built-in templates and their
 * own, each named by a reference that cannot collide (a built-in key, or
 * "mine:<id>"), and the search and filters of the library page and the
 * console's picker.
 */
import { BUILT_IN_TEMPLATES } from "./prompts";
import type { OwnTemplate, PromptKind, PromptTemplate } from "./schemas";
import type { Phase } from "../content";

export interface LibraryEntry {
  /** A built-in template's key, or "mine:<id>" for one of the facilitator's own. */
  ref: string;
  own: boolean;
  template: OwnTemplate;
}

const MINE = "mine:";

export function ownRef(id: string): string {
  return MINE + id;
}

/** The row id in an own template's reference; null for a built-in key. */
export function ownIdOf(ref: string): string | null {
  return ref.startsWith(MINE) ? ref.slice(MINE.length) : null;
}

function withoutKey({ key: _key, ...template }: PromptTemplate): OwnTemplate {
  void _key;
  return template;
}

export const BUILT_IN_ENTRIES: readonly LibraryEntry[] = BUILT_IN_TEMPLATES.map((template) => ({
  ref: template.key,
  own: false,
  template: withoutKey(template),
}));

/** One of the facilitator's own session templates, as the library and the console home list it. */
export interface OwnSessionTemplate {
  id: string;
  title: string;
  description: string;
  /** The deck's prompt titles, in order. */
  deck: string[];
  createdAt: number;
}

export interface LibraryFilter {
  /** Words to find in a template's title, words or note (all of them, in any order). */
  query?: string;
  phase?: Phase | null;
  kind?: PromptKind | null;
}

/** Lower case, without accents: "Überraschung" is found by "uberraschung". */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

/** The entries that match, in their order. */
export function filterLibrary<E extends LibraryEntry>(entries: readonly E[], { query = "", phase = null, kind = null }: LibraryFilter): E[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return entries.filter(({ template }) => {
    if (phase && template.phase !== phase) return false;
    if (kind && template.kind !== kind) return false;
    if (words.length === 0) return true;
    const text = fold(`${template.title}\n${template.body}\n${template.note}`);
    return words.every((word) => text.includes(word));
  });
}
