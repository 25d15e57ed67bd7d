/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The transports' shared implementation, not an API: the actor behind {@code ClientSession.create}
 * ({@link org.pekkomcp.mcp.transport.internal.SessionActor}), the path of stateless (2026-07-28)
 * requests to their server with its table of requests in flight, the wait for a server that moves
 * to another node, what ends a session's requests when its server's entry goes, what a session
 * replays to a new server instance, and the stdio reply channel (one line per message). Classes
 * here are public only because the transports, in other packages, use them; they may change
 * between releases.
 */
package org.pekkomcp.mcp.transport.internal;
