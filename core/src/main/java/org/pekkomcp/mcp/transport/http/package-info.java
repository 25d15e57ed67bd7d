/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Streamable HTTP transport on pekko-http: one endpoint per node for every server in the registry,
 * legacy sessions and stateless requests of the current revision side by side.
 */
package org.pekkomcp.mcp.transport.http;
