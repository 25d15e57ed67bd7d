/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What readiness needs from a node besides Pekko's and the registry's own state: the transports
 * whose registration proves its endpoints are bound. An MCP transport registers its name once it
 * serves (the HTTP transport after its socket is bound); the application names the transports it
 * starts with {@link #expectTransport}, and {@link ReadinessCheck} waits for them.
 */
public final class McpHealth implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<McpHealth> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public McpHealth createExtension(ActorSystem<?> system) {
      return new McpHealth();
    }
  }

  private final Set<String> expectedTransports = new CopyOnWriteArraySet<>();

  private McpHealth() {}

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
}
