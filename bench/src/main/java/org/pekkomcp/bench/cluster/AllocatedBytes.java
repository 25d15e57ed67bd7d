/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.Map;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Bytes this JVM has allocated since it started, counted in the young generation's eden: what
 * each collection found there, plus what is there now. JDK 17 has no whole-JVM allocation
 * counter, and per-thread counters lose what threads that ended allocated (dispatcher threads
 * come and go). Objects allocated straight into the old generation (G1's humongous objects, over
 * half a region) are not counted.
 */
final class AllocatedBytes {

  private static long collected;
  private static long edenAfterLastGc;
  private static MemoryPoolMXBean eden;

  private AllocatedBytes() {}

  /** Starts counting; call once, before the work to be counted. */
  static synchronized void start() {
    eden = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().contains("Eden")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no eden pool in " + ManagementFactory.getMemoryPoolMXBeans()));
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          collected(info.getGcInfo().getMemoryUsageBeforeGc(), info.getGcInfo().getMemoryUsageAfterGc());
        }
      }, null, null);
    }
  }

  private static synchronized void collected(Map<String, MemoryUsage> before, Map<String, MemoryUsage> after) {
    MemoryUsage edenBefore = before.get(eden.getName());
    MemoryUsage edenAfter = after.get(eden.getName());
    if (edenBefore != null && edenAfter != null) {
      collected += Math.max(0, edenBefore.getUsed() - edenAfterLastGc);
      edenAfterLastGc = edenAfter.getUsed();
    }
  }

  /** Allocated so far (since {@link #start}, and what eden held then). */
  static synchronized long sinceStart() {
    return collected + Math.max(0, eden.getUsage().getUsed() - edenAfterLastGc);
  }
}
