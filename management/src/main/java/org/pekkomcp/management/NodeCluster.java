/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster a node is a member of, when it runs Pekko's cluster provider: the checks and meters
 * of this module also work on a node of the local backend, which has none.
 */
final class NodeCluster {

  private NodeCluster() {}

  /** The node's cluster, or empty when {@code pekko.actor.provider} is not the cluster provider. */
  static Optional<Cluster> of(ActorSystem<?> system) {
    String provider = system.settings().config().getString("pekko.actor.provider");
    return provider.equals("cluster") || provider.endsWith("ClusterActorRefProvider")
        ? Optional.of(Cluster.get(system))
        : Optional.empty();
  }

  /** Whether a member in {@code status} takes part in the cluster (Pekko routes to it): Up or WeaklyUp. */
  static boolean isUp(MemberStatus status) {
    return status == MemberStatus.up() || status == MemberStatus.weaklyUp();
  }
}
