/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Runs an installed instrumentation's report so that its failure cannot break the path that
 * reports (a registry write, an MCP request): the exception is logged, the first at WARN and the
 * rest at DEBUG, so a broken binding does not flood the log at every event.
 */
public final class InstrumentationGuard {

  private final Object inner;
  private final Logger log;
  private final AtomicBoolean warned = new AtomicBoolean();

  /**
   * @param inner the installed instrumentation, named in the log
   * @param log the logger of the instrumentation's interface
   */
  public InstrumentationGuard(Object inner, Logger log) {
    this.inner = inner;
    this.log = log;
  }

  /** Runs {@code report}; what it throws is logged, not passed on. */
  public void run(Runnable report) {
    try {
      report.run();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        log.warn("The installed instrumentation {} failed (later failures are logged at DEBUG)", inner.getClass().getName(), e);
      } else {
        log.debug("The installed instrumentation {} failed", inner.getClass().getName(), e);
      }
    }
  }
}
