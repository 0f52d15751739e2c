// The rule texts carried by ValidationError.rule. One table so that messages stay consistent, tests can compare
// against the exact rule that must have been broken, and no message ever includes the offending value (it could be
// a password, a token or private data): a rule names the constraint only. A string enum rather than an object:
// bundlers inline each text where it is used and drop the table with its member names (browser bundle size).

export enum ValidationRule {
  // Primitive data types (standard §1.5).
  notString = "must be a string",
  loneSurrogate = "must be well-formed UTF-8, without lone UTF-16 surrogates [MQTT-1.5.4-1]",
  nullCharacter = "must not contain U+0000 [MQTT-1.5.4-2]",
  stringTooLong = "must encode to at most 65,535 UTF-8 bytes",
  notBinary = "must be a Uint8Array",
  binaryTooLong = "must be at most 65,535 bytes long",
  notBoolean = "must be a boolean",
  notArray = "must be an array",
  notUserProperty = "must be an object with string name and value",
  u16 = "must be an integer in 0..65,535",
  u32 = "must be an integer in 0..4,294,967,295",
  nonZeroU16 = "must be an integer in 1..65,535",
  nonZeroU32 = "must be an integer in 1..4,294,967,295",
  subscriptionIdentifierRange = "must be an integer in 1..268,435,455",
  qos = "must be 0 (AtMostOnce), 1 (AtLeastOnce) or 2 (ExactlyOnce)",
  retainHandling = "must be 0 (SendOnSubscribe), 1 (SendOnSubscribeIfNew) or 2 (DontSend)",
  payloadFormat = "must be 0 (Bytes) or 1 (Utf8)",
  payloadNotUtf8 = "must be well-formed UTF-8 because the Payload Format Indicator is 1 (Utf8)",

  // Packet identifiers and flags.
  packetIdRange = "must be a non-zero packet identifier in 1..65,535 [MQTT-2.2.1-3]",
  packetIdWithQos0 = "must be absent when QoS is 0 [MQTT-2.2.1-2]",
  duplicateWithQos0 = "must be false when QoS is 0 [MQTT-3.3.1-2]",

  // Topic names and filters (standard §4.7, §4.8).
  topicEmpty = "must be at least one character long [MQTT-4.7.3-1]",
  topicEmptyWithoutAlias = "may be empty only when a Topic Alias is set [MQTT-4.7.3-1]",
  topicNameWildcard = "must not contain the wildcards '+' or '#' [MQTT-4.7.0-1]",
  hashPlacement = "'#' must stand alone or follow '/', and must be the last character [MQTT-4.7.1-1]",
  plusPlacement = "'+' must occupy an entire topic level [MQTT-4.7.1-2]",
  shareNameEmpty = "a shared subscription needs a ShareName of at least one character after '$share/' [MQTT-4.8.2-1]",
  shareNameWildcard = "the ShareName of a shared subscription must not contain '+' or '#' [MQTT-4.8.2-2]",
  sharedFilterMissing = "the ShareName must be followed by '/' and a non-empty topic filter [MQTT-4.8.2-2]",

  // Packet-level rules.
  noLocalOnSharedSubscription = "No Local must not be set on a shared subscription [MQTT-3.8.3-4]",
  subscriptionsEmpty = "must contain at least one subscription [MQTT-3.8.3-2]",
  topicFiltersEmpty = "must contain at least one topic filter [MQTT-3.10.3-2]",
  subscriptionIdentifierInPublish =
    "must be absent: a client PUBLISH never carries a Subscription Identifier [MQTT-3.3.4-6]",
  topicAliasZero = "must be an integer in 1..65,535; Topic Alias 0 is not allowed [MQTT-3.3.2-8]",
  authenticationDataWithoutMethod = "requires an Authentication Method",
  pubackReasonCode = "is not a PUBACK reason code a client may send [MQTT-3.4.2-1]",
  pubrecReasonCode = "is not a PUBREC reason code a client may send [MQTT-3.5.2-1]",
  pubrelReasonCode = "is not a PUBREL reason code a client may send [MQTT-3.6.2-1]",
  pubcompReasonCode = "is not a PUBCOMP reason code a client may send [MQTT-3.7.2-1]",
  disconnectReasonCode = "is not a DISCONNECT reason code a client may send [MQTT-3.14.2-1]",
  authReasonCode = "is not an AUTH reason code a client may send (0x18 or 0x19) [MQTT-3.15.2-1]",
  serverReferenceFromClient = "must be absent: only the server sends a Server Reference",
  disconnectSessionExpiryAfterZero =
    "must not be non-zero when the CONNECT's Session Expiry Interval was 0 or absent",
  authWithoutConnectMethod =
    "the client must not send AUTH when CONNECT carried no Authentication Method [MQTT-4.12.0-7]",
  authMethodMissing = "is required in every AUTH packet",
  authMethodMismatch = "must equal the Authentication Method sent in CONNECT [MQTT-4.12.0-5]",
  notClientPacket = "is not a packet type a client sends",

  // Limits negotiated in CONNACK.
  qosAboveMaximum = "exceeds the server's Maximum QoS [MQTT-3.2.2-11]",
  retainNotAvailable = "must be false: the server does not support retained messages [MQTT-3.2.2-14]",
  topicAliasNotAllowed = "must be absent: the server's Topic Alias Maximum is 0 [MQTT-3.2.2-18]",
  topicAliasAboveMaximum = "exceeds the server's Topic Alias Maximum [MQTT-3.2.2-17]",
  wildcardSubscriptionsUnavailable = "must not contain wildcards: the server does not support wildcard subscriptions",
  sharedSubscriptionsUnavailable = "must not be a shared subscription: the server does not support them",
  subscriptionIdentifiersUnavailable = "must be absent: the server does not support Subscription Identifiers",

  // AWS IoT Core limits (ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults).
  awsIotTooManySubscriptions = "AWS IoT Core accepts at most 8 subscriptions per SUBSCRIBE",
  awsIotTooManyLevels =
    "AWS IoT Core accepts at most 7 '/' (8 levels), not counting an '$aws/rules/<rule-name>/' or '$share/<group>/' prefix",
  awsIotTopicTooLong =
    "AWS IoT Core accepts topic names of at most 256 UTF-8 bytes, not counting a '$aws/rules/<rule-name>/' prefix",
  awsIotClientIdTooLong = "AWS IoT Core accepts client identifiers of at most 128 UTF-8 bytes",
}

export type ValidationRuleText = (typeof ValidationRule)[keyof typeof ValidationRule];
