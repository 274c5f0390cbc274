/** `npm run db:migrate`: apply pending migrations without starting the app. */
import { loadDotEnv } from "../dotenv.ts";
import { describeDatabase, parseEnv } from "../env.ts";
import { migrateDb } from "./client.ts";

loadDotEnv(process.cwd());
const env = parseEnv();
const where = describeDatabase(env.database);
const { applied } = await migrateDb(env.database);
console.log(applied.length ? `Applied ${applied.join(", ")} to ${where}` : `${where} is up to date.`);
