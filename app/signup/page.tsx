import type { Metadata } from "next";
import { AuthPage } from "../_components/AuthPage";

export const metadata: Metadata = { title: "Create your account" };

export default async function Page({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  return <AuthPage mode="signup" heading="Create your facilitator account" next={(await searchParams).next} />;
}
