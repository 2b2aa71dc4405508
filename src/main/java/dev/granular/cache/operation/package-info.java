/**
 * Per-method cache operations: annotations parsed once into immutable metadata, and their registry.
 */
package dev.granular.cache.operation;
