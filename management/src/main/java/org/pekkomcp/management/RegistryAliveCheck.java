/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.pekkomcp.registry.McpRegistry;

/**
 * Liveness: this node's registry actor answers. Reads never reach the actor, so the check sends
 * it a write that changes nothing: leaving the group {@value #PROBE_GROUP} with a ref that never
 * joined it ({@code NotMember}). An actor stuck or drowned in its mailbox does not answer within
 * {@code pekko.management.health-checks.check-timeout}, and the check fails.
 */
public final class RegistryAliveCheck implements Supplier<CompletionStage<Boolean>> {

  /** A group nothing joins: leaving it answers {@code NotMember} and changes nothing. */
  static final String PROBE_GROUP = "mcp.alive-probe";

  private final McpRegistry registry;
  private final ActorRef<Void> neverJoined;

  /** Pekko Management makes it with the node's actor system. */
  public RegistryAliveCheck(ActorSystem system) {
    org.apache.pekko.actor.typed.ActorSystem<?> typed = Adapter.toTyped(system);
    this.registry = McpRegistry.get(typed);
    this.neverJoined = typed.ignoreRef();
  }

  @Override
  public CompletionStage<Boolean> get() {
    return registry.leave(PROBE_GROUP, neverJoined).thenApply(answered -> true);
  }
}
