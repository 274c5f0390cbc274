/**
 * A phone's answer card and the console's results, as the answers and the
 * journey specs read them.
 */
import type { Page } from "@playwright/test";
import { request } from "../../lib/protocol/registry";
import type { AnswerValue } from "../../lib/protocol/views";
import { nodePhone, type LiveSession, type NodePhone } from "./seed";
import { expect } from "./test";

/** What a phone says once its answer (or its pass) is stored. */
export const SENT = "✓ Sent — you can change it while the prompt is open";

export const card = (phone: Page) => phone.getByTestId("answer-card");
export const answerStatus = (phone: Page) => phone.getByTestId("answer-status");
/** The console's "N answered · M passed". */
export const counts = (console: Page) => console.getByTestId("results-counts");
/** A point of a scale on a phone, named "4 (…)". */
export const scalePoint = (phone: Page, point: number) => card(phone).getByRole("button", { name: new RegExp(`^${point} \\(`) });

/** Writes and sends a reflection from a phone, and waits until it is stored. */
export async function writeAnswer(phone: Page, text: string) {
  await card(phone).getByRole("textbox", { name: "Your answer" }).fill(text);
  await card(phone).getByRole("button", { name: "Send" }).click();
  await expect(answerStatus(phone)).toHaveText(SENT);
  await expect(card(phone).getByTestId("my-answer")).toHaveText(text);
}

/** Passes from a phone ("I pass"), and waits until the pass is stored. */
export async function pass(phone: Page) {
  await card(phone).getByRole("button", { name: "I pass" }).click();
  await expect(answerStatus(phone)).toHaveText(SENT);
}

/** The console's bars of a scale or a choice: each row's count as shown, as `{ "4": 2, "2": "fewer than 3" }`. */
export async function expectBars(console: Page, expected: Record<string, number | string>) {
  const bars = console.getByTestId("results-bars");
  for (const [row, count] of Object.entries(expected)) await expect(bars.locator(`[data-row="${row}"] td`).last()).toHaveText(String(count));
}

/**
 * Phones from Node, each answering the open prompt once (their own secret
 * each), as many as `answers`: the phones given, in order, or new ones that
 * leave once they answered.
 */
export async function answerFromNode(session: LiveSession, promptId: string, answers: AnswerValue[], phones: NodePhone[] = []) {
  for (const [i, answer] of answers.entries()) {
    const socket = phones[i] ?? (await nodePhone(session));
    try {
      const ack = await request(socket, "answer:send", { promptId, secret: `node-phone-secret-${String(i).padStart(6, "0")}`, answer });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    } finally {
      if (!phones[i]) socket.disconnect();
    }
  }
}
