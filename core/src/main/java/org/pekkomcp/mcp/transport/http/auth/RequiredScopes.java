/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The scopes a token must hold to call each MCP server: a server's own entry, or the default for
 * servers without one. An entry replaces the default rather than adding to it, so one server can
 * ask for less than the rest (an empty entry: any valid token).
 */
public record RequiredScopes(Set<String> defaults, Map<String, Set<String>> perServer) {

  public RequiredScopes {
    defaults = Set.copyOf(defaults);
    perServer = perServer.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
  }

  public static RequiredScopes none() {
    return new RequiredScopes(Set.of(), Map.of());
  }

  public RequiredScopes withServer(String serverName, Set<String> scopes) {
    Map<String, Set<String>> servers = new HashMap<>(perServer);
    servers.put(serverName, scopes);
    return new RequiredScopes(defaults, servers);
  }

  /** What a token needs to call {@code serverName}, sorted (the order challenges list them in). */
  public SortedSet<String> forServer(String serverName) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(perServer.getOrDefault(serverName, defaults)));
  }

  /** Every scope some server needs: what the endpoint's metadata lists. */
  public SortedSet<String> all() {
    SortedSet<String> all = new TreeSet<>(defaults);
    perServer.values().forEach(all::addAll);
    return Collections.unmodifiableSortedSet(all);
  }
}
