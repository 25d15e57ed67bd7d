/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.pekkomcp.mcp.transport.ReplyChannel;

/**
 * A server-sent-events response fed by its session actor: each message is one {@code message}
 * event. Used for a POST that turned into a stream and for the standing GET stream (as the
 * latter it is itself the session's {@link ReplyChannel}). A client that goes away closes the
 * queue; later offers are dropped, and {@code onClientGone} runs (a stateless request cancels then).
 */
final class SseStream implements ReplyChannel {

  private static final int BUFFER = 256;
  private static final ByteString KEEP_ALIVE = ByteString.fromString(":\n\n");

  private final BoundedSourceQueue<ByteString> queue;
  private final HttpResponse response;
  // Set by the session actor, read by the stream's termination callback.
  private volatile boolean ended;

  SseStream(Materializer materializer, Duration keepAlive) {
    this(materializer, keepAlive, () -> {});
  }

  SseStream(Materializer materializer, Duration keepAlive, Runnable onClientGone) {
    Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> pair =
        Source.<ByteString>queue(BUFFER).preMaterialize(materializer);
    this.queue = pair.first();
    Source<ByteString, ?> events = pair.second().keepAlive(keepAlive, () -> KEEP_ALIVE)
        .watchTermination((mat, done) -> {
          done.whenComplete((d, failure) -> {
            if (!ended) {
              onClientGone.run();
            }
          });
          return mat;
        });
    this.response = HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .addHeader(RawHeader.create("Cache-Control", "no-cache"))
        .withEntity(HttpEntities.createChunked(MediaTypes.TEXT_EVENT_STREAM.toContentType(), events));
  }

  HttpResponse response() {
    return response;
  }

  void send(String json) {
    queue.offer(ByteString.fromString("event: message\ndata: " + json + "\n\n", StandardCharsets.UTF_8));
  }

  /** One message with its event id, so a client that loses the stream can resume after it ({@code Last-Event-ID}). */
  void send(String id, String json) {
    queue.offer(ByteString.fromString("id: " + id + "\nevent: message\ndata: " + json + "\n\n", StandardCharsets.UTF_8));
  }

  /**
   * The priming event of a resumable stream: an id with empty data, so the client has an id to
   * resume from before the first message, and how long to wait before it reconnects.
   */
  void prime(String id, Duration retry) {
    queue.offer(ByteString.fromString("id: " + id + "\nretry: " + retry.toMillis() + "\ndata: \n\n", StandardCharsets.UTF_8));
  }

  void end() {
    if (ended) {
      return;
    }
    ended = true;
    try {
      queue.complete();
    } catch (IllegalStateException clientGone) {
      // The client closed the stream first; there is nothing left to end.
    }
  }

  @Override
  public void response(String json) {
    send(json);
  }

  @Override
  public void notification(String json) {
    send(json);
  }

  @Override
  public void accepted() {
    // a standing stream is never an exchange's only answer
  }

  @Override
  public void abandoned() {
    end();
  }
}
