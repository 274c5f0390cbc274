"use client";
import type { Ack } from "@/lib/protocol/errors";

/** A request to one of our JSON routes, any method; a network failure becomes an error Ack too. */
export async function sendJson<T>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, body?: unknown): Promise<Ack<T>> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Ack<T>;
  } catch {
    return { ok: false, error: { code: "INTERNAL", message: "Could not reach Attune. Check your connection and try again." } };
  }
}
