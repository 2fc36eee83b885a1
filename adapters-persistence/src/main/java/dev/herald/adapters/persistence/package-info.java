/**
 * The embedded default message store: SQLite through jOOQ, schema by Flyway, one writer thread that commits many
 * concurrent posts per transaction (group commit). Implements the application's {@code MessageStore} port.
 */
package dev.herald.adapters.persistence;
