// aws-crt's native mqtt5 client (npm `aws-crt`), as shipped.
import { mqtt5 } from "aws-crt";
import type { BenchClient, BenchClientOptions } from "./bench-client.js";
import { crtShapedBenchClient } from "./crt-shaped.js";

export function createAwsCrtClient(options: BenchClientOptions): BenchClient {
  return crtShapedBenchClient(
    new mqtt5.Mqtt5Client({
      hostName: options.host,
      port: options.port,
      connectProperties: { clientId: options.clientId, keepAliveIntervalSeconds: 60 },
    }),
  );
}
