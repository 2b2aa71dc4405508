/** The bridge from the cache statistics to MicroProfile Metrics ({@code /metrics}). */
package dev.granular.cache.metrics;
