import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchema } from "./postgres-schema.mjs";

describe("the PostgreSQL schema", () => {
  it("is what scripts/postgres-schema.mjs derives from prisma/schema.prisma (else: npm run db:postgres-schema)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("has the same models, for PostgreSQL, with a client of its own", () => {
    const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8");
    const derived = postgresSchema(sqlite);
    const models = (text: string) => text.slice(text.indexOf("\nmodel "));
    expect(models(derived)).toBe(models(sqlite));
    expect(derived).toMatch(/provider\s*=\s*"postgresql"/);
    expect(derived).toMatch(/output\s*=\s*"\.\.\/\.\.\/server\/generated\/prisma-pg"/);
  });

  it("refuses a schema it does not know how to carry over, rather than derive a wrong one", () => {
    expect(() => postgresSchema("datasource db {\n  provider = \"postgresql\"\n}\n")).toThrow(/provider = "sqlite"/);
    expect(() => postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8").replace("title        String", "title        String @db.Text"))).toThrow(/native type/);
  });
});
