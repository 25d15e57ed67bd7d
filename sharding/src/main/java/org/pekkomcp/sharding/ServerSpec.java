/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.registry.Names;

/**
 * An MCP server declared for the whole cluster: its name, how to start an instance of it, and the
 * node role it needs, if any.
 *
 * <p>The factory runs on whichever node the server is placed on, each time an instance starts
 * there (first start, restart after a failure, after a move), so every node that may host the
 * server declares it with the same name and an equivalent factory. The instance must register
 * itself under {@code name}, as {@link McpServer} does with its definition's name; {@link
 * #of(String, Supplier)} checks that the definition carries that name.
 *
 * @param name the server's name: its name in the registry and its Sharding entity id
 * @param factory a fresh behaviour of one instance of the server
 * @param role the cluster role a node needs to host it; empty: any node that declares it
 */
public record ServerSpec(String name, Supplier<Behavior<McpServer.Command>> factory, Optional<String> role) {

  public ServerSpec {
    Names.problem("server name", name).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(role, "role");
    role.ifPresent(r -> {
      if (r.isBlank()) {
        throw new IllegalArgumentException("a role must not be blank");
      }
    });
  }

  /** A server built from a definition, which must be named {@code name}. */
  public static ServerSpec of(String name, Supplier<ServerDefinition> definition) {
    Objects.requireNonNull(definition, "definition");
    return new ServerSpec(name, () -> Behaviors.setup(context -> {
      ServerDefinition made = definition.get();
      if (!made.name().equals(name)) {
        throw new IllegalStateException("server '" + name + "' was declared with a definition named '" + made.name() + "'");
      }
      return McpServer.create(made);
    }), Optional.empty());
  }

  /** A server whose behaviour the caller builds (for example one wrapping {@link McpServer}). */
  public static ServerSpec ofBehavior(String name, Supplier<Behavior<McpServer.Command>> behavior) {
    return new ServerSpec(name, behavior, Optional.empty());
  }

  /** The same server, placed only on nodes with {@code role}. */
  public ServerSpec withRole(String role) {
    return new ServerSpec(name, factory, Optional.of(role));
  }
}
