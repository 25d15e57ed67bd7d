/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * MCP servers declared once for the cluster and kept running on one node by Cluster Sharding
 * ({@link org.pekkomcp.sharding.ServerPlacement}); see {@code docs/failover.md}.
 */
package org.pekkomcp.sharding;
