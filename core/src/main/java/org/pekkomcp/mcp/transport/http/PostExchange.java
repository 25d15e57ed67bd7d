/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;
import org.pekkomcp.mcp.transport.ReplyChannel;

/**
 * The {@link ReplyChannel} of one POST. It answers with plain JSON (one actor hop, no stream)
 * unless the server says something about the request before answering it (progress, logs): then
 * the response becomes an SSE stream that carries those messages and ends with the answer.
 * Only the session actor calls it, so it needs no locking.
 */
final class PostExchange implements ReplyChannel {

  private final CompletableFuture<HttpResponse> result = new CompletableFuture<>();
  private final Materializer materializer;
  private final Duration keepAlive;
  private final Runnable onClientGone;
  private SseStream stream;

  PostExchange(Materializer materializer, Duration keepAlive) {
    this(materializer, keepAlive, () -> {});
  }

  /** @param onClientGone runs when the client closes the stream the exchange became before it ended */
  PostExchange(Materializer materializer, Duration keepAlive, Runnable onClientGone) {
    this.materializer = materializer;
    this.keepAlive = keepAlive;
    this.onClientGone = onClientGone;
  }

  CompletableFuture<HttpResponse> result() {
    return result;
  }

  @Override
  public void response(String json) {
    if (stream == null) {
      result.complete(HttpResponses.json(StatusCodes.OK, json));
    } else {
      stream.send(json);
      stream.end();
    }
  }

  @Override
  public void notification(String json) {
    if (stream == null) {
      stream = new SseStream(materializer, keepAlive, onClientGone);
      result.complete(stream.response());
    }
    stream.send(json);
  }

  @Override
  public void accepted() {
    result.complete(HttpResponses.accepted());
  }

  @Override
  public void abandoned() {
    if (stream == null) {
      result.complete(HttpResponses.accepted());
    } else {
      stream.end();
    }
  }
}
