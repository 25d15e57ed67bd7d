/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One forked {@link NodeMain} JVM, seen from the test: its READY address, a call-and-answer
 * channel over stdin/stdout, and the fault tools that act on the process (kill -9, SIGSTOP,
 * SIGCONT). Both output streams are drained on threads of their own (a full pipe would block
 * the child) into {@code target/multi-jvm-logs/<test>-<node>.log}; the last stderr lines go into
 * every failure message.
 */
final class NodeProcess {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Path logFile;
  private final PrintWriter stdin;
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
  private final Writer log;
  /** When {@link #kill9()} was called, for judging what the other nodes made of the kill. */
  private volatile Optional<Instant> killedAt = Optional.empty();

  private NodeProcess(String name, Process process, Path logFile) throws IOException {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    this.stdin = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    drain(process.getInputStream(), "out", this::onStdout);
    drain(process.getErrorStream(), "err", this::onStderr);
  }

  /** Starts {@code command}; the caller registers the result for clean-up before anything else. */
  static NodeProcess start(String name, List<String> command, Map<String, String> env, Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      return new NodeProcess(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start node " + name + ": " + command, e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The node's cluster address, once it printed READY; fails with its log tail otherwise. */
  String awaitReady(Duration timeout) {
    try {
      return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(name + " not READY after " + timeout + describe());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name, e);
    } catch (ExecutionException e) {
      throw new AssertionError(name + " exited before READY" + describe(), e.getCause());
    }
  }

  /** Whether READY came within {@code timeout} (for nodes that must not become members). */
  boolean becameReadyWithin(Duration timeout) {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name, e);
    }
  }

  String address() {
    return awaitReady(Duration.ZERO);
  }

  /** Sends a command without waiting: the answer's future, which fails if the node says ok=false. */
  CompletableFuture<JsonNode> send(String command) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    if (!process.isAlive()) {
      pending.remove(id);
      answer.completeExceptionally(new IllegalStateException(name + " is not running"));
      return answer;
    }
    synchronized (stdin) {
      stdin.println(id + " " + command);
    }
    return answer.thenApply(json -> {
      if (!json.path("ok").asBoolean()) {
        throw new IllegalStateException(name + ": `" + command + "` failed: " + json.path("error").asText());
      }
      return json;
    });
  }

  /** Sends a command and waits for its answer; any failure is an AssertionError with context. */
  JsonNode call(String command, Duration timeout) {
    try {
      return send(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(name + ": no answer to `" + command + "` in " + timeout + describe());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during `" + command + "` on " + name, e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage() + describe(), e.getCause());
    }
  }

  JsonNode call(String command) {
    return call(command, Duration.ofSeconds(60));
  }

  /** kill -9: the JVM gets no chance to leave the cluster. */
  void kill9() {
    killedAt = Optional.of(Instant.now());
    process.destroyForcibly();
  }

  /** When the test killed this node with {@link #kill9()}, if it did (not the clean-up after the test). */
  Optional<Instant> killedAt() {
    return killedAt;
  }

  /** SIGSTOP: the JVM freezes (no heartbeats, no answers) until {@link #resume()}. */
  void pause() {
    signal("STOP");
  }

  /** SIGCONT. */
  void resume() {
    signal("CONT");
  }

  /** Whether the process ended within {@code timeout}. */
  boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the node's log (stdout and stderr as drained so far) has a line containing {@code text}. */
  boolean logContains(String text) {
    return logLines().stream().anyMatch(l -> l.contains(text));
  }

  /** The node's log lines (stdout and stderr as drained so far, each prefixed {@code out | } or {@code err | }). */
  List<String> logLines() {
    synchronized (log) {
      try {
        return Files.readAllLines(logFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + logFile, e);
      }
    }
  }

  /** Kills the process for good (also a stopped one) and waits for it; safe to call twice. */
  void destroy() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    awaitExit(Duration.ofSeconds(15));
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run kill -" + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while signalling " + name, e);
    }
  }

  private void onStdout(String line) {
    if (line.startsWith("READY ")) {
      ready.complete(line.substring("READY ".length()).trim());
    } else if (line.startsWith("{")) {
      try {
        JsonNode json = MAPPER.readTree(line);
        CompletableFuture<JsonNode> answer = pending.remove(json.path("id").asLong());
        if (answer != null) {
          answer.complete(json);
        }
      } catch (IOException e) {
        onStderr("unparseable answer: " + line);
      }
    }
  }

  private void onStderr(String line) {
    synchronized (stderrTail) {
      stderrTail.addLast(line);
      if (stderrTail.size() > TAIL_LINES) {
        stderrTail.removeFirst();
      }
    }
  }

  private void drain(InputStream stream, String label, java.util.function.Consumer<String> handler) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          writeLog(label, line);
          handler.accept(line);
        }
      } catch (IOException e) {
        writeLog(label, "stream closed: " + e);
      }
      if (label.equals("out")) {
        IllegalStateException gone = new IllegalStateException(name + " exited" + describe());
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
      }
    }, "drain-" + name + "-" + label);
    reader.setDaemon(true);
    reader.start();
  }

  private void writeLog(String label, String line) {
    synchronized (log) {
      try {
        log.write(label + " | " + (line.length() > 2000 ? line.substring(0, 2000) + "..." : line) + "\n");
        log.flush();
      } catch (IOException e) {
        // The log is a diagnostic copy; a full disk must not break the drain.
      }
    }
  }

  private String describe() {
    String tail;
    synchronized (stderrTail) {
      tail = String.join("\n    ", stderrTail);
    }
    return "\n  node " + name + " (pid " + process.pid() + (process.isAlive() ? ", alive" : ", exited") + "), log "
        + logFile.toAbsolutePath() + "\n  last stderr lines:\n    " + tail;
  }
}
