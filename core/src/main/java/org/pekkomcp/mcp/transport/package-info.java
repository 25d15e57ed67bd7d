/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What every transport builds on, and what a transport of one's own (an in-process client, another
 * wire) uses: {@link org.pekkomcp.mcp.transport.ClientSession}, the session actor of one client that
 * routes each request to the server registered under its name at that moment, on any node, waits
 * while a server moves and replays the session's state to a new instance; and
 * {@link org.pekkomcp.mcp.transport.ReplyChannel}, where a session puts what it owes the client for
 * one exchange. A transport spawns a session per client, tells it each
 * {@link org.pekkomcp.mcp.transport.ClientSession.Incoming} with the channel its answers go to,
 * and {@link org.pekkomcp.mcp.transport.ClientSession.Close}s it when the client leaves. Stdio and
 * Streamable HTTP are in the packages below; their shared implementation is in {@code internal}.
 */
package org.pekkomcp.mcp.transport;
