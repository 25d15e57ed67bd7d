/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The example app behind {@code ./demo}, {@code ./mcp-node} and {@code ./demo-cluster}: two MCP servers
 * and a node that serves them over HTTP or stdio. Not published.
 */
package org.pekkomcp.examples;
