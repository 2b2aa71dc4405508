/**
 * The one-bean application of the ours_vs_payara benchmark, deployed once with each JSR-107
 * interceptor.
 */
package dev.granular.bench.greeting;
