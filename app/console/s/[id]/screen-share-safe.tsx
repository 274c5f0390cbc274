"use client";
import { useTranslations } from "next-intl";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from "react";
import { button } from "@/app/_components/ui";
import { isTyping } from "./shortcuts";

/**
 * Screen-share-safe mode: the facilitator is sharing this console on a call or a projector, so
 * every private panel (the radar's moment card and reminder, care cues, co-facilitator cues,
 * support requests, the care and sensitive signals) hides its content behind a calm line.
 * Console-only client state, kept in this browser's localStorage so a reload keeps it; other tabs
 * of the same browser follow at once (the storage event).
 */

const KEY = "attune.console.screenShareSafe";
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === "on";
  } catch {
    return false; // storage refused (private mode, blocked): the mode lasts as long as the page
  }
}

let fallback: boolean | null = null;

function current(): boolean {
  return fallback ?? read();
}

function write(on: boolean) {
  try {
    if (on) localStorage.setItem(KEY, "on");
    else localStorage.removeItem(KEY);
    fallback = null;
  } catch {
    fallback = on;
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY || event.key === null) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export type ScreenShareSafe = { safe: boolean; toggle(): void };

const Context = createContext<ScreenShareSafe | null>(null);

export function ScreenShareSafeProvider({ children }: { children: ReactNode }) {
  // Off while rendering on the server; the stored choice applies as soon as the page hydrates.
  const safe = useSyncExternalStore(subscribe, current, () => false);
  const toggle = useCallback(() => write(!current()), []);
  const value = useMemo(() => ({ safe, toggle }), [safe, toggle]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** Whether private panels hide their content now, and the switch. Outside the provider: never safe. */
export function useScreenShareSafe(): ScreenShareSafe {
  return useContext(Context) ?? OUTSIDE;
}

const OUTSIDE: ScreenShareSafe = { safe: false, toggle: () => {} };

/**
 * The switch in the console's header, and its key (S, as the shortcuts list says): same rules as the console's
 * other keys (never while typing, never with Ctrl, Alt or Meta, never a held key's repeats).
 */
export function ScreenShareSwitch({ announce }: { announce?: (text: string) => void }) {
  const t = useTranslations("Room.safe");
  const { safe, toggle } = useScreenShareSafe();
  const said = useRef(announce);
  useEffect(() => {
    said.current = announce;
  });
  const flip = useCallback(() => {
    said.current?.(t(current() ? "announceOff" : "announceOn"));
    toggle();
  }, [t, toggle]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || event.isComposing || event.shiftKey) return;
      if (event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      // Not behind an open dialog (the shortcuts list, the room settings).
      if (document.querySelector("dialog[open]")) return;
      if (event.key.toLowerCase() !== "s") return;
      event.preventDefault();
      flip();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flip]);
  return (
    <button
      type="button"
      role="switch"
      aria-checked={safe}
      aria-keyshortcuts="S"
      title={t("switchHint")}
      onClick={flip}
      className={button({ variant: "secondary", size: "sm", className: safe ? "border-accent! bg-accent/15!" : "" })}
      data-testid="screen-share-safe"
    >
      <span aria-hidden="true" className={`relative inline-block h-4 w-7 rounded-full ${safe ? "bg-accent" : "bg-ink/25"}`}>
        <span className={`absolute top-0.5 size-3 rounded-full bg-raised motion-safe:transition-[left] ${safe ? "left-3.5" : "left-0.5"}`} />
      </span>
      <span className="max-sm:sr-only">{t("switch")}</span>
      <span aria-hidden="true" className="sm:hidden">
        {t("switchShort")}
      </span>
    </button>
  );
}

/** The visible line under the header while the mode is on. */
export function ScreenShareBanner() {
  const t = useTranslations("Room.safe");
  const { safe, toggle } = useScreenShareSafe();
  if (!safe) return null;
  return (
    <div className="mx-auto max-w-7xl px-3 pb-2 sm:px-6" data-testid="screen-share-banner">
      <p className="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-accent/40 bg-accent/10 px-3 py-1.5 text-sm font-medium">
        <span>{t("banner")}</span>
        <button type="button" onClick={toggle} className={button({ variant: "quiet", className: "text-sm!" })}>
          {t("turnOff")}
        </button>
      </p>
    </div>
  );
}
