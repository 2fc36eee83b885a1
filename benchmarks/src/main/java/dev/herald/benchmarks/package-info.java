/**
 * JMH benchmarks of Herald's hot paths: the SQLite message store (group commit against one transaction per post, and
 * replay), the Engine.IO/Socket.IO packet codecs, and one broadcast to many connections. Run by hand with the shaded
 * jar, never by the build; the commands and figures are in docs/performance.md.
 */
package dev.herald.benchmarks;
