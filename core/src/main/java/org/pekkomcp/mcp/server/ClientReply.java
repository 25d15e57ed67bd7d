/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * How the client answered a {@link ClientRequest}: every outcome a handler must expect, as a
 * value. A client that lacks the capability is not among them: asking it is the handler's
 * mistake, and the ask fails with {@link MissingClientCapability} instead (check
 * {@link RequestContext#clientSupports} first).
 */
public sealed interface ClientReply {

  /**
   * The client answered. For an elicitation, the {@code content} the user gave (an empty object
   * when it gave none, as in URL mode); for sampling, the whole {@code CreateMessageResult}; for
   * roots, the whole {@code ListRootsResult}.
   */
  record Accepted(JsonNode value) implements ClientReply {
    public Accepted {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The user declined the elicitation. */
  record Declined() implements ClientReply {}

  /** The user dismissed the elicitation without choosing. */
  record Cancelled() implements ClientReply {}

  /**
   * No usable answer: the client answered with a JSON-RPC error or a result of the wrong shape,
   * did not answer in time, or the request the ask belongs to ended first.
   */
  record Failed(String reason) implements ClientReply {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
