// Reason-code predicates as aws-crt exports them from `mqtt5`, plus the QoS 2 ones in the same style.
// Codes below 0x80 are successes in MQTT 5 (§2.4); for CONNACK only 0x00 is.
import {
  ConnectReasonCode,
  type DisconnectReasonCode,
  type PubackReasonCode,
  type PubcompReasonCode,
  type PubrecReasonCode,
  type PubrelReasonCode,
  type SubackReasonCode,
  type UnsubackReasonCode,
} from "./enums.js";

const FIRST_FAILURE_CODE = 0x80;

/** True only for ConnectReasonCode.Success (0). */
export function isSuccessfulConnectReasonCode(reasonCode: ConnectReasonCode): boolean {
  return reasonCode === ConnectReasonCode.Success;
}

/** True for codes below 128 (NormalDisconnection, DisconnectWithWillMessage). */
export function isSuccessfulDisconnectReasonCode(reasonCode: DisconnectReasonCode): boolean {
  return reasonCode < FIRST_FAILURE_CODE;
}

/** True for the granted-QoS codes (below 128). */
export function isSuccessfulSubackReasonCode(reasonCode: SubackReasonCode): boolean {
  return reasonCode < FIRST_FAILURE_CODE;
}

/** True for codes below 128 (Success, NoSubscriptionExisted). */
export function isSuccessfulUnsubackReasonCode(reasonCode: UnsubackReasonCode): boolean {
  return reasonCode < FIRST_FAILURE_CODE;
}

/** True for codes below 128 (Success, NoMatchingSubscribers). */
export function isSuccessfulPubackReasonCode(reasonCode: PubackReasonCode): boolean {
  return reasonCode < FIRST_FAILURE_CODE;
}

/** True for codes below 128 (Success, NoMatchingSubscribers). Addition to aws-crt. */
export function isSuccessfulPubrecReasonCode(reasonCode: PubrecReasonCode): boolean {
  return reasonCode < FIRST_FAILURE_CODE;
}

/** True for Success (0). Addition to aws-crt. */
export function isSuccessfulPubrelReasonCode(reasonCode: PubrelReasonCode): boolean {
  return reasonCode < FIRST_FAILURE_CODE;
}

/** True for Success (0). Addition to aws-crt. */
export function isSuccessfulPubcompReasonCode(reasonCode: PubcompReasonCode): boolean {
  return reasonCode < FIRST_FAILURE_CODE;
}
