/** next-intl's per-request configuration: the reader's language and its catalogue. */
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { CATALOGUES } from "@/messages";
import { LOCALE_COOKIE, resolveLocale } from "./locales";

export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale({
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get("accept-language"),
  });
  return { locale, messages: CATALOGUES[locale] };
});
