/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The registry's implementation, not an API: the local backend's writer actor, and what both shipped
 * backends' writer actors share (input checks on the caller's thread, waiters, subscribers and the event
 * listener, the reply future that keeps callbacks off the writer's thread), and the guard that keeps an
 * installed instrumentation's failure out of the path that reports (the registry's and MCP's). Classes
 * here are public only because the cluster backend and the MCP packages use them; they may change
 * between releases.
 */
package org.pekkomcp.registry.internal;
