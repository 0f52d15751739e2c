// Seeded generators of VALID internal packets (src/core/model/packet.ts) for property tests, the mqtt-packet
// oracle and the fuzzer. "Valid" means what the standard allows on the wire (conformance digest §1–§5): every
// property the packet may carry appears in random subsets, values stay inside their legal ranges (e.g. Receive
// Maximum ≥ 1, Topic Alias ≥ 1, Subscription Identifier ≥ 1, Maximum QoS 0/1), reason codes come from the packet's
// own column of the reason-code table, and strings never hold U+0000 or lone surrogates. Values sit at boundaries
// now and then (0, 65,535, 2^32-1, VBI 268,435,455, empty and 65,535-byte strings).
import {
  PacketType,
  PayloadFormatIndicator,
  QoS,
  RetainHandlingType,
} from "../../src/core/model/enums.js";
import type {
  AuthPacket,
  ConnackPacket,
  ConnectPacket,
  DisconnectPacket,
  Packet,
  PublishPacket,
  SubackPacket,
  SubscribePacket,
  Subscription,
  UnsubackPacket,
  UnsubscribePacket,
  UserProperty,
  WillMessage,
} from "../../src/core/model/packet.js";
import type { SeededRandom } from "./seeded-random.js";

export interface GeneratorOptions {
  /** Probability that a string or binary field is exactly 65,535 bytes long (the largest encodable). */
  hugeFieldProbability?: number;
  /** Largest length (in code points / bytes) of an ordinary string or binary field. */
  maxShortLength?: number;
  /** Upper bound for PUBLISH and Will payload sizes; by default sizes around Remaining Length boundaries occur. */
  maxPayloadBytes?: number;
}

const DEFAULT_OPTIONS: Required<GeneratorOptions> = {
  hugeFieldProbability: 1 / 4000,
  maxShortLength: 16,
  maxPayloadBytes: Number.POSITIVE_INFINITY,
};

export const ALL_PACKET_TYPES: readonly PacketType[] = [
  PacketType.Connect, PacketType.Connack, PacketType.Publish, PacketType.Puback, PacketType.Pubrec,
  PacketType.Pubrel, PacketType.Pubcomp, PacketType.Subscribe, PacketType.Suback, PacketType.Unsubscribe,
  PacketType.Unsuback, PacketType.Pingreq, PacketType.Pingresp, PacketType.Disconnect, PacketType.Auth,
];

const PUBACK_PUBREC_CODES = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99] as const;

/** Each packet's column of the reason-code table (conformance digest §4), both directions. */
export const ALLOWED_REASON_CODES = {
  connack: [
    0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97, 0x99, 0x9a,
    0x9b, 0x9c, 0x9d, 0x9f,
  ],
  puback: PUBACK_PUBREC_CODES,
  pubrec: PUBACK_PUBREC_CODES,
  pubrel: [0x00, 0x92],
  pubcomp: [0x00, 0x92],
  suback: [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2],
  unsuback: [0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91],
  disconnect: [
    0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96,
    0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
  ],
  auth: [0x00, 0x18, 0x19],
} as const satisfies Record<string, readonly number[]>;

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;
export const VBI_MAX = 268_435_455;
export const MAX_STRING_BYTES = 0xffff;

const utf8 = new TextEncoder();

/** Field-value generators bound to one rng and one set of options. */
class FieldGenerator {
  readonly options: Required<GeneratorOptions>;
  constructor(readonly rng: SeededRandom, options: GeneratorOptions) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Whether an optional property is present (about half of the time). */
  present(): boolean {
    return this.rng.bool(0.5);
  }

  u16(min = 0): number {
    if (this.rng.bool(0.2)) return this.rng.pick([min, min + 1, 127, 128, 255, 256, U16_MAX - 1, U16_MAX]);
    return this.rng.int(min, U16_MAX);
  }

  u32(min = 0): number {
    if (this.rng.bool(0.2)) {
      return this.rng.pick([min, min + 1, 127, 128, 16_383, 16_384, U16_MAX, U16_MAX + 1, 2 ** 31 - 1, 2 ** 31,
        U32_MAX - 1, U32_MAX]);
    }
    return this.rng.bool(0.5) ? this.rng.int(min, 100_000) : this.rng.int(min, U32_MAX);
  }

  /** Subscription Identifier: 1..268,435,455, with the 1/2/3/4-byte VBI boundaries. */
  subscriptionIdentifier(): number {
    if (this.rng.bool(0.3)) {
      return this.rng.pick([1, 2, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, VBI_MAX - 1, VBI_MAX]);
    }
    return this.rng.bool(0.5) ? this.rng.int(1, 20_000) : this.rng.int(1, VBI_MAX);
  }

  packetId(): number {
    return this.u16(1);
  }

  qos(): QoS {
    return this.rng.pick([QoS.AtMostOnce, QoS.AtLeastOnce, QoS.ExactlyOnce]);
  }

  string(): string {
    const { rng } = this;
    if (rng.bool(this.options.hugeFieldProbability)) return rng.stringOfUtf8Length(MAX_STRING_BYTES);
    const length = rng.int(0, this.options.maxShortLength);
    if (rng.bool(0.1)) return "";
    return rng.bool(0.4) ? rng.asciiString(length) : rng.unicodeString(length);
  }

  binary(): Uint8Array {
    const { rng } = this;
    if (rng.bool(this.options.hugeFieldProbability)) return rng.bytes(MAX_STRING_BYTES);
    return rng.bool(0.1) ? new Uint8Array(0) : rng.bytes(rng.int(0, this.options.maxShortLength));
  }

  /** A Topic Name: at least one character, no wildcards [MQTT-3.3.2-2], empty levels allowed. */
  topicName(): string {
    const { rng } = this;
    if (rng.bool(this.options.hugeFieldProbability)) return "t".repeat(MAX_STRING_BYTES);
    const levels: string[] = [];
    const count = rng.int(1, 5);
    for (let i = 0; i < count; i++) levels.push(this.topicLevel());
    const name = (rng.bool(0.05) ? "$SYS/" : "") + levels.join("/");
    return name === "" ? "/" : name;
  }

  /** A Topic Filter: '+' as whole levels, '#' only last, sometimes a shared subscription. */
  topicFilter(): { filter: string; shared: boolean } {
    const { rng } = this;
    const levels: string[] = [];
    const count = rng.int(1, 5);
    for (let i = 0; i < count; i++) {
      const kind = rng.int(0, 9);
      if (kind === 0) levels.push("+");
      else if (kind === 1 && i === count - 1) levels.push("#");
      else levels.push(this.topicLevel());
    }
    let filter = levels.join("/");
    if (filter === "") filter = "#";
    const shared = rng.bool(0.1);
    if (shared) filter = `$share/${rng.stringFrom("abcdefghijklmnopqrstuvwxyz0123456789", rng.int(1, 8))}/${filter}`;
    return { filter, shared };
  }

  private topicLevel(): string {
    const raw = this.rng.bool(0.5)
      ? this.rng.stringFrom("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.$ ", this.rng.int(0, 8))
      : this.rng.unicodeString(this.rng.int(0, 6));
    return raw.replace(/[+#/]/g, "_");
  }

  /** Payload bytes; sizes now and then straddle the 1/2/3-byte Remaining Length boundaries. */
  payload(utf8Only: boolean): Uint8Array {
    const { rng } = this;
    if (utf8Only) return utf8.encode(rng.unicodeString(rng.int(0, Math.min(64, this.options.maxPayloadBytes))));
    const size = rng.weighted<number>([
      [10, 0],
      [50, rng.int(1, 64)],
      [25, rng.int(65, 1024)],
      [8, rng.int(100, 140)],
      [2, rng.int(16_360, 16_400)],
      [0.2, rng.int(65_536, 140_000)],
    ]);
    return rng.bytes(Math.min(size, this.options.maxPayloadBytes));
  }

  /** Absent, empty list, or 1–6 pairs with repeated names and empty strings now and then. */
  userProperties(): UserProperty[] | undefined {
    const { rng } = this;
    const roll = rng.int(0, 99);
    if (roll < 40) return undefined;
    if (roll < 45) return [];
    const out: UserProperty[] = [];
    const count = rng.int(1, 6);
    for (let i = 0; i < count; i++) {
      const previous = out.length > 0 && rng.bool(0.25) ? rng.pick(out) : undefined;
      out.push({ name: previous?.name ?? this.string(), value: this.string() });
    }
    return out;
  }
}

/** Adds `userProperties` when the generator chose to (absent stays absent: exactOptionalPropertyTypes). */
function withUserProperties<T extends { userProperties?: UserProperty[] }>(gen: FieldGenerator, packet: T): T {
  const userProperties = gen.userProperties();
  if (userProperties !== undefined) packet.userProperties = userProperties;
  return packet;
}

function willMessage(gen: FieldGenerator): WillMessage {
  const payloadFormat = gen.present() ? gen.rng.pick([PayloadFormatIndicator.Bytes, PayloadFormatIndicator.Utf8]) : undefined;
  const will: WillMessage = {
    topicName: gen.topicName(),
    payload: gen.payload(payloadFormat === PayloadFormatIndicator.Utf8),
    qos: gen.qos(),
    retain: gen.rng.bool(),
  };
  if (gen.present()) will.willDelayIntervalSeconds = gen.u32();
  if (payloadFormat !== undefined) will.payloadFormat = payloadFormat;
  if (gen.present()) will.messageExpiryIntervalSeconds = gen.u32();
  if (gen.present()) will.contentType = gen.string();
  if (gen.present()) will.responseTopic = gen.topicName();
  if (gen.present()) will.correlationData = gen.binary();
  return withUserProperties(gen, will);
}

function connect(gen: FieldGenerator): ConnectPacket {
  const p: ConnectPacket = {
    type: PacketType.Connect,
    clientId: gen.rng.bool(0.5) ? gen.rng.stringFrom("abcdefghijklmnopqrstuvwxyz0123456789", gen.rng.int(0, 23)) : gen.string(),
    cleanStart: gen.rng.bool(),
    keepAliveIntervalSeconds: gen.u16(),
  };
  if (gen.present()) p.username = gen.string();
  if (gen.present()) p.password = gen.binary(); // a password without a user name is legal in MQTT 5
  if (gen.present()) p.will = willMessage(gen);
  if (gen.present()) p.sessionExpiryIntervalSeconds = gen.u32();
  if (gen.present()) p.receiveMaximum = gen.u16(1);
  if (gen.present()) p.maximumPacketSizeBytes = gen.u32(1);
  if (gen.present()) p.topicAliasMaximum = gen.u16();
  if (gen.present()) p.requestResponseInformation = gen.rng.bool();
  if (gen.present()) p.requestProblemInformation = gen.rng.bool();
  if (gen.present()) {
    p.authenticationMethod = gen.string();
    // Authentication Data without a method is a Protocol Error, so it only comes with one.
    if (gen.present()) p.authenticationData = gen.binary();
  }
  return withUserProperties(gen, p);
}

function connack(gen: FieldGenerator): ConnackPacket {
  const reasonCode = gen.rng.bool(0.4) ? 0 : gen.rng.pick(ALLOWED_REASON_CODES.connack);
  const p: ConnackPacket = {
    type: PacketType.Connack,
    // A non-zero reason code requires Session Present 0 [MQTT-3.2.2-6].
    sessionPresent: reasonCode === 0 && gen.rng.bool(),
    reasonCode,
  };
  if (gen.present()) p.sessionExpiryInterval = gen.u32();
  if (gen.present()) p.receiveMaximum = gen.u16(1);
  if (gen.present()) p.maximumQos = gen.rng.pick([QoS.AtMostOnce, QoS.AtLeastOnce]);
  if (gen.present()) p.retainAvailable = gen.rng.bool();
  if (gen.present()) p.maximumPacketSize = gen.u32(1);
  if (gen.present()) p.assignedClientIdentifier = gen.string();
  if (gen.present()) p.topicAliasMaximum = gen.u16();
  if (gen.present()) p.reasonString = gen.string();
  if (gen.present()) p.wildcardSubscriptionsAvailable = gen.rng.bool();
  if (gen.present()) p.subscriptionIdentifiersAvailable = gen.rng.bool();
  if (gen.present()) p.sharedSubscriptionsAvailable = gen.rng.bool();
  if (gen.present()) p.serverKeepAlive = gen.u16();
  if (gen.present()) p.responseInformation = gen.string();
  if (gen.present()) p.serverReference = gen.string();
  if (gen.present()) {
    p.authenticationMethod = gen.string();
    if (gen.present()) p.authenticationData = gen.binary();
  }
  return withUserProperties(gen, p);
}

function publish(gen: FieldGenerator): PublishPacket {
  const { rng } = gen;
  const qos = gen.qos();
  const payloadFormat = gen.present() ? rng.pick([PayloadFormatIndicator.Bytes, PayloadFormatIndicator.Utf8]) : undefined;
  const topicAlias = gen.present() ? gen.u16(1) : undefined;
  const p: PublishPacket = {
    type: PacketType.Publish,
    // An empty Topic Name is only legal together with a Topic Alias.
    topicName: topicAlias !== undefined && rng.bool(0.5) ? "" : gen.topicName(),
    payload: gen.payload(payloadFormat === PayloadFormatIndicator.Utf8),
    qos,
    retain: rng.bool(),
    duplicate: qos !== QoS.AtMostOnce && rng.bool(), // DUP is 0 for QoS 0 [MQTT-3.3.1-2]
  };
  if (qos !== QoS.AtMostOnce) p.packetId = gen.packetId(); // [MQTT-2.2.1-2]
  if (payloadFormat !== undefined) p.payloadFormat = payloadFormat;
  if (gen.present()) p.messageExpiryIntervalSeconds = gen.u32();
  if (topicAlias !== undefined) p.topicAlias = topicAlias;
  if (gen.present()) p.responseTopic = gen.topicName();
  if (gen.present()) p.correlationData = gen.binary();
  if (rng.bool(0.3)) {
    // Inbound only, and repeatable (even with identical values).
    const ids: number[] = [];
    const count = rng.weighted<number>([[2, 0], [6, 1], [3, rng.int(2, 4)], [1, rng.int(5, 12)]]);
    for (let i = 0; i < count; i++) ids.push(ids.length > 0 && rng.bool(0.1) ? rng.pick(ids) : gen.subscriptionIdentifier());
    p.subscriptionIdentifiers = ids;
  }
  if (gen.present()) p.contentType = gen.string();
  return withUserProperties(gen, p);
}

function ack<T extends PacketType.Puback | PacketType.Pubrec | PacketType.Pubrel | PacketType.Pubcomp>(
  gen: FieldGenerator,
  type: T,
  codes: readonly number[],
): { type: T; packetId: number; reasonCode: number; reasonString?: string; userProperties?: UserProperty[] } {
  const p: { type: T; packetId: number; reasonCode: number; reasonString?: string; userProperties?: UserProperty[] } = {
    type,
    packetId: gen.packetId(),
    // Success is the common case and exercises the short forms (Remaining Length 2 and 3).
    reasonCode: gen.rng.bool(0.4) ? 0 : gen.rng.pick(codes),
  };
  if (gen.present()) p.reasonString = gen.string();
  return withUserProperties(gen, p);
}

function subscription(gen: FieldGenerator): Subscription {
  const { filter, shared } = gen.topicFilter();
  const s: Subscription = { topicFilter: filter, qos: gen.qos() };
  // No Local on a shared subscription is a Protocol Error [MQTT-3.8.3-4].
  if (gen.present()) s.noLocal = !shared && gen.rng.bool();
  if (gen.present()) s.retainAsPublished = gen.rng.bool();
  if (gen.present()) {
    s.retainHandlingType = gen.rng.pick([
      RetainHandlingType.SendOnSubscribe, RetainHandlingType.SendOnSubscribeIfNew, RetainHandlingType.DontSend,
    ]);
  }
  return s;
}

function subscribe(gen: FieldGenerator): SubscribePacket {
  const subscriptions: Subscription[] = [];
  const count = gen.rng.weighted<number>([[6, 1], [3, gen.rng.int(2, 5)], [1, gen.rng.int(6, 40)]]);
  for (let i = 0; i < count; i++) subscriptions.push(subscription(gen));
  const p: SubscribePacket = { type: PacketType.Subscribe, packetId: gen.packetId(), subscriptions };
  if (gen.present()) p.subscriptionIdentifier = gen.subscriptionIdentifier();
  return withUserProperties(gen, p);
}

function codeList(gen: FieldGenerator, codes: readonly number[]): number[] {
  const count = gen.rng.weighted<number>([[6, 1], [3, gen.rng.int(2, 8)], [1, gen.rng.int(9, 60)]]);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(gen.rng.pick(codes));
  return out;
}

function disconnect(gen: FieldGenerator): DisconnectPacket {
  const p: DisconnectPacket = {
    type: PacketType.Disconnect,
    reasonCode: gen.rng.bool(0.4) ? 0 : gen.rng.pick(ALLOWED_REASON_CODES.disconnect),
  };
  // Session Expiry Interval is client→server only, but the codec serves both directions.
  if (gen.present()) p.sessionExpiryIntervalSeconds = gen.u32();
  if (gen.present()) p.reasonString = gen.string();
  if (gen.present()) p.serverReference = gen.string();
  return withUserProperties(gen, p);
}

function auth(gen: FieldGenerator): AuthPacket {
  const p: AuthPacket = {
    type: PacketType.Auth,
    reasonCode: gen.rng.pick(ALLOWED_REASON_CODES.auth),
    // The Authentication Method is mandatory in every AUTH (conformance digest §5.10).
    authenticationMethod: gen.string(),
  };
  if (gen.present()) p.authenticationData = gen.binary();
  if (gen.present()) p.reasonString = gen.string();
  return withUserProperties(gen, p);
}

/** A random valid packet of `type` (or of a random type). */
export function randomPacket(rng: SeededRandom, type?: PacketType, options: GeneratorOptions = {}): Packet {
  const gen = new FieldGenerator(rng, options);
  const chosen = type ?? rng.pick(ALL_PACKET_TYPES);
  switch (chosen) {
    case PacketType.Connect: return connect(gen);
    case PacketType.Connack: return connack(gen);
    case PacketType.Publish: return publish(gen);
    case PacketType.Puback: return ack(gen, PacketType.Puback, ALLOWED_REASON_CODES.puback);
    case PacketType.Pubrec: return ack(gen, PacketType.Pubrec, ALLOWED_REASON_CODES.pubrec);
    case PacketType.Pubrel: return ack(gen, PacketType.Pubrel, ALLOWED_REASON_CODES.pubrel);
    case PacketType.Pubcomp: return ack(gen, PacketType.Pubcomp, ALLOWED_REASON_CODES.pubcomp);
    case PacketType.Subscribe: return subscribe(gen);
    case PacketType.Suback: {
      const p: SubackPacket = { type: PacketType.Suback, packetId: gen.packetId(), reasonCodes: codeList(gen, ALLOWED_REASON_CODES.suback) };
      if (gen.present()) p.reasonString = gen.string();
      return withUserProperties(gen, p);
    }
    case PacketType.Unsubscribe: {
      const topicFilters: string[] = [];
      const count = rng.weighted<number>([[6, 1], [3, rng.int(2, 5)], [1, rng.int(6, 40)]]);
      for (let i = 0; i < count; i++) topicFilters.push(gen.topicFilter().filter);
      const p: UnsubscribePacket = { type: PacketType.Unsubscribe, packetId: gen.packetId(), topicFilters };
      return withUserProperties(gen, p);
    }
    case PacketType.Unsuback: {
      const p: UnsubackPacket = { type: PacketType.Unsuback, packetId: gen.packetId(), reasonCodes: codeList(gen, ALLOWED_REASON_CODES.unsuback) };
      if (gen.present()) p.reasonString = gen.string();
      return withUserProperties(gen, p);
    }
    case PacketType.Pingreq: return { type: PacketType.Pingreq };
    case PacketType.Pingresp: return { type: PacketType.Pingresp };
    case PacketType.Disconnect: return disconnect(gen);
    case PacketType.Auth: return auth(gen);
  }
}
