/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The cluster backend ({@code mcp.registry.backend = cluster}, erlmcp's {@code global} + {@code pg}):
 * names unique among the nodes that can talk, claimed by a vote of the members and pushed to every node,
 * groups, DeathWatch and pruning of removed nodes. Applications select it by configuration and use only
 * {@code org.pekkomcp.registry}; how it works is in {@code docs/cluster.md}.
 */
package org.pekkomcp.registry.cluster;
