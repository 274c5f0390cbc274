"use client";
import type { Ack } from "@/lib/protocol/errors";

/** POSTs JSON to one of our routes; a network failure becomes an error Ack too. */
export async function postJson<T>(url: string, body: unknown): Promise<Ack<T>> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return (await res.json()) as Ack<T>;
  } catch {
    return { ok: false, error: { code: "INTERNAL", message: "Could not reach Attune. Check your connection and try again." } };
  }
}
