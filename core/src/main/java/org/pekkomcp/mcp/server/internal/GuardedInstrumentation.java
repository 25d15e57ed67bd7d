/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.pekkomcp.mcp.server.AskOutcome;
import org.pekkomcp.mcp.server.McpInstrumentation;
import org.pekkomcp.mcp.server.RequestOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An installed {@link McpInstrumentation} that cannot break the MCP path: an event is reported
 * after the client was answered, so a failing implementation must not make the server answer the
 * same request again, nor stop a session. Its failures are logged, the first at WARN and the
 * rest at DEBUG, so a broken binding does not flood the log at every request.
 */
public final class GuardedInstrumentation implements McpInstrumentation {

  private static final Logger LOG = LoggerFactory.getLogger(McpInstrumentation.class);

  private final McpInstrumentation inner;
  private final AtomicBoolean warned = new AtomicBoolean();

  public GuardedInstrumentation(McpInstrumentation inner) {
    this.inner = inner;
  }

  @Override
  public void requestEnded(String server, String method, RequestOutcome outcome, long nanos) {
    guarded(() -> inner.requestEnded(server, method, outcome, nanos));
  }

  @Override
  public void requestTimedOut(String server) {
    guarded(() -> inner.requestTimedOut(server));
  }

  @Override
  public void sessionOpened(String transport) {
    guarded(() -> inner.sessionOpened(transport));
  }

  @Override
  public void sessionClosed(String transport) {
    guarded(() -> inner.sessionClosed(transport));
  }

  @Override
  public void clientAskEnded(String server, String method, AskOutcome outcome) {
    guarded(() -> inner.clientAskEnded(server, method, outcome));
  }

  private void guarded(Runnable report) {
    try {
      report.run();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn("The installed McpInstrumentation {} failed (later failures are logged at DEBUG)",
            inner.getClass().getName(), e);
      } else {
        LOG.debug("The installed McpInstrumentation {} failed", inner.getClass().getName(), e);
      }
    }
  }
}
