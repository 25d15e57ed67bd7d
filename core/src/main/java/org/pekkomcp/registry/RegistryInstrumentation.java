/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

/**
 * What a registry backend reports to a metrics library about the work inside its writer actor,
 * which the public API does not show: how register calls ended and how long their votes took, why
 * calls were {@link Outcome.Rejected}, and the cluster backend's traffic between nodes (pushes,
 * snapshots, digest repairs, pruning). Core depends on no metrics library: the management module
 * binds this to Micrometer; an application may bind its own with
 * {@link RegistryInstrumentations#install}. Every method has a no-op default.
 *
 * <p>Nothing is reported on the read path ({@code whereis}, {@code members} and the other reads):
 * events come from the writer actor as it handles writes and peers' messages, and from the
 * caller's thread for input rejected before any message is sent. An implementation must be
 * thread-safe and must not block: it runs on the registry actor's thread, and a slow one slows
 * every write of the node. Every argument comes from a bounded set (enums, {@link Kind}).
 *
 * <p>The local backend votes on nothing and talks to no peer: it reports only
 * {@link #rejected} for bad input.
 */
public interface RegistryInstrumentation {

  /** Reports nothing; the default until something is installed. */
  RegistryInstrumentation NONE = new RegistryInstrumentation() {};

  /** How a register call that went to a vote ended. */
  enum VoteResult {
    /** The claim won its quorum and the name is the caller's. */
    REGISTERED,
    /** Another claim holds the name (seen by a voter, or shown here when a round was to start). */
    ALREADY_REGISTERED,
    /** The call ended without the name; {@link #rejected} says why. */
    REJECTED
  }

  /** Why a write was answered {@link Outcome.Rejected}. */
  enum RejectReason {
    /**
     * Bad input (blank name, oversized config, null ref), answered on the caller's thread. A config
     * given as text that is not a JSON object is refused before it reaches the backend, and is
     * not reported.
     */
    INVALID_INPUT,
    /** Not enough registry replicas accepted the claim within {@code register-timeout}. */
    NO_QUORUM,
    /** The registering actor stopped before its registration completed. */
    REGISTRANT_STOPPED,
    /** This node is leaving the cluster, or was downed or removed: it registers no more names. */
    NODE_DEPARTED
  }

  /**
   * A register call that went to a vote ended on this node, its owner's.
   *
   * @param rounds the vote rounds it took (1 unless a split vote was retried)
   * @param nanos from the call reaching the registry actor to its answer
   */
  default void voteEnded(Kind kind, VoteResult result, int rounds, long nanos) {}

  /** A write was answered {@link Outcome.Rejected} for {@code reason}. */
  default void rejected(RejectReason reason) {}

  /** This node pushed a batch of {@code ops} changes (claims, votes' proposals, removals, memberships) to its peers. */
  default void pushed(int ops) {}

  /** This node sent a peer a snapshot of its own entries (a peer asked, or came back into contact). */
  default void snapshotSent() {}

  /** A peer's snapshot was applied here: {@code entries} claims and memberships it listed. */
  default void snapshotApplied(int entries) {}

  /** A peer's digest of its own entries differed from this node's copy of them: a snapshot is asked for (a repair). */
  default void digestMismatch() {}

  /** A node left the cluster for good and {@code entries} of its claims and memberships were removed here. */
  default void pruned(int entries) {}
}
