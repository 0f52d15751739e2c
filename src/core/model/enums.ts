// Protocol and client-behaviour enums. Names and values follow aws-crt's mqtt5 module exactly so that users
// switch by changing one import; QoS 2, PUBREC/PUBREL/PUBCOMP and AUTH codes are additions in the same style.

/** MQTT Quality of Service levels. */
export enum QoS {
  AtMostOnce = 0,
  AtLeastOnce = 1,
  /** Exactly-once delivery (QoS 2); not available in aws-crt. */
  ExactlyOnce = 2,
}

/** Retain Handling subscription option (MQTT 5 §3.8.3.1). */
export enum RetainHandlingType {
  SendOnSubscribe = 0,
  SendOnSubscribeIfNew = 1,
  DontSend = 2,
}

/** Payload Format Indicator property (0x01). */
export enum PayloadFormatIndicator {
  Bytes = 0,
  Utf8 = 1,
}

/** MQTT control packet types (fixed header bits 7–4). */
export enum PacketType {
  Connect = 1,
  Connack = 2,
  Publish = 3,
  Puback = 4,
  Pubrec = 5,
  Pubrel = 6,
  Pubcomp = 7,
  Subscribe = 8,
  Suback = 9,
  Unsubscribe = 10,
  Unsuback = 11,
  Pingreq = 12,
  Pingresp = 13,
  Disconnect = 14,
  Auth = 15,
}

/** CONNACK reason codes. The `…311` members exist for MQTT 3.1.1 compatibility only. */
export enum ConnectReasonCode {
  Success = 0,
  UnacceptableProtocolVersion311 = 1,
  ClientIdRejected311 = 2,
  ServerUnavailable311 = 3,
  InvalidUsernameOrPassword311 = 4,
  NotAuthorized311 = 5,
  UnspecifiedError = 128,
  MalformedPacket = 129,
  ProtocolError = 130,
  ImplementationSpecificError = 131,
  UnsupportedProtocolVersion = 132,
  ClientIdentifierNotValid = 133,
  BadUsernameOrPassword = 134,
  NotAuthorized = 135,
  ServerUnavailable = 136,
  ServerBusy = 137,
  Banned = 138,
  BadAuthenticationMethod = 140,
  TopicNameInvalid = 144,
  PacketTooLarge = 149,
  QuotaExceeded = 151,
  PayloadFormatInvalid = 153,
  RetainNotSupported = 154,
  QosNotSupported = 155,
  UseAnotherServer = 156,
  ServerMoved = 157,
  ConnectionRateExceeded = 159,
}

/** DISCONNECT reason codes. */
export enum DisconnectReasonCode {
  NormalDisconnection = 0,
  DisconnectWithWillMessage = 4,
  UnspecifiedError = 128,
  MalformedPacket = 129,
  ProtocolError = 130,
  ImplementationSpecificError = 131,
  NotAuthorized = 135,
  ServerBusy = 137,
  ServerShuttingDown = 139,
  /** Not in aws-crt's enum but listed by the standard for DISCONNECT (see conformance digest §0). */
  BadAuthenticationMethod = 140,
  KeepAliveTimeout = 141,
  SessionTakenOver = 142,
  TopicFilterInvalid = 143,
  TopicNameInvalid = 144,
  ReceiveMaximumExceeded = 147,
  TopicAliasInvalid = 148,
  PacketTooLarge = 149,
  MessageRateTooHigh = 150,
  QuotaExceeded = 151,
  AdministrativeAction = 152,
  PayloadFormatInvalid = 153,
  RetainNotSupported = 154,
  QosNotSupported = 155,
  UseAnotherServer = 156,
  ServerMoved = 157,
  SharedSubscriptionsNotSupported = 158,
  ConnectionRateExceeded = 159,
  MaximumConnectTime = 160,
  SubscriptionIdentifiersNotSupported = 161,
  WildcardSubscriptionsNotSupported = 162,
}

/** PUBACK reason codes. */
export enum PubackReasonCode {
  Success = 0,
  NoMatchingSubscribers = 16,
  UnspecifiedError = 128,
  ImplementationSpecificError = 131,
  NotAuthorized = 135,
  TopicNameInvalid = 144,
  PacketIdentifierInUse = 145,
  QuotaExceeded = 151,
  PayloadFormatInvalid = 153,
}

/** PUBREC reason codes (same set as PUBACK). Addition to aws-crt. */
export enum PubrecReasonCode {
  Success = 0,
  NoMatchingSubscribers = 16,
  UnspecifiedError = 128,
  ImplementationSpecificError = 131,
  NotAuthorized = 135,
  TopicNameInvalid = 144,
  PacketIdentifierInUse = 145,
  QuotaExceeded = 151,
  PayloadFormatInvalid = 153,
}

/** PUBREL reason codes. Addition to aws-crt. */
export enum PubrelReasonCode {
  Success = 0,
  PacketIdentifierNotFound = 146,
}

/** PUBCOMP reason codes. Addition to aws-crt. */
export enum PubcompReasonCode {
  Success = 0,
  PacketIdentifierNotFound = 146,
}

/** SUBACK reason codes. `Failure311` and `UnspecifiedError` share 128 as in aws-crt. */
export enum SubackReasonCode {
  GrantedQoS0 = 0,
  GrantedQoS1 = 1,
  GrantedQoS2 = 2,
  Failure311 = 128,
  UnspecifiedError = 128,
  ImplementationSpecificError = 131,
  NotAuthorized = 135,
  TopicFilterInvalid = 143,
  PacketIdentifierInUse = 145,
  QuotaExceeded = 151,
  SharedSubscriptionsNotSupported = 158,
  SubscriptionIdentifiersNotSupported = 161,
  WildcardSubscriptionsNotSupported = 162,
}

/** UNSUBACK reason codes. */
export enum UnsubackReasonCode {
  Success = 0,
  NoSubscriptionExisted = 17,
  UnspecifiedError = 128,
  ImplementationSpecificError = 131,
  NotAuthorized = 135,
  TopicFilterInvalid = 143,
  PacketIdentifierInUse = 145,
}

/** AUTH reason codes (enhanced authentication). Addition to aws-crt. */
export enum AuthReasonCode {
  Success = 0,
  ContinueAuthentication = 24,
  ReAuthenticate = 25,
}

/** How the client asks the broker to resume sessions. */
export enum ClientSessionBehavior {
  Default = 0,
  Clean = 1,
  RejoinPostSuccess = 2,
  RejoinAlways = 3,
}

/** Jitter applied to the exponential reconnect backoff. */
export enum RetryJitterType {
  Default = 0,
  None = 1,
  Full = 2,
  Decorrelated = 3,
}

/** What happens to queued and in-flight operations when the connection drops or is not there. */
export enum ClientOperationQueueBehavior {
  Default = 0,
  FailNonQos1PublishOnDisconnect = 1,
  FailQos0PublishOnDisconnect = 2,
  FailAllOnDisconnect = 3,
}

/** Outbound topic-alias policy. */
export enum OutboundTopicAliasBehaviorType {
  Default = 0,
  Manual = 1,
  LRU = 2,
  Disabled = 3,
}

/** Inbound topic-alias policy. */
export enum InboundTopicAliasBehaviorType {
  Default = 0,
  Enabled = 1,
  Disabled = 2,
}

/** Extra validation and flow control for specific brokers. */
export enum ClientExtendedValidationAndFlowControl {
  None = 0,
  AwsIotCoreDefaults = 1,
}
