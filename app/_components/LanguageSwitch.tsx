"use client";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, LOCALE_NAMES, LOCALES, isLocale } from "@/i18n/locales";

/**
 * The reader's language, chosen here over the browser's: a cookie, then the
 * server renders the page again in it. Client state (a phone's live
 * connection, its waiting taps) stays as it is.
 */
export function LanguageSwitch({ className = "" }: { className?: string }) {
  const t = useTranslations("Common");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className={`inline-flex items-center gap-1.5 text-sm text-ink/80 ${className}`}>
      <span className="sr-only">{t("language")}</span>
      <span aria-hidden="true">🌐</span>
      <select
        value={locale}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          if (!isLocale(next)) return;
          document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_S}; samesite=lax`;
          startTransition(() => router.refresh());
        }}
        className="min-h-9 rounded-lg border border-ink/25 bg-raised px-2 py-1 text-ink"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
