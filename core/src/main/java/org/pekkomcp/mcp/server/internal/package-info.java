/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The MCP server's implementation, not an API: the serializer of the messages that cross between a
 * client session and a server on another node, and the check of the {@code Mcp-Param-*} headers an
 * HTTP endpoint forwards inside a {@code tools/call}. Classes here are public only because the
 * transports, in other packages, use them; they may change between releases.
 */
package org.pekkomcp.mcp.server.internal;
