/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.WireMessage;
import org.pekkomcp.registry.spi.RegistryCommand;

/**
 * The messages registry actors exchange across the cluster, all {@link WireMessage}s that
 * {@link ClusterRegistrySerializer} writes: a node's changes travel as {@link Batch}es of
 * {@link Op}s, a replica's answers to proposals as {@link Votes}. What each step of the protocol
 * means is described in {@code docs/cluster-design.md}.
 */
final class ClusterProtocol {

  private ClusterProtocol() {}

  /** What one node's registry actor tells another's; the actor's timers and adapters are its own. */
  sealed interface Command extends RegistryCommand {}

  /**
   * Changes from one node, in the order it made them. Crosses the wire.
   *
   * @param seq the batch's number in the sender's broadcast stream (1, 2, ...), so a receiver
   *     sees a batch that Artery dropped as a gap; 0 for a batch sent to one peer only
   */
  record Batch(UniqueAddress from, long seq, List<Op> ops) implements Command, WireMessage {}

  /** A replica's votes on the proposals of one {@link Batch}. Crosses the wire. */
  record Votes(UniqueAddress from, List<Vote> votes) implements Command, WireMessage {}

  /** One change inside a {@link Batch}. */
  sealed interface Op {}

  /** Asks a replica to vote on a claim in voting round {@code round}. */
  record Propose(Claim claim, int round) implements Op {}

  /** The claim's voting round failed: a replica that holds it pending releases it. */
  record Retract(Kind kind, String name, EntryId claim) implements Op {}

  /** The claim (or a newer version of it) is committed. */
  record Commit(Claim claim) implements Op {}

  /**
   * The claim proposed under this id is committed: {@link Commit} without the claim, which the
   * receiver holds from the {@link Propose} (the actor keeps peers' proposals until their fate). Sent only when every
   * recipient voted in the round, so that it got the Propose first.
   */
  record Committed(EntryId claim) implements Op {}

  /** The committed claim is gone, and why. */
  record Remove(Kind kind, String name, EntryId claim, RemovalReason reason) implements Op {}

  record AddMember(Membership membership) implements Op {}

  record RemoveMember(EntryId membership) implements Op {}

  /** The sender's own entries at this point of its stream ({@link OwnerSync}). */
  record Digest(int entries, long hash) implements Op {}

  /**
   * Asks the receiver for a snapshot of its own entries: the sender's copy did not match.
   *
   * @param ticket names the request: the snapshot that answers it carries it ({@link OwnerSync}) */
  record SnapshotRequest(long ticket) implements Op {}

  /**
   * The Commits and AddMembers up to {@link SnapshotEnd} are everything the sender owns, as of
   * broadcast batch {@code seq} of its stream; {@code ticket} is the request it answers, 0 if
   * none.
   */
  record SnapshotStart(long seq, long ticket) implements Op {}

  /** Ends a snapshot: the receiver drops the sender's entries it did not list. */
  record SnapshotEnd() implements Op {}

  /**
   * A replica's answer to a {@link Propose}: ack, or nack naming the claim it holds instead.
   *
   * @param holderCommitted whether {@code holder} is committed (else it is pending there)
   */
  record Vote(EntryId claim, int round, boolean ack, Optional<Claim> holder, boolean holderCommitted) {}
}
