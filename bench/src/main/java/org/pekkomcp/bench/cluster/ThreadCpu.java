/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The CPU time of this JVM's live threads by kind, from Linux's {@code /proc/self/task}: the
 * garbage collector's threads, the JIT compilers' and all the rest (the registry, Artery, the
 * driver). The JVM's own beans report only the collector's pause time, not the CPU its
 * concurrent threads use between pauses. Threads that ended between two samples are not counted,
 * and the figures are in clock ticks (10 ms): read them as shares of a run of seconds.
 */
record ThreadCpu(long gc, long jit, long rest) {

  /** Now; all zero where there is no {@code /proc}. */
  static ThreadCpu sample() {
    long[] ticks = new long[3];
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          String stat = Files.readString(task.resolve("stat"));
          // Fields after the parenthesised name: state is the 3rd field, utime the 14th, stime the 15th.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          ticks[kindOf(name)] += used;
        } catch (IOException | RuntimeException e) {
          // The thread ended while being read: it is not counted.
        }
      });
    } catch (IOException e) {
      return new ThreadCpu(0, 0, 0);
    }
    return new ThreadCpu(ticks[0], ticks[1], ticks[2]);
  }

  private static int kindOf(String threadName) {
    if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
      return 0;
    }
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return 1;
    }
    return 2;
  }

  /** "GC threads x%, JIT compilers y%, the rest z%" of the CPU used since {@code before}; empty without {@code /proc}. */
  String sharesSince(ThreadCpu before) {
    long gcUsed = gc - before.gc;
    long jitUsed = jit - before.jit;
    long restUsed = rest - before.rest;
    long total = gcUsed + jitUsed + restUsed;
    if (total <= 0) {
      return "";
    }
    return String.format(Locale.ROOT, "GC threads %.0f%%, JIT compilers %.0f%%, the rest %.0f%%",
        100.0 * gcUsed / total, 100.0 * jitUsed / total, 100.0 * restUsed / total);
  }
}
