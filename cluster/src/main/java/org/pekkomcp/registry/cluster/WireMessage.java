/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import org.pekkomcp.registry.cluster.internal.ClusterRegistrySerializer;

/**
 * Everything the cluster backend sends between nodes or stores in Distributed Data. The marker is
 * bound to {@link ClusterRegistrySerializer} in reference.conf, so none of it ever falls back to
 * Java serialization.
 *
 * <p>Internal API: public because reference.conf binds it and {@link Claim} carries it;
 * applications do not implement it.
 */
public interface WireMessage {}
