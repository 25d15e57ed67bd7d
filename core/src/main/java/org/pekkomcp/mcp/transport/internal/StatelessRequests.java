/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.pekkomcp.mcp.jsonrpc.ClientMessage;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.transport.ReplyChannel;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * How a transport sends a stateless (2026-07-28) request to its server, on whatever node that
 * runs, and gets back what the server says about it: one per node, with the requests in flight
 * kept by one actor ({@link RequestsInFlight}) rather than by an actor each. A request costs an
 * entry in that actor's table and in its deadline table (one timer for all, {@link Deadlines}); its
 * server is watched once for all the requests to it.
 *
 * <p>When the server is registered, the calling thread tells the table about the request and then
 * sends it to the server itself, with the table as the reply-to: the request reaches the server
 * without waiting for another thread, and the table knows it before any answer to it arrives (the
 * answer is queued behind it in the same mailbox). When no server has the name (it is moving to
 * another node), the table holds the request until the server registers, up to
 * {@code mcp.transport.failover-wait} ({@link FailoverWait}), and answers with an error naming the
 * server and the wait if it does not.
 *
 * <p>Internal API: public for the HTTP endpoint, in another package.
 */
public final class StatelessRequests implements Extension {

  private static final class Id extends ExtensionId<StatelessRequests> {
    private static final Id INSTANCE = new Id();

    @Override
    public StatelessRequests createExtension(ActorSystem<?> system) {
      return new StatelessRequests(system);
    }
  }

  /** A request handed to its server: what a transport tells when the client goes away. */
  public static final class Sent {
    private final String key;
    private final ActorRef<Object> table;

    private Sent(String key, ActorRef<Object> table) {
      this.key = key;
      this.table = table;
    }

    /** The client closed the request's stream: the server is told {@code notifications/cancelled}. */
    public void clientGone() {
      table.tell(new RequestsInFlight.ClientGone(key));
    }
  }

  private final McpRegistry registry;
  private final FailoverWait failover;
  private final ActorRef<Object> table;
  /** Servers key what they keep about a request by its session id: unique per request, across nodes. */
  private final String keyPrefix = "stateless-" + UUID.randomUUID() + "-";
  private final AtomicLong counter = new AtomicLong();

  private StatelessRequests(ActorSystem<?> system) {
    this.registry = McpRegistry.get(system);
    this.failover = FailoverWait.fromConfig(system.settings().config());
    this.table = system.systemActorOf(RequestsInFlight.create(failover), "mcp-stateless-requests", Props.empty());
  }

  public static StatelessRequests get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /**
   * Sends one request to the server registered as {@code serverName} and passes what comes back to
   * {@code channel}: the notifications that belong to the request, then its answer, or an error
   * answer when the server stops first, when the registry drops the server's entry for any reason
   * but an orderly unregistration ({@link ServerGone#endsRequestsInFlight}), or when the server
   * says nothing for {@code timeout}.
   *
   * @param id the request's JSON-RPC id
   * @param message the request itself
   * @param timeout how long the server may stay silent about the request; empty for a
   *     {@code subscriptions/listen} stream, which stays open until the client closes it and gets a
   *     reply-to of its own: the server watches that ref, and forgets the stream when it stops
   */
  public Sent send(String serverName, JsonNode id, ClientMessage message, ReplyChannel channel, Optional<Duration> timeout) {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(timeout, "timeout");
    String key = keyPrefix + counter.incrementAndGet();
    RequestsInFlight.Request request = new RequestsInFlight.Request(key, serverName, id, channel, timeout);
    Optional<ActorRef<McpServer.Command>> server = registry.whereis(Kind.SERVER, serverName)
        .map(r -> r.refAs(McpServer.Command.class));
    if (server.isPresent() && timeout.isPresent()) {
      table.tell(new RequestsInFlight.Track(request, server.get()));
      server.get().tell(new McpServer.FromClient(key, message, table.narrow()));
    } else if (server.isEmpty() && !failover.enabled()) {
      channel.response(RequestsInFlight.error(id, "MCP server '" + serverName + "' is not available"));
    } else {
      table.tell(new RequestsInFlight.Send(request, message, server));
    }
    return new Sent(key, table);
  }
}
