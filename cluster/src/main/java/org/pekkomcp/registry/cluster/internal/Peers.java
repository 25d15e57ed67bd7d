/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.AddMember;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Batch;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Commit;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Digest;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Op;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Remove;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.SnapshotEnd;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.SnapshotRequest;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.SnapshotStart;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Vote;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Votes;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.slf4j.Logger;

/**
 * This node's side of the wire: its ordered push stream to every member ({@link Outbox}), the
 * batches it sends one peer (votes, re-asked proposals, snapshots), and the owner-sync exchange
 * ({@link OwnerSync}): digests in, snapshot requests out, its own snapshot to a peer that asks or
 * comes back. How the stream, the digests and the snapshots fit together is described in
 * {@code docs/cluster-design.md} (anti-entropy).
 *
 * <p>Not thread-safe: the registry actor's own state.
 */
final class Peers {

  private final UniqueAddress self;
  private final ClusterRegistrySettings settings;
  private final Members members;
  private final OwnerSync sync;
  private final RegistryReplica replica;
  private final Function<UniqueAddress, ActorRef<RegistryCommand>> resolve;
  private final Runnable scheduleFlush;
  private final Outbox outbox;
  private final Map<UniqueAddress, ActorRef<RegistryCommand>> refs = new HashMap<>();
  /**
   * This node's own claim removals of the last {@code tombstone-ttl}, with their reasons, in the
   * order made: a snapshot lists them before its claims, so a peer that missed a {@link Remove}
   * reports it with the owner's reason rather than the snapshot's bare "not listed".
   */
  private final Expiring<EntryId, Remove> recentRemovals;
  private final Supplier<RegistryInstrumentation> instrumentation;
  private final Logger log;

  /**
   * @param resolve the registry actor of a node
   * @param scheduleFlush arranges for {@link #flushArrived} to be called soon, once per burst
   * @param instrumentation the system's instrumentation now (read at each event: it may be installed later)
   */
  Peers(UniqueAddress self, ClusterRegistrySettings settings, Members members, OwnerSync sync, RegistryReplica replica,
      Function<UniqueAddress, ActorRef<RegistryCommand>> resolve, Runnable scheduleFlush,
      Supplier<RegistryInstrumentation> instrumentation, Logger log) {
    this.self = self;
    this.settings = settings;
    this.members = members;
    this.sync = sync;
    this.replica = replica;
    this.resolve = resolve;
    this.scheduleFlush = scheduleFlush;
    this.outbox = new Outbox(settings.batchSize());
    this.recentRemovals = new Expiring<>(settings.tombstoneTtl());
    this.instrumentation = instrumentation;
    this.log = log;
  }

  // ---- the push stream ----

  /** Queues a change for every member, in the order made. */
  void push(Op op) {
    switch (outbox.add(op)) {
      case FLUSH_NOW -> flush();
      case SCHEDULE_FLUSH -> scheduleFlush.run();
      case WAIT -> { }
    }
  }

  /** Pushes the removal of an own claim, and keeps it (and why) for the snapshots of the next tombstone-ttl. */
  void pushRemoval(Claim claim, RemovalReason reason) {
    Remove remove = new Remove(claim.kind(), claim.name(), claim.entryId(), reason);
    push(remove);
    recentRemovals.put(claim.entryId(), remove, System.nanoTime());
  }

  void flushArrived() {
    outbox.flushArrived();
    flush();
  }

  /**
   * Sends the outbox's batch to every member, unreachable ones too: reachability is
   * gossip-merged, so a member some third node lost may be in contact with this one, and must
   * not miss a removal it would go on showing. What a member that is really cut off misses, it
   * sees as a gap in the sequence numbers.
   */
  void flush() {
    outbox.take(self).ifPresent(batch -> {
      members.others().forEach(node -> ref(node).tell(batch));
      instrumentation.get().pushed(batch.ops().size());
    });
  }

  /** Every {@code digest-interval}, the digest of this node's own entries goes into its stream. */
  void pushDigestIfDue(long now) {
    if (sync.digestDue(now)) {
      OwnerSync.Digest own = sync.digestOf(self);
      push(new Digest(own.entries(), own.hash()));
    }
  }

  // ---- to one peer ----

  /** This replica's votes on the proposals of a peer's batch. */
  void sendVotes(UniqueAddress node, List<Vote> votes) {
    ref(node).tell(new Votes(self, votes));
  }

  /** Sends {@code ops} to one peer in one batch, outside the numbered stream. */
  void send(UniqueAddress node, List<Op> ops) {
    ref(node).tell(new Batch(self, 0, ops));
  }

  /**
   * Sends each voter its re-asked votes as one batch per {@code batch-size}, not one message per
   * claim: under overload thousands of rounds time out together, and that many small messages
   * overflowed Artery's outbound queue, which then dropped pushes (measured).
   */
  void sendResends(Map<UniqueAddress, List<Op>> resends) {
    if (resends.isEmpty()) {
      return;
    }
    flush();
    resends.forEach((voter, ops) -> {
      for (int from = 0; from < ops.size(); from += settings.batchSize()) {
        send(voter, List.copyOf(ops.subList(from, Math.min(ops.size(), from + settings.batchSize()))));
      }
    });
  }

  /** Tells a peer everything this node owns: how a late joiner or a healed side catches up. */
  void sendOwnState(UniqueAddress node) {
    sendOwnState(node, 0);
  }

  private void sendOwnState(UniqueAddress node, long ticket) {
    // Pushes queued before this snapshot must reach the peer before it, not after (OwnerSync).
    flush();
    List<Op> ops = new ArrayList<>();
    ops.add(new SnapshotStart(outbox.seq(), ticket));
    for (Remove removal : recentRemovals.values()) {
      addToSnapshot(node, ops, removal);
    }
    for (Claim claim : replica.ownClaims()) {
      addToSnapshot(node, ops, new Commit(claim));
    }
    for (Membership membership : replica.ownMemberships()) {
      addToSnapshot(node, ops, new AddMember(membership));
    }
    ops.add(new SnapshotEnd());
    send(node, List.copyOf(ops));
    instrumentation.get().snapshotSent();
    log.debug("sent this node's snapshot to {} (ticket {})", node.address(), ticket);
  }

  private void addToSnapshot(UniqueAddress node, List<Op> ops, Op op) {
    ops.add(op);
    if (ops.size() >= settings.batchSize()) {
      send(node, List.copyOf(ops));
      ops.clear();
    }
  }

  // ---- owner sync ----

  /** Handles a peer's digest, snapshot request or snapshot bounds. */
  void onSyncOp(UniqueAddress from, Op op) {
    if (op instanceof Digest d) {
      OwnerSync.Digest held = sync.digestOf(from);
      boolean differs = !held.equals(new OwnerSync.Digest(d.entries(), d.hash()));
      if (differs && sync.isSynced(from)) {
        instrumentation.get().digestMismatch();
        log.info("the copy here of {}'s entries differs from its digest ({} entries here, {} there): asking for its snapshot",
            from.address(), held.entries(), d.entries());
      }
      if (differs || !sync.isSynced(from)) {
        // A differing copy, or entries of an owner not in sync, hidden until its snapshot: ask until one lands.
        sync.behind(from);
        askForSnapshots(System.nanoTime());
      }
    } else if (op instanceof SnapshotRequest request) {
      sendOwnState(from, request.ticket());
    } else if (op instanceof SnapshotStart start) {
      sync.begin(from, start.seq(), start.ticket());
    } else if (op instanceof SnapshotEnd) {
      sync.end(from).ifPresent(listed -> {
        replica.dropUnlisted(from, listed);
        replica.refreshOwner(from, RemovalReason.CONFLICT);
        instrumentation.get().snapshotApplied(listed.size());
        log.debug("applied the snapshot of {}: {} entries", from.address(), listed.size());
      });
    }
  }

  /** Asks the owners this replica fell behind for their snapshots (each at most once per digest-interval). */
  void askForSnapshots(long now) {
    for (UniqueAddress owner : sync.ownersToAsk(now)) {
      send(owner, List.of(new SnapshotRequest(sync.ticket())));
    }
  }

  /**
   * {@code node} is in contact (it started voting, or is reachable again): it gets this node's
   * snapshot, and this replica asks for one of it, since its entries stay hidden until a snapshot
   * sent after the contact arrives.
   */
  void reconnected(UniqueAddress node) {
    sendOwnState(node);
    sync.reconnected(node);
    askForSnapshots(System.nanoTime());
  }

  /** Forgets what the own snapshots list of removals older than {@code tombstone-ttl}. */
  void expire(long now) {
    recentRemovals.expire(now);
  }

  /** {@code node} left the cluster for good. */
  void forget(UniqueAddress node) {
    refs.remove(node);
    sync.forget(node);
  }

  private ActorRef<RegistryCommand> ref(UniqueAddress node) {
    return refs.computeIfAbsent(node, resolve);
  }
}
