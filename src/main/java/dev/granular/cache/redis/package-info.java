/** Redis through Redisson: the one client, the JCache caches on it, and the default cache resolver factory. */
package dev.granular.cache.redis;
