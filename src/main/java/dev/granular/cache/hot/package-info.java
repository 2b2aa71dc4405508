/**
 * Refresh after invalidation: each instance remembers the keys it served lately, and reloads those that an
 * invalidation voided before anyone asks for them again, one loader across instances.
 */
package dev.granular.cache.hot;
