/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The node process the multi-JVM tests start (one cluster node per JVM, driven by commands on stdin)
 * and what it records. Not published.
 */
package org.pekkomcp.multijvm;
