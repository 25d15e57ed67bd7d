/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The stdio transport: one client over the process's standard input and output.
 */
package org.pekkomcp.mcp.transport.stdio;
