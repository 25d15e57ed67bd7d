/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.pekkomcp.mcp.server.internal.GuardedInstrumentation;

/**
 * The {@link McpInstrumentation} of an actor system: {@link McpInstrumentation#NONE} until one is
 * installed. Servers and sessions read it at each event (one volatile read), so an instrumentation
 * installed after they started, as a metrics extension started on the first scrape is, still
 * sees their traffic from then on.
 */
public final class Instrumentation implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<Instrumentation> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public Instrumentation createExtension(ActorSystem<?> system) {
      return new Instrumentation();
    }
  }

  private volatile McpInstrumentation current = McpInstrumentation.NONE;

  private Instrumentation() {}

  public static Instrumentation get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /**
   * Replaces the system's instrumentation; events from now on go to {@code instrumentation}. An
   * exception it throws is logged and goes no further: it cannot fail a request or a session.
   */
  public void install(McpInstrumentation instrumentation) {
    current = new GuardedInstrumentation(Objects.requireNonNull(instrumentation, "instrumentation"));
  }

  /** The instrumentation events go to now. */
  public McpInstrumentation current() {
    return current;
  }
}
