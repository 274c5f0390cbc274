"use client";
import { useEffect, useRef } from "react";

/**
 * A modal dialog: the browser's own <dialog>, so the page behind is inert,
 * Esc closes it and focus goes back where it was. Its content is rendered
 * only while open (a form starts afresh each time).
 */
export function Dialog({
  open,
  onClose,
  labelledBy,
  wide = false,
  narrow = false,
  children,
}: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  wide?: boolean;
  narrow?: boolean;
  children: React.ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={labelledBy}
      onClose={() => {
        onClose();
        // The element that opened it may have gone meanwhile (a template deleted elsewhere).
        if (returnTo.current?.isConnected) returnTo.current.focus();
      }}
      // A click on the backdrop (the dialog element itself, outside its box) closes it too.
      onClick={(event) => event.target === dialog.current && dialog.current?.close()}
      className={`m-auto max-h-[calc(100dvh-2rem)] ${wide ? "w-[min(56rem,calc(100vw-1rem))]" : narrow ? "w-[min(28rem,calc(100vw-2rem))]" : "w-[min(36rem,calc(100vw-1rem))]"} overflow-y-auto rounded-2xl border border-line bg-raised p-0 text-ink shadow-xl backdrop:bg-ink/40`}
    >
      {open && children}
    </dialog>
  );
}
