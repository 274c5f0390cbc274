"use client";
import { useTranslations } from "next-intl";
import type { Shown } from "@/lib/anonymity";

/** A figure with k applied (lib/anonymity.ts), in words: the number, "fewer than k", "someone", or "not shown". */
export function useShownWords(): (shown: Shown) => string {
  const t = useTranslations("Privacy");
  return (shown) => {
    switch (shown.kind) {
      case "count":
        return String(shown.count);
      case "fewer":
        return t("figure.fewer", { k: shown.k });
      case "someone":
        return t("ended.someone");
      case "hidden":
        return t("figure.hidden");
    }
  };
}
