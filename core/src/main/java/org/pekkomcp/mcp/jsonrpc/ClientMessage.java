/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.jsonrpc;

import java.util.Objects;
import java.util.Optional;

/**
 * One JSON-RPC message on its way from a transport to a server: its text, its parsed form, or
 * both. A transport has already parsed what it forwards (to route it and check its headers); when
 * the server runs on the same node it gets that parse and does not parse the text again. Only a
 * message that crossed the wire arrives as text alone, and it is parsed there; the text is written
 * only when the message leaves the node, so the wire format stays the JSON text.
 *
 * <p>The parsed tree is shared with the receiver, not copied: the sender gives it up when it
 * sends it, and the server only reads it.
 */
public final class ClientMessage {

  private final Optional<String> text;
  private final Optional<JsonRpcMessage> parsed;

  private ClientMessage(Optional<String> text, Optional<JsonRpcMessage> parsed) {
    this.text = text;
    this.parsed = parsed;
  }

  /** A message known by its text only (it came over the wire, or from a caller holding text). */
  public static ClientMessage ofText(String text) {
    return new ClientMessage(Optional.of(Objects.requireNonNull(text, "text")), Optional.empty());
  }

  /** A message already parsed; its text is written only if it has to leave the node. */
  public static ClientMessage of(JsonRpcMessage message) {
    return new ClientMessage(Optional.empty(), Optional.of(Objects.requireNonNull(message, "message")));
  }

  /** A message with the text it was parsed from. */
  public static ClientMessage of(String text, JsonRpcMessage message) {
    return new ClientMessage(Optional.of(Objects.requireNonNull(text, "text")),
        Optional.of(Objects.requireNonNull(message, "message")));
  }

  /** The JSON text, encoded from the parsed message when no text came with it. */
  public String text() {
    return text.orElseGet(() -> JsonRpcCodec.encode(parsed.orElseThrow()));
  }

  /** The message as the codec reads it: the parse at hand, or a decode of the text. */
  public Decoded decoded() {
    return parsed.<Decoded>map(Decoded.Single::new).orElseGet(() -> JsonRpcCodec.decode(text.orElseThrow()));
  }

  /** Whether this message holds its parse (it did not cross the wire). */
  public boolean isParsed() {
    return parsed.isPresent();
  }

  /** Equal by text: the same message whether parsed or not. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ClientMessage other && text().equals(other.text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
