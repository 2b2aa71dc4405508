/** What the demo application needs from the platform: JAX-RS activation, problem responses, data source. */
package dev.granular.platform;
