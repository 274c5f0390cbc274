import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Brand } from "./Brand";
import { LanguageSwitch } from "./LanguageSwitch";
import { button } from "./ui";

/** The facilitator's own bar: the way back to their sessions, the language, signing out. */
export async function ConsoleHeader({ email }: { email: string }) {
  const t = await getTranslations("Console.header");
  const library = await getTranslations("Library");
  return (
    <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-line bg-raised/60 px-4 py-2 sm:px-6">
      <Brand href="/console" />
      <nav aria-label={t("account")} className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <Link href="/console" className="font-medium text-accent-strong underline-offset-4 hover:underline">
          {t("sessions")}
        </Link>
        <Link href="/console/library" className="font-medium text-accent-strong underline-offset-4 hover:underline">
          {library("headerLink")}
        </Link>
        <LanguageSwitch />
        <span className="hidden text-ink/75 md:inline">{email}</span>
        <form action="/api/auth/signout" method="post">
          <button type="submit" className={button({ variant: "secondary", size: "sm" })}>
            {t("signOut")}
          </button>
        </form>
      </nav>
    </header>
  );
}
