/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link NodeHost} JVM started by the benchmark: sends it commands, matches its answers by id,
 * and reads its CPU time from {@code /proc/<pid>/stat}. Every host ever started is killed by a
 * shutdown hook, and a host exits by itself when its stdin closes, so no node outlives a
 * benchmark that fails.
 */
final class HostProcess implements AutoCloseable {

  private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(Process::destroyForcibly), "kill-bench-nodes"));
  }

  private final Process process;
  private final PrintWriter commands;
  private final Map<Long, CompletableFuture<String[]>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final CompletableFuture<List<String>> ready = new CompletableFuture<>();
  private final String label;
  private final LongAdder unreachableMarks = new LongAdder();
  private final LongAdder lateHeartbeats = new LongAdder();

  private HostProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readAnswers, label + "-out");
    reader.setDaemon(true);
    reader.start();
    Thread errors = new Thread(() -> new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))
        .lines().forEach(this::logged), label + "-err");
    errors.setDaemon(true);
    errors.start();
  }

  /**
   * A line the node logged: late heartbeats and unreachability are counted (they tell whether the
   * failure detector came close to, or did, suspect a live node under the benchmark's load), the
   * rest is shown.
   */
  private void logged(String line) {
    if (line.contains("heartbeat interval is growing too large")) {
      lateHeartbeats.increment();
    } else if (line.contains("Marking node as UNREACHABLE")) {
      unreachableMarks.increment();
    } else if (!line.contains("local members on this node: the rest are not mirrored")) {
      System.err.println("[" + label + "] " + line);
    }
  }

  /** "Marking node as UNREACHABLE" lines this node logged so far. */
  long unreachableMarks() {
    return unreachableMarks.sum();
  }

  /** Pekko's warnings of a heartbeat over the failure detector's expected interval, so far. */
  long lateHeartbeats() {
    return lateHeartbeats.sum();
  }

  /** Starts a JVM hosting {@code systems} nodes that join {@code seed} ("self": the first of them). */
  static HostProcess start(String label, List<String> jvmOptions, int systems, String seed) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeHost.class.getName(), String.valueOf(systems), seed));
    try {
      Process process = new ProcessBuilder(command).start();
      ALL.add(process);
      return new HostProcess(label, process);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
  }

  /** The nodes' host:port addresses, once they started. */
  List<String> awaitReady() {
    try {
      return ready.get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(label + " did not start within 180 s", e);
    }
  }

  private void readAnswers() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        String[] words = line.split(" ");
        if (words[0].equals("READY")) {
          ready.complete(Arrays.asList(words).subList(1, words.length));
        } else if (words.length < 2 || !words[0].matches("\\d{1,18}") || !pending.containsKey(Long.parseLong(words[0]))) {
          // Not an answer: Pekko's own stdout logger prints there before SLF4J takes over.
          System.err.println("[" + label + "] " + line);
        } else {
          CompletableFuture<String[]> answer = pending.remove(Long.parseLong(words[0]));
          if (words[1].equals("ok")) {
            answer.complete(Arrays.copyOfRange(words, 2, words.length));
          } else {
            answer.completeExceptionally(new IllegalStateException(label + ": " + line));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("[" + label + "] reading its answers failed: " + e);
    }
    IllegalStateException gone = new IllegalStateException(label + " exited");
    ready.completeExceptionally(gone);
    pending.values().forEach(f -> f.completeExceptionally(gone));
  }

  /** Sends {@code command node args...}; the answer's values. */
  CompletableFuture<String[]> send(String command, int node, Object... args) {
    long id = ids.incrementAndGet();
    CompletableFuture<String[]> answer = new CompletableFuture<>();
    pending.put(id, answer);
    StringBuilder line = new StringBuilder().append(id).append(' ').append(command).append(' ').append(node);
    for (Object arg : args) {
      line.append(' ').append(arg);
    }
    synchronized (commands) {
      commands.println(line);
    }
    return answer;
  }

  /** {@link #send} and wait up to 5 minutes. */
  String[] call(String command, int node, Object... args) {
    try {
      return send(command, node, args).get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(label + ": " + command + " failed", e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** User plus system CPU time of the whole JVM so far, in clock ticks (10 ms); 0 without {@code /proc}. */
  long cpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** SIGKILL, as a crash; returns when the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ALL.remove(process);
  }

  /** Closes the host's stdin, so that it exits by itself (writing a flight recording, if any); kills it after 30 s. */
  @Override
  public void close() {
    commands.close();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
  }
}
