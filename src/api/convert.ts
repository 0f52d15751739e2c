// Public (aws-crt-shaped) packets ⇄ internal packets, in one place. Outbound: user values become Uint8Array
// fields and explicit booleans, copied so that later changes to the caller's objects cannot reach the queue.
// Inbound: fresh objects with `type` set, ArrayBuffer payload/correlation data and `userProperties: []` when
// there are none, as aws-crt's Node client hands them out. No validation of MQTT rules here (that is
// src/core/validate); only what conversion itself needs (a payload of an unsupported type).
import { allocateOutput } from "../core/codec/index.js";
import { ValidationError } from "../core/errors.js";
import { DEFAULT_KEEP_ALIVE_INTERVAL_SECONDS } from "./config-defaults.js";
import { PacketType } from "../core/model/enums.js";
import type * as Internal from "../core/model/packet.js";
import type { NegotiatedSettings } from "../core/negotiated-settings.js";
import type * as Public from "./packets.js";

const encoder = new TextEncoder();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Throws ValidationError(field, "must be an object") unless `value` is a non-null object. */
export function requireObject(value: unknown, field: string): asserts value is Record<string, unknown> {
  if (!isRecord(value)) throw new ValidationError(field, "must be an object");
}

/** Copies up to this size are carved from the codec's shared slab; larger ones get their own buffer. */
const LARGEST_SLAB_COPY_BYTES = 4096;

/**
 * A copy of `bytes`. Small copies are views into the codec's shared output slab (output-buffer.ts): no ArrayBuffer
 * per message, the way Node pools small Buffers; the price is that a queued copy keeps its slab alive.
 */
function copyBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength > LARGEST_SLAB_COPY_BYTES) return bytes.slice();
  const copy = allocateOutput(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/**
 * PUBLISH payload → bytes: string → UTF-8; ArrayBufferView → exactly the view's bytes; ArrayBuffer → its bytes;
 * any other object → its JSON text; null/undefined → empty. Always a copy.
 */
export function payloadToBytes(payload: unknown, field: string): Uint8Array {
  if (payload === undefined || payload === null) return new Uint8Array(0);
  if (typeof payload === "string") return encoder.encode(payload);
  if (payload instanceof Uint8Array) return copyBytes(payload); // Buffer too: its slice() would not copy
  if (ArrayBuffer.isView(payload)) return copyBytes(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
  if (payload instanceof ArrayBuffer) return copyBytes(new Uint8Array(payload));
  if (typeof payload === "object") {
    let json: string | undefined;
    try {
      json = JSON.stringify(payload);
    } catch {
      throw new ValidationError(field, "an object payload must be serialisable with JSON.stringify");
    }
    return encoder.encode(json ?? "");
  }
  throw new ValidationError(field, "must be a string, an object, an ArrayBuffer or an ArrayBufferView");
}

/** Binary field (correlation data, password …) → bytes; a string is taken as UTF-8 text. Always a copy. */
export function binaryToBytes(value: unknown, field: string): Uint8Array {
  if (typeof value === "string") return encoder.encode(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  throw new ValidationError(field, "must be an ArrayBuffer, an ArrayBufferView or a string");
}

/** Bytes → a standalone ArrayBuffer holding exactly those bytes (the input may view a larger buffer). */
export function bytesToArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  // The cheapest of the ways measured (ArrayBuffer.prototype.slice, new ArrayBuffer + set): each costs one backing
  // store allocation (~1 µs, the largest single cost of delivering a small message), this one nothing more.
  return new Uint8Array(bytes).buffer;
}

/** Copies a user property list; anything that is not a list of objects is passed on for the validator to refuse. */
function copyUserProperties(value: unknown): Internal.UserProperty[] {
  if (!Array.isArray(value)) return value as Internal.UserProperty[];
  return value.map((property: unknown) =>
    isRecord(property) ? { name: property.name as string, value: property.value as string } : (property as Internal.UserProperty),
  );
}

function outUserProperties(properties: readonly Internal.UserProperty[] | undefined): Public.UserProperty[] {
  return properties === undefined ? [] : properties.map(({ name, value }) => ({ name, value }));
}

// ---------------------------------------------------------------------------------------------------------------
// Outbound

/** Fields PUBLISH shares with the Will Message. */
function copyMessageProperties(
  packet: Record<string, unknown>,
  target: Partial<Internal.PublishPacket & Internal.WillMessage>,
  prefix: string,
): void {
  if (packet.payloadFormat !== undefined) target.payloadFormat = packet.payloadFormat as NonNullable<Internal.PublishPacket["payloadFormat"]>;
  if (packet.messageExpiryIntervalSeconds !== undefined) {
    target.messageExpiryIntervalSeconds = packet.messageExpiryIntervalSeconds as number;
  }
  if (packet.contentType !== undefined) target.contentType = packet.contentType as string;
  if (packet.responseTopic !== undefined) target.responseTopic = packet.responseTopic as string;
  if (packet.correlationData !== undefined) {
    target.correlationData = binaryToBytes(packet.correlationData, `${prefix}correlationData`);
  }
  if (packet.userProperties !== undefined) target.userProperties = copyUserProperties(packet.userProperties);
}

/** User PUBLISH → internal PUBLISH (no packet id; `subscriptionIdentifiers` is ignored outbound, as aws-crt). */
export function publishToInternal(packet: Public.PublishPacket, prefix = ""): Internal.PublishPacket {
  requireObject(packet, prefix === "" ? "packet" : prefix.slice(0, -1));
  const raw = packet as unknown as Record<string, unknown>;
  const result: Internal.PublishPacket = {
    type: PacketType.Publish,
    topicName: packet.topicName,
    payload: payloadToBytes(packet.payload, `${prefix}payload`),
    qos: packet.qos,
    retain: packet.retain ?? false,
    duplicate: false,
  };
  if (packet.topicAlias !== undefined) result.topicAlias = packet.topicAlias;
  copyMessageProperties(raw, result, prefix);
  return result;
}

/** User SUBSCRIBE → internal SUBSCRIBE (packet id 0 = not assigned yet). */
export function subscribeToInternal(packet: Public.SubscribePacket): Internal.SubscribePacket {
  requireObject(packet, "packet");
  const subscriptions: unknown = packet.subscriptions;
  const result: Internal.SubscribePacket = {
    type: PacketType.Subscribe,
    packetId: 0,
    subscriptions: Array.isArray(subscriptions)
      ? subscriptions.map((subscription: unknown, index) => copySubscription(subscription, index))
      : (subscriptions as Internal.Subscription[]),
  };
  if (packet.subscriptionIdentifier !== undefined) result.subscriptionIdentifier = packet.subscriptionIdentifier;
  if (packet.userProperties !== undefined) result.userProperties = copyUserProperties(packet.userProperties);
  return result;
}

function copySubscription(subscription: unknown, index: number): Internal.Subscription {
  requireObject(subscription, `subscriptions[${index}]`);
  const result: Internal.Subscription = {
    topicFilter: subscription.topicFilter as string,
    qos: subscription.qos as Internal.Subscription["qos"],
  };
  if (subscription.noLocal !== undefined) result.noLocal = subscription.noLocal as boolean;
  if (subscription.retainAsPublished !== undefined) result.retainAsPublished = subscription.retainAsPublished as boolean;
  if (subscription.retainHandlingType !== undefined) {
    result.retainHandlingType = subscription.retainHandlingType as NonNullable<Internal.Subscription["retainHandlingType"]>;
  }
  return result;
}

/** User UNSUBSCRIBE → internal UNSUBSCRIBE (packet id 0 = not assigned yet). */
export function unsubscribeToInternal(packet: Public.UnsubscribePacket): Internal.UnsubscribePacket {
  requireObject(packet, "packet");
  const filters: unknown = packet.topicFilters;
  const result: Internal.UnsubscribePacket = {
    type: PacketType.Unsubscribe,
    packetId: 0,
    topicFilters: Array.isArray(filters) ? [...(filters as string[])] : (filters as string[]),
  };
  if (packet.userProperties !== undefined) result.userProperties = copyUserProperties(packet.userProperties);
  return result;
}

/** User DISCONNECT (for stop()) → internal DISCONNECT; a missing reason code means NormalDisconnection. */
export function disconnectToInternal(packet: Public.DisconnectPacket): Internal.DisconnectPacket {
  requireObject(packet, "packet");
  const result: Internal.DisconnectPacket = {
    type: PacketType.Disconnect,
    reasonCode: packet.reasonCode ?? 0,
  };
  if (packet.sessionExpiryIntervalSeconds !== undefined) result.sessionExpiryIntervalSeconds = packet.sessionExpiryIntervalSeconds;
  if (packet.reasonString !== undefined) result.reasonString = packet.reasonString;
  if (packet.serverReference !== undefined) result.serverReference = packet.serverReference;
  if (packet.userProperties !== undefined) result.userProperties = copyUserProperties(packet.userProperties);
  return result;
}

/** The CONNECT template of CoreConfig, from `connectProperties` (absent → keep-alive 1200 s, empty client id, as aws-crt). */
export function connectToInternal(
  packet: Public.ConnectPacket | undefined,
  prefix = "connectProperties.",
): Omit<Internal.ConnectPacket, "type" | "cleanStart"> {
  if (packet === undefined) return { clientId: "", keepAliveIntervalSeconds: DEFAULT_KEEP_ALIVE_INTERVAL_SECONDS };
  requireObject(packet, prefix.slice(0, -1));
  const result: Omit<Internal.ConnectPacket, "type" | "cleanStart"> = {
    clientId: packet.clientId ?? "",
    keepAliveIntervalSeconds: packet.keepAliveIntervalSeconds,
  };
  if (packet.username !== undefined) result.username = packet.username;
  if (packet.password !== undefined) result.password = binaryToBytes(packet.password, `${prefix}password`);
  if (packet.sessionExpiryIntervalSeconds !== undefined) result.sessionExpiryIntervalSeconds = packet.sessionExpiryIntervalSeconds;
  if (packet.receiveMaximum !== undefined) result.receiveMaximum = packet.receiveMaximum;
  if (packet.maximumPacketSizeBytes !== undefined) result.maximumPacketSizeBytes = packet.maximumPacketSizeBytes;
  if (packet.requestResponseInformation !== undefined) result.requestResponseInformation = packet.requestResponseInformation;
  if (packet.requestProblemInformation !== undefined) result.requestProblemInformation = packet.requestProblemInformation;
  if (packet.userProperties !== undefined) result.userProperties = copyUserProperties(packet.userProperties);
  if (packet.will !== undefined) result.will = willToInternal(packet.will, packet.willDelayIntervalSeconds, `${prefix}will.`);
  return result;
}

function willToInternal(will: Public.PublishPacket, willDelayIntervalSeconds: number | undefined, prefix: string): Internal.WillMessage {
  requireObject(will, prefix.slice(0, -1));
  const result: Internal.WillMessage = {
    topicName: will.topicName,
    payload: payloadToBytes(will.payload, `${prefix}payload`),
    qos: will.qos,
    retain: will.retain ?? false,
  };
  if (willDelayIntervalSeconds !== undefined) result.willDelayIntervalSeconds = willDelayIntervalSeconds;
  copyMessageProperties(will as unknown as Record<string, unknown>, result, prefix);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Inbound

/** Received PUBLISH → the aws-crt Node shape: type, topicName, payload (ArrayBuffer), qos, retain, userProperties, optionals. */
export function publishToPublic(packet: Internal.PublishPacket): Public.PublishPacket {
  const result: Public.PublishPacket = {
    type: PacketType.Publish,
    topicName: packet.topicName,
    payload: bytesToArrayBuffer(packet.payload),
    qos: packet.qos,
    retain: packet.retain,
    userProperties: outUserProperties(packet.userProperties),
  };
  if (packet.payloadFormat !== undefined) result.payloadFormat = packet.payloadFormat;
  if (packet.messageExpiryIntervalSeconds !== undefined) result.messageExpiryIntervalSeconds = packet.messageExpiryIntervalSeconds;
  if (packet.topicAlias !== undefined) result.topicAlias = packet.topicAlias;
  if (packet.responseTopic !== undefined) result.responseTopic = packet.responseTopic;
  if (packet.correlationData !== undefined) result.correlationData = bytesToArrayBuffer(packet.correlationData);
  if (packet.subscriptionIdentifiers !== undefined) result.subscriptionIdentifiers = [...packet.subscriptionIdentifiers];
  if (packet.contentType !== undefined) result.contentType = packet.contentType;
  return result;
}

interface AckLike<TCode> {
  reasonCode: TCode;
  reasonString?: string;
  userProperties?: Internal.UserProperty[];
}

function ackToPublic<TCode, TType extends PacketType>(packet: AckLike<TCode>, type: TType): { type: TType; reasonCode: TCode; reasonString?: string; userProperties: Public.UserProperty[] } {
  const result: { type: TType; reasonCode: TCode; reasonString?: string; userProperties: Public.UserProperty[] } = {
    type,
    reasonCode: packet.reasonCode,
    userProperties: outUserProperties(packet.userProperties),
  };
  if (packet.reasonString !== undefined) result.reasonString = packet.reasonString;
  return result;
}

export function pubackToPublic(packet: Internal.PubackPacket): Public.PubackPacket {
  return ackToPublic(packet, PacketType.Puback);
}

export function pubrecToPublic(packet: Internal.PubrecPacket): Public.PubrecPacket {
  return ackToPublic(packet, PacketType.Pubrec);
}

export function pubcompToPublic(packet: Internal.PubcompPacket): Public.PubcompPacket {
  return ackToPublic(packet, PacketType.Pubcomp);
}

export function subackToPublic(packet: Internal.SubackPacket): Public.SubackPacket {
  const result: Public.SubackPacket = {
    type: PacketType.Suback,
    reasonCodes: [...packet.reasonCodes],
    userProperties: outUserProperties(packet.userProperties),
  };
  if (packet.reasonString !== undefined) result.reasonString = packet.reasonString;
  return result;
}

export function unsubackToPublic(packet: Internal.UnsubackPacket): Public.UnsubackPacket {
  const result: Public.UnsubackPacket = {
    type: PacketType.Unsuback,
    reasonCodes: [...packet.reasonCodes],
    userProperties: outUserProperties(packet.userProperties),
  };
  if (packet.reasonString !== undefined) result.reasonString = packet.reasonString;
  return result;
}

export function disconnectToPublic(packet: Internal.DisconnectPacket): Public.DisconnectPacket {
  const result: Public.DisconnectPacket = {
    type: PacketType.Disconnect,
    reasonCode: packet.reasonCode,
    userProperties: outUserProperties(packet.userProperties),
  };
  if (packet.sessionExpiryIntervalSeconds !== undefined) result.sessionExpiryIntervalSeconds = packet.sessionExpiryIntervalSeconds;
  if (packet.reasonString !== undefined) result.reasonString = packet.reasonString;
  if (packet.serverReference !== undefined) result.serverReference = packet.serverReference;
  return result;
}

/** CONNACK → public shape; every property present in the packet is copied, binary ones as ArrayBuffer. */
export function connackToPublic(packet: Internal.ConnackPacket): Public.ConnackPacket {
  const { type: _type, authenticationData, userProperties, ...rest } = packet;
  const result: Public.ConnackPacket = { type: PacketType.Connack, ...rest, userProperties: outUserProperties(userProperties) };
  if (authenticationData !== undefined) result.authenticationData = bytesToArrayBuffer(authenticationData);
  return result;
}

/** A fresh copy of the negotiated settings (users may keep and mutate it). */
export function negotiatedSettingsToPublic(settings: NegotiatedSettings): NegotiatedSettings {
  return { ...settings };
}
