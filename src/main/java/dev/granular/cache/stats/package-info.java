/** Per-cache counters of what the interceptors did on this instance. */
package dev.granular.cache.stats;
