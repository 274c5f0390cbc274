"use client";
import { useTranslations } from "next-intl";
import { button } from "@/app/_components/ui";
import { Dialog } from "@/app/_components/Dialog";
import { Kbd } from "./PromptPanel";

/**
 * Every console shortcut, in a modal dialog: the browser's own <dialog>, so
 * the page behind is inert (focus stays inside), Esc closes it, and focus
 * goes back to where it was.
 */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("Console.shortcuts");
  const tDeck = useTranslations("Library.deck");
  const tRoom = useTranslations("Room.safe");
  const rows: { keys: string[]; what: string; soon?: boolean }[] = [
    { keys: ["N"], what: t("pushNext") },
    { keys: ["C"], what: t("close") },
    { keys: ["Alt", "↑ ↓"], what: tDeck("shortcutMove") },
    { keys: ["S"], what: tRoom("shortcut") },
    { keys: ["?"], what: t("help") },
    { keys: ["Esc"], what: t("escape") },
    { keys: ["H"], what: t("hold") },
  ];

  return (
    <Dialog open={open} onClose={onClose} labelledBy="shortcuts-title" narrow>
      <div className="space-y-4 p-5">
        <h2 id="shortcuts-title" className="text-xl font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-ink/80">{t("lede")}</p>
        <dl className="divide-y divide-line/70">
          {rows.map((row) => (
            <div key={row.keys.join()} className={`flex items-center justify-between gap-4 py-2 ${row.soon ? "text-ink/75" : ""}`}>
              <dt className="order-2 flex gap-1">
                {row.keys.map((key) => (
                  <kbd key={key} className="inline-grid min-w-7 place-items-center rounded-md border border-line bg-sunken px-1.5 font-sans text-sm leading-6 font-semibold">
                    {key}
                  </kbd>
                ))}
              </dt>
              <dd className="order-1">{row.what}</dd>
            </div>
          ))}
        </dl>
        <div className="flex justify-end">
          <button type="button" onClick={onClose} className={button({ variant: "secondary", size: "sm" })}>
            {t("done")}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
