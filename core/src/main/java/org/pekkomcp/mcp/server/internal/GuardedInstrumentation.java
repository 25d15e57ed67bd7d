/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import org.pekkomcp.mcp.server.AskOutcome;
import org.pekkomcp.mcp.server.McpInstrumentation;
import org.pekkomcp.mcp.server.RequestOutcome;
import org.pekkomcp.registry.internal.InstrumentationGuard;
import org.slf4j.LoggerFactory;

/**
 * An installed {@link McpInstrumentation} that cannot break the MCP path: an event is reported
 * after the client was answered, so a failing implementation must not make the server answer the
 * same request again, nor stop a session. Its failures are logged ({@link InstrumentationGuard}).
 */
public final class GuardedInstrumentation implements McpInstrumentation {

  private final McpInstrumentation inner;
  private final InstrumentationGuard guard;

  public GuardedInstrumentation(McpInstrumentation inner) {
    this.inner = inner;
    this.guard = new InstrumentationGuard(inner, LoggerFactory.getLogger(McpInstrumentation.class));
  }

  @Override
  public void requestEnded(String server, String method, RequestOutcome outcome, long nanos) {
    guard.run(() -> inner.requestEnded(server, method, outcome, nanos));
  }

  @Override
  public void requestTimedOut(String server) {
    guard.run(() -> inner.requestTimedOut(server));
  }

  @Override
  public void sessionOpened(String transport) {
    guard.run(() -> inner.sessionOpened(transport));
  }

  @Override
  public void sessionClosed(String transport) {
    guard.run(() -> inner.sessionClosed(transport));
  }

  @Override
  public void clientAskEnded(String server, String method, AskOutcome outcome) {
    guard.run(() -> inner.clientAskEnded(server, method, outcome));
  }
}
