'use strict';
// Shared by the end-to-end scripts that JUnit runs (see dev.herald.bootstrap.e2e.NodeScript).
// Protocol with JUnit: every stdout line is one JSON object. {"step": name, ...} asks JUnit to do something to the
// server (kill it, restart it) and waits for one stdin line in answer when awaited; {"result": ...} is the outcome,
// printed once at the end. Progress and diagnostics go to stderr. Every script bounds its own run time.

const readline = require('readline');

function send(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

/** Prints the result and exits once it is written: stdout to a pipe is asynchronous, exit() would cut it short. */
function finish(result) {
  process.stdout.write(JSON.stringify({ result }) + '\n', () => process.exit(0));
}

function log(...parts) {
  process.stderr.write(`[${new Date().toISOString()}] ${parts.join(' ')}\n`);
}

/** Exits non-zero if the script is still running after `ms`; `describe` says what it was waiting for. */
function deadline(ms, describe) {
  const timer = setTimeout(() => {
    log(`TIMEOUT after ${ms} ms: ${describe()}`);
    process.stdout.write(JSON.stringify({ timeout: true, waitingFor: describe() }) + '\n', () => process.exit(3));
  }, ms);
  timer.unref();
}

const answers = [];
const waiting = [];
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const next = waiting.shift();
  if (next) {
    next(line);
  } else {
    answers.push(line);
  }
});

/** Asks JUnit to perform `step` and resolves with its one-line answer. */
function step(name, detail = {}) {
  send({ step: name, ...detail });
  return nextAnswer();
}

function nextAnswer() {
  if (answers.length > 0) {
    return Promise.resolve(answers.shift());
  }
  return new Promise((resolve) => waiting.push(resolve));
}

/** Resolves when `condition()` holds, checking every `everyMs`; the script deadline bounds the wait. */
function until(condition, everyMs = 20) {
  return new Promise((resolve) => {
    const check = () => {
      if (condition()) {
        resolve();
      } else {
        setTimeout(check, everyMs);
      }
    };
    check();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic generator, so a failing run can be repeated with the seed it printed. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { send, finish, log, deadline, step, until, sleep, random };
