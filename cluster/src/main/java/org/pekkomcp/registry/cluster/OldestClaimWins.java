/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import java.util.Comparator;

/**
 * The default resolver: the oldest claim wins; equal times fall to the lower node address, then
 * the lower node incarnation, then the lower claim id. A total order, so every node agrees.
 */
public final class OldestClaimWins implements ConflictResolver {

  /** Oldest first, ties broken as above: a total order over claims, the same on every node. */
  public static final Comparator<Claim> ORDER = Comparator.comparingLong(Claim::time)
      .thenComparing(c -> c.owner().address().toString())
      .thenComparingLong(c -> c.owner().longUid())
      .thenComparingLong(Claim::id);

  @Override
  public Claim winner(Claim a, Claim b) {
    return ORDER.compare(a, b) <= 0 ? a : b;
  }
}
