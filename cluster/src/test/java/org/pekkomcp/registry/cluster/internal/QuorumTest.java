/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.cluster.WriteConsistency;

/** The voter set is the membership, whatever reachability says, so a majority cannot shrink by rumour. */
class QuorumTest {

  private static UniqueAddress node(int n) {
    return new UniqueAddress(new Address("pekko", "mcp", "10.0.0." + n, 25520), n);
  }

  /** Members 2..5 seen from node 1, all Up. */
  private static Map<UniqueAddress, MemberStatus> fiveUp() {
    Map<UniqueAddress, MemberStatus> members = new HashMap<>();
    for (int n = 2; n <= 5; n++) {
      members.put(node(n), MemberStatus.up());
    }
    return members;
  }

  @Test
  void aMajorityIsOfAllMembersSoNoSubsetOfTwoCommitsAndAnyTwoMajoritiesShareAVoter() {
    Quorum quorum = Quorum.of(WriteConsistency.MAJORITY, node(1), fiveUp());
    assertEquals(5, quorum.voters().size());
    assertEquals(3, quorum.required());
    assertFalse(quorum.committed(2), "two of five (a minority side, or a node and a side-mate) must not commit");
    assertTrue(quorum.committed(3));
    assertTrue(quorum.stillPossible(2));
    assertFalse(quorum.stillPossible(3), "three nacks of five: a split vote, retried");
  }

  @Test
  void membersThatNoLongerVoteLeaveTheSetAndJoiningOnesAreNotInItYet() {
    Map<UniqueAddress, MemberStatus> members = fiveUp();
    members.put(node(4), MemberStatus.down());
    members.put(node(5), MemberStatus.exiting());
    members.put(node(6), MemberStatus.joining());
    members.put(node(7), MemberStatus.weaklyUp());
    members.put(node(8), MemberStatus.leaving());
    Quorum quorum = Quorum.of(WriteConsistency.MAJORITY, node(1), members);
    assertEquals(Set.of(node(1), node(2), node(3), node(7), node(8)), quorum.voters());
    assertEquals(3, quorum.required());
  }

  @Test
  void majoritiesOfMemberSetsThatDifferByOneNodeOverlap() {
    Map<UniqueAddress, MemberStatus> four = fiveUp();
    four.remove(node(5));
    Quorum before = Quorum.of(WriteConsistency.MAJORITY, node(1), four);
    Quorum after = Quorum.of(WriteConsistency.MAJORITY, node(1), fiveUp());
    assertTrue(before.required() + after.required() > after.voters().size(),
        "two quorums fit in " + after.voters().size() + " voters only if they share one");
  }

  @Test
  void localNeedsThisNodeAndAllNeedsEveryMember() {
    assertEquals(1, Quorum.of(WriteConsistency.LOCAL, node(1), fiveUp()).required());
    assertEquals(5, Quorum.of(WriteConsistency.ALL, node(1), fiveUp()).required());
    assertEquals(1, Quorum.of(WriteConsistency.MAJORITY, node(1), Map.of()).required(), "a one-node cluster commits alone");
  }

  @Test
  void aMajorityIsMoreThanHalfForEveryClusterSize() {
    int[] expected = {1, 2, 2, 3, 3, 4};
    for (int voters = 1; voters <= expected.length; voters++) {
      assertEquals(expected[voters - 1], WriteConsistency.MAJORITY.required(voters), voters + " voters");
      assertEquals(voters, WriteConsistency.ALL.required(voters));
      assertEquals(1, WriteConsistency.LOCAL.required(voters));
    }
  }

  @Test
  void acksCommitExactlyAtTheRequiredCountAndNacksEndTheRoundExactlyWhenTooFewAreLeft() {
    Quorum quorum = new Quorum(Set.of(node(1), node(2), node(3), node(4)), 3);
    assertFalse(quorum.committed(2));
    assertTrue(quorum.committed(3));
    assertTrue(quorum.committed(4));
    assertTrue(quorum.stillPossible(0));
    assertTrue(quorum.stillPossible(1), "4 - 1 = 3 can still ack");
    assertFalse(quorum.stillPossible(2), "4 - 2 = 2 cannot");
  }

  @Test
  void onlyUpWeaklyUpAndLeavingMembersVote() {
    assertTrue(Quorum.votes(MemberStatus.up()));
    assertTrue(Quorum.votes(MemberStatus.weaklyUp()));
    assertTrue(Quorum.votes(MemberStatus.leaving()));
    for (MemberStatus status : new MemberStatus[] {MemberStatus.joining(), MemberStatus.exiting(), MemberStatus.down(),
        MemberStatus.removed(), MemberStatus.PreparingForShutdown$.MODULE$, MemberStatus.ReadyForShutdown$.MODULE$}) {
      assertFalse(Quorum.votes(status), status.toString());
    }
  }

  @Test
  void theVoterSetIsACopyThatLaterChangesToTheMembersDoNotReach() {
    Set<UniqueAddress> voters = new java.util.HashSet<>(Set.of(node(1), node(2)));
    Quorum quorum = new Quorum(voters, 2);
    voters.add(node(3));
    assertEquals(Set.of(node(1), node(2)), quorum.voters());
  }
}
