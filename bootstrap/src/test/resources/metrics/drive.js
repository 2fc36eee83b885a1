// Drives a running Herald with the real socket.io-client for MetricsIT: node drive.js <url> <scenario> [arg].
// Prints one JSON line with what the client saw, so the test can check the scenario happened before it checks the
// metrics. Exits non-zero on any failure or after 20 s.
'use strict';
const { io } = require('socket.io-client');

const [url, scenario, arg] = process.argv.slice(2);
const done = (result) => { console.log(JSON.stringify(result)); process.exit(0); };
const fail = (why) => { console.error(String(why)); process.exit(1); };
setTimeout(() => fail('scenario ' + scenario + ' timed out'), 20000).unref();

function connect(options) {
  return io(url, Object.assign({ reconnection: true, timeout: 5000, forceNew: true }, options));
}

function post(socket, text, clientOffset) {
  return socket.timeout(10000).emitWithAck('chat message', text, clientOffset);
}

const scenarios = {
  // Polling, then the upgrade to WebSocket; new posts, a duplicate, a refused one.
  async chat() {
    const socket = connect({ auth: { serverOffset: arg || 0 } });
    await new Promise((resolve, reject) => {
      socket.on('connect', () => {
        // The upgrade may finish before or after the connect event.
        if (socket.io.engine.transport.name === 'websocket') resolve();
        else socket.io.engine.once('upgrade', resolve);
      });
      socket.on('connect_error', reject);
    });
    const transport = socket.io.engine.transport.name;
    const tag = Date.now() + '-' + Math.random();
    for (let i = 0; i < 3; i++) {
      await post(socket, 'hello ' + i, tag + '-' + i);
    }
    await post(socket, 'hello 0 again', tag + '-0');
    const refusal = await post(socket, 'x'.repeat(200), tag + '-long');
    socket.disconnect();
    done({ transport, refusal });
  },
  // Posts arg messages over WebSocket only.
  async post() {
    const socket = connect({ transports: ['websocket'] });
    await new Promise((resolve, reject) => { socket.on('connect', resolve); socket.on('connect_error', reject); });
    const tag = Date.now() + '-' + Math.random();
    for (let i = 0; i < Number(arg); i++) {
      await post(socket, 'bulk ' + i, tag + '-' + i);
    }
    socket.disconnect();
    done({ posted: Number(arg), transport: socket.io.engine ? 'websocket' : 'websocket' });
  },
  // Replays the history after serverOffset 0, collecting arg messages.
  async replay() {
    const socket = connect({ transports: ['websocket'], auth: { serverOffset: 0 } });
    const offsets = [];
    socket.on('chat message', (text, offset) => {
      offsets.push(offset);
      if (offsets.length === Number(arg)) {
        socket.disconnect();
        done({ offsets });
      }
    });
    socket.on('connect_error', (e) => fail(e.message));
  },
  // Receives a message, loses its transport, and comes back with connection state recovery. Starts after offset
  // arg, so that no long replay can overflow the test server's small outbound limit.
  async recover() {
    const socket = connect({ transports: ['websocket'], auth: { serverOffset: Number(arg) } });
    let lost = false;
    socket.on('connect', async () => {
      if (lost) {
        const recovered = socket.recovered;
        socket.disconnect();
        done({ recovered });
        return;
      }
      const received = new Promise((resolve) => socket.once('chat message', resolve));
      await post(socket, 'before the blip', 'recover-' + Date.now());
      await received;
      lost = true;
      socket.io.engine.close(); // a network blip: the client reconnects by itself
    });
    socket.on('connect_error', (e) => fail(e.message));
  },
  // A cursor Herald cannot use: refused with CONNECT_ERROR.
  async refused() {
    const socket = connect({ transports: ['websocket'], auth: { serverOffset: 'not-a-number' }, reconnection: false });
    socket.on('connect', () => fail('connected with an invalid serverOffset'));
    socket.on('connect_error', (e) => { socket.close(); done({ error: e.message }); });
  },
};

(scenarios[scenario] || (() => fail('unknown scenario ' + scenario)))().catch(fail);
