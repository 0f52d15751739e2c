// Negotiated settings: what the CONNECT asked for, overlaid with the CONNACK (behavior.md §6, api-surface §3.4).
import type { QoS } from "./model/enums.js";

export interface NegotiatedSettings {
  maximumQos: QoS;
  sessionExpiryInterval: number;
  receiveMaximumFromServer: number;
  maximumPacketSizeToServer: number;
  topicAliasMaximumToServer: number;
  topicAliasMaximumToClient: number;
  serverKeepAlive: number;
  retainAvailable: boolean;
  wildcardSubscriptionsAvailable: boolean;
  subscriptionIdentifiersAvailable: boolean;
  sharedSubscriptionsAvailable: boolean;
  rejoinedSession: boolean;
  clientId: string;
}
