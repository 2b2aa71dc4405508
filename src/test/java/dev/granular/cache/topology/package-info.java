/**
 * The library on real Redis topologies (Cluster, Sentinel) in plain CDI: Weld SE, no application
 * server.
 */
package dev.granular.cache.topology;
