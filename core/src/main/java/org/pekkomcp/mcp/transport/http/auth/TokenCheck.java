/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import java.util.Objects;
import java.util.Set;

/** What a {@link TokenValidator} found. */
public sealed interface TokenCheck {

  /** The token is good for the resource; {@code scopes} are the ones it grants. */
  record Valid(String subject, Set<String> scopes) implements TokenCheck {
    public Valid {
      Objects.requireNonNull(subject, "subject");
      scopes = Set.copyOf(scopes);
    }
  }

  /** The token is refused; {@code reason} goes to the client, so it names the failed check only. */
  record Invalid(String reason) implements TokenCheck {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
