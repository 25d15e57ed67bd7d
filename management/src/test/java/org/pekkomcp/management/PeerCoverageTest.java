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
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PeerCoverageTest {

  private static final ActorTestKit kit = ActorTestKit.create("coverage");
  private static final Address SELF = new Address("pekko", "mcp", "10.0.0.1", 25520);
  private static final Address PEER = new Address("pekko", "mcp", "10.0.0.2", 25520);
  private static final Address OTHER = new Address("pekko", "mcp", "10.0.0.3", 25520);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aLocalMarkerStandsForThisNodeAndEveryOtherMemberNeedsItsOwn() {
    ActorRef<Void> localMarker = kit.spawn(Behaviors.empty());
    assertTrue(PeerCoverage.of(SELF, Set.of(SELF), List.of(localMarker)).complete());

    PeerCoverage coverage = PeerCoverage.of(SELF, Set.of(OTHER, SELF, PEER), List.of(localMarker));
    assertFalse(coverage.complete());
    assertEquals(List.of(PEER, OTHER), coverage.missing(), "the members without a marker, in address order");
  }

  @Test
  void nobodyHeardFromBeforeAnyMarkerArrives() {
    assertEquals(List.of(SELF), PeerCoverage.of(SELF, Set.of(SELF), List.of()).missing());
    assertTrue(PeerCoverage.of(SELF, Set.of(), List.of()).complete(), "no reachable member, nothing to wait for");
  }
}
