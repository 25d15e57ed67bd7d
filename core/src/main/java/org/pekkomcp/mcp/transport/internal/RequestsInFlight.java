/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.mcp.jsonrpc.ClientMessage;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Notification;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ToClient;
import org.pekkomcp.mcp.transport.ReplyChannel;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.Subscription;

/**
 * The actor behind {@link StatelessRequests}: the node's stateless requests in flight, in a table
 * keyed by each request's session id, which every message a server sends about the request carries.
 * It ends a request with its answer, or with an error answer when
 * <ul>
 *   <li>the server stops first: it watches each server once, for all the requests to it;
 *   <li>the registry drops the server's entry (its node is unreachable or removed, it lost a
 *       conflict; see {@link ServerGone#endsRequestsInFlight}), so the request ends at once
 *       rather than when DeathWatch sees the node removed: one registry subscription for the node;
 *   <li>the server says nothing about the request for its timeout.
 * </ul>
 * When the client closes the request's stream, the server is told {@code notifications/cancelled}.
 *
 * <p>Its messages are its own {@link Command}s and what servers send ({@link ToClient}): typed
 * {@code Object}, the actor's own ref is the reply-to of the requests, with no message adapter and
 * no wrapper per answer.
 */
final class RequestsInFlight extends AbstractBehavior<Object> {

  sealed interface Command {}

  /** What the table needs to know about a request: all but the request itself, which goes to the server. */
  record Request(String key, String serverName, JsonNode id, ReplyChannel channel, Optional<Duration> timeout) {
    Request {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(serverName, "serverName");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /** The caller has sent {@code request} to {@code server}, with this actor as the reply-to. */
  record Track(Request request, ActorRef<McpServer.Command> server) implements Command {}

  /**
   * Send {@code message} for the caller: to {@code server}, or to the server that registers under the
   * name within the failover wait when {@code server} is empty; a request without a timeout (a
   * listen stream) gets a reply-to of its own.
   */
  record Send(Request request, ClientMessage message, Optional<ActorRef<McpServer.Command>> server) implements Command {}

  /** The client closed the request's stream: cancel it. */
  record ClientGone(String key) implements Command {}

  private record Found(Send send, Optional<ActorRef<McpServer.Command>> server) implements Command {}

  private record ServerStopped(ActorRef<?> server) implements Command {}

  private record EntryRemoved(ActorRef<?> server, RemovalReason reason) implements Command {}

  /** The deadline table's single timer fired. */
  private enum Sweep implements Command { INSTANCE }

  /** A request sent and not answered yet; {@code replyTo} is the table, or a listen stream's own relay. */
  private record InFlight(Request request, ActorRef<McpServer.Command> server, ActorRef<ToClient> replyTo) {}

  static Behavior<Object> create(FailoverWait failover) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new RequestsInFlight(context, timers, failover)));
  }

  /** The error answer to the request with {@code id}. */
  static String error(JsonNode id, String why) {
    return JsonRpcCodec.encode(ErrorResponse.to(id, JsonRpcError.internalError(why)));
  }

  private final FailoverWait failover;
  private final McpRegistry registry;
  private final Subscription subscription;
  private final ActorRef<ToClient> self;
  private final Map<String, InFlight> inFlight = new HashMap<>();
  /** The keys of the requests that wait for their server to register. */
  private final Set<String> waiting = new HashSet<>();
  private final Set<ActorRef<?>> watched = new HashSet<>();
  /** The deadlines of the requests with a timeout, one timer for all. */
  private final Deadlines<String> deadlines;

  private RequestsInFlight(ActorContext<Object> context, TimerScheduler<Object> timers, FailoverWait failover) {
    super(context);
    this.deadlines = new Deadlines<>(System::nanoTime, delay -> timers.startSingleTimer(Sweep.INSTANCE, delay));
    this.failover = failover;
    this.registry = McpRegistry.get(context.getSystem());
    this.self = context.getSelf().narrow();
    ActorRef<Object> table = context.getSelf();
    this.subscription = registry.subscribe(event -> {
      if (event instanceof RegistryEvent.Unregistered u && u.registration().kind() == Kind.SERVER
          && ServerGone.endsRequestsInFlight(u.reason())) {
        table.tell(new EntryRemoved(u.registration().ref(), u.reason()));
      }
    });
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Track.class, t -> {
          start(t.request(), t.server(), self);
          return this;
        })
        .onMessage(ToClient.Response.class, this::onResponse)
        .onMessage(ToClient.Notification.class, this::onNotification)
        .onMessage(Send.class, this::onSend)
        .onMessage(Found.class, this::onFound)
        .onMessage(ClientGone.class, this::onClientGone)
        .onMessage(ServerStopped.class, m -> {
          watched.remove(m.server());
          return failAll(m.server(), name -> "MCP server '" + name + "' stopped before answering");
        })
        .onMessage(EntryRemoved.class, m -> failAll(m.server(), name -> ServerGone.wentAway(name, m.reason())))
        .onMessage(Sweep.class, m -> onSweep())
        .onSignal(PostStop.class, s -> {
          subscription.close();
          return this;
        })
        .build();
  }

  private void start(Request request, ActorRef<McpServer.Command> server, ActorRef<ToClient> replyTo) {
    inFlight.put(request.key(), new InFlight(request, server, replyTo));
    if (watched.add(server)) {
      getContext().watchWith(server, new ServerStopped(server));
    }
    armTimer(request);
  }

  private void armTimer(Request request) {
    request.timeout().ifPresent(t -> deadlines.set(request.key(), t));
  }

  /** Forgets a request: its deadline, and a listen stream's relay (the server watches it). */
  private Optional<InFlight> end(String key) {
    InFlight request = inFlight.remove(key);
    if (request == null) {
      return Optional.empty();
    }
    if (request.request().timeout().isPresent()) {
      deadlines.cancel(key);
    }
    if (!request.replyTo().equals(self)) {
      getContext().stop(request.replyTo());
    }
    return Optional.of(request);
  }

  private Behavior<Object> onResponse(ToClient.Response response) {
    end(response.sessionId()).ifPresent(r -> r.request().channel().response(response.json()));
    return this;
  }

  private Behavior<Object> onNotification(ToClient.Notification notification) {
    InFlight request = notification.relatedRequestId().isPresent() ? inFlight.get(notification.sessionId()) : null;
    if (request != null) {
      armTimer(request.request());
      request.request().channel().notification(notification.json());
    }
    return this;
  }

  private Behavior<Object> onSend(Send send) {
    if (send.server().isPresent()) {
      sendNow(send.request(), send.message(), send.server().get());
      return this;
    }
    Request request = send.request();
    waiting.add(request.key());
    getContext().pipeToSelf(registry.await(Kind.SERVER, request.serverName(), failover.duration()), (found, failure) ->
        new Found(send, found == null ? Optional.empty() : found.map(r -> r.refAs(McpServer.Command.class))));
    return this;
  }

  private Behavior<Object> onFound(Found found) {
    Request request = found.send().request();
    if (!waiting.remove(request.key())) {
      return this; // the client went away while it waited: nothing was sent, nothing to cancel
    }
    if (found.server().isEmpty()) {
      request.channel().response(error(request.id(), failover.expired(request.serverName())));
    } else {
      sendNow(request, found.send().message(), found.server().get());
    }
    return this;
  }

  private void sendNow(Request request, ClientMessage message, ActorRef<McpServer.Command> server) {
    ActorRef<ToClient> replyTo = request.timeout().isPresent() ? self : getContext().spawnAnonymous(relay(getContext().getSelf()));
    start(request, server, replyTo);
    server.tell(new McpServer.FromClient(request.key(), message, replyTo));
  }

  /** A listen stream's reply-to: passes on what the server sends, and stops when the stream ends. */
  private static Behavior<ToClient> relay(ActorRef<Object> table) {
    return Behaviors.receiveMessage(message -> {
      table.tell(message);
      return Behaviors.same();
    });
  }

  private Behavior<Object> onClientGone(ClientGone gone) {
    if (!waiting.remove(gone.key())) {
      end(gone.key()).ifPresent(r -> r.server().tell(new McpServer.FromClient(gone.key(), ClientMessage.of(
          new Notification("notifications/cancelled", Optional.of(JsonRpcCodec.object().set("requestId", r.request().id())))),
          r.replyTo())));
    }
    return this;
  }

  private Behavior<Object> failAll(ActorRef<?> server, Function<String, String> why) {
    List<String> keys = inFlight.values().stream().filter(r -> r.server().equals(server)).map(r -> r.request().key()).toList();
    for (String key : keys) {
      end(key).ifPresent(r -> fail(r.request(), why.apply(r.request().serverName())));
    }
    return this;
  }

  private Behavior<Object> onSweep() {
    for (String key : deadlines.sweep()) {
      end(key).ifPresent(r ->
          fail(r.request(), "no answer from MCP server '" + r.request().serverName() + "' within " + r.request().timeout().orElseThrow()));
    }
    return this;
  }

  private static void fail(Request request, String why) {
    request.channel().response(error(request.id(), why));
  }
}
