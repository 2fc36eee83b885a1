'use strict';
// Two people chatting on the page Herald serves, in headless Chromium driven by playwright-core: messages from both,
// one page reloads, one goes offline (and sends while offline), the server is SIGKILLed (both send while it is down)
// and restarted. Prints {"result": {pages: {a: [...], b: [...]}, sent: [...]}}: the texts each page shows at the end.
//
// Usage: node browser.js '{"url": "...", "chromium": "/path/to/chromium", "timeoutMs": 50000}'
// Steps asked of JUnit: "kill" (SIGKILL the server), "restart" (start it again on the same file and port).

const { chromium } = require('playwright-core');
const { finish, log, deadline, step } = require('./lib');

const config = { timeoutMs: 50000, ...JSON.parse(process.argv[2] || '{}') };
let phase = 'launching';
deadline(config.timeoutMs, () => phase);

const sent = [];

async function say(page, text) {
  sent.push(text);
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

const shown = (page) => page.$$eval('#messages > li', (items) => items.map((item) => item.textContent));
const pendingCount = (page) => page.$$eval('#pending > li', (items) => items.length);

function connected(page) {
  return page.waitForFunction(() => document.getElementById('status').textContent === 'connected', null,
    { polling: 50, timeout: 0 });
}

function disconnected(page) {
  return page.waitForFunction(() => document.getElementById('status').textContent !== 'connected', null,
    { polling: 50, timeout: 0 });
}

/** Waits until the page shows every message sent so far and has nothing waiting for an acknowledgement. */
function caughtUp(page) {
  return page.waitForFunction((count) => document.querySelectorAll('#messages > li').length >= count
      && document.querySelectorAll('#pending > li').length === 0, sent.length, { polling: 50, timeout: 0 });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // Two contexts: two people, and going offline affects only one of them.
    const contextA = await browser.newContext();
    const contextB = await browser.newContext();
    const a = await contextA.newPage();
    const b = await contextB.newPage();

    phase = 'opening both pages';
    await Promise.all([a.goto(config.url), b.goto(config.url)]);
    await Promise.all([connected(a), connected(b)]);

    phase = 'chatting';
    await say(a, 'A: hello');
    await say(b, 'B: hi, how are you?');
    await say(a, 'A: fine ✓, and you?');
    await say(b, 'B: très bien');
    await Promise.all([caughtUp(a), caughtUp(b)]);

    phase = 'B reloads';
    await b.reload();
    await connected(b);
    await caughtUp(b);
    await say(b, 'B: back after a reload');
    await Promise.all([caughtUp(a), caughtUp(b)]);

    phase = 'A goes offline';
    await contextA.setOffline(true);
    // The emulated network refuses new requests; an open WebSocket may linger until a heartbeat fails, which
    // takes pingInterval + pingTimeout. Losing the transport now is what a real network drop looks like to the page.
    await a.evaluate(() => socket.io.engine.close());
    await disconnected(a);
    await say(a, 'A: typed while offline');
    await say(b, 'B: are you there?');
    // B cannot have A's offline message yet: wait for B's own.
    await b.waitForFunction((text) => [...document.querySelectorAll('#messages > li')].some((li) => li.textContent === text),
      'B: are you there?', { polling: 50, timeout: 0 });
    const pendingWhileOffline = await pendingCount(a);
    phase = 'A back online';
    await contextA.setOffline(false);
    await connected(a);
    await Promise.all([caughtUp(a), caughtUp(b)]);

    phase = 'server killed';
    await step('kill');
    await Promise.all([disconnected(a), disconnected(b)]);
    await say(a, 'A: the server is down?');
    await say(b, 'B: sent while the server was down');
    const pendingWhileDown = (await pendingCount(a)) + (await pendingCount(b));
    phase = 'server restarting';
    await step('restart');
    await Promise.all([connected(a), connected(b)]);
    await Promise.all([caughtUp(a), caughtUp(b)]);

    phase = 'after the restart';
    await say(a, 'A: it is back');
    await say(b, 'B: nothing lost');
    await Promise.all([caughtUp(a), caughtUp(b)]);

    const result = { sent, pendingWhileOffline, pendingWhileDown, pages: { a: await shown(a), b: await shown(b) } };
    phase = 'closing the browser';
    await browser.close();
    finish(result);
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}

main().catch((e) => {
  log(`failed in phase ${phase}: ${e.stack || e}`);
  process.exit(2);
});
