// Drives the real socket.io-client against the test server of the interop ITs and prints one JSON line of
// observations; the JUnit side asserts on them. Progress goes to stderr, shown when a run fails. Usage: node interop.mjs <scenario> <url> <default|websocket>
import { io } from "socket.io-client";

const [, , scenario, url, mode] = process.argv;
const transports = mode === "websocket" ? { transports: ["websocket"] } : {};
const WAIT_MS = 10_000;

function within(promise, what, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function next(emitter, event) {
  console.error(`[${scenario}] wait ${event}`);
  return within(new Promise((resolve) => emitter.once(event, (...args) => resolve(args))), event);
}

function ack(socket, event, ...args) {
  console.error(`[${scenario}] ack ${event}`);
  return within(new Promise((resolve, reject) => {
    socket.timeout(WAIT_MS).emit(event, ...args, (err, ...reply) => (err ? reject(err) : resolve(reply)));
  }), `ack of ${event}`);
}

// Buffers become {binary:[bytes]} so the JSON line shows them.
function plain(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) {
    return { binary: [...new Uint8Array(value)] };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

async function upgraded(socket) {
  const engine = socket.io.engine;
  if (mode === "websocket" || engine.transport.name === "websocket") return engine.transport.name;
  await next(engine, "upgrade");
  return engine.transport.name;
}

function connected(socket) {
  return socket.connected ? Promise.resolve() : next(socket, "connect");
}

const scenarios = {
  // Events and acks both ways, binary, namespaces, a refusing connect hook, an unknown namespace.
  async basics() {
    const out = {};
    const socket = io(url, { ...transports, forceNew: true, reconnection: false, auth: { token: "t1" } });
    out.firstTransport = socket.io.engine.transport.name; // the manager opened its engine synchronously
    const welcome = next(socket, "welcome");
    await connected(socket);
    out.welcome = (await welcome).slice(0, 2);
    out.transport = await upgraded(socket);

    const echoed = next(socket, "echo");
    socket.emit("echo", "hello", 42, { a: [1, true, null] }, "ünïcödé \u001e");
    out.echo = plain(await echoed);

    out.ack = plain(await ack(socket, "ack", "x", 7, { y: [false] }));

    const binaryEchoed = next(socket, "echo");
    socket.emit("echo", Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]) });
    out.binaryEcho = plain(await binaryEchoed);
    out.binaryAck = plain(await ack(socket, "ack", Buffer.from([9, 8, 7]), "text"));

    socket.on("question", (a, b, callback) => callback(`${a}!`, b * 2, Buffer.from([6])));
    const answered = next(socket, "answer");
    socket.emit("ask", "q", 21);
    out.answer = plain(await answered);

    // Sockets of a manager connect by themselves (autoConnect); calling connect() as well would send a second
    // CONNECT for the same namespace, which the server answers by closing the connection.
    const admin = socket.io.socket("/admin");
    await connected(admin);
    out.adminAck = await ack(admin, "ack", "admin");
    admin.disconnect();
    const afterAdmin = next(socket, "echo");
    socket.emit("echo", "still here");
    out.mainAfterAdminLeft = (await afterAdmin)[0];

    const refused = socket.io.socket("/private", { auth: { token: "wrong" } });
    const [error] = await next(refused, "connect_error");
    out.refused = { message: error.message, data: error.data };
    refused.disconnect();

    const allowed = io(`${url}/private`, { ...transports, forceNew: true, reconnection: false, auth: { token: "secret" } });
    const auth = next(allowed, "auth");
    await connected(allowed);
    out.allowedAuth = (await auth)[0];
    allowed.disconnect();

    const unknown = socket.io.socket("/nope");
    const [unknownError] = await next(unknown, "connect_error");
    out.unknownNamespace = unknownError.message;
    unknown.disconnect();

    out.stillConnected = socket.connected;
    socket.disconnect();
    return out;
  },

  // The server drops the connection (recoverable reason): the client reconnects by itself and is recovered.
  async reconnect() {
    const out = {};
    const socket = io(url, { ...transports, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
    const welcome = next(socket, "welcome");
    await connected(socket);
    await welcome;
    out.firstId = socket.id;
    const disconnected = next(socket, "disconnect");
    const reconnected = next(socket.io, "reconnect");
    socket.emit("kick");
    out.disconnectReason = (await disconnected)[0];
    await reconnected;
    await connected(socket);
    out.recovered = socket.recovered;
    out.sameId = socket.id === out.firstId;
    out.ackAfter = await ack(socket, "ack", "back");
    socket.disconnect();
    return out;
  },

  // socket.io.engine.close() while the server has queued events the client never read: the client comes back
  // recovered and gets exactly those events, in order.
  async recovery() {
    const out = {};
    const socket = io(url, { ...transports, forceNew: true });
    const control = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    const welcome = next(socket, "welcome");
    await Promise.all([connected(socket), connected(control)]);
    await welcome; // the first event gives the client an offset to recover from
    out.transport = await upgraded(socket);
    out.firstId = socket.id;

    const bursts = [];
    socket.on("burst", (i) => bursts.push(i));
    // Stop reading the socket: whatever the server sends from now on stays unread in the kernel.
    socket.io.engine.transport.ws._socket.pause();
    out.queued = (await ack(control, "burst", socket.id, 5))[0];
    out.receivedBeforeDrop = bursts.length;

    const disconnected = next(socket, "disconnect");
    const reconnected = next(socket, "connect");
    socket.io.engine.close();
    out.disconnectReason = (await disconnected)[0];
    await reconnected;
    out.recovered = socket.recovered;
    out.sameId = socket.id === out.firstId;
    await within(new Promise((resolve) => {
      const check = () => (bursts.length >= 5 ? resolve() : setTimeout(check, 10));
      check();
    }), "the missed bursts");
    // Anything extra (a duplicate) would arrive with the echo below at the latest: the transport keeps order.
    const echoed = next(socket, "echo");
    socket.emit("echo", "after");
    await echoed;
    out.bursts = bursts;
    socket.disconnect();
    control.disconnect();
    return out;
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}`);
  process.exit(2);
}
run().then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (error) => {
    console.log(JSON.stringify({ error: String(error && error.stack || error) }));
    process.exit(1);
  },
);
