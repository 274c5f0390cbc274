/**
 * Two Attune nodes sharing one database and a throwaway Redis, for the
 * "across two nodes" tests: started before the describe block's tests,
 * stopped after them (with every client the tests opened).
 */
import { afterAll, beforeAll } from "vitest";
import { startRedis, type TestRedis } from "./redis.ts";
import { closeClients, startTestServer, type TestServer } from "./server.ts";

export interface TwoNodes {
  redis: TestRedis;
  a: TestServer;
  b: TestServer;
}

/** Call inside a describe block; read `a` and `b` inside its tests (they exist once beforeAll has run). */
export function twoNodes(): TwoNodes {
  const nodes = {} as Partial<TwoNodes>;
  beforeAll(async () => {
    nodes.redis = await startRedis();
    nodes.a = await startTestServer({}, { REDIS_URL: nodes.redis.url });
    nodes.b = await startTestServer({}, { REDIS_URL: nodes.redis.url, DATABASE_URL: nodes.a.database.url });
  });
  afterAll(async () => {
    closeClients();
    await nodes.b?.stop();
    await nodes.a?.stop();
    await nodes.redis?.stop();
  });
  return nodes as TwoNodes;
}
