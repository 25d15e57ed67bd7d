/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.transport.ReplyChannel;
import scala.concurrent.duration.FiniteDuration;

/**
 * The {@link ReplyChannel} of one POST. It answers with plain JSON (one actor hop, no stream)
 * unless the server says something about the request before answering it (progress, logs, a
 * question to the client): then the response becomes an SSE stream that carries those messages
 * and ends with the answer.
 *
 * <h2>Resumable legacy streams (2025-11-25)</h2>
 * The stream of a legacy session's POST is resumable: its first event primes it (an id, empty
 * data, the {@code retry} time), every message carries an id ({@code <stream>-<n>}), and the
 * last {@code mcp.transport.http.sse-replay-events} messages are kept. A client that loses the
 * connection, or whose POST connection the server closes after {@code sse-poll-after} (polling,
 * so a long call does not hold the connection it was sent on), sends a {@code GET} with
 * {@code Last-Event-ID}; its session hands the new connection to this exchange ({@link #resume}),
 * which sends every message after that id, once, and then what comes next, up to the answer (a
 * resumed connection is not closed early: the client came back for the answer). A client that resumes from a
 * message no longer kept first gets a {@code notifications/message} warning that says how many
 * it missed.
 *
 * <p>The exchange of a stateless 2026-07-28 request (the one with {@code onClientGone}) is not
 * resumable: closing its stream cancels it. It answers the errors the revision gives an HTTP
 * status with that status: -32020 (an {@code Mcp-Param-*} header does not match its argument,
 * found by the server) and -32021 (the request needs a client capability the client did not
 * declare) are 400 Bad Request.
 *
 * <p>The session actor calls it, and so do the poll timer and the stream's end; it is guarded here.
 */
final class PostExchange implements ReplyChannel {

  /** How legacy streams resume: how many messages each keeps, and when the server closes a connection. */
  record Resumption(int replayEvents, Optional<Duration> pollAfter, Duration retry) {

    static Resumption fromConfig(Config config) {
      Config http = config.getConfig("mcp.transport.http");
      Duration poll = http.getDuration("sse-poll-after");
      return new Resumption(http.getInt("sse-replay-events"), poll.isZero() ? Optional.empty() : Optional.of(poll),
          http.getDuration("sse-retry"));
    }
  }

  private record Event(long seq, String json) {}

  private final CompletableFuture<HttpResponse> result = new CompletableFuture<>();
  private final Materializer materializer;
  private final Duration keepAlive;
  private final Runnable onClientGone;
  private final boolean stateless;
  private final Optional<Resumption> resumption;
  /** Names the events of the stream this exchange becomes, if it does: made then, since most exchanges stay one answer. */
  private String streamId;
  private final Deque<Event> kept = new ArrayDeque<>();
  private long lastSeq;
  private boolean streaming;
  private boolean finished;
  private SseStream connection;

  /** A legacy session's exchange: resumable as {@code resumption} says. */
  PostExchange(Materializer materializer, Duration keepAlive, Resumption resumption) {
    this(materializer, keepAlive, () -> {}, false, Optional.of(resumption));
  }

  /** @param onClientGone runs when the client closes the stream the exchange became before it ended */
  PostExchange(Materializer materializer, Duration keepAlive, Runnable onClientGone) {
    this(materializer, keepAlive, onClientGone, true, Optional.empty());
  }

  private PostExchange(Materializer materializer, Duration keepAlive, Runnable onClientGone, boolean stateless,
      Optional<Resumption> resumption) {
    this.materializer = materializer;
    this.keepAlive = keepAlive;
    this.onClientGone = onClientGone;
    this.stateless = stateless;
    this.resumption = resumption;
  }

  CompletableFuture<HttpResponse> result() {
    return result;
  }

  @Override
  public synchronized void response(String json) {
    if (!streaming) {
      result.complete(HttpResponses.json(stateless && isBadRequest(json) ? StatusCodes.BAD_REQUEST : StatusCodes.OK, json));
      return;
    }
    emit(json);
    finished = true;
    if (connection != null) {
      connection.end();
      connection = null;
    }
  }

  @Override
  public synchronized void notification(String json) {
    if (!streaming) {
      streaming = true;
      SseStream first = connect();
      result.complete(first.response());
      resumption.ifPresent(r -> first.prime(eventId(0), r.retry()));
    }
    emit(json);
  }

  @Override
  public synchronized void accepted() {
    result.complete(HttpResponses.accepted());
  }

  @Override
  public synchronized void abandoned() {
    if (!streaming) {
      result.complete(HttpResponses.accepted());
      return;
    }
    finished = true;
    if (connection != null) {
      connection.end();
      connection = null;
    }
  }

  /**
   * Carries on this exchange's stream on {@code to}, a client's reconnection with
   * {@code Last-Event-ID: lastEventId}: sends what came after that event, then the rest. False
   * when the id is not one of this stream's (the session then tries its other streams).
   */
  @Override
  public synchronized boolean resume(String lastEventId, ReplyChannel to) {
    if (resumption.isEmpty() || !streaming) {
      return false;
    }
    String prefix = streamId() + "-";
    if (resumption.isEmpty() || !streaming || !(to instanceof SseStream stream) || !lastEventId.startsWith(prefix)) {
      return false;
    }
    long after;
    try {
      after = Long.parseLong(lastEventId.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return false;
    }
    if (connection != null) {
      connection.end();
    }
    connection = stream;
    long missed = kept.isEmpty() ? 0 : kept.peekFirst().seq() - after - 1;
    if (missed > 0) {
      stream.send(JsonRpcCodec.encode(new JsonRpcMessage.Notification("notifications/message", Optional.of(
          JsonRpcCodec.object().put("level", "warning").put("logger", "pekko-mcp").put("data", missed
              + " messages of this stream were lost: more than mcp.transport.http.sse-replay-events came after the last one received")))));
    }
    kept.stream().filter(e -> e.seq() > after).forEach(e -> stream.send(eventId(e.seq()), e.json()));
    if (finished) {
      stream.end();
      connection = null;
    }
    return true;
  }

  private SseStream connect() {
    SseStream[] created = new SseStream[1];
    created[0] = new SseStream(materializer, keepAlive, () -> {
      onClientGone.run();
      disconnected(created[0]);
    });
    connection = created[0];
    schedulePoll(created[0]);
    return created[0];
  }

  /** The polling of SEP-1699: the server closes a long call's connection; the client comes back for the rest. */
  private void schedulePoll(SseStream stream) {
    resumption.flatMap(Resumption::pollAfter).ifPresent(after ->
        materializer.scheduleOnce(FiniteDuration.create(after.toMillis(), TimeUnit.MILLISECONDS), () -> {
          synchronized (this) {
            if (connection == stream && !finished) {
              stream.end();
              connection = null;
            }
          }
        }));
  }

  private synchronized void disconnected(SseStream stream) {
    if (connection == stream) {
      connection = null;
    }
  }

  private void emit(String json) {
    if (resumption.isEmpty()) {
      if (connection != null) {
        connection.send(json);
      }
      return;
    }
    Event event = new Event(++lastSeq, json);
    kept.addLast(event);
    if (kept.size() > resumption.get().replayEvents()) {
      kept.removeFirst();
    }
    if (connection != null) {
      connection.send(eventId(event.seq()), json);
    }
  }

  private String eventId(long seq) {
    return streamId() + "-" + seq;
  }

  private String streamId() {
    if (streamId == null) {
      streamId = UUID.randomUUID().toString();
    }
    return streamId;
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
