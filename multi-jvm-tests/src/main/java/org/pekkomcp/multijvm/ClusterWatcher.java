/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Records this node's view of cluster membership in the {@link EventLog} (MemberUp,
 * UnreachableMember, MemberRemoved, ...), with the time it was seen, and announces
 * {@code SelfUp} once: that is when the node is usable and the harness may send commands.
 */
final class ClusterWatcher {

  private ClusterWatcher() {}

  static Behavior<Object> create(EventLog log, Consumer<String> onSelfUp) {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), SelfUp.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
      return Behaviors.receive(Object.class)
          // SelfUp first: it is a ClusterDomainEvent too (PEKKO-NOTES, "Forked JVMs").
          .onMessage(SelfUp.class, up -> {
            onSelfUp.accept(cluster.selfMember().address().toString());
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberEvent.class, event -> {
            log.add(event.getClass().getSimpleName(), e -> e
                .put("member", event.member().address().toString())
                .put("status", event.member().status().toString()));
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.ReachabilityEvent.class, event -> {
            log.add(event.getClass().getSimpleName(), e -> e.put("member", event.member().address().toString()));
            return Behaviors.same();
          })
          .build();
    });
  }
}
