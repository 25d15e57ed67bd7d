/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.pekkomcp.mcp.jsonrpc.Decoded;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.ProtocolVersions;
import org.pekkomcp.mcp.server.RequestMeta;
import org.pekkomcp.mcp.transport.ClientSession;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.auth.AuthorizationResult;
import org.pekkomcp.mcp.transport.http.auth.ResourceServer;
import org.pekkomcp.mcp.transport.internal.StatelessRequests;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import scala.concurrent.ExecutionContextExecutor;

/**
 * The request handler of the Streamable HTTP endpoint, run by pekko-http for every request at
 * {@code /<prefix>/<server name>} (or {@code /<prefix>/<server name>/mcp}). It checks what can be checked without a session (security
 * headers, size, JSON syntax) on the connection's own thread, then hands the message to the
 * client's session actor together with a {@link PostExchange} whose future becomes the response:
 * the common path is one message to the session and one to the server.
 *
 * <p>About 460 lines because it is every check the transport spec asks of an HTTP request, in the
 * order the spec gives them (method, path, headers, body, era); the reply channels and header
 * rules it uses are in their own classes.
 */
public final class McpHttpHandler implements Function<HttpRequest, CompletionStage<HttpResponse>> {

  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";
  private static final String MCP_SUFFIX = "/mcp";
  /** The methods of the 2026-07-28 revision; any other gets 404 with -32601, as that revision asks. */
  private static final Set<String> MODERN_METHODS = Set.of("server/discover", "subscriptions/listen", "tools/list",
      "tools/call", "resources/list", "resources/templates/list", "resources/read", "prompts/list", "prompts/get",
      "completion/complete");

  /** A live session: which server it is bound to and its actor. */
  public record SessionEntry(String serverName, ActorRef<ClientSession.Command> ref) {}

  /** A session just started for a client that initializes: its id and its actor. */
  public record NewSession(String sessionId, ActorRef<ClientSession.Command> ref) {}

  /** Starts a session for a client of {@code serverName} (the endpoint's actor owns the sessions). */
  @FunctionalInterface
  public interface SessionStarter {
    CompletionStage<NewSession> start(String serverName);
  }

  private final HttpSettings settings;
  private final Map<String, SessionEntry> sessions;
  private final SessionStarter sessionStarter;
  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final McpRegistry registry;
  private final ExecutionContextExecutor executor;
  private final SafetyNet safetyNet;
  private final PostExchange.Resumption resumption;

  /**
   * @param sessions the live sessions by id, which the endpoint's actor adds to and removes from
   * @param sessionStarter how a client that initializes gets its session
   */
  public McpHttpHandler(HttpSettings settings, Map<String, SessionEntry> sessions, SessionStarter sessionStarter,
      ActorSystem<?> system, Materializer materializer) {
    this.settings = settings;
    this.sessions = sessions;
    this.sessionStarter = sessionStarter;
    this.system = system;
    this.materializer = materializer;
    this.registry = McpRegistry.get(system);
    this.executor = system.executionContext();
    this.safetyNet = new SafetyNet(settings.requestTimeout().plusSeconds(10));
    this.resumption = PostExchange.Resumption.fromConfig(system.settings().config());
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) {
    try {
      Optional<String> serverName = serverName(request.getUri().path());
      if (serverName.isEmpty()) {
        request.discardEntityBytes(materializer);
        return done(HttpResponses.plain(StatusCodes.NOT_FOUND, "MCP endpoints are at /" + settings.pathPrefix() + "/<server name>"));
      }
      Optional<HttpResponse> refused = guard(request);
      if (refused.isPresent()) {
        request.discardEntityBytes(materializer);
        return done(refused.get());
      }
      return authorized(request, serverName.get());
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  /** The request once its client may call the server: by method. */
  private CompletionStage<HttpResponse> dispatch(HttpRequest request, String serverName) {
    try {
      if (request.method().equals(HttpMethods.POST)) {
        return post(request, serverName);
      }
      request.discardEntityBytes(materializer);
      // GET and DELETE belong to legacy sessions only: the modern era has neither.
      Optional<HttpResponse> badVersion = legacyVersionProblem(request);
      if (badVersion.isPresent()) {
        return done(badVersion.get());
      }
      if (request.method().equals(HttpMethods.GET)) {
        return done(get(request, serverName));
      }
      if (request.method().equals(HttpMethods.DELETE)) {
        return done(delete(request, serverName));
      }
      return done(HttpResponses.plain(StatusCodes.METHOD_NOT_ALLOWED, "use POST, GET or DELETE")
          .addHeader(RawHeader.create("Allow", "GET, POST, DELETE")));
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  /**
   * Answers the exchanges nobody answered within the request timeout and 10 s ({@link SafetyNet});
   * the transport calls it every second.
   */
  public void sweepSafetyNet() {
    safetyNet.sweep();
  }

  private CompletionStage<HttpResponse> failed(Throwable e) {
    system.log().error("MCP HTTP request failed: {}", e.toString());
    return done(HttpResponses.error(StatusCodes.INTERNAL_SERVER_ERROR, JsonRpc.INTERNAL_ERROR, "internal error", Optional.empty()));
  }

  // ---- checks every request passes ----

  private Optional<HttpResponse> guard(HttpRequest request) {
    Optional<String> host = header(request, "Host").map(McpHttpHandler::hostName);
    if (host.isPresent() && !settings.allowedHosts().contains(host.get())) {
      return Optional.of(HttpResponses.plain(StatusCodes.FORBIDDEN, "Host not allowed"));
    }
    Optional<String> origin = header(request, "Origin");
    if (origin.isPresent() && !originAllowed(origin.get())) {
      return Optional.of(HttpResponses.plain(StatusCodes.FORBIDDEN, "Origin not allowed"));
    }
    return Optional.empty();
  }

  /**
   * Asks the authorizer whether the request's bearer token may call {@code serverName}, then
   * serves it or answers with the challenge. A check that is already done continues on this
   * thread; one that waited (a key fetch, an introspection) continues on the dispatcher.
   */
  private CompletionStage<HttpResponse> authorized(HttpRequest request, String serverName) {
    Optional<String> token = header(request, "Authorization")
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim())
        .filter(t -> !t.isEmpty());
    CompletableFuture<AuthorizationResult> verdict = settings.authorizer().authorize(token, serverName).toCompletableFuture();
    if (verdict.isDone() && !verdict.isCompletedExceptionally()) {
      return admit(request, serverName, verdict.join());
    }
    return verdict.handleAsync((result, failure) -> {
      if (failure != null) {
        request.discardEntityBytes(materializer);
        system.log().warn("MCP HTTP authorization could not be checked: {}", failure.toString());
        return done(HttpResponses.plain(StatusCodes.SERVICE_UNAVAILABLE, "authorization cannot be checked now"));
      }
      return admit(request, serverName, result);
    }, executor).thenCompose(response -> response);
  }

  private CompletionStage<HttpResponse> admit(HttpRequest request, String serverName, AuthorizationResult result) {
    if (result instanceof AuthorizationResult.Authorized) {
      return dispatch(request, serverName);
    }
    request.discardEntityBytes(materializer);
    Optional<ResourceServer> resource = settings.authorizer().resourceServer();
    return done(result instanceof AuthorizationResult.Unauthorized u
        ? Challenges.unauthorized(u, resource, serverName)
        : Challenges.insufficientScope((AuthorizationResult.InsufficientScope) result, resource, serverName));
  }

  /** A legacy session's requests name a legacy revision in the version header, or none (2025-03-26). */
  private static Optional<HttpResponse> legacyVersionProblem(HttpRequest request) {
    Optional<String> version = header(request, VERSION_HEADER);
    if (version.isPresent() && !ProtocolVersions.LEGACY.contains(version.get())) {
      return Optional.of(HttpResponses.error(StatusCodes.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
          "unsupported " + VERSION_HEADER + " for a session: " + version.get() + "; supported: " + ProtocolVersions.LEGACY,
          Optional.empty()));
    }
    return Optional.empty();
  }

  private boolean originAllowed(String origin) {
    try {
      String host = URI.create(origin.trim()).getHost();
      return host != null && settings.allowedHosts().contains(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false; // "null" and other opaque origins are refused
    }
  }

  /** The host part of a Host header: {@code [::1]:80} gives {@code [::1]}, {@code a:80} gives {@code a}. */
  private static String hostName(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  // ---- POST: one message or batch ----

  private CompletionStage<HttpResponse> post(HttpRequest request, String serverName) {
    String contentType = request.entity().getContentType().mediaType().toString();
    if (!contentType.equalsIgnoreCase("application/json")) {
      request.discardEntityBytes(materializer);
      return done(HttpResponses.plain(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json"));
    }
    Optional<String> accept = header(request, "Accept");
    if (accept.isPresent() && !accepts(accept.get(), "application/json") && !accepts(accept.get(), "text/event-stream")) {
      request.discardEntityBytes(materializer);
      return done(HttpResponses.plain(StatusCodes.NOT_ACCEPTABLE, "Accept must allow application/json and text/event-stream"));
    }
    if (request.entity().getContentLengthOption().orElse(0L) > settings.maxBodyBytes()) {
      request.discardEntityBytes(materializer);
      return done(tooLarge());
    }
    Optional<String> sessionId = header(request, SESSION_HEADER);
    if (request.entity() instanceof HttpEntity.Strict strict) {
      // The body came whole with the headers (pekko-http hands a small one over as it is): it is
      // served on this thread, with no stream to run for it and no hand-off to another.
      if (strict.getData().size() > settings.maxBodyBytes()) {
        return done(tooLarge());
      }
      CompletionStage<HttpResponse> answer;
      try {
        answer = onBody(request, strict.getData().utf8String(), serverName, sessionId);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      // Every answer on this path is the JDK's CompletableFuture (done here, or completed by the
      // session, the server or the node's request table), never the Scala one described below, so
      // the fallback runs on the thread that completes it: a served request costs no task.
      return answer.exceptionally(this::unreadable);
    }
    // withSizeLimit (rather than toStrict's own byte cap) reports an overflow as
    // EntityStreamSizeException for chunked bodies too, which is what becomes 413.
    // The stage toStrict returns is Scala's CompletableFuture, which runs even the non-async
    // callbacks on the JDK's default executor: with the common pool's parallelism at 1 (a 2-core
    // machine) that executor starts a new thread per task, one per request. Every callback on it
    // therefore names the dispatcher.
    return request.entity()
        .withSizeLimit(settings.maxBodyBytes())
        .toStrict(settings.requestTimeout().toMillis(), materializer)
        .thenComposeAsync(strict -> onBody(request, strict.getData().utf8String(), serverName, sessionId), executor)
        .exceptionallyAsync(this::unreadable, executor);
  }

  /** The answer to a body that could not be read, or whose handling failed. */
  private HttpResponse unreadable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EntityStreamSizeException) {
        return tooLarge();
      }
    }
    system.log().debug("could not read an MCP request body: {}", failure.toString());
    return HttpResponses.plain(StatusCodes.BAD_REQUEST, "could not read the request body");
  }

  private HttpResponse tooLarge() {
    return HttpResponses.error(StatusCodes.PAYLOAD_TOO_LARGE, JsonRpc.INVALID_REQUEST,
        "request body is larger than " + settings.maxBodyBytes() + " bytes", Optional.empty());
  }

  private CompletionStage<HttpResponse> onBody(HttpRequest request, String body, String serverName, Optional<String> sessionId) {
    Decoded decoded = JsonRpcCodec.decode(body);
    if (decoded instanceof Decoded.Invalid invalid) {
      return done(HttpResponses.json(StatusCodes.BAD_REQUEST, JsonRpcCodec.encode(invalid.error())));
    }
    if (decoded instanceof Decoded.Single s && s.message() instanceof JsonRpcMessage.Request r && isModern(request, r)) {
      return modern(request, r, body, serverName);
    }
    Optional<HttpResponse> badVersion = legacyVersionProblem(request);
    if (badVersion.isPresent()) {
      return done(badVersion.get());
    }
    Optional<JsonNode> requestId = decoded instanceof Decoded.Single s && s.message() instanceof JsonRpcMessage.Request r
        ? Optional.of(r.id()) : Optional.empty();
    boolean initialize = decoded instanceof Decoded.Single s
        && s.message() instanceof JsonRpcMessage.Request r && "initialize".equals(r.method());
    if (sessionId.isEmpty()) {
      if (!initialize) {
        return done(HttpResponses.error(StatusCodes.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
            "Bad Request: " + SESSION_HEADER + " header is required (send initialize first)", requestId));
      }
      if (registry.whereis(Kind.SERVER, serverName).isEmpty()) {
        return done(HttpResponses.error(StatusCodes.NOT_FOUND, JsonRpc.INTERNAL_ERROR,
            "MCP server '" + serverName + "' is not available", requestId));
      }
      return sessionStarter.start(serverName).thenComposeAsync(created -> exchange(created.sessionId(), created.ref(), decoded), executor);
    }
    SessionEntry entry = sessions.get(sessionId.get());
    if (entry == null || !entry.serverName().equals(serverName)) {
      return done(unknownSession(requestId));
    }
    return exchange(sessionId.get(), entry.ref(), decoded);
  }

  private CompletionStage<HttpResponse> exchange(String sessionId, ActorRef<ClientSession.Command> session, Decoded decoded) {
    PostExchange exchange = new PostExchange(materializer, settings.sseKeepAlive(), resumption);
    session.tell(new ClientSession.Incoming(decoded, exchange));
    RawHeader header = RawHeader.create(SESSION_HEADER, sessionId);
    // The session answers every exchange (its own timeout, DeathWatch, or its stop); the net
    // only catches a message that reached a session in the instant it was stopping.
    CompletableFuture<HttpResponse> result = exchange.result();
    safetyNet.arm(result, () -> HttpResponses.error(
        StatusCodes.GATEWAY_TIMEOUT, JsonRpc.INTERNAL_ERROR, "no answer from the MCP session", Optional.empty()));
    return result.thenApply(response -> {
      safetyNet.disarm(result);
      return response.addHeader(header);
    });
  }

  // ---- the stateless 2026-07-28 era ----

  /** A request is modern when its {@code _meta} or its version header names a protocol version of that era. */
  private static boolean isModern(HttpRequest request, JsonRpcMessage.Request r) {
    return RequestMeta.claimsModern(r.params()) || header(request, VERSION_HEADER).map(ProtocolVersions::isModern).orElse(false);
  }

  /**
   * Serves a modern request: checked here (its {@code _meta}, its headers, its method), then
   * {@link StatelessRequests} carries it to the server, wherever that runs, and back.
   */
  private CompletionStage<HttpResponse> modern(HttpRequest request, JsonRpcMessage.Request r, String body, String serverName) {
    Optional<JsonRpcError> problem = RequestMeta.shapeProblem(r.params());
    if (problem.isPresent()) {
      return done(rpcError(StatusCodes.BAD_REQUEST, r.id(), problem.get()));
    }
    Optional<String> mismatch = ModernHeaders.mismatch(request, r, RequestMeta.protocolVersion(r.params()).orElseThrow());
    if (mismatch.isPresent()) {
      return done(rpcError(StatusCodes.BAD_REQUEST, r.id(), JsonRpcError.of(JsonRpc.HEADER_MISMATCH, mismatch.get())));
    }
    Optional<JsonRpcError> version = RequestMeta.versionProblem(r.params());
    if (version.isPresent()) {
      return done(rpcError(StatusCodes.BAD_REQUEST, r.id(), version.get()));
    }
    if (!MODERN_METHODS.contains(r.method())) {
      return done(rpcError(StatusCodes.NOT_FOUND, r.id(), JsonRpcError.methodNotFound(r.method())));
    }
    if (registry.whereis(Kind.SERVER, serverName).isEmpty()) {
      return done(rpcError(StatusCodes.NOT_FOUND, r.id(), JsonRpcError.internalError("MCP server '" + serverName + "' is not available")));
    }
    AtomicReference<StatelessRequests.Sent> sent = new AtomicReference<>();
    PostExchange exchange = new PostExchange(materializer, settings.sseKeepAlive(), () -> {
      StatelessRequests.Sent inFlight = sent.get();
      if (inFlight != null) {
        inFlight.clientGone();
      }
    });
    boolean listen = "subscriptions/listen".equals(r.method());
    sent.set(StatelessRequests.get(system).send(serverName, r.id(), ModernHeaders.withParamHeaders(request, r, body), exchange,
        listen ? Optional.empty() : Optional.of(settings.requestTimeout())));
    if (listen) {
      return exchange.result();
    }
    CompletableFuture<HttpResponse> result = exchange.result();
    safetyNet.arm(result, () -> HttpResponses.error(
        StatusCodes.GATEWAY_TIMEOUT, JsonRpc.INTERNAL_ERROR, "no answer from the MCP server", Optional.of(r.id())));
    return result.thenApply(response -> {
      safetyNet.disarm(result);
      return response;
    });
  }

  private static HttpResponse rpcError(StatusCode status, JsonNode id, JsonRpcError error) {
    return HttpResponses.json(status, JsonRpcCodec.encode(JsonRpcMessage.ErrorResponse.to(id, error)));
  }

  private static HttpResponse unknownSession(Optional<JsonNode> requestId) {
    return HttpResponses.error(StatusCodes.NOT_FOUND, JsonRpc.INVALID_REQUEST,
        "Session not found: it never existed or has ended; initialize a new one", requestId);
  }

  // ---- GET: the standing stream; DELETE: end the session ----

  private HttpResponse get(HttpRequest request, String serverName) {
    if (!accepts(header(request, "Accept").orElse(""), "text/event-stream")) {
      return HttpResponses.plain(StatusCodes.NOT_ACCEPTABLE, "GET needs Accept: text/event-stream");
    }
    Optional<SessionEntry> entry = session(request, serverName);
    if (entry.isEmpty()) {
      return sessionProblem(request);
    }
    SseStream stream = new SseStream(materializer, settings.sseKeepAlive());
    Optional<String> lastEventId = header(request, "Last-Event-ID");
    entry.get().ref().tell(lastEventId.isPresent()
        ? new ClientSession.Resume(lastEventId.get(), stream) : new ClientSession.OpenStream(stream));
    return stream.response().addHeader(RawHeader.create(SESSION_HEADER, header(request, SESSION_HEADER).orElseThrow()));
  }

  private HttpResponse delete(HttpRequest request, String serverName) {
    Optional<SessionEntry> entry = session(request, serverName);
    if (entry.isEmpty()) {
      return sessionProblem(request);
    }
    // Forget it first, so no request can reach a session that is stopping and wait forever.
    sessions.remove(header(request, SESSION_HEADER).orElseThrow());
    entry.get().ref().tell(new ClientSession.Close());
    return HttpResponse.create().withStatus(StatusCodes.OK);
  }

  private Optional<SessionEntry> session(HttpRequest request, String serverName) {
    return header(request, SESSION_HEADER).map(sessions::get).filter(e -> e.serverName().equals(serverName));
  }

  private static HttpResponse sessionProblem(HttpRequest request) {
    if (header(request, SESSION_HEADER).isEmpty()) {
      return HttpResponses.error(StatusCodes.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
          "Bad Request: " + SESSION_HEADER + " header is required", Optional.empty());
    }
    return unknownSession(Optional.empty());
  }

  // ---- helpers ----

  private Optional<String> serverName(String path) {
    String prefix = "/" + settings.pathPrefix() + "/";
    if (!path.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = path.substring(prefix.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    // Some clients (the MCP Inspector CLI) rewrite any URL whose path does not end in /mcp, so
    // /<prefix>/<server>/mcp is the same endpoint as /<prefix>/<server>.
    if (rest.endsWith(MCP_SUFFIX) && rest.indexOf('/') == rest.length() - MCP_SUFFIX.length()) {
      rest = rest.substring(0, rest.length() - MCP_SUFFIX.length());
    }
    if (rest.isEmpty() || rest.contains("/")) {
      return Optional.empty();
    }
    return Optional.of(URLDecoder.decode(rest, StandardCharsets.UTF_8));
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }

  private static boolean accepts(String accept, String mediaType) {
    String a = accept.toLowerCase(Locale.ROOT);
    return a.contains(mediaType) || a.contains("*/*") || a.contains(mediaType.substring(0, mediaType.indexOf('/')) + "/*");
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
