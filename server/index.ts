/**
 * Boots Attune: migrations, then the app and Socket.IO on one port.
 */
import { startAttune } from "./app.ts";
import { loadDotEnv } from "./dotenv.ts";
import { describeDatabase, lanIPv4Addresses, parseEnv } from "./env.ts";

// .env (and .env.local, …) in the working directory, under the environment.
const envFiles = loadDotEnv(process.cwd());
const env = parseEnv();
if (envFiles.length) console.log(`Settings read from ${envFiles.join(", ")} (the environment wins over them)`);
const server = await startAttune(env);
console.log(`Attune is ready at ${server.url.replace("127.0.0.1", "localhost")} (database: ${describeDatabase(env.database)})`);
if (env.host === "0.0.0.0") {
  // Phones need an address they can reach: list this machine's own.
  const port = new URL(server.url).port;
  const addresses = lanIPv4Addresses().map((address) => `http://${address}:${port}`);
  if (addresses.length) console.log(`Phones on this network can join at ${addresses.join(" or ")}`);
}
// Pages served from any other address cannot sign in or connect (docs/security.md).
console.log(`Pages are accepted from ${env.publicOrigins.join(", ")} (PUBLIC_ORIGIN)`);

// Every handler answers its own errors; anything that still slips through is
// logged rather than allowed to take the room down mid-session.
// Timer callbacks are guarded (server/live/clock.ts), so this is a last resort:
// log it with its stack, and keep the sessions and their stored taps running.
process.on("unhandledRejection", (reason) => console.error("[attune] unhandled rejection:", reason));
process.on("uncaughtException", (error) => console.error("[attune] uncaught exception:", error));

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    // Stored taps are acknowledged ones; drain the queue so none is lost on the way out.
    server.close().finally(() => process.exit(0));
  });
}
