/**
 * Reads no caller waits for: cached methods called again on a background thread ({@link
 * dev.granular.cache.hot.BackgroundReads}), to refresh an entry ahead of its expiry, or after an
 * invalidation voided a key this instance served lately (its hot keys), one loader across
 * instances.
 */
package dev.granular.cache.hot;
