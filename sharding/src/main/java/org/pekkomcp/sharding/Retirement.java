/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

/** What {@link ServerPlacement#retire} answered: an expected outcome, never an exception. */
public sealed interface Retirement {

  /**
   * The server is being stopped wherever it runs, and will not be started again: its instance
   * stops, its name is removed from the registry, and Sharding forgets the remembered entity.
   */
  record Retiring(String name) implements Retirement {}

  /** This node has no declaration of that name (never declared, or already retired here). */
  record NotDeclared(String name) implements Retirement {}
}
