/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.cluster.WriteConsistency;

/**
 * Who votes on a claim and how many acks commit it, decided from cluster <em>membership</em>
 * only, never from reachability.
 *
 * <p>Why not "a majority of the reachable members": Pekko's reachability is gossip-merged from
 * every observer's records, so a node also sees as unreachable the nodes that <em>someone
 * else</em> cannot reach. Right after a partition heals, the healed side's gossip carries its old
 * observations of this side's nodes, and a node briefly sees its own side-mates as unreachable:
 * a majority of what it takes as reachable shrank to itself, and two nodes that never lost
 * contact each committed the same name alone. Membership (Up, WeaklyUp, Leaving) changes only
 * by the leader's decisions, which every node applies in the same order, so two nodes' voter
 * sets differ at most while one member joins or leaves, and majorities of two such sets still
 * share a replica. Unreachable members stay voters: they just cannot ack until they are
 * reachable again or the cluster removes them (the Split Brain Resolver downs them). Pekko's
 * {@code WriteMajority} counts all nodes the same way.
 *
 * <p>The price, stated in {@code docs/consistency.md}: a side of a partition that holds no
 * majority of the members commits nothing ({@code register} waits, then answers
 * {@code Rejected} after {@code register-timeout}); the majority side goes on.
 *
 * @param voters this node and every member whose registry votes
 * @param required acks that commit a claim
 */
record Quorum(Set<UniqueAddress> voters, int required) {

  Quorum {
    voters = Set.copyOf(voters);
  }

  /** The voters of {@code self} given the members it knows (without itself) and their status. */
  static Quorum of(WriteConsistency consistency, UniqueAddress self, Map<UniqueAddress, MemberStatus> members) {
    Set<UniqueAddress> voters = new HashSet<>();
    voters.add(self);
    members.forEach((node, status) -> {
      if (votes(status)) {
        voters.add(node);
      }
    });
    return new Quorum(voters, consistency.required(voters.size()));
  }

  /** Whether a member in this status has a registry that votes: Up, WeaklyUp or Leaving. */
  static boolean votes(MemberStatus status) {
    return status == MemberStatus.up() || status == MemberStatus.weaklyUp() || status == MemberStatus.leaving();
  }

  /** Whether {@code acks} commit. */
  boolean committed(int acks) {
    return acks >= required;
  }

  /** Whether a round with {@code nacks} refusals can still commit (else it is a split vote). */
  boolean stillPossible(int nacks) {
    return voters.size() - nacks >= required;
  }
}
