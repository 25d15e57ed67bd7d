/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The standard groups, joined and left by the registry itself (erlmcp's capability lookups on
 * {@code pg}). A server is in {@link #SERVERS} while registered, and in {@link #TOOLS},
 * {@link #RESOURCES} and {@link #PROMPTS} while its config declares that capability; a transport
 * is in {@link #TRANSPORTS}. Any other group name is joined and left explicitly.
 */
public final class Groups {

  public static final String SERVERS = "mcp.servers";
  public static final String TRANSPORTS = "mcp.transports";
  public static final String TOOLS = "mcp.servers.tools";
  public static final String RESOURCES = "mcp.servers.resources";
  public static final String PROMPTS = "mcp.servers.prompts";

  /** The server groups for each combination of tools (1), resources (2) and prompts (4), built once. */
  private static final List<Set<String>> SERVER_GROUPS = IntStream.range(0, 8).mapToObj(Groups::serverGroups).toList();
  private static final Set<String> TRANSPORT_GROUPS = Set.of(TRANSPORTS);

  private Groups() {}

  /**
   * The standard groups an entry of this kind with this config belongs to: an unmodifiable set,
   * in the order the registry joins them, shared between all entries alike (every registration
   * on every node asks, so nothing is allocated).
   */
  public static Set<String> standardGroups(Kind kind, EntryConfig config) {
    if (kind == Kind.TRANSPORT) {
      return TRANSPORT_GROUPS;
    }
    int capabilities = (config.hasCapability("tools") ? 1 : 0) | (config.hasCapability("resources") ? 2 : 0)
        | (config.hasCapability("prompts") ? 4 : 0);
    return SERVER_GROUPS.get(capabilities);
  }

  private static Set<String> serverGroups(int capabilities) {
    Set<String> groups = new LinkedHashSet<>();
    groups.add(SERVERS);
    if ((capabilities & 1) != 0) {
      groups.add(TOOLS);
    }
    if ((capabilities & 2) != 0) {
      groups.add(RESOURCES);
    }
    if ((capabilities & 4) != 0) {
      groups.add(PROMPTS);
    }
    return Collections.unmodifiableSet(groups);
  }
}
