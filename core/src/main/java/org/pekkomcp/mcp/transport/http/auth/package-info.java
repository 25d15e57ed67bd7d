/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Who may call the HTTP endpoint's MCP servers: the {@link org.pekkomcp.mcp.transport.http.auth.BearerAuthorizer}
 * SPI, a static token, and an OAuth 2.1 resource server (RFC 9728 metadata, JWT validation against the
 * issuer's JWK set, per-server scopes, pluggable validators for opaque tokens).
 */
package org.pekkomcp.mcp.transport.http.auth;
