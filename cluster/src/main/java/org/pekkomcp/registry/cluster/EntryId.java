/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import org.apache.pekko.cluster.UniqueAddress;

/**
 * Names one claim or membership for its whole life, cluster-wide: the owner node's incarnation
 * and a number that node never reuses. Removals, retractions and tombstones use it, so a stale
 * removal can never hit a later claim on the same name (Distributed Data's add-wins trap).
 */
public record EntryId(UniqueAddress owner, long id) {}
