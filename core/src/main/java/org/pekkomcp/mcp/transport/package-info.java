/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What every transport shares: the client session that routes each request to the server registered
 * under its name at that moment, on any node ({@link org.pekkomcp.mcp.transport.ClientSession}), the wait
 * while a server moves, and the replay of a session's state to a new instance.
 */
package org.pekkomcp.mcp.transport;
