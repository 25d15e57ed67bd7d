/**
 * MCP servers declared once for the cluster and kept running on one node by Cluster Sharding
 * ({@link org.pekkomcp.sharding.ServerPlacement}); see {@code docs/failover.md}.
 */
package org.pekkomcp.sharding;
