/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Operating a node: readiness and liveness checks for Pekko Management ({@code /ready}, {@code /alive})
 * and Prometheus metrics at {@code /metrics} ({@link org.pekkomcp.management.McpHealth}); see
 * {@code docs/operations.md}.
 */
package org.pekkomcp.management;
