/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The MCP server's implementation, not an API. {@link org.pekkomcp.mcp.server.internal.ServerActor}
 * is the actor behind {@code McpServer.create}; the rest are its parts: the legacy sessions it has
 * heard from and the 2026-07-28 listen streams, the handlers in flight and what they ask the
 * client (legacy asks, 2026-07-28 rounds and their sealed {@code requestState}), tools with their
 * compiled schemas, resource routing, list cursors, the answers' {@code resultType} and outcome,
 * and the guard around an installed instrumentation. Also here: the serializer of the messages
 * that cross between a client session and a server on another node, and the check of the
 * {@code Mcp-Param-*} headers an HTTP endpoint forwards inside a {@code tools/call}. Classes here
 * are public only where another package uses them; they may change between releases.
 */
package org.pekkomcp.mcp.server.internal;
