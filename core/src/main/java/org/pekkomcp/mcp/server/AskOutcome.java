/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Locale;

/** How a server's question to a legacy session's client ended, as {@link McpInstrumentation} reports it. */
public enum AskOutcome {
  /** The client answered with a result. */
  ANSWERED,
  /** The client answered with a JSON-RPC error. */
  ERROR,
  /** The client did not answer within {@code mcp.server.client-request-timeout}. */
  TIMEOUT,
  /** The asking request ended first (answered, cancelled, or its session stopped). */
  ENDED;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The outcome's name as a metric tag. */
  public String tag() {
    return tag;
  }
}
