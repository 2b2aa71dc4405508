/**
 * The optional in-process near cache in front of Redis, kept fresh by invalidation messages over
 * pub/sub.
 */
package dev.granular.cache.near;
