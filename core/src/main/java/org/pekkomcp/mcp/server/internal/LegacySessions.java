/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.mcp.server.ToClient;

/**
 * The legacy sessions a server has heard from, by id, and the session refs it watches (several
 * sessions may share one ref, as stdio's do). The state is soft: a restarted server starts empty
 * and fills it as sessions speak again. Only the server actor touches it.
 */
final class LegacySessions {

  private final Map<String, SessionState> byId = new HashMap<>();
  private final Set<ActorRef<?>> watched = new HashSet<>();

  /** The state of {@code sessionId}, created on first contact; {@code watch} runs once per new ref. */
  SessionState get(String sessionId, ActorRef<ToClient> ref, Consumer<ActorRef<ToClient>> watch) {
    SessionState state = byId.computeIfAbsent(sessionId, id -> new SessionState(ref, false));
    state.ref = ref;
    if (watched.add(ref)) {
      watch.accept(ref);
    }
    return state;
  }

  /** Forgets the sessions of a stopped ref; returns their ids. */
  Set<String> stopped(ActorRef<?> ref) {
    watched.remove(ref);
    Set<String> gone = new HashSet<>();
    byId.entrySet().removeIf(e -> {
      boolean match = e.getValue().ref.equals(ref);
      if (match) {
        gone.add(e.getKey());
      }
      return match;
    });
    return gone;
  }

  void forEach(BiConsumer<String, SessionState> action) {
    byId.forEach(action);
  }
}
