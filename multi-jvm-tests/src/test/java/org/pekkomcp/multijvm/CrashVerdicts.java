/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crash watch's verdicts as the node JVMs logged them (the registry's INFO line "the process
 * of {address} is gone", see the nodes' logback.xml), judged against the kills the test made: a
 * verdict is true if it names a node the test killed with {@link NodeProcess#kill9()} and came at
 * or after the kill; any other verdict hid a live node, a false positive.
 */
record CrashVerdicts(List<Verdict> trueVerdicts, List<Verdict> falsePositives) {

  /** One node's verdict that {@code node}'s process is gone. */
  record Verdict(String observer, Instant at, String node) {
    @Override
    public String toString() {
      return observer + " at " + at + ": " + node + " gone";
    }
  }

  private static final Pattern GONE = Pattern.compile(
      "^err \\| (\\S+) INFO .* the process of (\\S+) is gone \\(its crash-watch connection closed");

  /** Every verdict in the logs of {@code nodes} (the killed ones too), judged against their kills. */
  static CrashVerdicts of(List<NodeProcess> nodes) {
    List<Verdict> correct = new ArrayList<>();
    List<Verdict> wrong = new ArrayList<>();
    for (NodeProcess observer : nodes) {
      for (String line : observer.logLines()) {
        Matcher m = GONE.matcher(line);
        if (m.find()) {
          Verdict v = new Verdict(observer.name(), OffsetDateTime.parse(m.group(1)).toInstant(), m.group(2));
          Optional<Instant> killed = nodes.stream()
              .filter(n -> n.becameReadyWithin(Duration.ZERO) && n.address().equals(v.node()))
              .flatMap(n -> n.killedAt().stream())
              .findFirst();
          boolean afterTheKill = killed.isPresent() && !v.at().isBefore(killed.get().truncatedTo(ChronoUnit.MILLIS));
          (afterTheKill ? correct : wrong).add(v);
        }
      }
    }
    return new CrashVerdicts(List.copyOf(correct), List.copyOf(wrong));
  }

  @Override
  public String toString() {
    return trueVerdicts.size() + " true crash-watch verdicts, " + falsePositives.size() + " false positives " + falsePositives;
  }
}
