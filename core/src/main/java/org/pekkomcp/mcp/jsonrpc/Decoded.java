/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.jsonrpc;

import java.util.List;
import java.util.Objects;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;

/**
 * What {@link JsonRpcCodec#decode(String)} made of a text: one message, a batch, or the error
 * response the sender must get instead.
 */
public sealed interface Decoded {

  /** One element: either a well-formed message or the error that answers it. */
  sealed interface One extends Decoded permits Single, Invalid {}

  record Single(JsonRpcMessage message) implements One {
    public Single {
      Objects.requireNonNull(message, "message");
    }
  }

  /** The text (or one batch element) is not a valid message; {@code error} is the answer to send. */
  record Invalid(ErrorResponse error) implements One {
    public Invalid {
      Objects.requireNonNull(error, "error");
    }
  }

  /** A non-empty JSON array of messages (JSON-RPC batches; MCP allows them in 2025-03-26 only). */
  record Batch(List<One> elements) implements Decoded {
    public Batch {
      elements = List.copyOf(elements);
    }
  }
}
