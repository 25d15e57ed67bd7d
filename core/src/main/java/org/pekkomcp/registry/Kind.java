/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

/**
 * The two kinds of entity an MCP registry names, as in erlmcp: servers speak the protocol,
 * transports carry its bytes. A name is unique within its kind, so a server and a transport may
 * share one.
 */
public enum Kind {
  SERVER,
  TRANSPORT
}
