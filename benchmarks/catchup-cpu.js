'use strict';
// CPU per replayed message, server and client, by the server's thread groups: RUNS catch-ups from offset 0 against a
// running Herald whose database holds EXPECTED messages, each timed, with the server's CPU from /proc before and
// after. The first run warms the JIT and is left out of the summary line. Driven by catchup-cpu.sh.
//   node catchup-cpu.js BENCH_DIR URL SERVER_PID EXPECTED [RUNS]
const path = require('path');
const fs = require('fs');
const [benchDir, url, pid, expectedArg, runsArg] = process.argv.slice(2);
const { io } = require(path.join(path.resolve(benchDir), 'load', 'node_modules', 'socket.io-client'));
const expected = Number(expectedArg);
const runs = Number(runsArg || 6);
const TICKS = 100; // USER_HZ

function cpuOf(statPath) {
  const stat = fs.readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
}

/** CPU seconds per thread group (thread names with digits dropped), as benchmarks/measure-herald.sh groups them. */
function threadCpu() {
  const groups = {};
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim().replace(/[0-9]/g, '').replace(/ /g, '_');
      groups[name] = (groups[name] || 0) + cpuOf(`/proc/${pid}/task/${task}/stat`);
    } catch (e) {
      // the thread ended between the listing and the read
    }
  }
  return groups;
}

const total = { messages: 0, ms: 0, server: 0, client: 0, threads: {} };

async function catchUp(run) {
  const server0 = cpuOf(`/proc/${pid}/stat`);
  const threads0 = threadCpu();
  const client0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let received = 0;
  let firstMs = null;
  let lastMs = 0;
  let lastOffset = 0;
  let outOfOrder = 0;
  await new Promise((resolve) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { serverOffset: 0 } });
    socket.on('chat message', (text, offset) => {
      const at = Number(process.hrtime.bigint() - t0) / 1e6;
      if (firstMs === null) firstMs = at;
      if (Number(offset) <= lastOffset) outOfOrder++;
      lastOffset = Number(offset);
      if (++received === expected) {
        lastMs = at;
        socket.disconnect();
        resolve();
      }
    });
    socket.on('disconnect', () => resolve());
  });
  const client1 = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the server finish its last writes
  const server = cpuOf(`/proc/${pid}/stat`) - server0;
  const threads1 = threadCpu();
  const clientSeconds = (client1.user + client1.system - client0.user - client0.system) / 1e6;
  const line = {
    run, received, outOfOrder, firstMessageMs: firstMs === null ? null : +firstMs.toFixed(1), totalMs: Math.round(lastMs),
    msgsPerSec: Math.round((received / lastMs) * 1000),
    serverUsPerMsg: +((server * 1e6) / received).toFixed(2), clientUsPerMsg: +((clientSeconds * 1e6) / received).toFixed(2),
  };
  console.log(JSON.stringify(line));
  if (received !== expected || outOfOrder > 0) throw new Error(`incomplete or out of order: ${JSON.stringify(line)}`);
  if (run > 1) {
    total.messages += received;
    total.ms += lastMs;
    total.server += server;
    total.client += clientSeconds;
    for (const name of Object.keys(threads1)) total.threads[name] = (total.threads[name] || 0) + threads1[name] - (threads0[name] || 0);
  }
}

(async () => {
  for (let run = 1; run <= runs; run++) await catchUp(run);
  const perMessage = (seconds) => +((seconds * 1e6) / total.messages).toFixed(2);
  const threads = {};
  for (const [name, seconds] of Object.entries(total.threads)) if (seconds >= 0.005) threads[name] = perMessage(seconds);
  console.log(JSON.stringify({
    summary: `runs 2-${runs}`, msgsPerSec: Math.round((total.messages / total.ms) * 1000),
    serverUsPerMsg: perMessage(total.server), clientUsPerMsg: perMessage(total.client), serverThreadsUsPerMsg: threads,
  }));
  process.exit(0);
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
