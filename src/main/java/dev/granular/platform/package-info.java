/**
 * What the demo application needs from the platform: JAX-RS activation, problem responses, strict
 * reading of request bodies, data source.
 */
package dev.granular.platform;
