/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the health checks need from a node besides Pekko's own state: its registry marker, and
 * the transports whose registration proves its endpoints are bound.
 *
 * <p><b>The marker.</b> Each node joins one actor of its own to the registry group
 * {@link #NODES_GROUP}. A node whose registry lists the marker of a peer has applied at least that
 * write of the peer, so the peer's registry data flows to it: this is what {@link ReadinessCheck}
 * can see of "caught up with every reachable member" through the public registry API alone (that
 * every snapshot of a peer was applied only the registry actor knows). A node joins its marker when the extension starts: when Pekko Management
 * starts the checks, or when the application calls {@link #get} at start, which every node of a
 * cluster whose readiness is checked must do, whether or not it serves the management endpoint
 * (a node without a marker keeps its peers from getting ready). It is not started from
 * {@code pekko.actor.typed.extensions}: an application that only has the module on its class path
 * keeps its groups as they are.
 *
 * <p><b>Endpoints.</b> An MCP transport registers its name once it serves (the HTTP transport
 * after its socket is bound). The application names the transports it starts with
 * {@link #expectTransport}; {@link ReadinessCheck} waits for them.
 */
public final class McpHealth implements Extension {

  /** The registry group that holds one marker actor per node. */
  public static final String NODES_GROUP = "mcp.nodes";

  private static final Logger log = LoggerFactory.getLogger(McpHealth.class);

  /** The extension id; {@link #getInstance()} lets Pekko load it from configuration. */
  public static final class Id extends ExtensionId<McpHealth> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public McpHealth createExtension(ActorSystem<?> system) {
      return new McpHealth(system);
    }
  }

  private final ActorRef<Void> marker;
  private final Set<String> expectedTransports = new CopyOnWriteArraySet<>();

  private McpHealth(ActorSystem<?> system) {
    this.marker = system.systemActorOf(Behaviors.<Void>empty(), "mcp-node-marker", Props.empty());
    McpRegistry.get(system).join(NODES_GROUP, marker).whenComplete((outcome, failure) -> {
      if (!(outcome instanceof Outcome.Joined)) {
        log.error("the node marker could not join {} ({}); this node's peers will not report ready",
            NODES_GROUP, failure != null ? failure : outcome);
      }
    });
  }

  /** This node's health state. */
  public static McpHealth get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** Readiness waits until this node's registry holds a transport called {@code name}, registered by this node. */
  public void expectTransport(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a transport name must not be blank");
    }
    expectedTransports.add(name);
  }

  /** The transports readiness waits for. */
  public Set<String> expectedTransports() {
    return Set.copyOf(expectedTransports);
  }

  /** This node's marker in {@link #NODES_GROUP}. */
  public ActorRef<Void> marker() {
    return marker;
  }
}
