/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class PeerCoverageTest {

  private static final Address SELF = new Address("pekko", "mcp", "10.0.0.1", 25520);
  private static final Address PEER = new Address("pekko", "mcp", "10.0.0.2", 25520);
  private static final Address OTHER = new Address("pekko", "mcp", "10.0.0.3", 25520);

  @Test
  void everyReachableMemberButThisNodeMustBeCaughtUpWith() {
    PeerCoverage coverage = PeerCoverage.of(SELF, Set.of(OTHER, SELF, PEER), Set.of());
    assertFalse(coverage.complete());
    assertEquals(List.of(PEER, OTHER), coverage.missing(), "the members not caught up with, in address order");

    assertEquals(List.of(OTHER), PeerCoverage.of(SELF, Set.of(OTHER, SELF, PEER), Set.of(PEER)).missing());
    assertTrue(PeerCoverage.of(SELF, Set.of(OTHER, SELF, PEER), Set.of(PEER, OTHER)).complete());
  }

  @Test
  void aOneNodeClusterIsCaughtUpAtOnce() {
    assertTrue(PeerCoverage.of(SELF, Set.of(SELF), Set.of()).complete());
    assertTrue(PeerCoverage.of(SELF, Set.of(), Set.of()).complete(), "no reachable member, nothing to wait for");
  }

  @Test
  void aPeerCaughtUpWithButNoLongerReachableIsNotWaitedFor() {
    assertTrue(PeerCoverage.of(SELF, Set.of(SELF, PEER), Set.of(PEER, OTHER)).complete());
  }
}
