/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a server keeps per legacy session: where it answers, its log level and its resource
 * subscriptions. A modern (2026-07-28) request gets a throw-away one, never stored, that holds the
 * log level its own {@code _meta} asked for (none: no log messages). Only the server actor
 * touches it.
 */
final class SessionState {
  ActorRef<ToClient> ref;
  Optional<LogLevel> level = Optional.of(LogLevel.INFO);
  final Set<String> subscriptions = new HashSet<>();
  final boolean modern;

  SessionState(ActorRef<ToClient> ref, boolean modern) {
    this.ref = ref;
    this.modern = modern;
  }
}
