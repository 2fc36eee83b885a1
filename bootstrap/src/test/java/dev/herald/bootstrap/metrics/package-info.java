/**
 * Tests of what an operator sees: every documented metric moves when its event happens, the scrape passes
 * {@code promtool}, the dashboard queries only exported metrics, and the documentation matches the settings.
 */
package dev.herald.bootstrap.metrics;
