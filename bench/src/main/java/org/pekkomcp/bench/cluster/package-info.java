/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Load drivers of the cluster backend: nodes in one JVM ({@code ./benchmarks-cluster}) or one process per
 * node ({@code ./benchmarks-processes}). Not published.
 */
package org.pekkomcp.bench.cluster;
