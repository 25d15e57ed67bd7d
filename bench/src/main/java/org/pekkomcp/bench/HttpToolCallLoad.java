package org.pekkomcp.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;
import org.slf4j.LoggerFactory;

/**
 * Load on the MCP Streamable HTTP endpoint: {@code tools/call} of a trivial tool, closed loop,
 * over keep-alive connections, against a server on the endpoint's own node and against one on
 * another node of a three-node cluster in this JVM (cluster backend, 127.0.0.1, ports picked by
 * the OS, Java serialization off). Prints requests/s and latency percentiles per case, and the
 * same for a bare pekko-http endpoint with a fixed answer as the machine's baseline.
 *
 * <h2>The load driver</h2>
 * The JDK HttpClient, used as a driver, was itself the bottleneck (140-170 req/s here), so the
 * driver is one thread on a NIO selector: each of the {@code --clients} connections is one MCP
 * session (initialized first) that sends its next request as soon as the previous answer is in.
 * A session's requests never overlap, so each connection sends the same pre-encoded bytes (same
 * request id) every time, and the driver costs the machine little besides the syscalls. Latency
 * is from the request's write to the end of its answer.
 *
 * <p>Run by {@code ./bench-http}; needs the cluster module at run time (the script puts it on the
 * class path). Arguments: {@code --clients N} (16), {@code --warmup SECONDS} (5),
 * {@code --seconds SECONDS} (10) per case.
 */
public final class HttpToolCallLoad {

  private static final String VERSION = "2025-11-25";
  private static final String LOCAL_SERVER = "bench-local";
  private static final String REMOTE_SERVER = "bench-remote";
  private static final String TRANSPORT = "bench-http";
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration IDLE_SAMPLE = Duration.ofSeconds(3);

  private HttpToolCallLoad() {}

  record Options(int clients, Duration warmup, Duration measure) {}

  /** @param cpuNanos CPU time this whole JVM (driver and three nodes) used while measuring */
  record Result(String label, long requests, long errors, double seconds, long[] latencyNanos, long cpuNanos) {
    double perSecond() {
      return requests / seconds;
    }

    double cpuMicrosPerRequest() {
      return requests == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
    }

    double percentileMillis(double p) {
      if (latencyNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.min(latencyNanos.length - 1, Math.ceil(p / 100.0 * latencyNanos.length) - 1);
      return latencyNanos[Math.max(0, index)] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    // Start SLF4J before Pekko's threads race to it, else SLF4J prints a "replayed calls" warning.
    LoggerFactory.getILoggerFactory();
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    try {
      nodes.add(ActorSystem.create(node(Optional.of(LOCAL_SERVER), true), "bench", config(Optional.empty())));
      Address first = nodes.get(0).address();
      nodes.add(ActorSystem.create(node(Optional.empty(), false), "bench", config(Optional.of(first))));
      nodes.add(ActorSystem.create(node(Optional.of(REMOTE_SERVER), false), "bench", config(Optional.of(first))));
      McpRegistry registry = McpRegistry.get(nodes.get(0));
      URI endpoint = URI.create(await(registry, Kind.TRANSPORT, TRANSPORT).config().get("url").orElseThrow().asText());
      Registration local = await(registry, Kind.SERVER, LOCAL_SERVER);
      Registration remote = await(registry, Kind.SERVER, REMOTE_SERVER);

      System.out.printf(Locale.ROOT, "MCP tools/call over HTTP: %d keep-alive clients, %ds warm-up + %ds per case, %d cores%n",
          options.clients(), options.warmup().toSeconds(), options.measure().toSeconds(),
          Runtime.getRuntime().availableProcessors());
      System.out.println("endpoint " + endpoint + " on node 1 " + first);
      System.out.println("load average before: " + loadAverage());
      URI baseline = bindBaseline(nodes.get(0));
      List<Result> results = List.of(
          run(endpoint, LOCAL_SERVER, "same node (server on node 1 " + local.node().hostPort() + ")", options),
          run(endpoint, REMOTE_SERVER, "other node (server on node 3 " + remote.node().hostPort() + ")", options),
          run(baseline, "raw", "baseline: bare pekko-http, fixed answer, no MCP", options));
      System.out.println("load average after:  " + loadAverage());
      // Sampled after the runs, when the JIT has settled: right after start-up it is mostly compiling.
      long idleFrom = processCpuNanos();
      Thread.sleep(IDLE_SAMPLE.toMillis());
      double idleCores = (processCpuNanos() - idleFrom) / (double) IDLE_SAMPLE.toNanos();
      System.out.printf(Locale.ROOT, "this JVM idle (three nodes, no requests): %.2f cores busy%n", idleCores);

      System.out.println();
      System.out.printf(Locale.ROOT, "%-48s %10s %10s %8s %8s %8s %8s %11s %7s%n",
          "case", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "CPU us/req", "errors");
      for (Result r : results) {
        System.out.printf(Locale.ROOT, "%-48s %10d %10.0f %8.2f %8.2f %8.2f %8.2f %11.1f %7d%n", r.label(), r.requests(),
            r.perSecond(), r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99),
            r.percentileMillis(99.9), r.cpuMicrosPerRequest(), r.errors());
      }
      System.out.println("CPU us/req: CPU time of this JVM (driver and idle work included) per request.");
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).terminate();
        nodes.get(i).getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * A bare pekko-http endpoint on node 1 that reads the body and returns a fixed answer: no
   * session, no actor. Measured with the same driver at the same time, it tells how much of the
   * machine is left for anything, so the MCP figures can be read against it.
   */
  private static URI bindBaseline(ActorSystem<?> system) throws Exception {
    Materializer materializer = Materializer.matFromSystem(system);
    String answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}";
    Function<HttpRequest, CompletionStage<HttpResponse>> handler = request ->
        request.entity().toStrict(5_000, materializer).thenApply(strict -> strict.getData().utf8String().contains("\"id\"")
                ? HttpResponse.create().addHeader(RawHeader.create("Mcp-Session-Id", "baseline"))
                    .withEntity(ContentTypes.APPLICATION_JSON, answer)
                : HttpResponse.create().withStatus(StatusCodes.ACCEPTED));
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(handler)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/baseline");
  }

  private static Options parse(String[] args) {
    int clients = 16;
    long warmup = 5;
    long seconds = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Long.parseLong(args[i + 1]);
        case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --clients, --warmup, --seconds");
      }
    }
    return new Options(clients, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
  }

  /** A node: optionally a server with one trivial tool, and on node 1 the HTTP endpoint. */
  private static Behavior<Void> node(Optional<String> server, boolean http) {
    return Behaviors.setup(context -> {
      server.ifPresent(name -> context.spawn(McpServer.create(ServerDefinition.of(name, "1").withTool(
          Tool.of("noop", "answers ok", Tool.emptySchema(), call -> CompletableFuture.completedFuture(ToolResult.text("ok"))))),
          name));
      if (http) {
        context.spawn(HttpTransport.create(HttpSettings.fromConfig(context.getSystem().settings().config())
            .withPort(0).withName(TRANSPORT)), "http");
      }
      return Behaviors.empty();
    });
  }

  private static Config config(Optional<Address> join) {
    return ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.actor.allow-java-serialization = off
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
            mcp.registry.backend = cluster
            """ + join.map(a -> "pekko.cluster.seed-nodes = [\"" + a + "\"]\n").orElse(""))
        .withFallback(ConfigFactory.load());
  }

  private static Registration await(McpRegistry registry, Kind kind, String name) throws Exception {
    return registry.await(kind, name, STARTUP).toCompletableFuture().get(STARTUP.toSeconds() + 5, TimeUnit.SECONDS)
        .orElseThrow(() -> new IllegalStateException(kind + " " + name + " not visible on node 1 within " + STARTUP));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  // ---- the driver ----

  /** One keep-alive connection carrying one MCP session. */
  private static final class Connection {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    ByteBuffer request = ByteBuffer.allocate(0);
    long sentAt;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    void send(ByteBuffer bytes) throws IOException {
      request = bytes.duplicate();
      sentAt = System.nanoTime();
      while (request.hasRemaining()) {
        channel.write(request);
      }
    }

    /** The next complete answer in the input, if one is in: status and body; consumes it. */
    Optional<Answer> answer() {
      byte[] data = in.array();
      int length = in.position();
      int headerEnd = indexOf(data, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (headerEnd < 0) {
        return Optional.empty();
      }
      String head = new String(data, 0, headerEnd, StandardCharsets.US_ASCII);
      int contentLength = 0;
      String sessionId = "";
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          if (name.equals("content-length")) {
            contentLength = Integer.parseInt(line.substring(colon + 1).trim());
          } else if (name.equals("mcp-session-id")) {
            sessionId = line.substring(colon + 1).trim();
          }
        }
      }
      int end = headerEnd + 4 + contentLength;
      if (length < end) {
        return Optional.empty();
      }
      int status = Integer.parseInt(head.substring(9, 12));
      String body = new String(data, headerEnd + 4, contentLength, StandardCharsets.UTF_8);
      System.arraycopy(data, end, data, 0, length - end);
      in.position(length - end);
      return Optional.of(new Answer(status, sessionId, body));
    }

    /** Blocks until the next answer (used for the handshake, before the selector takes over). */
    Answer await() throws IOException {
      while (true) {
        Optional<Answer> answer = answer();
        if (answer.isPresent()) {
          return answer.get();
        }
        if (channel.read(in) < 0) {
          throw new IOException("the endpoint closed the connection");
        }
      }
    }
  }

  record Answer(int status, String sessionId, String body) {
    boolean ok() {
      return status == 200 && body.contains("\"result\"") && !body.contains("\"isError\":true");
    }
  }

  private static Result run(URI endpoint, String server, String label, Options options) throws IOException {
    String path = endpoint.getPath() + "/" + server;
    String host = endpoint.getHost() + ":" + endpoint.getPort();
    List<Connection> connections = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < options.clients(); i++) {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
        channel.socket().setTcpNoDelay(true);
        Connection c = new Connection(channel);
        connections.add(c);
        c.send(post(path, host, "", "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
            + VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}"));
        Answer init = c.await();
        if (init.status() != 200 || init.sessionId().isEmpty()) {
          throw new IOException("initialize failed: " + init.status() + " " + init.body());
        }
        c.send(post(path, host, init.sessionId(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        Answer initialized = c.await();
        if (initialized.status() != 202) {
          throw new IOException("notifications/initialized got " + initialized.status());
        }
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, c);
        c.request = post(path, host, init.sessionId(),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"noop\",\"arguments\":{}}}");
      }

      long[] latencies = new long[1 << 16];
      int count = 0;
      long errors = 0;
      long start = System.nanoTime();
      long measureFrom = start + options.warmup().toNanos();
      long until = measureFrom + options.measure().toNanos();
      for (Connection c : connections) {
        c.send(c.request.rewind());
      }
      long now = start;
      long cpuAtStart = -1;
      while (now < until) {
        if (cpuAtStart < 0 && now >= measureFrom) {
          cpuAtStart = processCpuNanos();
        }
        selector.select(100);
        now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          Connection c = (Connection) key.attachment();
          if (c.channel.read(c.in) < 0) {
            throw new IOException("the endpoint closed a connection");
          }
          for (Optional<Answer> a = c.answer(); a.isPresent(); a = c.answer()) {
            if (c.sentAt >= measureFrom && now < until) {
              if (!a.get().ok()) {
                errors++;
              }
              if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
              }
              latencies[count++] = now - c.sentAt;
            }
            c.send(c.request.rewind());
          }
        }
        selector.selectedKeys().clear();
      }
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      return new Result(label, count, errors, options.measure().toNanos() / 1e9, sorted, processCpuNanos() - cpuAtStart);
    } finally {
      for (Connection c : connections) {
        c.channel.close();
      }
    }
  }

  private static ByteBuffer post(String path, String host, String sessionId, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder()
        .append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Accept: application/json, text/event-stream\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n");
    if (!sessionId.isEmpty()) {
      head.append("Mcp-Session-Id: ").append(sessionId).append("\r\n")
          .append("MCP-Protocol-Version: ").append(VERSION).append("\r\n");
    }
    byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer request = ByteBuffer.allocate(headBytes.length + body.length);
    request.put(headBytes).put(body).flip();
    return request;
  }

  private static int indexOf(byte[] data, int length, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
