/**
 * Cache keys: the default key generator, the generated key type and its readable Redis encoding.
 */
package dev.granular.cache.key;
