// The AWS region of an IoT Core endpoint, for SigV4 signing when the user gives none. aws-crt's rule: the third
// dot-separated label of a host with at least four labels (`<prefix>-ats.iot.<region>.amazonaws.com[.cn]`).
import { ValidationError } from "../core/errors.js";

// [\w+-] for the region label as aws-crt has it (a `+` would be odd, but it is what aws-crt accepts).
const REGION_PATTERN = /^[\w-]+\.[\w-]+\.([\w+-]+)\./;

/**
 * `abc-ats.iot.us-west-2.amazonaws.com` → `us-west-2`. Throws a ValidationError (field `region`) when the host
 * has too few labels (e.g. `localhost`): pass `region` in the WebsocketSigv4Config then.
 */
export function extractRegionFromEndpoint(hostName: string): string {
  const match = REGION_PATTERN.exec(hostName);
  if (match?.[1] === undefined) {
    throw new ValidationError(
      "region",
      "AWS region could not be extracted from endpoint.  Use 'region' property on WebsocketConfig to set manually.",
    );
  }
  return match[1];
}
