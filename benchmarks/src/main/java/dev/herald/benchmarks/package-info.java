/**
 * JMH benchmarks of the SQLite message store: group commit against one transaction per post, and replay.
 * Run by hand with the shaded jar; the commands and figures are in docs/performance.md.
 */
package dev.herald.benchmarks;
