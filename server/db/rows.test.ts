import { describe, expect, it } from "vitest";
import { rowsOf } from "./rows.ts";

describe("rowsOf", () => {
  const at = new Date(Date.UTC(2026, 10, 26, 9, 30));

  it("gives SQLite one group of ? per row, and dates as Prisma's SQLite adapter writes them", () => {
    expect(rowsOf("sqlite", [["a", 1, at], ["b", 2, at]])).toEqual({
      values: "(?, ?, ?), (?, ?, ?)",
      params: ["a", 1, "2026-11-26T09:30:00.000+00:00", "b", 2, "2026-11-26T09:30:00.000+00:00"],
    });
  });

  it("numbers PostgreSQL's placeholders across rows and keeps dates as dates", () => {
    expect(rowsOf("postgres", [["a", at], ["b", at]])).toEqual({ values: "($1, $2), ($3, $4)", params: ["a", at, "b", at] });
  });
});
