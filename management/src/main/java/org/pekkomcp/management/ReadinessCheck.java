/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * Readiness ({@code /ready}): the node may take MCP traffic when all of these hold, and the probe's
 * answer names every one that does not:
 * <ol>
 *   <li><b>Member Up.</b> The node is an Up (or WeaklyUp) member of its cluster. A node still
 *       joining (its seed nodes not answering), leaving or downed has no part in the cluster's
 *       registry.
 *   <li><b>Endpoints bound.</b> Every transport the application named with
 *       {@link McpHealth#expectTransport} is registered by this node: a transport registers once it
 *       serves (the HTTP transport once its socket is bound).
 *   <li><b>Registry caught up.</b> This node's registry is catching up with no member
 *       ({@code RegistryBackend.catchingUpWith}): of every voting member it is in contact with, it
 *       applied a snapshot of the member's own entries since it last lost sight of it, and missed
 *       none of its pushes since. Before that, a client routed here could be told that a server a
 *       peer holds does not exist.
 * </ol>
 * Unreachable members, and members whose process the cluster registry saw gone, are not waited
 * for: after a crash the survivors stay ready, and during a partition a node stays ready for what it can
 * serve, and the Split Brain Resolver decides which side stays (a downed node fails the first
 * condition). On a node without a cluster only the endpoints are checked.
 */
public final class ReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final org.apache.pekko.actor.typed.ActorSystem<?> system;
  private final Optional<Cluster> cluster;
  private final McpRegistry registry;
  private final McpHealth health;

  /** Pekko Management makes it with the node's actor system. */
  public ReadinessCheck(ActorSystem system) {
    this.system = Adapter.toTyped(system);
    this.cluster = NodeCluster.of(this.system);
    this.registry = McpRegistry.get(this.system);
    this.health = McpHealth.get(this.system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    List<String> problems = Stream.of(memberUp(), endpointsBound(), registryCaughtUp())
        .flatMap(Optional::stream)
        .toList();
    return problems.isEmpty()
        ? CompletableFuture.completedFuture(true)
        : CompletableFuture.failedFuture(new NotReady(String.join("; ", problems)));
  }

  private Optional<String> memberUp() {
    return cluster.map(c -> c.selfMember().status())
        .filter(status -> !NodeCluster.isUp(status))
        .map(status -> "this node is not an Up member of the cluster (its status: " + status
            + (status == MemberStatus.removed() ? ": not joined yet, or removed)" : ")"));
  }

  private Optional<String> endpointsBound() {
    List<String> unbound = health.expectedTransports().stream()
        .filter(name -> registry.whereis(Kind.TRANSPORT, name)
            .filter(registration -> registration.node().equals(system.address()))
            .isEmpty())
        .sorted()
        .toList();
    return unbound.isEmpty() ? Optional.empty() : Optional.of("transports not serving yet on this node: " + unbound);
  }

  private Optional<String> registryCaughtUp() {
    List<Address> behind = registry.backend().catchingUpWith().stream().sorted(Address.addressOrdering()).toList();
    return behind.isEmpty() ? Optional.empty() : Optional.of("the registry has not yet caught up with reachable members " + behind);
  }
}
