/**
 * Cache warming: loading the most useful keys ahead of demand, at startup and on request, paced and
 * claimed.
 */
package dev.granular.cache.warm;
