"use client";
import { useTranslations } from "next-intl";
import { button, card } from "./ui";

/**
 * Shown instead of a page whose code is older than the server it talks to
 * (the handshake said OUTDATED): one reload brings the new version.
 */
export function UpdatedNotice() {
  const t = useTranslations("Common");
  return (
    <div role="alert" className={card("mx-4 my-10 max-w-md space-y-4 sm:mx-auto")}>
      <h1 className="text-2xl font-semibold tracking-tight">{t("updated.title")}</h1>
      <p className="text-ink/80">{t("updated.body")}</p>
      <button type="button" onClick={() => window.location.reload()} className={button()}>
        {t("reload")}
      </button>
    </div>
  );
}

/** The join link a phone follows: the code, and the key that shows it was not guessed. */
export function joinLink(origin: string, code: string, key: string | null): string {
  return `${origin}/j/${code}${key ? `?k=${key}` : ""}`;
}
