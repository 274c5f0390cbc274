import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { pickMessages, type Namespace } from "@/messages";

/**
 * Hands a page's client components their words: Common and the namespaces
 * named, nothing else, so a phone does not download the console's catalogue.
 */
export async function Messages({ namespaces, children }: { namespaces: readonly Namespace[]; children: React.ReactNode }) {
  const messages = await getMessages();
  return <NextIntlClientProvider messages={pickMessages(messages, namespaces)}>{children}</NextIntlClientProvider>;
}
