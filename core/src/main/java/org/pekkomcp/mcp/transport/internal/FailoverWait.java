/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * How a transport treats a request for a server that is not registered at that moment, read from
 * {@code mcp.transport} (see reference.conf). A server that moves to another node is missing from
 * the registry for as long as the move takes; holding its requests that long, rather than failing
 * them, is what lets clients ride through a move without noticing.
 *
 * @param duration how long a request waits for its server to register; zero fails it at once
 * @param maxWaitingMessages how many messages (requests and notifications) one session may hold while it waits;
 *     more requests are refused with an error, more notifications dropped
 */
record FailoverWait(Duration duration, int maxWaitingMessages) {

  FailoverWait {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("mcp.transport.failover-wait must not be negative, got " + duration);
    }
    if (maxWaitingMessages < 1) {
      throw new IllegalArgumentException(
          "mcp.transport.failover-max-waiting-messages must be at least 1, got " + maxWaitingMessages);
    }
  }

  /** The settings in an actor system's configuration. */
  static FailoverWait fromConfig(Config systemConfig) {
    return new FailoverWait(systemConfig.getDuration("mcp.transport.failover-wait"),
        systemConfig.getInt("mcp.transport.failover-max-waiting-messages"));
  }

  /** Whether requests wait at all. */
  boolean enabled() {
    return !duration.isZero();
  }

  /** The error text of a request whose server did not register within the wait. */
  String expired(String serverName) {
    long millis = duration.toMillis();
    String waited = millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    return "MCP server '" + serverName + "' is not available (waited " + waited + " for it to register)";
  }
}
