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
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.transport.ReplyChannel;

/**
 * The {@link ReplyChannel} of one POST. It answers with plain JSON (one actor hop, no stream)
 * unless the server says something about the request before answering it (progress, logs): then
 * the response becomes an SSE stream that carries those messages and ends with the answer.
 * Only the session actor calls it, so it needs no locking.
 *
 * <p>The exchange of a stateless 2026-07-28 request (the one with {@code onClientGone}) answers
 * the errors the revision gives an HTTP status with that status: -32020 (an {@code Mcp-Param-*}
 * header does not match its argument, found by the server) and -32021 (the request needs a
 * client capability the client did not declare) are 400 Bad Request.
 */
final class PostExchange implements ReplyChannel {

  private final CompletableFuture<HttpResponse> result = new CompletableFuture<>();
  private final Materializer materializer;
  private final Duration keepAlive;
  private final Runnable onClientGone;
  private final boolean stateless;
  private SseStream stream;

  PostExchange(Materializer materializer, Duration keepAlive) {
    this(materializer, keepAlive, () -> {}, false);
  }

  /** @param onClientGone runs when the client closes the stream the exchange became before it ended */
  PostExchange(Materializer materializer, Duration keepAlive, Runnable onClientGone) {
    this(materializer, keepAlive, onClientGone, true);
  }

  private PostExchange(Materializer materializer, Duration keepAlive, Runnable onClientGone, boolean stateless) {
    this.materializer = materializer;
    this.keepAlive = keepAlive;
    this.onClientGone = onClientGone;
    this.stateless = stateless;
  }

  CompletableFuture<HttpResponse> result() {
    return result;
  }

  @Override
  public void response(String json) {
    if (stream == null) {
      result.complete(HttpResponses.json(stateless && isBadRequest(json) ? StatusCodes.BAD_REQUEST : StatusCodes.OK, json));
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

  /** Whether {@code json} is a -32020 or -32021 error; the text is parsed only when it holds an error. */
  private static boolean isBadRequest(String json) {
    if (!json.contains("\"error\"")) {
      return false;
    }
    int code = JsonRpcCodec.parseTree(json).map(tree -> tree.path("error").path("code").asInt()).orElse(0);
    return code == JsonRpc.HEADER_MISMATCH || code == JsonRpc.MISSING_CLIENT_CAPABILITY;
  }
}
