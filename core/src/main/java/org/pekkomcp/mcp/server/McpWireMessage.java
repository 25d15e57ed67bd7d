/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

/**
 * Marks the messages that cross between a client session and a server, possibly between nodes:
 * they carry JSON-RPC messages and actor refs only, and
 * {@link org.pekkomcp.mcp.server.internal.McpWireSerializer} (bound to this interface in
 * reference.conf) writes them without Java serialization.
 */
public interface McpWireMessage {}
