/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Locale;
import java.util.Optional;

/** MCP log levels (RFC 5424 severities), least severe first. */
public enum LogLevel {
  DEBUG,
  INFO,
  NOTICE,
  WARNING,
  ERROR,
  CRITICAL,
  ALERT,
  EMERGENCY;

  /** The wire name, e.g. {@code "warning"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LogLevel> fromWire(String name) {
    for (LogLevel level : values()) {
      if (level.wireName().equals(name)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  /** Whether a message at this level passes a session whose threshold is {@code threshold}. */
  public boolean passes(LogLevel threshold) {
    return compareTo(threshold) >= 0;
  }
}
