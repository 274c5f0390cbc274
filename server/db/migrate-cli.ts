/** `npm run db:migrate`: apply pending migrations without starting the app. */
import { parseEnv } from "../env.ts";
import { migrateSqlite } from "./migrate.ts";

const env = parseEnv();
const { applied } = migrateSqlite(env.databaseFile);
console.log(applied.length ? `Applied ${applied.join(", ")} to ${env.databaseFile}` : `${env.databaseFile} is up to date.`);
