/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * JSON-RPC 2.0 as MCP uses it: messages as records and the codec that reads and writes them, with
 * the error codes of the specification. No MCP semantics here.
 */
package org.pekkomcp.mcp.jsonrpc;
