/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

/** A live event subscription; {@link #close()} ends it (idempotent). */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
