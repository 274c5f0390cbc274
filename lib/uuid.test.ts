import { describe, expect, it } from "vitest";
import { checkInSendSchema } from "./protocol/schemas";
import { randomId } from "./uuid";

describe("randomId", () => {
  it("makes v4 UUIDs that the check-in schema accepts, never twice", () => {
    const ids = new Set(Array.from({ length: 1000 }, randomId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(checkInSendSchema.safeParse({ id, signal: "i-see", ageMs: 0 }).success).toBe(true);
    }
  });
});
