/**
 * Redis through Redisson: the one client on a single server, Sentinel or Cluster (and its
 * settings), the JCache caches on it, and the default cache resolver factory.
 */
package dev.granular.cache.redis;
