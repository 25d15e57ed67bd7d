/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * MCP servers as typed actors: a {@link org.pekkomcp.mcp.server.ServerDefinition} (tools, resources,
 * templates, prompts and their handlers) served by {@link org.pekkomcp.mcp.server.McpServer}, which registers
 * itself by name and speaks both protocol eras. Servers know nothing of bytes; see
 * {@code docs/mcp-servers.md} and {@code docs/mcp.md}.
 */
package org.pekkomcp.mcp.server;
