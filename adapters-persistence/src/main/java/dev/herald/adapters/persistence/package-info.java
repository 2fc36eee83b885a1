/**
 * The message store on SQLite through jOOQ: migrations, group commit, paged replay, typed failures.
 */
package dev.herald.adapters.persistence;
