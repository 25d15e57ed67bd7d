/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.cluster.WriteConsistency;

/**
 * This node's view of the other members: their status, which of them it sees unreachable, whose
 * process the crash watch saw gone, which were removed from the cluster (never to come back under the same {@link UniqueAddress}), and
 * the {@link Quorum} their statuses make. Reachability never changes the quorum (see
 * {@link Quorum} for why).
 *
 * <p>Not thread-safe: the registry actor's own state, fed from its cluster event subscriptions.
 */
final class Members {

  /** How a status change moved a member. */
  record Change(boolean first, boolean startsVoting, boolean stopsVoting) {}

  private final UniqueAddress self;
  private final WriteConsistency consistency;
  private final Map<UniqueAddress, MemberStatus> statuses = new HashMap<>();
  private final Set<UniqueAddress> unreachable = new HashSet<>();
  private final Set<UniqueAddress> removed = new HashSet<>();
  private final Set<UniqueAddress> processGone = new HashSet<>();
  private Quorum quorum;
  /** Counts every change, so that what is derived from the members is recomputed only after one. */
  private long version;

  Members(UniqueAddress self, WriteConsistency consistency) {
    this.self = self;
    this.consistency = consistency;
    this.quorum = Quorum.of(consistency, self, statuses);
  }

  /** A number that changes with every change of the members, their reachability or their processes. */
  long version() {
    return version;
  }

  /**
   * The voting members this node is in contact with: not seen unreachable, and whose process
   * the crash watch has not seen gone. A fresh set.
   */
  Set<UniqueAddress> inContact() {
    Set<UniqueAddress> inContact = new HashSet<>();
    statuses.forEach((node, status) -> {
      if (Quorum.votes(status) && !unreachable.contains(node) && !processGone.contains(node)) {
        inContact.add(node);
      }
    });
    return inContact;
  }

  /** The voters and the acks that commit, as of the last change. */
  Quorum quorum() {
    return quorum;
  }

  /** The other members, whatever their status or reachability: where pushes go. A live view. */
  Set<UniqueAddress> others() {
    return Collections.unmodifiableSet(statuses.keySet());
  }

  /** Whether {@code node} is this node or a member it knows. */
  boolean isMember(UniqueAddress node) {
    return node.equals(self) || statuses.containsKey(node);
  }

  boolean isUnreachable(UniqueAddress node) {
    return unreachable.contains(node);
  }

  /** Whether the crash watch saw {@code node}'s process gone and not back since ({@link CrashWatcher}). */
  boolean isProcessGone(UniqueAddress node) {
    return processGone.contains(node);
  }

  /** Whether {@code node} was removed from the cluster: what it sends or owns is ignored for good. */
  boolean wasRemoved(UniqueAddress node) {
    return removed.contains(node);
  }

  /** {@code node} (not removed) is now in {@code status}. */
  Change statusChanged(UniqueAddress node, MemberStatus status) {
    version++;
    MemberStatus before = statuses.put(node, status);
    quorum = Quorum.of(consistency, self, statuses);
    return new Change(before == null, !Quorum.votes(before) && Quorum.votes(status), Quorum.votes(before) && !Quorum.votes(status));
  }

  /** {@code node} left the cluster for good. */
  void removed(UniqueAddress node) {
    version++;
    statuses.remove(node);
    unreachable.remove(node);
    processGone.remove(node);
    removed.add(node);
    quorum = Quorum.of(consistency, self, statuses);
  }

  void unreachable(UniqueAddress node) {
    version++;
    unreachable.add(node);
  }

  void reachable(UniqueAddress node) {
    version++;
    unreachable.remove(node);
  }

  /** The crash watch saw {@code node}'s process gone; true if it was not already. Like reachability, it never changes the quorum. */
  boolean processGone(UniqueAddress node) {
    version++;
    return processGone.add(node);
  }

  /** The crash watch reaches {@code node}'s process again; true if it was gone. */
  boolean processBack(UniqueAddress node) {
    version++;
    return processGone.remove(node);
  }
}
