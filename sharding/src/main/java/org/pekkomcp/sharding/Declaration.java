/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

/** What {@link ServerPlacement#declare} answered: an expected outcome, never an exception. */
public sealed interface Declaration {

  /** The server is declared; {@code sharded} tells whether Cluster Sharding places it (else it runs on this JVM). */
  record Declared(String name, boolean sharded) implements Declaration {}

  /** This node had already declared a server of that name; the first declaration stays. */
  record AlreadyDeclared(String name) implements Declaration {}
}
