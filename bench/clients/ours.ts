// mqtt5-client (this repository, compiled from src/), configured as shipped: driven exactly like aws-crt.
import { mqtt5 } from "../../src/index.js";
import type { BenchClient, BenchClientOptions } from "./bench-client.js";
import { crtShapedBenchClient } from "./crt-shaped.js";

export function createOursClient(options: BenchClientOptions): BenchClient {
  return crtShapedBenchClient(
    new mqtt5.Mqtt5Client({
      hostName: options.host,
      port: options.port,
      connectProperties: { clientId: options.clientId, keepAliveIntervalSeconds: 60 },
    }),
  );
}
