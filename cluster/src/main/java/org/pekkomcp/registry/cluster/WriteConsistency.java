/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

/** How many replicas must accept a claim before {@code register} answers (write-consistency). */
public enum WriteConsistency {
  /** This node only: fastest; concurrent claims are settled afterwards by the resolver. */
  LOCAL,
  /**
   * More than half of the members' registry actors, this one included, reachable or not (see
   * the registry's quorum, {@code docs/cluster-design.md}): a side of a partition without a majority of the members commits nothing.
   * The default.
   */
  MAJORITY,
  /** Every member's registry actor: no claim commits while a member is unreachable, until it is removed. */
  ALL;

  /** Acks needed out of {@code voters} replicas. */
  public int required(int voters) {
    return switch (this) {
      case LOCAL -> 1;
      case MAJORITY -> voters / 2 + 1;
      case ALL -> voters;
    };
  }
}
