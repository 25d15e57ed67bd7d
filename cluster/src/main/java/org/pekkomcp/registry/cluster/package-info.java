/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The cluster backend ({@code mcp.registry.backend = cluster}, erlmcp's {@code global} + {@code pg}):
 * names unique among the nodes that can talk, claimed by a vote of the members and pushed to every node,
 * groups, DeathWatch and pruning of removed nodes. Applications select it by configuration and use only
 * {@code org.pekkomcp.registry}; how it works is in {@code docs/cluster.md}.
 *
 * <p>This package holds what applications may name: the backend and its provider, its settings
 * ({@link org.pekkomcp.registry.cluster.ClusterRegistrySettings}, {@link org.pekkomcp.registry.cluster.WriteConsistency},
 * {@link org.pekkomcp.registry.cluster.LoserPolicy}), the conflict resolver SPI
 * ({@link org.pekkomcp.registry.cluster.ConflictResolver}, the {@link org.pekkomcp.registry.cluster.Claim}s
 * it compares, the default {@link org.pekkomcp.registry.cluster.OldestClaimWins}), the
 * {@link org.pekkomcp.registry.cluster.NameConflict} a losing actor receives, and the
 * {@link org.pekkomcp.registry.cluster.WireMessage} marker that reference.conf binds to the
 * serializer. The implementation is in {@code org.pekkomcp.registry.cluster.internal}.
 */
package org.pekkomcp.registry.cluster;
