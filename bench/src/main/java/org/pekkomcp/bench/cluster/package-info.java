/**
 * Load drivers of the cluster backend: nodes in one JVM ({@code ./benchmarks-cluster}) or one process per
 * node ({@code ./benchmarks-processes}). Not published.
 */
package org.pekkomcp.bench.cluster;
