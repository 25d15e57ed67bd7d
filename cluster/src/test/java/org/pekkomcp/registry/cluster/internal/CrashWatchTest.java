/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crash watch on real sockets on 127.0.0.1: what it reports for a listener that closes, a refused port, a wrong token, a live peer. */
class CrashWatchTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration RETRY = Duration.ofMillis(200);

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  private CrashWatch<String> watch(long token) throws IOException {
    CrashWatch<String> watch = CrashWatch.open(LOOPBACK, token, RETRY, new CrashWatch.Listener<>() {
      @Override
      public void gone(String peer) {
        events.add("gone " + peer);
      }

      @Override
      public void back(String peer) {
        events.add("back " + peer);
      }
    }, "crash-watch-test-" + token);
    open.add(watch);
    return watch;
  }

  private record Watched(CrashWatch<String> watcher, CrashWatch<String> peer) {}

  /** A watch (token 1) watching another (token 2) as "peer", connected. */
  private Watched watchedPeer() throws IOException {
    CrashWatch<String> watcher = watch(1);
    CrashWatch<String> peer = watch(2);
    watcher.watch("peer", "127.0.0.1", peer.port(), 2);
    awaitConnections(peer, 1);
    return new Watched(watcher, peer);
  }

  private String next(Duration within) throws InterruptedException {
    return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void aPeerWhoseListenerClosesIsGoneAtOnceAndBackWhenItsPortAnswersWithItsTokenAgain() throws Exception {
    CrashWatch<String> peer = watchedPeer().peer();
    int port = peer.port();
    assertNull(next(Duration.ofMillis(500)), "a live peer is not gone");

    long closedAt = System.nanoTime();
    peer.close();
    assertEquals("gone peer", next(Duration.ofSeconds(5)));
    long tookMs = (System.nanoTime() - closedAt) / 1_000_000;
    assertTrue(tookMs < 1_000, "gone " + tookMs + " ms after the listener closed");
    assertNull(next(Duration.ofMillis(3 * RETRY.toMillis())), "gone is told once");

    try (ServerSocketChannel again = ServerSocketChannel.open()) {
      again.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      again.bind(new InetSocketAddress(LOOPBACK, port));
      assertNull(next(Duration.ofMillis(3 * RETRY.toMillis())), "no token yet");
      try (SocketChannel accepted = again.accept()) {
        accepted.write(ByteBuffer.allocate(Long.BYTES).putLong(0, 2));
        assertEquals("back peer", next(Duration.ofSeconds(5)));
      }
    }
  }

  @Test
  void aRefusedPortIsGone() throws Exception {
    int port;
    try (ServerSocketChannel released = ServerSocketChannel.open()) {
      released.bind(new InetSocketAddress(LOOPBACK, 0));
      port = released.socket().getLocalPort();
    }
    watch(1).watch("nobody", "127.0.0.1", port, 2);
    assertEquals("gone nobody", next(Duration.ofSeconds(5)));
  }

  @Test
  void aPortHeldByAnotherIncarnationIsGone() throws Exception {
    CrashWatch<String> other = watch(3);
    watch(1).watch("old", "127.0.0.1", other.port(), 2);
    assertEquals("gone old", next(Duration.ofSeconds(5)));
  }

  @Test
  void aPeerThatStopsReadingButKeepsItsSocketsIsNeverGone() throws Exception {
    // A paused process (GC, SIGSTOP): the kernel keeps its connections and completes new ones.
    try (ServerSocketChannel paused = ServerSocketChannel.open()) {
      paused.bind(new InetSocketAddress(LOOPBACK, 0));
      watch(1).watch("paused", "127.0.0.1", paused.socket().getLocalPort(), 2);
      try (SocketChannel accepted = paused.accept()) {
        accepted.write(ByteBuffer.allocate(Long.BYTES).putLong(0, 2));
        assertNull(next(Duration.ofSeconds(2)));
      }
      assertNull(next(Duration.ofSeconds(5)), "closing the accepted connection, then refusing none: reconnects, nothing told");
    }
  }

  @Test
  void unwatchedPeersAreNotReported() throws Exception {
    Watched watched = watchedPeer();
    CrashWatch<String> watcher = watched.watcher();
    CrashWatch<String> peer = watched.peer();
    watcher.unwatch("peer");
    awaitConnections(peer, 0);
    peer.close();
    assertNull(next(Duration.ofSeconds(1)));
  }

  @Test
  void closeEndsTheThreadAndClosesTheListenerAndEveryConnection() throws Exception {
    Watched watched = watchedPeer();
    CrashWatch<String> watcher = watched.watcher();
    CrashWatch<String> peer = watched.peer();
    watcher.close();
    peer.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while ((watcher.running() || peer.running()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(5_000_000);
    }
    assertFalse(watcher.running());
    assertFalse(peer.running());
    assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, watcher.port()).close());
    assertNull(next(Duration.ofMillis(500)), "a closed watch tells nothing");
  }

  /** Waits until {@code peer}'s listener holds {@code count} accepted connections. */
  private static void awaitConnections(CrashWatch<String> peer, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (peer.accepted() != count) {
      assertTrue(System.nanoTime() < deadline, "connections accepted by the peer: " + peer.accepted());
      LockSupport.parkNanos(5_000_000);
    }
  }
}
