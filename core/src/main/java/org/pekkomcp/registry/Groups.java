package org.pekkomcp.registry;

import java.util.LinkedHashSet;
import java.util.Set;

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

  private Groups() {}

  /** The standard groups an entry of this kind with this config belongs to. */
  public static Set<String> standardGroups(Kind kind, EntryConfig config) {
    if (kind == Kind.TRANSPORT) {
      return Set.of(TRANSPORTS);
    }
    Set<String> groups = new LinkedHashSet<>();
    groups.add(SERVERS);
    if (config.hasCapability("tools")) {
      groups.add(TOOLS);
    }
    if (config.hasCapability("resources")) {
      groups.add(RESOURCES);
    }
    if (config.hasCapability("prompts")) {
      groups.add(PROMPTS);
    }
    return groups;
  }
}
