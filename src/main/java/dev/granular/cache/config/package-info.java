/**
 * Configuration lookup: MicroProfile Config when present, else system properties and environment
 * variables.
 */
package dev.granular.cache.config;
