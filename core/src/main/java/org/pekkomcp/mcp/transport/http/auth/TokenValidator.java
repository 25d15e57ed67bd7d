/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import java.util.concurrent.CompletionStage;

/**
 * Checks one access token for one protected resource: the part of a {@link ResourceServerAuthorizer}
 * that differs between token formats. {@link JwtValidator} reads JWTs; an opaque token needs an
 * implementation that asks the authorization server (RFC 7662 introspection, or a vendor's API).
 *
 * <p>An implementation must check that the token was issued for {@code resource} (its audience,
 * RFC 8707), has not expired, and comes from a trusted issuer, and report the token's scopes; the
 * authorizer then checks the scopes the server requires. It must not block: the stage completes
 * when the answer is known. A failed stage means the check could not be made (503), an
 * {@link TokenCheck.Invalid} that the token is refused (401).
 */
@FunctionalInterface
public interface TokenValidator {

  CompletionStage<TokenCheck> validate(String token, ProtectedResource resource);
}
