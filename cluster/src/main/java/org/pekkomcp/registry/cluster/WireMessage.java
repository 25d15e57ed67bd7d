/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

/**
 * Everything the cluster backend sends between nodes or stores in Distributed Data. The marker is
 * bound to {@link ClusterRegistrySerializer} in reference.conf, so none of it ever falls back to
 * Java serialization.
 */
public interface WireMessage {}
