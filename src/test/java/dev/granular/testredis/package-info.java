/**
 * Real Redis for tests, on free loopback ports: one private server, a three-master Cluster, or a
 * master with a replica and three Sentinels, each killed when the test (or the JVM) ends.
 */
package dev.granular.testredis;
