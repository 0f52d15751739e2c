// --help texts of the `mqtt5` binary.
import type { CommandName } from "./args.js";

const CONNECTION_HELP = `Connection options (every command):
  --url URL                 mqtt://host[:port] (TCP, default port 1883) or mqtts://host[:port] (TLS, 8883);
                            user:password@ in the URL is accepted. Default: $MQTT_URL, else
                            mqtt://127.0.0.1:1883 (demo: an embedded broker)
  --client-id ID            default: mqtt5-cli-<8 random hex digits>
  --username NAME
  --password SECRET         never printed; $MQTT_PASSWORD is used when neither this nor the URL has one
  --keep-alive SECONDS      CONNECT keep-alive, 0 = no PINGREQ (default 60)
  --ca FILE                 trusted CA certificate(s), PEM (mqtts; default: the system's CAs)
  --cert FILE --key FILE    client certificate and private key, PEM, for mutual TLS (mqtts)
  --insecure                do not verify the server's certificate (mqtts; testing only)
  --connect-attempts N      give up after N failed connection attempts (default 3; 0 = keep trying)
  --connect-timeout SECONDS bound on each attempt's TCP/TLS connect and on its CONNACK (default 10)
  --log-level LEVEL         client log on stderr: none, error, warn (default), info, debug, trace
  -h, --help`;

const EXIT_CODES = `Exit codes: 0 success, 1 failure (no connection, refused by the broker, timeout), 2 usage error,
130 interrupted (Ctrl-C; sub without --count exits 0).`;

const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  pub: `Usage: mqtt5 pub TOPIC MESSAGE [options]

Connects, publishes MESSAGE (UTF-8) to TOPIC, prints the acknowledgement, stops.

  -q, --qos 0|1|2           QoS (default 0); 1 prints the PUBACK, 2 the PUBCOMP
  -r, --retain              ask the broker to retain the message
  --repeat N                publish N times, one after the other (default 1)`,
  sub: `Usage: mqtt5 sub FILTER [FILTER…] [options]

Connects, subscribes to the topic filters, prints each message as it arrives.

  -q, --qos 0|1|2           maximum QoS of the subscriptions (default 0)
  -C, --count N             exit after N messages (default: run until Ctrl-C)
  --timeout SECONDS         exit with code 1 if N messages have not arrived by then`,
  demo: `Usage: mqtt5 demo [options]

Connects, subscribes, publishes at QoS 0, 1 and 2, prints every event and acknowledgement (SUBACK, PUBACK,
PUBCOMP, UNSUBACK, received messages), then stops and closes. Without --url or $MQTT_URL it starts an
embedded aedes broker on a free 127.0.0.1 port for the run (\`npm start\` runs this).

  --timeout SECONDS         bound on waiting for the published messages to come back (default 10)`,
};

const OVERVIEW = `Usage: mqtt5 <command> [options]

An MQTT 5 command-line client built on mqtt5-client.

Commands:
  pub TOPIC MESSAGE         publish a message (--qos, --retain, --repeat)
  sub FILTER [FILTER…]      subscribe and print messages (--qos, --count, --timeout)
  demo                      tour of the client: connect, subscribe, publish at QoS 0/1/2, stop

Run \`mqtt5 <command> --help\` for a command's own options. \`mqtt5 --version\` prints the version.`;

/** The help text for `command`, or the overview. */
export function helpText(command: CommandName | undefined): string {
  const head = command === undefined ? OVERVIEW : COMMAND_HELP[command];
  return `${head}\n\n${CONNECTION_HELP}\n\n${EXIT_CODES}\n`;
}
