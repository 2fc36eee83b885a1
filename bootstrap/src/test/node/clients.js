'use strict';
// Many real socket.io-client sockets against one Herald server: senders post with client offsets and retry until
// acknowledged, receivers only listen, and (with chaos on) clients drop their transport or reconnect from scratch
// with a stale cursor at random moments. With killAfterAcked > 0 the script asks JUnit to SIGKILL and restart the
// server once that many messages are acknowledged, while the senders keep going.
//
// Usage: node clients.js '<json config>'   (see DEFAULTS). Prints one {"result": ...} line: for every client, every
// socket it opened (a "segment": the cursor it connected with and each delivery as [offset, text], raw, without
// dedupe), plus what was sent and acknowledged. JUnit checks it against the database.

const { io } = require('socket.io-client');
const { finish, log, deadline, step, until, sleep, random } = require('./lib');

const DEFAULTS = {
  url: 'http://127.0.0.1:3000',
  seed: 1,
  senders: [{ transports: 'websocket', mode: 'manual' }],
  receivers: [],
  messagesPerSender: 50,
  window: 4, // a manual sender's messages in flight at once
  paceMs: 20, // a sender waits up to this long between two messages
  ackTimeoutMs: 1500,
  // Share of a manual sender's messages emitted twice at once: a retry racing the original, as when the ack is slow.
  duplicateShare: 0,
  chaos: { enabled: false, minMs: 300, maxMs: 1200, fullReconnectShare: 0.4 },
  killAfterAcked: 0,
  timeoutMs: 50000,
};

const config = { ...DEFAULTS, ...JSON.parse(process.argv[2] || '{}') };
config.chaos = { ...DEFAULTS.chaos, ...config.chaos };
const rnd = random(config.seed);
const runId = Math.floor(rnd() * 1e9).toString(36);
let phase = 'starting';
deadline(config.timeoutMs, () => `phase ${phase}; ${clients.map((c) => c.describe()).join('; ')}`);

const clients = [];
let markerOffset = null;
let markerText = null;

/** One logical chat user: a socket at a time; each socket is a segment with its own starting cursor. */
class Client {
  constructor(name, transports, extraOptions = {}) {
    this.name = name;
    this.transports = transports;
    this.extraOptions = extraOptions;
    this.segments = [];
    this.drops = 0;
    this.fullReconnects = 0;
    this.resets = 0;
    this.connectErrors = 0;
    this.socket = null;
    this.open(0);
  }

  open(cursor) {
    // For diagnosis: connectsAt holds, per (re)connection, [deliveries so far, recovered, transport, the client's
    // recovery offset, socket id]; each delivery is [offset, text, recovery offset (the server's CSR offset),
    // 1 if emitted from the client's receive buffer after a reconnection, else 0].
    const segment = { cursor, deliveries: [], connects: 0, recoveredConnects: 0, connectsAt: [], final: true };
    if (this.segments.length > 0) {
      this.segments[this.segments.length - 1].final = false;
    }
    this.segments.push(segment);
    const socket = io(config.url, {
      forceNew: true, // one connection per client, not one shared Manager per URL
      auth: { serverOffset: cursor },
      // 'websocket': WebSocket only; 'polling': long-polling only; anything else: polling, then upgrade.
      transports: { websocket: ['websocket'], polling: ['polling'] }[this.transports] || ['polling', 'websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 400,
      ...this.extraOptions,
    });
    // socket.io-client hands decoded packets to the socket on the next tick; when the transport closes in between,
    // they land in the socket's receive buffer and are emitted after the NEXT connect, although the reconnection
    // already asked the server to resend from before them. Such deliveries happen between 'disconnect' and
    // 'connect' and are flagged, so the checker can tell this client-side double delivery from a server's.
    let betweenConnections = false;
    socket.on('disconnect', () => {
      betweenConnections = true;
    });
    socket.on('connect', () => {
      betweenConnections = false;
      segment.connects++;
      segment.connectsAt.push([segment.deliveries.length, socket.recovered, socket.io.engine.transport.name,
        socket._lastOffset, socket.id]);
      if (socket.recovered) {
        segment.recoveredConnects++;
      }
    });
    // As the tutorial's client: every delivery moves the cursor the next connection asks to replay from.
    socket.on('chat message', (text, offset, csr) => {
      segment.deliveries.push([offset, text, csr, betweenConnections ? 1 : 0]);
      socket.auth.serverOffset = offset;
      if (text === markerText && markerOffset === null) {
        markerOffset = offset;
      }
    });
    socket.on('chat reset', () => this.resets++);
    socket.on('connect_error', () => this.connectErrors++);
    const previous = this.socket;
    this.socket = socket;
    this.segment = segment;
    if (previous) {
      previous.disconnect();
    }
  }

  lastOffset() {
    const deliveries = this.segment.deliveries;
    return deliveries.length > 0 ? deliveries[deliveries.length - 1][0] : this.segment.cursor;
  }

  /** Transport loss: the server keeps the session for recovery, the client reconnects by itself. */
  dropTransport() {
    if (this.socket.connected && this.socket.io.engine) {
      this.drops++;
      this.socket.io.engine.close();
    }
  }

  /** A new socket, as after a page reload, whose cursor is older than what it has seen: forces a replay. */
  fullReconnect() {
    const deliveries = this.segment.deliveries;
    const stale = deliveries.length === 0 || rnd() < 0.2
      ? this.segment.cursor
      : deliveries[Math.floor(rnd() * deliveries.length)][0];
    this.fullReconnects++;
    this.open(stale);
  }

  canReconnectFully() {
    return true;
  }

  describe() {
    return `${this.name}: connected=${this.socket.connected} last=${this.lastOffset()}`;
  }

  toResult() {
    return {
      name: this.name,
      transports: this.transports,
      drops: this.drops,
      fullReconnects: this.fullReconnects,
      resets: this.resets,
      connectErrors: this.connectErrors,
      segments: this.segments,
    };
  }
}

/**
 * Posts with the tutorial's step-8 pattern. 'manual': ack timeout, then emit again with the same client offset,
 * several messages in flight. 'queue': the client's own { ackTimeout, retries } queue, one message in flight.
 */
class Sender extends Client {
  constructor(name, transports, mode) {
    super(name, transports, mode === 'queue' ? { ackTimeout: config.ackTimeoutMs, retries: Infinity } : {});
    this.mode = mode;
    this.pending = new Map();
    this.sent = [];
    this.acked = [];
    this.refused = [];
    this.attempts = 0;
    this.done = false;
  }

  post(text, clientOffset) {
    this.sent.push([clientOffset, text]);
    this.pending.set(clientOffset, text);
    if (this.mode === 'queue') {
      this.attempts++;
      this.socket.emit('chat message', text, clientOffset, (err, response) => this.settle(clientOffset, err, response));
    } else {
      this.emitOnce(clientOffset);
      if (rnd() < config.duplicateShare) {
        this.emitOnce(clientOffset);
      }
    }
  }

  emitOnce(clientOffset) {
    const socket = this.socket;
    this.attempts++;
    socket.timeout(config.ackTimeoutMs).emit('chat message', this.pending.get(clientOffset), clientOffset,
      (err, response) => {
        if (!this.pending.has(clientOffset)) {
          return;
        }
        if (err) {
          // A timeout or a dropped transport: try again on whatever socket is current.
          if (socket === this.socket) {
            this.emitOnce(clientOffset);
          }
          return;
        }
        this.settle(clientOffset, null, response);
      });
  }

  settle(clientOffset, err, response) {
    if (!this.pending.has(clientOffset)) {
      return;
    }
    if (err || (response && response.error)) {
      this.refused.push([clientOffset, String(err || response.error)]);
    } else {
      this.acked.push(clientOffset);
    }
    this.pending.delete(clientOffset);
  }

  fullReconnect() {
    super.fullReconnect();
    for (const clientOffset of this.pending.keys()) {
      this.emitOnce(clientOffset);
    }
  }

  canReconnectFully() {
    // The client's own retry queue lives in its socket; a new socket would abandon it.
    return this.mode !== 'queue';
  }

  describe() {
    return `${super.describe()} pending=${this.pending.size} acked=${this.acked.length}`;
  }

  toResult() {
    return { ...super.toResult(), mode: this.mode, attempts: this.attempts, sent: this.sent, acked: this.acked,
      refused: this.refused };
  }
}

const senders = config.senders.map((s, i) => new Sender(`s${i}`, s.transports, s.mode));
const receivers = config.receivers.map((r, i) => new Client(`r${i}`, r.transports));
clients.push(...senders, ...receivers);
const totalAcked = () => senders.reduce((sum, s) => sum + s.acked.length, 0);

async function sendAll(sender) {
  for (let i = 0; i < config.messagesPerSender; i++) {
    if (sender.mode === 'manual') {
      await until(() => sender.pending.size < config.window, 5);
    }
    // Multi-byte text checks that content round-trips unchanged.
    sender.post(`${sender.name} message ${i} ✓ é`, `${runId}-${sender.name}-${i}`);
    await sleep(Math.floor(rnd() * config.paceMs));
  }
  await until(() => sender.pending.size === 0, 10);
  sender.done = true;
}

let chaosOn = config.chaos.enabled;
async function chaos(client) {
  while (chaosOn) {
    await sleep(config.chaos.minMs + Math.floor(rnd() * (config.chaos.maxMs - config.chaos.minMs)));
    if (!chaosOn) {
      return;
    }
    if (client.canReconnectFully() && rnd() < config.chaos.fullReconnectShare) {
      client.fullReconnect();
    } else {
      client.dropTransport();
    }
  }
}

let ackedAtKillRequest = null;
let ackedAtRestart = null;
async function killOnce() {
  await until(() => totalAcked() >= config.killAfterAcked, 2);
  ackedAtKillRequest = totalAcked();
  log(`asking for SIGKILL at ${ackedAtKillRequest} acked`);
  await step('kill', { acked: ackedAtKillRequest });
  ackedAtRestart = totalAcked();
  log(`server restarted at ${ackedAtRestart} acked`);
}

async function main() {
  log(`seed ${config.seed} run ${runId}`);
  phase = 'connecting';
  await until(() => clients.every((c) => c.socket.connected));
  phase = 'sending';
  const chaosRuns = clients.map((c) => chaos(c));
  const killRun = config.killAfterAcked > 0 ? killOnce() : Promise.resolve();
  await Promise.all(senders.map((s) => sendAll(s)));
  await killRun;
  chaosOn = false;
  await Promise.all(chaosRuns);

  // Everything is acknowledged, so everything is stored: one more message marks the end of the stream.
  phase = 'marker';
  await until(() => clients.every((c) => c.socket.connected));
  markerText = `end of run ${runId}`;
  const marker = senders[0];
  marker.post(markerText, `${runId}-marker`);
  await until(() => marker.pending.size === 0 && markerOffset !== null);
  phase = 'draining';
  await until(() => clients.every((c) => c.socket.connected && c.lastOffset() >= markerOffset));
  // A quiet moment to catch a late duplicate or stray delivery after the marker; the checker counts them.
  await sleep(300);
  for (const client of clients) {
    client.socket.disconnect();
  }
  finish({
    seed: config.seed,
    runId,
    markerOffset,
    markerText,
    ackedAtKillRequest,
    ackedAtRestart,
    clients: clients.map((c) => c.toResult()),
  });
}

main().catch((e) => {
  log(`failed: ${e.stack || e}`);
  process.exit(2);
});
