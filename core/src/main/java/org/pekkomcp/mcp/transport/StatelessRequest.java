/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Notification;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ToClient;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.RegistryEvent;

/**
 * One stateless (2026-07-28) request, from the moment a transport read it until its answer left:
 * the actor is the request's lifetime. It finds the server by name in the registry (so any node's
 * endpoint serves a request for a server on any node), sends it the request, and passes what comes
 * back to the request's {@link ReplyChannel}. It ends with the answer; with an error answer when
 * the server stops first, when the registry drops the server's entry (its node is unreachable:
 * {@link ServerRemovals}), or when the server says nothing for {@code timeout}; and, when the client closes the
 * request's stream, it tells the server {@code notifications/cancelled} so the work stops.
 *
 * <p>When no server has the name (it is moving to another node), the request waits for it to
 * register, up to {@code mcp.transport.failover-wait} ({@link FailoverWait}), and is answered with
 * an error naming the server and the wait if it does not.
 *
 * <p>A {@code subscriptions/listen} request has no timeout: its stream stays open until the client
 * closes it, and the server, which watches this actor, forgets the stream when the actor stops.
 */
public final class StatelessRequest {

  public sealed interface Command {}

  /** The client closed the request's stream: cancel. */
  public record ClientGone() implements Command {}

  private record FromServer(ToClient message) implements Command {}

  private record ServerStopped() implements Command {}

  private record TimedOut() implements Command {}

  /** The registry dropped the entry of the request's server. */
  record ServerRemoved(RegistryEvent.RemovalReason reason) implements Command {}

  private record AwaitDone(Optional<ActorRef<McpServer.Command>> server) implements Command {}

  private StatelessRequest() {}

  /**
   * @param id the request's JSON-RPC id
   * @param json the request itself
   * @param timeout how long the server may stay silent about the request; empty for a listen stream
   */
  public static Behavior<Command> create(String serverName, JsonNode id, String json, ReplyChannel channel,
      Optional<Duration> timeout) {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(timeout, "timeout");
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      McpRegistry registry = McpRegistry.get(context.getSystem());
      Optional<ActorRef<McpServer.Command>> server = registry.whereis(Kind.SERVER, serverName)
          .map(r -> r.refAs(McpServer.Command.class));
      if (server.isPresent()) {
        return new Request(context, timers, serverName, server.get(), id, json, channel, timeout);
      }
      FailoverWait failover = FailoverWait.fromConfig(context.getSystem().settings().config());
      if (!failover.enabled()) {
        channel.response(error(id, "MCP server '" + serverName + "' is not available"));
        return Behaviors.stopped();
      }
      context.pipeToSelf(registry.await(Kind.SERVER, serverName, failover.duration()), (found, failure) ->
          new AwaitDone(found == null ? Optional.empty() : found.map(r -> r.refAs(McpServer.Command.class))));
      return Behaviors.receive(Command.class)
          .onMessage(AwaitDone.class, done -> {
            if (done.server().isEmpty()) {
              channel.response(error(id, failover.expired(serverName)));
              return Behaviors.stopped();
            }
            return new Request(context, timers, serverName, done.server().get(), id, json, channel, timeout);
          })
          .onMessage(ClientGone.class, gone -> Behaviors.stopped()) // nothing was sent: nothing to cancel
          .build();
    }));
  }

  private static String error(JsonNode id, String why) {
    return JsonRpcCodec.encode(ErrorResponse.to(id, JsonRpcError.internalError(why)));
  }

  private static final class Request extends AbstractBehavior<Command> {

    private final TimerScheduler<Command> timers;
    private final String serverName;
    private final ActorRef<McpServer.Command> server;
    private final String sessionId = "stateless-" + UUID.randomUUID();
    private final JsonNode id;
    private final ReplyChannel channel;
    private final Optional<Duration> timeout;
    private final ActorRef<ToClient> self;

    Request(ActorContext<Command> context, TimerScheduler<Command> timers, String serverName,
        ActorRef<McpServer.Command> server, JsonNode id, String json, ReplyChannel channel, Optional<Duration> timeout) {
      super(context);
      this.timers = timers;
      this.serverName = serverName;
      this.server = server;
      this.id = id;
      this.channel = channel;
      this.timeout = timeout;
      this.self = context.messageAdapter(ToClient.class, FromServer::new);
      context.watchWith(server, new ServerStopped());
      ServerRemovals.watcher(context.getSystem()).tell(new ServerRemovals.Watch(server, context.getSelf()));
      server.tell(new McpServer.FromClient(sessionId, json, self));
      armTimer();
    }

    private void armTimer() {
      timeout.ifPresent(t -> timers.startSingleTimer(TimedOut.class, new TimedOut(), t));
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(FromServer.class, this::onFromServer)
          .onMessage(ClientGone.class, m -> {
            server.tell(new McpServer.FromClient(sessionId, JsonRpcCodec.encode(new Notification("notifications/cancelled",
                Optional.of(JsonRpcCodec.object().set("requestId", id)))), self));
            return Behaviors.stopped();
          })
          .onMessage(ServerStopped.class, m -> fail("MCP server '" + serverName + "' stopped before answering"))
          .onMessage(ServerRemoved.class, m -> fail(ClientSession.wentAway(serverName, m.reason())))
          .onMessage(TimedOut.class, m -> fail("no answer from MCP server '" + serverName + "' within " + timeout.orElseThrow()))
          .build();
    }

    private Behavior<Command> onFromServer(FromServer m) {
      if (m.message() instanceof ToClient.Response response) {
        channel.response(response.json());
        return Behaviors.stopped();
      }
      if (m.message() instanceof ToClient.Notification notification && notification.relatedRequestId().isPresent()) {
        armTimer();
        channel.notification(notification.json());
      }
      return this;
    }

    private Behavior<Command> fail(String why) {
      channel.response(error(id, why));
      return Behaviors.stopped();
    }
  }
}
