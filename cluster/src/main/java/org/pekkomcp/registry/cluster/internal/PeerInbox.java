/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.Names;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.AddMember;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Batch;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Commit;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Committed;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Op;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Propose;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Remove;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.RemoveMember;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Retract;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Vote;

/**
 * Applies a peer's {@link Batch} to this replica, op by op in the order the peer made them, and
 * answers its proposals with this replica's votes. An op about an entry the sender does not own is
 * dropped: a node speaks only for its own entries. The owner-sync ops go to {@link Peers}.
 *
 * <p>Not thread-safe: the registry actor's own state.
 */
final class PeerInbox {

  private final UniqueAddress self;
  private final Members members;
  private final OwnerSync sync;
  private final RegistryReplica replica;
  private final Peers peers;
  private final BooleanSupplier departed;
  /**
   * Peers' claims proposed to this replica and not yet committed or retracted, whatever this
   * replica voted: a {@link Committed} names one of them. Dropped after {@code proposal-ttl};
   * a Committed that finds nothing here is then left to the anti-entropy.
   */
  private final Expiring<EntryId, Claim> proposals;

  /** @param departed whether this node stopped taking part in votes: it then nacks every proposal */
  PeerInbox(UniqueAddress self, ClusterRegistrySettings settings, Members members, OwnerSync sync, RegistryReplica replica, Peers peers,
      BooleanSupplier departed) {
    this.self = self;
    this.members = members;
    this.sync = sync;
    this.replica = replica;
    this.peers = peers;
    this.departed = departed;
    this.proposals = new Expiring<>(settings.proposalTtl());
  }

  /** This replica's vote on a claim, this node's own included. */
  Vote vote(Claim claim, int round) {
    return replica.vote(claim, round, departed.getAsBoolean(), System.nanoTime());
  }

  void receive(Batch batch) {
    UniqueAddress from = batch.from();
    if (members.wasRemoved(from) || from.equals(self)) {
      return;
    }
    if (batch.seq() > 0 && !sync.inSequence(from, batch.seq())) {
      peers.askForSnapshots(System.nanoTime());
    }
    List<Vote> votes = new ArrayList<>();
    for (Op op : batch.ops()) {
      if (op instanceof Propose p) {
        if (ownedBy(p.claim(), from)) {
          proposals.putIfAbsent(p.claim().entryId(), p.claim(), System.nanoTime());
          votes.add(vote(p.claim(), p.round()));
        }
      } else if (op instanceof Retract r) {
        proposals.remove(r.claim());
        if (r.claim().owner().equals(from)) {
          replica.release(new NameKey(r.kind(), r.name()), r.claim());
        }
      } else if (op instanceof Commit c) {
        if (ownedBy(c.claim(), from)) {
          proposals.remove(c.claim().entryId());
          applyCommitted(from, c.claim());
        }
      } else if (op instanceof Committed c) {
        Optional<Claim> proposed = proposals.remove(c.claim());
        if (proposed.isPresent() && c.claim().owner().equals(from)) {
          applyCommitted(from, proposed.get());
        }
      } else if (op instanceof Remove r) {
        if (r.claim().owner().equals(from)) {
          replica.applyRemoved(new NameKey(r.kind(), r.name()), r.claim(), -1, r.reason());
        }
      } else if (op instanceof AddMember m) {
        if (m.membership().owner().equals(from)) {
          if (sync.listed(from, m.membership().entryId())) {
            replica.listedAgain(m.membership().entryId());
          }
          replica.applyMembership(m.membership());
        }
      } else if (op instanceof RemoveMember m) {
        if (m.membership().owner().equals(from)) {
          replica.applyMembershipRemoved(m.membership());
        }
      } else {
        peers.onSyncOp(from, op);
      }
    }
    if (!votes.isEmpty()) {
      peers.sendVotes(from, votes);
    }
  }

  /** A claim its owner lists in the snapshot being received clears its tombstone: the owner still has it. */
  private void applyCommitted(UniqueAddress from, Claim claim) {
    if (sync.listed(from, claim.entryId())) {
      replica.listedAgain(claim.entryId());
    }
    replica.applyCommitted(claim);
  }

  /** Wire input is checked as the API checks callers': a bad claim is dropped, never applied. */
  private static boolean ownedBy(Claim claim, UniqueAddress from) {
    return claim.owner().equals(from) && Names.problem("name", claim.name()).isEmpty();
  }

  /** Forgets the proposals never committed within {@code proposal-ttl}. */
  void expire(long now) {
    proposals.expire(now);
  }

  /** {@code node} left the cluster for good: its open proposals will never be committed. */
  void forget(UniqueAddress node) {
    proposals.removeKeysIf(id -> id.owner().equals(node));
  }
}
