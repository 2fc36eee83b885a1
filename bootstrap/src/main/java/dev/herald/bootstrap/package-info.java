/**
 * Herald's entry point and composition root: reads the configuration, wires the adapters to the use cases by hand,
 * and owns the order in which things start and stop.
 */
package dev.herald.bootstrap;
