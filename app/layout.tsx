import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { pickMessages } from "@/messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Home");
  return {
    title: { default: "Attune", template: "%s · Attune" },
    description: t("metaDescription"),
    applicationName: "Attune",
    appleWebApp: { capable: true, title: "Attune", statusBarStyle: "default" },
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  viewportFit: "cover",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f3ee" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1719" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next.js puts the request's CSP nonce
  // (proxy.ts) on its scripts only then. A page prerendered at build time has
  // no nonce, and its scripts would be refused. The language is per request too.
  await connection();
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <html lang={locale}>
      <body className="min-h-dvh antialiased">
        <NextIntlClientProvider messages={pickMessages(messages, [])}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
