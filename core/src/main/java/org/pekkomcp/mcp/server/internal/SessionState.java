/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.LogLevel;
import org.pekkomcp.mcp.server.ToClient;

/**
 * What a server keeps per legacy session: where it answers, its log level, its resource
 * subscriptions and the capabilities its client declared in {@code initialize}. A modern
 * (2026-07-28) request gets a throw-away one, never stored, that holds the log level and the
 * capabilities its own {@code _meta} declares (no log level: no log messages). Only the server
 * actor touches it.
 */
final class SessionState {
  ActorRef<ToClient> ref;
  Optional<LogLevel> level = Optional.of(LogLevel.INFO);
  final Set<String> subscriptions = new HashSet<>();
  JsonNode clientCapabilities = JsonRpcCodec.object();
  final boolean modern;

  SessionState(ActorRef<ToClient> ref, boolean modern) {
    this.ref = ref;
    this.modern = modern;
  }
}
