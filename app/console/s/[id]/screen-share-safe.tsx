"use client";
import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";

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
