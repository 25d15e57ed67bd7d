/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;

/**
 * Which reachable members this node's registry has not caught up with: those missing from
 * {@code RegistryBackend.caughtUpWith} (no snapshot of theirs applied since they were last seen
 * unreachable, or a gap in their pushes since). Computed from two snapshots, the cluster's and the
 * registry's, so it is a plain value.
 *
 * @param missing the reachable members not caught up with, in address order
 */
record PeerCoverage(List<Address> missing) {

  PeerCoverage {
    missing = List.copyOf(missing);
  }

  /**
   * @param self this node's address (never waited for)
   * @param reachableMembers the members to be caught up with: Up and reachable from here
   * @param caughtUpWith the peers the registry is caught up with
   */
  static PeerCoverage of(Address self, Collection<Address> reachableMembers, Set<Address> caughtUpWith) {
    return new PeerCoverage(reachableMembers.stream()
        .filter(member -> !member.equals(self) && !caughtUpWith.contains(member))
        .sorted(Address.addressOrdering())
        .toList());
  }

  boolean complete() {
    return missing.isEmpty();
  }
}
