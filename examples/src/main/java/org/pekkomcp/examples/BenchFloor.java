/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.ExecutionContext;
import scala.util.Try;

/**
 * The floor {@code ./bench-http} measures the MCP endpoint against: a plain HTTP request whose
 * answer comes from a trivial actor, on this node ({@code /local}) or on the node this one joined,
 * over Artery ({@code /remote}), with no MCP code on the way. The request's body goes to the
 * actor as a {@code String} (Artery's built-in string serializer), the actor answers a fixed
 * {@code tools/call} result of the MCP answer's size, and the route returns it as
 * {@code application/json}. The answer is awaited with Pekko's ask, completed on the thread that
 * receives the reply (no extra hand-off).
 *
 * <p>Bench-only: {@link McpNode} starts it when {@code mcp-node.bench-floor = on} (off by default;
 * {@code ./bench-http} sets it), on a port of its own, next to the MCP endpoint and with the same
 * node configuration.
 */
final class BenchFloor {

  /** The echo actor's name, under {@code /user} on every node that runs the floor. */
  static final String ECHO = "bench-floor";

  /** What the echo answers: the shape and size of the calculator's answer to {@code add}. */
  static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"42\"}],"
      + "\"structuredContent\":{\"result\":42},\"isError\":false}}";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private BenchFloor() {}

  /** The trivial actor: answers every string with {@link #ANSWER}. */
  static final class Echo extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder().match(String.class, body -> getSender().tell(ANSWER, getSelf())).build();
    }
  }

  /** Starts this node's echo actor, {@code /user/bench-floor}. */
  static void startEcho(ActorContext<?> context) {
    Adapter.actorOf(context, Props.create(Echo.class), ECHO);
  }

  /**
   * Binds the floor's HTTP route on {@code host}, any free port; the remote echo is the one on the
   * first of {@code seeds} (none when the node joined no one). Completes with the bound URL.
   */
  static CompletionStage<String> bind(ActorSystem<?> system, String host, List<String> seeds) {
    ActorRef local = system.classicSystem().actorSelection("/user/" + ECHO).resolveOne(TIMEOUT).toCompletableFuture().join();
    Optional<ActorRef> remote = seeds.stream().findFirst().map(seed -> system.classicSystem()
        .actorSelection("pekko://" + system.name() + "@" + seed + "/user/" + ECHO)
        .resolveOne(TIMEOUT).toCompletableFuture().join());
    Materializer materializer = Materializer.matFromSystem(system);
    Function<HttpRequest, CompletionStage<HttpResponse>> handler = request -> serve(request, local, remote, materializer);
    return Http.get(system).newServerAt(host, 0).bind(handler)
        .thenApply(binding -> "http://" + host + ":" + binding.localAddress().getPort());
  }

  private static CompletionStage<HttpResponse> serve(HttpRequest request, ActorRef local, Optional<ActorRef> remote,
      Materializer materializer) {
    Optional<ActorRef> echo = switch (request.getUri().path()) {
      case "/local" -> Optional.of(local);
      case "/remote" -> remote;
      default -> Optional.empty();
    };
    if (echo.isEmpty() || !(request.entity() instanceof HttpEntity.Strict strict)) {
      request.discardEntityBytes(materializer);
      return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    }
    CompletableFuture<HttpResponse> response = new CompletableFuture<>();
    Patterns.ask(echo.get(), strict.getData().utf8String(), TIMEOUT.toMillis()).onComplete((Try<Object> answer) -> {
      if (answer.isSuccess()) {
        response.complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, (String) answer.get()));
      } else {
        response.complete(HttpResponse.create().withStatus(StatusCodes.GATEWAY_TIMEOUT));
      }
      return null;
    }, ExecutionContext.parasitic$.MODULE$);
    return response;
  }
}
