import { describe, expect, it } from "vitest";
import { AppError, isAppError } from "./errors";

describe("isAppError", () => {
  it("recognises an AppError, even one made by another copy of this module", () => {
    expect(isAppError(new AppError("NOT_FOUND"))).toBe(true);
    const twin = Object.assign(new Error("No live session"), { name: "AppError", code: "CODE_NOT_FOUND" });
    expect(isAppError(twin)).toBe(true);
  });

  it("does not mistake other errors for one", () => {
    expect(isAppError(new Error("boom"))).toBe(false);
    expect(isAppError(Object.assign(new Error("x"), { name: "AppError", code: "SOMETHING_ELSE" }))).toBe(false);
    expect(isAppError({ name: "AppError", code: "NOT_FOUND", message: "plain object" })).toBe(false);
  });

  it("keeps a default message for every code", () => {
    expect(new AppError("RATE_LIMITED").toBody()).toEqual({ code: "RATE_LIMITED", message: expect.stringMatching(/wait/i) });
  });
});
