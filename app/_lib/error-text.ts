"use client";
import { useLocale, useTranslations } from "next-intl";
import type { AppErrorBody } from "@/lib/protocol/errors";

/**
 * What to show for an error the server answered with. The server words its
 * messages in English, sometimes more precisely than its code (a password's
 * weakness); in another language the catalogue's words for the code.
 */
export function useErrorText(): (error: AppErrorBody) => string {
  const t = useTranslations("Common");
  const locale = useLocale();
  return (error) => (locale === "en" ? error.message : t(`errors.${error.code}`));
}
