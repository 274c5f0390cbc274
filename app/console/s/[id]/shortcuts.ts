"use client";
import { useEffect, useRef } from "react";

export interface ConsoleShortcuts {
  /** Off while the help is open (the dialog has its own keys) and once the session has ended. */
  enabled: boolean;
  pushNext: () => void;
  closePrompt: () => void;
  openHelp: () => void;
  /** H: hold a silence (./SilencePanel.tsx). */
  holdSilence: () => void;
}

/**
 * The console's keys: N pushes the next prompt (the deck's, else the next technique), C closes the prompt, ?
 * opens the list of shortcuts, H holds a one-minute silence. Never while typing in a field, never with Ctrl, Alt or Meta (the
 * browser's and the system's own shortcuts), never on a held key's repeats.
 */
export function useConsoleShortcuts(shortcuts: ConsoleShortcuts): void {
  // The latest handlers, so the listener is added once.
  const current = useRef(shortcuts);
  useEffect(() => {
    current.current = shortcuts;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { enabled, pushNext, closePrompt, openHelp, holdSilence } = current.current;
      if (!enabled || event.defaultPrevented || event.repeat || event.isComposing) return;
      if (event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      // "?" is Shift+/ on many layouts and its own key on others: read the character, not the key.
      if (event.key === "?") {
        event.preventDefault();
        return openHelp();
      }
      if (event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === "n") {
        event.preventDefault();
        pushNext();
      } else if (key === "c") {
        event.preventDefault();
        closePrompt();
      } else if (key === "h") {
        event.preventDefault();
        holdSilence();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select, [contenteditable]") !== null;
}
