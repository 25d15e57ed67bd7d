/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

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
import org.pekkomcp.mcp.server.McpMdc;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ProtocolVersions;
import org.pekkomcp.mcp.server.RequestMeta;
import org.pekkomcp.mcp.server.ToClient;
import org.pekkomcp.mcp.transport.ClientSession;
import org.pekkomcp.mcp.transport.ClientSession.Close;
import org.pekkomcp.mcp.transport.ClientSession.Incoming;
import org.pekkomcp.mcp.transport.ClientSession.OpenStream;
import org.pekkomcp.mcp.transport.ClientSession.Resume;
import org.pekkomcp.mcp.transport.ReplyChannel;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.Subscription;

/**
 * The actor behind {@link ClientSession#create}: one client's session, as {@link ClientSession}
 * describes it (routing by name, the wait while a server moves, the replay to a new instance,
 * the lifecycle and where answers go). Its messages are the public {@link ClientSession.Command}s
 * and its own records below (the server's messages, its end, its registry entry's removal,
 * timeouts). The public {@code Command} is sealed in its own package and cannot name them, so this
 * behaviour takes {@code Object} and {@link #create} narrows it to {@code Command}.
 *
 * <p>About 500 lines because the held messages, the requests in flight and the replay all change
 * together when the server moves; the parts that stand alone are {@link FailoverWait},
 * {@link ServerGone} and {@link SessionReplay}.
 */
public final class SessionActor extends AbstractBehavior<Object> {

  private record FromServer(ToClient message) {}

  private record ServerStopped(ActorRef<?> server) {}

  /** The registry dropped the entry of the session's server {@code server}. */
  private record ServerUnregistered(ActorRef<?> server, RegistryEvent.RemovalReason reason) {}

  /** The deadline table's single timer fired. */
  private enum Sweep { INSTANCE }

  private record Idle() {}

  /** The registry's answer to the session's wait for its server: the entry, or empty when the wait ran out. */
  private record AwaitDone(Optional<Registration> found) {}

  /** The behaviour behind {@link ClientSession#create}, with its server and session in the MDC. */
  public static Behavior<ClientSession.Command> create(String transport, String serverName, String sessionId,
      Optional<ReplyChannel> standing, Duration requestTimeout, Optional<Duration> idleTimeout) {
    Behavior<Object> session = Behaviors.withMdc(Object.class, Map.of(McpMdc.SERVER, serverName, McpMdc.SESSION, sessionId),
        Behaviors.setup(context -> Behaviors.withTimers(timers ->
            new SessionActor(context, timers, transport, serverName, sessionId, standing, requestTimeout, idleTimeout))));
    return session.narrow();
  }

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


  /** How many answered exchanges a session keeps for a client that resumes after its answer was sent. */
  private static final int RESUMABLE_ANSWERED = 16;

  /** The deadlines of the requests sent to the server, by request id: one timer for all. */
  private final Deadlines<String> deadlines;
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

  private SessionActor(ActorContext<Object> context, TimerScheduler<Object> timers, String transport, String serverName,
      String sessionId, Optional<ReplyChannel> standing, Duration requestTimeout, Optional<Duration> idleTimeout) {
    super(context);
    this.deadlines = new Deadlines<>(System::nanoTime, delay -> timers.startSingleTimer(Sweep.INSTANCE, delay));
    this.transport = transport;
    this.instrumentation = Instrumentation.get(context.getSystem());
    this.serverName = serverName;
    this.sessionId = sessionId;
    this.standing = standing;
    this.requestTimeout = requestTimeout;
    this.registry = McpRegistry.get(context.getSystem());
    this.failover = FailoverWait.fromConfig(context.getSystem().settings().config());
    ActorRef<Object> session = context.getSelf();
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
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Incoming.class, this::onIncoming)
        .onMessage(FromServer.class, this::onFromServer)
        .onMessage(ServerStopped.class, this::onServerStopped)
        .onMessage(ServerUnregistered.class, this::onServerUnregistered)
        .onMessage(Sweep.class, m -> onSweep())
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

  private Behavior<Object> onOpenStream(OpenStream m) {
    standing.ifPresent(ReplyChannel::abandoned);
    standing = Optional.of(m.channel());
    return this;
  }

  /** The answered exchanges a client may still resume (it lost the connection before the answer reached it). */
  private Behavior<Object> onResume(Resume m) {
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

  private Behavior<Object> onStop() {
    instrumentation.current().sessionClosed(transport);
    getContext().getLog().debug("MCP session {} closed", sessionId);
    removals.close();
    failWhere(p -> true, "the MCP session ended before the server answered");
    standing.ifPresent(ReplyChannel::abandoned);
    return this;
  }

  // ---- from the client ----

  private Behavior<Object> onIncoming(Incoming m) {
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
        deadlines.cancel(JsonRpcMessage.idKey(requestId));
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
    deadlines.set(id, requestTimeout);
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

  private Behavior<Object> onAwaitDone(AwaitDone m) {
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

  private Behavior<Object> onFromServer(FromServer m) {
    ToClient message = m.message();
    if (message instanceof ToClient.Response response) {
      Pending p = pending.remove(response.requestId());
      if (p != null) {
        deadlines.cancel(response.requestId());
        if (p.initialize()) {
          learnVersion(response.json());
        }
        deliver(p, response.json());
      }
    } else if (message instanceof ToClient.Notification notification) {
      Pending p = notification.relatedRequestId().map(pending::get).orElse(null);
      if (p != null && p.batch().isEmpty()) {
        deadlines.set(notification.relatedRequestId().get(), requestTimeout);
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

  private Behavior<Object> onServerStopped(ServerStopped m) {
    watched.remove(m.server());
    failWhere(p -> p.server().equals(Optional.of(m.server())), "MCP server '" + serverName + "' stopped before answering");
    return this;
  }

  private Behavior<Object> onServerUnregistered(ServerUnregistered m) {
    failWhere(p -> p.server().equals(Optional.of(m.server())), ServerGone.wentAway(serverName, m.reason()));
    return this;
  }

  private Behavior<Object> onSweep() {
    deadlines.sweep().forEach(this::timedOut);
    return this;
  }

  private void timedOut(String requestId) {
    Pending p = pending.get(requestId);
    if (p != null) {
      getContext().getLog().info("MCP session {} gave up on request {}: no answer from server '{}' within {}",
          sessionId, requestId, serverName, requestTimeout);
      instrumentation.current().requestTimedOut(serverName);
      failWhere(candidate -> candidate == p, "no answer from MCP server '" + serverName + "' within " + requestTimeout);
    }
  }

  private void failWhere(Predicate<Pending> which, String why) {
    for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Pending> entry = it.next();
      if (which.test(entry.getValue())) {
        it.remove();
        deadlines.cancel(entry.getKey());
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
