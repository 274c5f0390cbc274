// Types for scripts/postgres-schema.mjs (plain JavaScript, so npm scripts run it without tsx).
export declare const SQLITE_SCHEMA: string;
export declare const POSTGRES_SCHEMA: string;
/** The PostgreSQL schema for the text of the SQLite one. */
export declare function postgresSchema(sqlite: string): string;
/** Writes the derived schema; true when it changed. */
export declare function writePostgresSchema(from?: string, to?: string): boolean;
