/** Ties cache invalidation to the outcome of the JTA transaction. */
package dev.granular.cache.tx;
