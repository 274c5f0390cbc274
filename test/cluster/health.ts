/**
 * What an orchestrator polling the nodes would see during a fault: every
 * node's /healthz and /readyz, asked straight (not through nginx) every
 * `everyMs` until stopped, or for `maxMs` at most.
 */
import { httpGet, type ClusterNode } from "./cluster.ts";

export interface HealthSample {
  at: number;
  node: string;
  /** The HTTP status, or 0 when the node did not answer at all (refused, or no answer within 2 s). */
  healthz: number;
  readyz: number;
  /** /readyz's body: why it is not ready. */
  readyzSays: string;
}

export function watchHealth(nodes: ClusterNode[], { everyMs = 100, maxMs = 60_000 } = {}) {
  const samples: HealthSample[] = [];
  const began = Date.now();
  let stopped = false;
  const ask = (url: string) => httpGet(url, { timeoutMs: 2_000 }).catch(() => ({ status: 0, body: "" }));
  const loop = (async () => {
    while (!stopped && Date.now() - began < maxMs) {
      const round = nodes.map(async (node) => {
        const at = Date.now();
        const [healthz, readyz] = await Promise.all([ask(`${node.url}/healthz`), ask(`${node.url}/readyz`)]);
        samples.push({ at, node: node.name, healthz: healthz.status, readyz: readyz.status, readyzSays: readyz.body.trim() });
      });
      await Promise.all([...round, new Promise((resolve) => setTimeout(resolve, everyMs))]);
    }
  })();
  return {
    samples,
    async stop(): Promise<void> {
      stopped = true;
      await loop;
    },
  };
}
