/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.mcp.jsonrpc.ClientMessage;
import org.pekkomcp.mcp.jsonrpc.Decoded;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Notification;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.Instrumentation;
import org.pekkomcp.mcp.server.McpInstrumentation;
import org.pekkomcp.mcp.server.McpMdc;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ProtocolVersions;
import org.pekkomcp.mcp.server.RequestMeta;
import org.pekkomcp.mcp.server.ToClient;
import org.pekkomcp.mcp.transport.internal.FailoverWait;
import org.pekkomcp.mcp.transport.internal.ServerGone;
import org.pekkomcp.mcp.transport.internal.SessionReplay;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.Subscription;

/**
 * One client's session, whatever carries its bytes: the transport-side half of MCP.
 *
 * <h2>Routing by name</h2>
 * The session is bound to a server <em>name</em>, not a ref. Every request is sent to the ref the
 * registry holds for that name at that moment ({@code whereis}, a lock-free local read), so the
 * server may run on any node, and may be restarted elsewhere between two requests: routing
 * follows it. If no server has the name (it is moving to another node, or not started yet), the
 * session holds the request, and every message after it, until the name is registered again,
 * at most {@code mcp.transport.failover-wait} per message ({@link FailoverWait}); it asks the
 * registry to tell it ({@code await}), so nothing blocks or polls, and the held messages reach the
 * server in the order the client sent them. A request whose wait runs out is answered with an
 * error naming the server and the wait; so is one past the cap on held requests.
 * The session watches every server it sent a request to; if one stops before answering, its
 * requests are answered with an error too. It also follows the registry's events for its name:
 * when the entry of a server it sent requests to goes away (the server's node is unreachable or
 * removed, the server stopped or was unregistered), those requests end at once with an error,
 * without waiting for DeathWatch, which sees a crashed node only once it is removed from the
 * cluster. So a client never hangs on a server that is gone.
 *
 * <h2>Moves</h2>
 * The session remembers the state the client set on the server ({@link SessionReplay}: log
 * level, resource subscriptions). When the name leads to another instance than the last message
 * went to, the session sends that state to the new instance first and drops the answers, so the
 * client keeps its log level and its resource updates across a move without knowing of it.
 *
 * <h2>Lifecycle</h2>
 * The session enforces what the server does not: until the client has sent {@code initialize}
 * only {@code initialize}, {@code ping} and modern (2026-07-28) requests, which carry their own
 * {@code _meta} and need no session, are served (requests pipelined behind an initialize
 * are fine: they reach the server after it); JSON-RPC batches are accepted only when the
 * negotiated revision is 2025-03-26. Keeping this here keeps the server stateless per request.
 *
 * <h2>Answers</h2>
 * Each input arrives with a {@link ReplyChannel}. The answer to a request goes to the channel it
 * came with; notifications the server ties to a request go there too (HTTP turns that exchange
 * into an SSE stream); other notifications go to the session's standing channel, if it has one.
 */
public final class ClientSession {

  public sealed interface Command {}

  /** What the client sent (a message, a batch, or an invalid input to answer) and where answers go. */
  public record Incoming(Decoded decoded, ReplyChannel channel) implements Command {
    public Incoming {
      Objects.requireNonNull(decoded, "decoded");
      Objects.requireNonNull(channel, "channel");
    }
  }

  /** Sets the standing channel for server messages tied to no request (replacing and ending the old one). */
  public record OpenStream(ReplyChannel channel) implements Command {}

  /**
   * The client reconnects after losing a stream, with the id of the last event it got: the
   * exchange whose stream that was carries on on {@code channel}. An id no exchange knows opens
   * the standing channel instead, as {@link OpenStream} does.
   */
  public record Resume(String lastEventId, ReplyChannel channel) implements Command {
    public Resume {
      Objects.requireNonNull(lastEventId, "lastEventId");
      Objects.requireNonNull(channel, "channel");
    }
  }

  /** Ends the session. */
  public record Close() implements Command {}

  private record FromServer(ToClient message) implements Command {}

  private record ServerStopped(ActorRef<?> server) implements Command {}

  /** The registry dropped the entry of the session's server {@code server}. */
  private record ServerUnregistered(ActorRef<?> server, RegistryEvent.RemovalReason reason) implements Command {}

  private record TimedOut(String requestId) implements Command {}

  private record Idle() implements Command {}

  /** The registry's answer to the session's wait for its server: the entry, or empty when the wait ran out. */
  private record AwaitDone(Optional<Registration> found) implements Command {}

  /**
   * @param transport what carries the session's bytes ({@code http}, {@code stdio}), as the
   *     {@link McpInstrumentation} reports its sessions
   * @param serverName the registered name of the server this session talks to
   * @param sessionId the id the transport gave the session
   * @param standing where unrelated notifications go from the start (stdio), if anywhere
   * @param requestTimeout how long a request may go without word from the server
   * @param idleTimeout how long the session lives unused (HTTP), if limited
   */
  public static Behavior<Command> create(String transport, String serverName, String sessionId,
      Optional<ReplyChannel> standing, Duration requestTimeout, Optional<Duration> idleTimeout) {
    Objects.requireNonNull(transport, "transport");
    return Behaviors.withMdc(Command.class, Map.of(McpMdc.SERVER, serverName, McpMdc.SESSION, sessionId),
        Behaviors.setup(context -> Behaviors.withTimers(timers ->
            new Session(context, timers, transport, serverName, sessionId, standing, requestTimeout, idleTimeout))));
  }

  /** A session of a client in this JVM, with no transport of its own ({@code in-process}). */
  public static Behavior<Command> create(String serverName, String sessionId, Optional<ReplyChannel> standing,
      Duration requestTimeout, Optional<Duration> idleTimeout) {
    return create(IN_PROCESS, serverName, sessionId, standing, requestTimeout, idleTimeout);
  }

  /** The transport of the sessions of clients in this JVM. */
  public static final String IN_PROCESS = "in-process";

  private ClientSession() {}

  /** A batch's answers, gathered until every request in it is answered. */
  private static final class BatchReply {
    final ReplyChannel channel;
    final List<String> answers = new ArrayList<>();
    int outstanding;

    BatchReply(ReplyChannel channel) {
      this.channel = channel;
    }

    void add(String json) {
      answers.add(json);
      settle();
    }

    /** A request of the batch was cancelled: it gets no answer, and the batch no longer waits for it. */
    void drop() {
      settle();
    }

    private void settle() {
      outstanding--;
      if (outstanding > 0) {
        return;
      }
      if (answers.isEmpty()) {
        channel.abandoned();
      } else {
        channel.response(JsonRpcCodec.encodeBatch(answers));
      }
    }
  }

  /** A request the session owes an answer for; {@code server} is empty while it waits for the server. */
  private record Pending(ReplyChannel channel, Optional<ActorRef<?>> server, Optional<BatchReply> batch,
      boolean initialize) {

    Pending sentTo(ActorRef<?> ref) {
      return new Pending(channel, Optional.of(ref), batch, initialize);
    }
  }

  /** A message held until the server registers; {@code request} is its entry in the pending map, if a request. */
  private record Held(JsonRpcMessage message, Optional<Pending> request, long deadlineNanos) {}

  private static final class Session extends AbstractBehavior<Command> {

    /** How many answered exchanges a session keeps for a client that resumes after its answer was sent. */
    private static final int RESUMABLE_ANSWERED = 16;

    private final TimerScheduler<Command> timers;
    private final String transport;
    private final Instrumentation instrumentation;
    private final String serverName;
    private final String sessionId;
    private final Duration requestTimeout;
    private final McpRegistry registry;
    private final ActorRef<ToClient> self;
    private final Map<String, Pending> pending = new HashMap<>();
    private final Set<ActorRef<?>> watched = new HashSet<>();
    private final FailoverWait failover;
    private final Deque<Held> held = new ArrayDeque<>();
    private boolean awaiting;
    private final Subscription removals;
    private SessionReplay replay = SessionReplay.empty();
    private Optional<ActorRef<McpServer.Command>> lastServer = Optional.empty();
    private int replays;
    private Optional<ReplyChannel> standing;
    private final Deque<ReplyChannel> recentlyAnswered = new ArrayDeque<>();
    private Optional<String> protocolVersion = Optional.empty();
    private boolean initializeSent;

    Session(ActorContext<Command> context, TimerScheduler<Command> timers, String transport, String serverName,
        String sessionId, Optional<ReplyChannel> standing, Duration requestTimeout, Optional<Duration> idleTimeout) {
      super(context);
      this.timers = timers;
      this.transport = transport;
      this.instrumentation = Instrumentation.get(context.getSystem());
      this.serverName = serverName;
      this.sessionId = sessionId;
      this.standing = standing;
      this.requestTimeout = requestTimeout;
      this.registry = McpRegistry.get(context.getSystem());
      this.failover = FailoverWait.fromConfig(context.getSystem().settings().config());
      ActorRef<Command> session = context.getSelf();
      this.removals = registry.subscribe(event -> {
        if (event instanceof RegistryEvent.Unregistered u && u.registration().kind() == Kind.SERVER
            && u.registration().name().equals(serverName) && ServerGone.endsRequestsInFlight(u.reason())) {
          session.tell(new ServerUnregistered(u.registration().ref(), u.reason()));
        }
      });
      this.self = context.messageAdapter(ToClient.class, FromServer::new);
      idleTimeout.ifPresent(d -> context.setReceiveTimeout(d, new Idle()));
      instrumentation.current().sessionOpened(transport);
      context.getLog().debug("MCP session {} opened on {} for server '{}'", sessionId, transport, serverName);
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Incoming.class, this::onIncoming)
          .onMessage(FromServer.class, this::onFromServer)
          .onMessage(ServerStopped.class, this::onServerStopped)
          .onMessage(ServerUnregistered.class, this::onServerUnregistered)
          .onMessage(TimedOut.class, this::onTimedOut)
          .onMessage(AwaitDone.class, this::onAwaitDone)
          .onMessage(OpenStream.class, this::onOpenStream)
          .onMessage(Resume.class, this::onResume)
          .onMessage(Close.class, m -> Behaviors.stopped())
          .onMessage(Idle.class, m -> {
            getContext().getLog().debug("MCP session {} ended after being idle", sessionId);
            return Behaviors.stopped();
          })
          .onSignal(PostStop.class, s -> onStop())
          .build();
    }

    private Behavior<Command> onOpenStream(OpenStream m) {
      standing.ifPresent(ReplyChannel::abandoned);
      standing = Optional.of(m.channel());
      return this;
    }

    /** The answered exchanges a client may still resume (it lost the connection before the answer reached it). */
    private Behavior<Command> onResume(Resume m) {
      for (Pending p : pending.values()) {
        if (p.channel().resume(m.lastEventId(), m.channel())) {
          return this;
        }
      }
      for (ReplyChannel answered : recentlyAnswered) {
        if (answered.resume(m.lastEventId(), m.channel())) {
          return this;
        }
      }
      return onOpenStream(new OpenStream(m.channel()));
    }

    private Behavior<Command> onStop() {
      instrumentation.current().sessionClosed(transport);
      getContext().getLog().debug("MCP session {} closed", sessionId);
      removals.close();
      failWhere(p -> true, "the MCP session ended before the server answered");
      standing.ifPresent(ReplyChannel::abandoned);
      return this;
    }

    // ---- from the client ----

    private Behavior<Command> onIncoming(Incoming m) {
      Decoded decoded = m.decoded();
      if (decoded instanceof Decoded.Batch batch) {
        onBatch(batch, m.channel());
      } else if (decoded instanceof Decoded.Invalid invalid) {
        m.channel().response(JsonRpcCodec.encode(invalid.error()));
      } else if (decoded instanceof Decoded.Single single) {
        Optional<String> immediate = onMessage(single.message(), m.channel(), Optional.empty());
        if (single.message() instanceof Request) {
          immediate.ifPresent(m.channel()::response);
        } else {
          m.channel().accepted();
        }
      }
      return this;
    }

    private void onBatch(Decoded.Batch batch, ReplyChannel channel) {
      if (protocolVersion.isEmpty() || !ProtocolVersions.allowsBatches(protocolVersion.get())) {
        channel.response(JsonRpcCodec.encode(new ErrorResponse(Optional.empty(),
            JsonRpcError.invalidRequest("JSON-RPC batches are supported only with protocol revision "
                + ProtocolVersions.V2025_03_26))));
        return;
      }
      BatchReply reply = new BatchReply(channel);
      List<String> immediate = new ArrayList<>();
      for (Decoded.One element : batch.elements()) {
        if (element instanceof Decoded.Invalid invalid) {
          immediate.add(JsonRpcCodec.encode(invalid.error()));
        } else if (element instanceof Decoded.Single single) {
          JsonRpcMessage message = single.message();
          if (message instanceof Request r && "initialize".equals(r.method())) {
            immediate.add(errorText(r.id(), JsonRpcError.invalidRequest("initialize must not be part of a batch")));
          } else if (message instanceof Request) {
            reply.outstanding++;
            onMessage(message, channel, Optional.of(reply)).ifPresent(answer -> {
              reply.outstanding--;
              immediate.add(answer);
            });
          } else {
            onMessage(message, channel, Optional.empty());
          }
        }
      }
      if (immediate.isEmpty() && reply.outstanding == 0) {
        channel.accepted(); // only notifications and responses: nothing to answer
        return;
      }
      // Answers known now are added like late ones, so the batch completes with its last answer.
      reply.outstanding += immediate.size();
      immediate.forEach(reply::add);
    }

    /**
     * Handles one message. For a request, returns the answer when it is known at once (an error);
     * otherwise the answer comes later through {@code channel} or {@code batch}.
     */
    private Optional<String> onMessage(JsonRpcMessage message, ReplyChannel channel, Optional<BatchReply> batch) {
      if (message instanceof Request r) {
        String id = JsonRpcMessage.idKey(r.id());
        boolean initialize = "initialize".equals(r.method());
        if (pending.containsKey(id)) {
          return Optional.of(errorText(r.id(), JsonRpcError.invalidRequest("request id " + id + " is already in use")));
        }
        // Requests may follow an initialize that is still on its way (messages to one server stay in order).
        // A modern (2026-07-28) request needs no initialize: the server serves it statelessly.
        if (!initializeSent && !initialize && !"ping".equals(r.method()) && !RequestMeta.claimsModern(r.params())) {
          return Optional.of(errorText(r.id(), JsonRpcError.invalidRequest("the session is not initialized; send initialize first")));
        }
        Optional<ActorRef<McpServer.Command>> server = held.isEmpty() ? server() : Optional.empty();
        if (server.isEmpty()) {
          if (!failover.enabled()) {
            return Optional.of(errorText(r.id(), JsonRpcError.internalError("MCP server '" + serverName + "' is not available")));
          }
          if (held.size() >= failover.maxWaitingMessages()) {
            return Optional.of(errorText(r.id(), JsonRpcError.internalError("MCP server '" + serverName
                + "' is not available and " + held.size() + " messages already wait for it")));
          }
          Pending waiting = new Pending(channel, Optional.empty(), batch, initialize);
          pending.put(id, waiting);
          initializeSent |= initialize;
          hold(message, Optional.of(waiting));
          return Optional.empty();
        }
        initializeSent |= initialize;
        sendRequest(server.get(), id, message, new Pending(channel, Optional.empty(), batch, initialize));
        return Optional.empty();
      }
      if (message instanceof Notification n && "notifications/cancelled".equals(n.method())) {
        JsonNode requestId = n.params().map(p -> p.get("requestId")).orElse(null);
        Pending cancelled = requestId == null ? null : pending.remove(JsonRpcMessage.idKey(requestId));
        if (cancelled != null) {
          timers.cancel(JsonRpcMessage.idKey(requestId));
          if (cancelled.batch().isPresent()) {
            cancelled.batch().get().drop();
          } else {
            cancelled.channel().abandoned();
          }
        }
      }
      // Notifications and the client's responses go to the server if it is there, behind any held
      // request; nobody waits for their answer.
      Optional<ActorRef<McpServer.Command>> server = held.isEmpty() ? server() : Optional.empty();
      if (server.isPresent()) {
        send(server.get(), message);
      } else if (failover.enabled() && held.size() < failover.maxWaitingMessages()) {
        hold(message, Optional.empty());
      }
      return Optional.empty();
    }

    private void sendRequest(ActorRef<McpServer.Command> server, String id, JsonRpcMessage request, Pending p) {
      send(server, request);
      pending.put(id, p.sentTo(server));
      timers.startSingleTimer(id, new TimedOut(id), requestTimeout);
    }

    // ---- waiting for the server ----

    private void hold(JsonRpcMessage message, Optional<Pending> request) {
      held.addLast(new Held(message, request, System.nanoTime() + failover.duration().toNanos()));
      awaitServer();
    }

    /** Asks the registry for the server, bounded by what is left of the oldest held message's wait. */
    private void awaitServer() {
      if (awaiting || held.isEmpty()) {
        return;
      }
      awaiting = true;
      Duration left = Duration.ofNanos(Math.max(held.peekFirst().deadlineNanos() - System.nanoTime(), 1_000_000));
      getContext().pipeToSelf(registry.await(Kind.SERVER, serverName, left),
          (found, failure) -> new AwaitDone(found == null ? Optional.empty() : found));
    }

    private Behavior<Command> onAwaitDone(AwaitDone m) {
      awaiting = false;
      Optional<ActorRef<McpServer.Command>> server =
          server().or(() -> m.found().map(r -> r.refAs(McpServer.Command.class)));
      if (server.isPresent()) {
        while (!held.isEmpty()) {
          release(server.get(), held.pollFirst());
        }
        return this;
      }
      // The oldest message's wait ran out; so did that of any sent at the same moment.
      expire(held.pollFirst());
      long now = System.nanoTime();
      while (!held.isEmpty() && held.peekFirst().deadlineNanos() - now <= 0) {
        expire(held.pollFirst());
      }
      awaitServer();
      return this;
    }

    private void release(ActorRef<McpServer.Command> server, Held h) {
      if (h.request().isEmpty()) {
        send(server, h.message());
        return;
      }
      Request r = (Request) h.message();
      String id = JsonRpcMessage.idKey(r.id());
      if (pending.get(id) == h.request().get()) { // else it was cancelled while it waited
        sendRequest(server, id, r, h.request().get());
      }
    }

    private void expire(Held h) {
      h.request().ifPresent(p -> failWhere(candidate -> candidate == p, failover.expired(serverName)));
    }

    private Optional<ActorRef<McpServer.Command>> server() {
      return registry.whereis(Kind.SERVER, serverName).map(r -> r.refAs(McpServer.Command.class));
    }

    private void send(ActorRef<McpServer.Command> server, JsonRpcMessage message) {
      if (watched.add(server)) {
        getContext().watchWith(server, new ServerStopped(server));
      }
      if (lastServer.isPresent() && !lastServer.get().equals(server)) {
        // A new instance: restore the client's state there first; the answers match no pending request.
        String idPrefix = "pekko-mcp-replay-" + sessionId + "-" + (++replays) + "-";
        replay.requests(idPrefix).forEach(r -> server.tell(new McpServer.FromClient(sessionId, ClientMessage.of(r), self)));
      }
      lastServer = Optional.of(server);
      if (message instanceof Request r && !RequestMeta.claimsModern(r.params())) {
        replay = replay.after(r);
      }
      server.tell(new McpServer.FromClient(sessionId, ClientMessage.of(message), self));
    }

    // ---- from the server ----

    private Behavior<Command> onFromServer(FromServer m) {
      ToClient message = m.message();
      if (message instanceof ToClient.Response response) {
        Pending p = pending.remove(response.requestId());
        if (p != null) {
          timers.cancel(response.requestId());
          if (p.initialize()) {
            learnVersion(response.json());
          }
          deliver(p, response.json());
        }
      } else if (message instanceof ToClient.Notification notification) {
        Pending p = notification.relatedRequestId().map(pending::get).orElse(null);
        if (p != null && p.batch().isEmpty()) {
          timers.startSingleTimer(notification.relatedRequestId().get(),
              new TimedOut(notification.relatedRequestId().get()), requestTimeout);
          p.channel().notification(notification.json());
        } else {
          standing.ifPresent(s -> s.notification(notification.json()));
        }
      }
      return this;
    }

    private void learnVersion(String json) {
      JsonRpcCodec.parseTree(json)
          .map(tree -> tree.path("result").path("protocolVersion"))
          .filter(JsonNode::isTextual)
          .ifPresent(v -> protocolVersion = Optional.of(v.textValue()));
    }

    private Behavior<Command> onServerStopped(ServerStopped m) {
      watched.remove(m.server());
      failWhere(p -> p.server().equals(Optional.of(m.server())), "MCP server '" + serverName + "' stopped before answering");
      return this;
    }

    private Behavior<Command> onServerUnregistered(ServerUnregistered m) {
      failWhere(p -> p.server().equals(Optional.of(m.server())), ServerGone.wentAway(serverName, m.reason()));
      return this;
    }

    private Behavior<Command> onTimedOut(TimedOut m) {
      Pending p = pending.get(m.requestId());
      if (p != null) {
        getContext().getLog().info("MCP session {} gave up on request {}: no answer from server '{}' within {}",
            sessionId, m.requestId(), serverName, requestTimeout);
        instrumentation.current().requestTimedOut(serverName);
        failWhere(candidate -> candidate == p, "no answer from MCP server '" + serverName + "' within " + requestTimeout);
      }
      return this;
    }

    private void failWhere(Predicate<Pending> which, String why) {
      for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Pending> entry = it.next();
        if (which.test(entry.getValue())) {
          it.remove();
          timers.cancel(entry.getKey());
          JsonNode id = JsonRpcCodec.parseTree(entry.getKey()).orElseThrow();
          deliver(entry.getValue(), errorText(id, JsonRpcError.internalError(why)));
        }
      }
    }

    private void deliver(Pending p, String json) {
      if (p.batch().isPresent()) {
        p.batch().get().add(json);
      } else {
        p.channel().response(json);
        recentlyAnswered.addFirst(p.channel());
        if (recentlyAnswered.size() > RESUMABLE_ANSWERED) {
          recentlyAnswered.removeLast();
        }
      }
    }

    private static String errorText(JsonNode id, JsonRpcError error) {
      return JsonRpcCodec.encode(ErrorResponse.to(id, error));
    }
  }
}
