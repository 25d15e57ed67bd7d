/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.pekkomcp.mcp.jsonrpc.Decoded;
import org.pekkomcp.mcp.server.McpInstrumentation;
import org.pekkomcp.mcp.transport.internal.SessionActor;

/**
 * One client's session, whatever carries its bytes: the transport-side half of MCP.
 *
 * <h2>Routing by name</h2>
 * The session is bound to a server <em>name</em>, not a ref. Every request is sent to the ref the
 * registry holds for that name at that moment ({@code whereis}, a lock-free local read), so the
 * server may run on any node, and may be restarted elsewhere between two requests: routing
 * follows it. If no server has the name (it is moving to another node, or not started yet), the
 * session holds the request, and every message after it, until the name is registered again,
 * at most {@code mcp.transport.failover-wait} per message; it asks the
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
 * The session remembers the state the client set on the server (log
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
    return SessionActor.create(Objects.requireNonNull(transport, "transport"), serverName, sessionId, standing,
        requestTimeout, idleTimeout);
  }

  /** A session of a client in this JVM, with no transport of its own ({@code in-process}). */
  public static Behavior<Command> create(String serverName, String sessionId, Optional<ReplyChannel> standing,
      Duration requestTimeout, Optional<Duration> idleTimeout) {
    return create(IN_PROCESS, serverName, sessionId, standing, requestTimeout, idleTimeout);
  }

  /** The transport of the sessions of clients in this JVM. */
  public static final String IN_PROCESS = "in-process";

  private ClientSession() {}
}
