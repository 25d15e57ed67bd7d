/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;

/**
 * Three cluster nodes in this JVM, each serving Pekko Management on a port of its own, probed and
 * scraped over HTTP as Kubernetes and Prometheus would.
 */
class ManagementClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * For the tests that cut a node off and wait until it is seen unreachable: the failure detector
   * gives up on it after 3 s of silence instead of 10 (a false verdict under load only makes a node
   * unreachable for a while: these nodes down nobody).
   */
  private static final String DETECT_CUTS = "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s";

  private final List<ActorTestKit> nodes = new ArrayList<>();
  private final List<URI> endpoints = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ActorTestKit::shutdownTestKit);
  }

  @Test
  void readyOnlyOnceUpWithItsEndpointsBoundAndCaughtUpWithEveryPeer() throws Exception {
    ActorTestKit b = start();
    ActorTestKit c = startWithoutRegistry(); // a member whose registry sends no snapshot until it starts
    McpHealth.get(b.system()).expectTransport("http-b");

    Probe notMember = get(endpoint(b), "/ready");
    assertEquals(500, notMember.status(), notMember.body());
    assertTrue(notMember.body().contains("this node is not an Up member of the cluster"), notMember.body());
    assertTrue(notMember.body().contains("transports not serving yet on this node: [http-b]"), notMember.body());
    Probe alive = get(endpoint(b), "/alive");
    assertEquals(200, alive.status(), alive.body());

    ActorTestKit a = start();
    joinAll(a);
    String notHeardFromC = "the registry has not yet caught up with reachable members ["
        + Cluster.get(c.system()).selfMember().address() + "]";
    awaitBody(a, "failed: " + notHeardFromC);
    awaitBody(b, "failed: transports not serving yet on this node: [http-b]; " + notHeardFromC);

    ActorRef<Object> transport = b.spawn(Behaviors.empty(), "transport");
    assertTrue(McpRegistry.get(b.system()).register(Kind.TRANSPORT, "http-b", transport)
        .toCompletableFuture().get(30, TimeUnit.SECONDS) instanceof Outcome.Registered);
    awaitBody(b, "failed: " + notHeardFromC);

    McpRegistry.get(c.system());
    awaitStatus(a, 200, "/ready");
    awaitStatus(b, 200, "/ready");
    for (ActorTestKit node : List.of(a, b)) {
      assertEquals(200, get(endpoint(node), "/alive").status());
    }
  }

  @Test
  void aNodeStaysReadyWhileAPeerIsUnreachable() throws Exception {
    startCluster(DETECT_CUTS);
    ActorTestKit a = nodes.get(0);
    ActorTestKit b = nodes.get(1);
    ActorTestKit c = nodes.get(2);
    awaitMetric(a, "pekko_cluster_members{status=\"up\"}", 3); // ready needs only the members Up so far
    awaitStatus(a, 200, "/ready");
    isolate(c, a, b);
    // Both at once: while a sees c unreachable, it is ready (the documented choice for partitions).
    a.createTestProbe().awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      assertEquals(1, metric(scrape(a), "pekko_cluster_unreachable"), "a sees c unreachable");
      Probe ready = get(endpoint(a), "/ready");
      assertEquals(200, ready.status(), ready.body());
      return null;
    });
  }

  @Test
  void metricsFollowTheClusterTheRegistryAndLostMessages() throws Exception {
    startCluster();
    ActorTestKit b = nodes.get(1);
    ActorTestKit c = nodes.get(2);
    awaitMetric(b, "pekko_cluster_members{status=\"up\"}", 3);
    awaitMetric(b, "pekko_cluster_self_up", 1);
    double serversBefore = metric(scrape(b), "mcp_registry_names{kind=\"server\"}");

    ActorRef<Object> server = c.spawn(Behaviors.empty(), "server");
    McpRegistry.get(c.system()).register(Kind.SERVER, "metered", server).toCompletableFuture().get(30, TimeUnit.SECONDS);
    awaitMetric(b, "mcp_registry_names{kind=\"server\"}", serversBefore + 1);
    awaitMetric(b, "mcp_registry_registered_total{kind=\"server\"}", 1);
    awaitMetric(b, "mcp_registry_group_members{group=\"mcp.servers\"}", 1);

    c.stop(server);
    awaitMetric(b, "mcp_registry_names{kind=\"server\"}", serversBefore);
    awaitMetric(b, "mcp_registry_removed_total{kind=\"server\",reason=\"terminated\"}", 1);

    ActorRef<String> gone = b.spawn(Behaviors.stopped(), "gone");
    TestProbe<Object> watcher = b.createTestProbe();
    watcher.expectTerminated(gone);
    double lostBefore = metric(scrape(b), "pekko_dead_letters_total{type=\"dead_letter\"}");
    gone.tell("lost");
    awaitMetric(b, "pekko_dead_letters_total{type=\"dead_letter\"}", lostBefore + 1);

    String text = scrape(b);
    assertTrue(metric(text, "jvm_threads_live_threads") > 0, "JVM meters are bound");
    assertTrue(text.contains("# TYPE mcp_registry_names gauge"), "Prometheus text format");
  }

  @Test
  void metricsFollowTheRegistrysVotesRejectionsSnapshotsAndPruning() throws Exception {
    // The claim that finds no majority is rejected after register-timeout: 4 s instead of 10.
    startCluster(DETECT_CUTS + "\nmcp.registry.cluster.register-timeout = 4s");
    ActorTestKit a = nodes.get(0);
    ActorTestKit b = nodes.get(1);
    ActorTestKit c = nodes.get(2);
    awaitMetric(a, "pekko_cluster_members{status=\"up\"}", 3);
    // Each peer that starts voting gets a's snapshot, and a applies each peer's.
    awaitAtLeast(a, "mcp_registry_snapshots_total{direction=\"sent\"}", 2);
    awaitAtLeast(a, "mcp_registry_snapshots_total{direction=\"applied\"}", 2);
    assertEquals(0, metric(scrape(a), "mcp_registry_repairs_total"), "every series exists from the start");

    McpRegistry registry = McpRegistry.get(a.system());
    ActorRef<Object> server = a.spawn(Behaviors.empty(), "voted");
    assertTrue(registry.register(Kind.SERVER, "voted", server).toCompletableFuture().get(30, TimeUnit.SECONDS)
        instanceof Outcome.Registered);
    awaitMetric(a, "mcp_registry_votes_seconds_count{kind=\"server\",result=\"registered\"}", 1);
    awaitAtLeast(a, "mcp_registry_vote_rounds_count", 1);
    awaitAtLeast(a, "mcp_registry_pushes_total", 1);
    awaitAtLeast(a, "mcp_registry_pushed_ops_total", 1);
    assertTrue(registry.register(Kind.SERVER, " ", server).toCompletableFuture().get(30, TimeUnit.SECONDS)
        instanceof Outcome.Rejected);
    awaitMetric(a, "mcp_registry_rejected_total{reason=\"invalid_input\"}", 1);

    // c is cut off, as if it crashed, and downed: a and b forget what it held.
    ActorRef<Object> onC = c.spawn(Behaviors.empty(), "on-c");
    McpRegistry.get(c.system()).register(Kind.SERVER, "on-c", onC).toCompletableFuture().get(30, TimeUnit.SECONDS);
    awaitMetric(a, "mcp_registry_names{kind=\"server\"}", 2);
    isolate(c, a, b);
    awaitMetric(a, "pekko_cluster_unreachable", 1);
    Cluster.get(a.system()).manager().tell(new Down(Cluster.get(c.system()).selfMember().address()));
    awaitAtLeast(a, "mcp_registry_pruned_total", 1);
    awaitMetric(a, "mcp_registry_names{kind=\"server\"}", 1);

    // a cut off from b, the only other voter: a's claim finds no majority within register-timeout.
    isolate(a, b);
    ActorRef<Object> alone = a.spawn(Behaviors.empty(), "alone");
    assertTrue(registry.register(Kind.SERVER, "alone", alone).toCompletableFuture().get(60, TimeUnit.SECONDS)
        instanceof Outcome.Rejected);
    awaitMetric(a, "mcp_registry_rejected_total{reason=\"no_quorum\"}", 1);
    awaitMetric(a, "mcp_registry_votes_seconds_count{kind=\"server\",result=\"rejected\"}", 1);
  }

  @Test
  void metricsFollowTheMcpRequestsAndSessions() throws Exception {
    startCluster();
    ActorTestKit b = nodes.get(1);
    ActorTestKit c = nodes.get(2);
    awaitMetric(b, "pekko_cluster_members{status=\"up\"}", 3);
    ServerDefinition echo = ServerDefinition.of("metered-mcp", "1").withTool(Tool.of("echo", "echoes", Tool.emptySchema(),
        call -> CompletableFuture.completedFuture(ToolResult.text("echo"))));
    c.spawn(McpServer.create(echo), "metered-mcp");
    b.spawn(HttpTransport.create(HttpSettings.fromConfig(b.system().settings().config()).withPort(0).withName("http-b")));
    McpRegistry registry = McpRegistry.get(b.system());
    URI mcp = URI.create(registry.await(Kind.TRANSPORT, "http-b", WAIT).toCompletableFuture().get(60, TimeUnit.SECONDS)
        .orElseThrow().config().get("url").orElseThrow().asText() + "/metered-mcp");
    assertTrue(registry.await(Kind.SERVER, "metered-mcp", WAIT).toCompletableFuture().get(60, TimeUnit.SECONDS).isPresent());
    awaitMetric(b, "mcp_sessions_open{transport=\"http\"}", 0);

    // An HTTP session on b, its server on c: b counts the session, c the requests.
    HttpResponse<String> initialized = mcp(mcp, Optional.empty(),
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}");
    assertEquals(200, initialized.statusCode(), initialized.body());
    Optional<String> session = initialized.headers().firstValue("Mcp-Session-Id");
    awaitMetric(b, "mcp_sessions_open{transport=\"http\"}", 1);
    assertEquals(200, mcp(mcp, session,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}").statusCode());
    assertEquals(200, mcp(mcp, session,
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"missing\"}}").statusCode());
    String requests = "mcp_requests_seconds_count{method=\"%s\",outcome=\"%s\",server=\"metered-mcp\"}";
    awaitMetric(c, requests.formatted("initialize", "ok"), 1);
    awaitMetric(c, requests.formatted("tools/call", "ok"), 1);
    awaitMetric(c, requests.formatted("tools/call", "invalid_params"), 1);
    assertTrue(scrape(c).contains("mcp_requests_seconds_bucket{method=\"tools/call\",outcome=\"ok\",server=\"metered-mcp\",le="),
        "a latency histogram");

    HTTP.send(HttpRequest.newBuilder(mcp).DELETE().header("Mcp-Session-Id", session.orElseThrow()).build(),
        HttpResponse.BodyHandlers.discarding());
    awaitMetric(b, "mcp_sessions_open{transport=\"http\"}", 0);
  }

  /** POSTs one JSON-RPC message to an MCP endpoint, in {@code session} if there is one. */
  private static HttpResponse<String> mcp(URI endpoint, Optional<String> session, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder post = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    session.ifPresent(id -> post.header("Mcp-Session-Id", id).header("MCP-Protocol-Version", "2025-11-25"));
    return HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Three nodes serving Pekko Management, joining the first; not waiting for them to be Up. */
  private void startCluster() throws Exception {
    startCluster("");
  }

  /** {@link #startCluster()} with {@code overrides} on top of every node's settings. */
  private void startCluster(String overrides) throws Exception {
    for (int node = 0; node < 3; node++) {
      start(ConfigFactory.parseString(overrides).withFallback(config()));
    }
    joinAll(nodes.get(0));
  }

  private void joinAll(ActorTestKit first) {
    for (ActorTestKit node : nodes) {
      Cluster.get(node.system()).manager().tell(Join.create(Cluster.get(first.system()).selfMember().address()));
    }
  }

  /** A node serving Pekko Management on a port of its own. */
  private ActorTestKit start() throws Exception {
    return start(config());
  }

  private ActorTestKit start(Config config) throws Exception {
    ActorTestKit kit = startWith(config);
    endpoints.set(nodes.indexOf(kit), URI.create(PekkoManagement.get(Adapter.toClassic(kit.system())).start()
        .toCompletableFuture().get(30, TimeUnit.SECONDS).toString()));
    return kit;
  }

  /** A member without management whose registry starts only when something asks for it. */
  private ActorTestKit startWithoutRegistry() {
    return startWith(ConfigFactory.parseString("pekko.actor.typed.extensions = []").withFallback(config()));
  }

  private ActorTestKit startWith(Config config) {
    ActorTestKit kit = ActorTestKit.create("mcp", config);
    nodes.add(kit);
    endpoints.add(URI.create("http://no-management"));
    return kit;
  }

  /** Cuts {@code node} off from {@code peers} both ways. */
  private static void isolate(ActorTestKit node, ActorTestKit... peers) {
    for (ActorTestKit peer : peers) {
      cut(peer, node);
      cut(node, peer);
    }
  }

  /** Drops everything {@code from} sends to {@code to} (Artery's test mode). */
  @SuppressWarnings("deprecation") // the call the multi-node testkit makes; still the only one in Pekko 1.7
  private static void cut(ActorTestKit from, ActorTestKit to) {
    RemoteActorRefProvider provider =
        (RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(from.system())).provider();
    provider.transport().managementCommand(new ThrottlerTransportAdapter.SetThrottle(to.system().address(),
        ThrottlerTransportAdapter.bothDirection(), ThrottlerTransportAdapter.blackholeThrottleMode()));
  }

  private URI endpoint(ActorTestKit node) {
    return endpoints.get(nodes.indexOf(node));
  }

  private static Config config() {
    return ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.actor.allow-java-serialization = off
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.remote.artery.advanced.test-mode = on
            # No downing: a cut-off node stays unreachable for as long as a test looks at it.
            pekko.cluster.downing-provider-class = ""
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            # A busy 2-core box pauses threads for seconds; these tests are not about failure detection.
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
            pekko.management.http.hostname = "127.0.0.1"
            pekko.management.http.port = 0
            pekko.management.health-checks.check-timeout = 5s
            pekko.loglevel = WARNING
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.stdout-loglevel = OFF
            pekko.actor.testkit.typed.throw-on-shutdown-timeout = off
            # Stop without leaving the cluster: a cut-off node would wait out every leaving phase.
            pekko.coordinated-shutdown.run-by-actor-system-terminate = off
            mcp.registry.backend = cluster
            mcp.registry.cluster.self-join = off
            """)
        .withFallback(ConfigFactory.parseResources("pekko-mcp-fast-failover.conf"))
        .withFallback(ConfigFactory.load());
  }

  private record Probe(int status, String body) {}

  private static Probe get(URI endpoint, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Probe(response.statusCode(), response.body());
  }

  private void awaitStatus(ActorTestKit node, int status, String path) {
    TestProbe<Object> probe = node.createTestProbe();
    probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      Probe answer = get(endpoint(node), path);
      assertEquals(status, answer.status(), path + " answered " + answer.body());
      return null;
    });
  }

  /** Waits until {@code node}'s {@code /ready} fails with a body that ends with {@code reasons}. */
  private void awaitBody(ActorTestKit node, String reasons) {
    node.createTestProbe().awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      Probe answer = get(endpoint(node), "/ready");
      assertEquals(500, answer.status(), answer.body());
      assertTrue(answer.body().endsWith(reasons), answer.body());
      return null;
    });
  }

  private String scrape(ActorTestKit node) throws IOException, InterruptedException {
    Probe answer = get(endpoint(node), "/metrics");
    assertEquals(200, answer.status(), answer.body());
    return answer.body();
  }

  private void awaitMetric(ActorTestKit node, String series, double value) {
    TestProbe<Object> probe = node.createTestProbe();
    probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      assertEquals(value, metric(scrape(node), series), series);
      return null;
    });
  }

  private void awaitAtLeast(ActorTestKit node, String series, double least) {
    node.createTestProbe().awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      double value = metric(scrape(node), series);
      assertTrue(value >= least, series + " is " + value + ", expected at least " + least);
      return null;
    });
  }

  /** The value of one series ({@code name{labels}} as Prometheus writes it) in a scrape; NaN when absent. */
  private static double metric(String scrape, String series) {
    Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
  }

}
