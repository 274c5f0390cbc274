// Typed message keys and locales for next-intl's hooks and functions.
import type { Messages } from "@/messages";
import type { Locale } from "./locales";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
