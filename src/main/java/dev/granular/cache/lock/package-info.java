/**
 * Refill locks: one loader per key across every instance on a miss, with a bounded wait and a
 * lease.
 */
package dev.granular.cache.lock;
