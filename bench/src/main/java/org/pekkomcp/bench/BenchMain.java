/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the registry benchmarks the way the README reports them, then prints one summary table.
 *
 * <p>JMH's own {@code Main} takes one thread count and one time unit per run; the figures we want
 * are every benchmark with 1 and 2 threads, throughput in ops/s, and latency percentiles in a unit
 * that fits each benchmark. So this runs JMH once per (threads, mode) pair: Throughput in ops/s,
 * then SampleTime in the benchmark's own {@code @OutputTimeUnit}. It takes JMH's command line
 * ({@code -t}, {@code -bm}, {@code -tu}, {@code -f}, {@code -wi}, include regexps, ...); an option
 * given there replaces the sweep or the unit it would have set. The throughput column is the
 * median over the measurement iterations (the sum over threads); the percentiles come from
 * JMH's sample histogram.
 */
public final class BenchMain {

  private static final List<Integer> DEFAULT_THREADS = List.of(1, 2);
  private static final List<Mode> DEFAULT_MODES = List.of(Mode.Throughput, Mode.SampleTime);

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cmd = new CommandLineOptions(args);
    if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    List<Integer> threadCounts = cmd.getThreads().hasValue() ? List.of(cmd.getThreads().get()) : DEFAULT_THREADS;
    Collection<Mode> modes = cmd.getBenchModes().isEmpty() ? DEFAULT_MODES : cmd.getBenchModes();

    List<RunResult> results = new ArrayList<>();
    for (int threads : threadCounts) {
      for (Mode mode : modes) {
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd).threads(threads).mode(mode);
        if (mode == Mode.Throughput && !cmd.getTimeUnit().hasValue()) {
          options.timeUnit(TimeUnit.SECONDS);
        }
        results.addAll(new Runner(options.build()).run());
      }
    }
    System.out.println();
    System.out.println(summary(results));
  }

  /** One row per benchmark and thread count: its throughput and latency results side by side. */
  static String summary(List<RunResult> results) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (RunResult result : results) {
      BenchmarkParams params = result.getParams();
      String benchmark = shortName(params.getBenchmark());
      Row row = rows.computeIfAbsent(benchmark + "|" + params.getThreads(), k -> new Row(benchmark, params.getThreads()));
      if (params.getMode() == Mode.Throughput) {
        row.throughput = result.getPrimaryResult();
      } else if (params.getMode() == Mode.SampleTime) {
        row.latency = result.getPrimaryResult();
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-46s %7s %14s %14s %22s   %s%n",
        "Benchmark", "Threads", "Median", "Per thread", "Iteration range", "Latency p50 / p90 / p99 / p99.9"));
    for (Row row : rows.values()) {
      out.append(String.format(Locale.ROOT, "%-46s %7d %14s %14s %22s   %s%n",
          row.benchmark, row.threads, throughput(row, 1), throughput(row, row.threads), range(row.throughput),
          percentiles(row.latency)));
    }
    return out.toString();
  }

  /** org.pekkomcp.bench.LookupBenchmark.whereisHit as LookupBenchmark.whereisHit. */
  private static String shortName(String benchmark) {
    int method = benchmark.lastIndexOf('.');
    return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
  }

  private static final class Row {
    final String benchmark;
    final int threads;
    Result<?> throughput;
    Result<?> latency;

    Row(String benchmark, int threads) {
      this.benchmark = benchmark;
      this.threads = threads;
    }
  }

  private static String throughput(Row row, int divisor) {
    if (row.throughput == null) {
      return "-";
    }
    return human(row.throughput.getStatistics().getPercentile(50) / divisor) + " " + row.throughput.getScoreUnit();
  }

  private static String range(Result<?> throughput) {
    if (throughput == null) {
      return "-";
    }
    Statistics s = throughput.getStatistics();
    return human(s.getMin()) + " .. " + human(s.getMax());
  }

  private static String percentiles(Result<?> latency) {
    if (latency == null) {
      return "-";
    }
    Statistics s = latency.getStatistics();
    return String.format(Locale.ROOT, "%s / %s / %s / %s %s", number(s.getPercentile(50)), number(s.getPercentile(90)),
        number(s.getPercentile(99)), number(s.getPercentile(99.9)), latency.getScoreUnit());
  }

  /** 12345678 as 12.3 M: throughputs span six orders of magnitude. */
  private static String human(double value) {
    if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.1f M", value / 1e6);
    }
    if (value >= 1e3) {
      return String.format(Locale.ROOT, "%.1f K", value / 1e3);
    }
    return number(value);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  }
}
