import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthPage } from "../_components/AuthPage";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Auth"))("signInTitle") };
}

export default async function Page({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  return <AuthPage mode="signin" next={(await searchParams).next} />;
}
