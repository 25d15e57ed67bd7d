/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Streamable HTTP endpoint's implementation, not an API: the request handler that pekko-http
 * runs for every request ({@link org.pekkomcp.mcp.transport.http.internal.McpHttpHandler}), the
 * route that serves the OAuth protected resource metadata in front of it, the reply channels of a
 * POST (plain JSON or a resumable SSE stream) and of the standing GET stream, the checks of the
 * 2026-07-28 request headers, the {@code WWW-Authenticate} challenges, the JSON and error
 * responses, and the cache of access tokens a {@code JwtValidator} already verified. Classes here
 * are public only where another package uses them; they may change between releases.
 */
package org.pekkomcp.mcp.transport.http.internal;
