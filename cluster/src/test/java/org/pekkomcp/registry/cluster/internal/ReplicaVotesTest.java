/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.OldestClaimWins;
import org.pekkomcp.registry.cluster.TestActors;

/** A replica's vote: at most one live claim per name, the pending one released on its fate or after pending-timeout. */
class ReplicaVotesTest {

  private static ActorTestKit kit;
  private static ActorRef<Object> ref;
  private static final long TIMEOUT = 1_000;

  @BeforeContainer
  static void start() {
    kit = ActorTestKit.create("replica-votes");
    ref = TestActors.spawn(kit.system(), "claimant");
  }

  @AfterContainer
  static void stop() {
    kit.shutdownTestKit();
  }

  private static UniqueAddress node(int n) {
    return new UniqueAddress(new Address("pekko", "mcp", "10.0.0." + n, 25520), n);
  }

  private static Claim claim(int owner, long id) {
    return new Claim(Kind.SERVER, "calc", ref, node(owner), EntryConfig.empty(), 1_000 + id, id, 0);
  }

  @Example
  void theFirstClaimIsAckedAndHeldPendingAndASecondIsNackedNamingIt() {
    SlotTable slots = new SlotTable();
    ReplicaVotes votes = new ReplicaVotes(slots, new OldestClaimWins());
    Claim first = claim(1, 1);
    Claim second = claim(2, 2);
    assertTrue(votes.vote(first, 1, false, n -> true, 0).ack());
    assertTrue(votes.vote(first, 2, false, n -> true, 0).ack(), "the same claim in a later round");
    ClusterProtocol.Vote nack = votes.vote(second, 1, false, n -> true, 0);
    assertFalse(nack.ack());
    assertEquals(Optional.of(first), nack.holder());
    assertFalse(nack.holderCommitted());
    Slot slot = slots.get(NameKey.of(first));
    votes.release(slot, second.entryId());
    assertSame(first, slot.pending, "releasing another claim releases nothing");
    votes.release(slot, first.entryId());
    assertNull(slot.pending);
    assertTrue(votes.vote(second, 1, false, n -> true, 0).ack());
  }

  @Example
  void aCommittedClaimIsNamedUnlessItsOwnerIsNotAMemberAndARefusedVoteHoldsNothing() {
    SlotTable slots = new SlotTable();
    ReplicaVotes votes = new ReplicaVotes(slots, new OldestClaimWins());
    Claim committed = claim(1, 1);
    slots.getOrCreate(NameKey.of(committed)).add(committed);
    ClusterProtocol.Vote nack = votes.vote(claim(2, 2), 1, false, n -> true, 0);
    assertEquals(Optional.of(committed), nack.holder());
    assertTrue(nack.holderCommitted());
    assertTrue(votes.vote(committed, 1, false, n -> true, 0).ack(), "its own commit is acked");
    assertTrue(votes.vote(claim(2, 2), 1, false, n -> !n.equals(node(1)), 0).ack(), "a non-member's claim does not count");
    Claim refused = claim(3, 3);
    ClusterProtocol.Vote no = votes.vote(refused, 1, true, n -> true, 0);
    assertFalse(no.ack());
    assertEquals(Optional.empty(), no.holder());
  }

  @Example
  void aPendingClaimWhoseFateNeverComesIsReleasedAfterTheTimeoutAndAnEmptySlotDropped() {
    SlotTable slots = new SlotTable();
    ReplicaVotes votes = new ReplicaVotes(slots, new OldestClaimWins());
    Claim first = claim(1, 1);
    votes.vote(first, 1, false, n -> true, 100);
    votes.expire(100 + TIMEOUT - 1, TIMEOUT);
    assertSame(first, slots.get(NameKey.of(first)).pending);
    votes.expire(100 + TIMEOUT, TIMEOUT);
    assertNull(slots.get(NameKey.of(first)), "nothing else was in the slot");
    assertTrue(votes.vote(claim(2, 2), 1, false, n -> true, 2_000).ack());
  }

  @Example
  void aRemovedNodesPendingClaimIsReleased() {
    SlotTable slots = new SlotTable();
    ReplicaVotes votes = new ReplicaVotes(slots, new OldestClaimWins());
    Claim first = claim(1, 1);
    votes.vote(first, 1, false, n -> true, 0);
    Slot slot = slots.get(NameKey.of(first));
    assertFalse(votes.releaseOwnedBy(slot, node(2)));
    assertSame(first, slot.pending);
    assertTrue(votes.releaseOwnedBy(slot, node(1)));
    assertNull(slot.pending);
    votes.expire(TIMEOUT * 10, TIMEOUT);
    assertFalse(votes.releaseOwnedBy(slot, node(1)));
  }
}
