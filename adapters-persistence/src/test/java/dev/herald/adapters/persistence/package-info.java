/**
 * Tests of the SQLite message store: the shared store contract, real failure conditions, and a crash test that
 * kills a writing JVM and checks every acknowledged message survived.
 */
package dev.herald.adapters.persistence;
