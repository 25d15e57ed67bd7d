/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster as this node sees it, read from Pekko's cluster state when a scrape asks: members by
 * status, unreachable members, and whether this node is Up.
 */
final class ClusterGauges implements MeterBinder {

  private static final List<MemberStatus> STATUSES = List.of(MemberStatus.joining(), MemberStatus.weaklyUp(),
      MemberStatus.up(), MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down());

  private final Cluster cluster;

  ClusterGauges(Cluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void bindTo(MeterRegistry meters) {
    for (MemberStatus status : STATUSES) {
      Gauge.builder("pekko.cluster.members", cluster, c -> countIn(c, status))
          .description("Cluster members, by status, as this node sees them")
          .tag("status", status.toString().toLowerCase(java.util.Locale.ROOT))
          .register(meters);
    }
    Gauge.builder("pekko.cluster.unreachable", cluster, c -> c.state().getUnreachable().size())
        .description("Members this node's failure detector marks unreachable")
        .register(meters);
    Gauge.builder("pekko.cluster.self.up", cluster, c -> NodeCluster.isUp(c.selfMember().status()) ? 1 : 0)
        .description("1 while this node is an Up (or WeaklyUp) member")
        .register(meters);
  }

  private static long countIn(Cluster cluster, MemberStatus status) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(member -> member.status() == status)
        .count();
  }
}
