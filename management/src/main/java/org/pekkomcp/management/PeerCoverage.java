/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Which reachable members this node's registry has not yet heard from: the members whose marker
 * ({@link McpHealth#NODES_GROUP}) it does not list. Computed from two snapshots, the cluster's and
 * the registry's, so it is a plain value.
 *
 * @param missing the reachable members with no marker here, in address order
 */
record PeerCoverage(List<Address> missing) {

  PeerCoverage {
    missing = List.copyOf(missing);
  }

  /**
   * @param self this node's address (a marker of this node is a local ref, whose address has no host)
   * @param reachableMembers the members that should have a marker: Up and reachable from here
   * @param markers the members of {@link McpHealth#NODES_GROUP} this node's registry lists
   */
  static PeerCoverage of(Address self, Collection<Address> reachableMembers, Collection<? extends ActorRef<?>> markers) {
    Set<Address> marked = markers.stream()
        .map(ref -> ref.path().address())
        .map(address -> address.hasLocalScope() ? self : address)
        .collect(Collectors.toSet());
    return new PeerCoverage(reachableMembers.stream()
        .filter(member -> !marked.contains(member))
        .sorted(Address.addressOrdering())
        .toList());
  }

  boolean complete() {
    return missing.isEmpty();
  }
}
