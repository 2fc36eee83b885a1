/**
 * End-to-end proof of Herald's promise: the packaged server as a child process (killed with SIGKILL and restarted on
 * the same file), driven by the real JS client, headless Chromium and the real Java client, checked against the
 * SQLite file it wrote.
 */
package dev.herald.bootstrap.e2e;
