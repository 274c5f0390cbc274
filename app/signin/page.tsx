import type { Metadata } from "next";
import { AuthPage } from "../_components/AuthPage";

export const metadata: Metadata = { title: "Sign in" };

export default async function Page({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  return <AuthPage mode="signin" heading="Welcome back" next={(await searchParams).next} />;
}
