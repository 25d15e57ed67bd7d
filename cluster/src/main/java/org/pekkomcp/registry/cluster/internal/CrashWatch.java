/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sees a peer process die the way Erlang's distribution sees {@code nodedown}: by a TCP connection
 * that the kernel closes when the process exits. It owns a listener and one outgoing connection
 * per watched peer, all on one daemon thread with a {@link Selector}, so no caller ever blocks.
 *
 * <p>The listener writes this process's 8-byte token to every connection it accepts and then only
 * waits for the connection to close. A watcher connects to a peer's listener, checks the token
 * (a port taken over by another process or a new incarnation is not the peer), and then waits.
 * When the connection closes (EOF or reset) it connects again at once: if that is refused, or
 * answered with another token, the peer's process is gone ({@link Listener#gone}). A live process
 * that is slow or paused (GC, SIGSTOP) keeps its sockets open and its listener's port bound, so it
 * never looks gone. A host that died with its kernel, or a partition, closes nothing: a connection
 * attempt that times out or finds no route is retried and signals nothing, and such failures are
 * left to the cluster's failure detector. A gone peer is retried every {@code retry}; when its
 * listener answers with the right token again, it is back ({@link Listener#back}).
 *
 * <p>The listener's events are called on the watch's thread.
 *
 * @param <K> how the caller names a peer
 */
final class CrashWatch<K> implements AutoCloseable {

  /** Told, on the watch's thread, when a watched peer's process is gone or back. */
  interface Listener<K> {
    void gone(K peer);

    void back(K peer);
  }

  /** The pause before the first reconnect after a failed attempt that proves nothing; doubled up to {@code retry}. */
  private static final long FIRST_BACKOFF_NANOS = Duration.ofMillis(20).toNanos();

  private final Selector selector;
  private final ServerSocketChannel server;
  private final int port;
  private final long token;
  private final long retryNanos;
  private final Listener<K> listener;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Map<K, Peer> peers = new HashMap<>();
  private final ByteBuffer discard = ByteBuffer.allocate(64);
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;

  private CrashWatch(InetAddress bindAt, long token, Duration retry, Listener<K> listener, String threadName) throws IOException {
    this.token = token;
    this.retryNanos = retry.toNanos();
    this.listener = listener;
    this.selector = Selector.open();
    try {
      this.server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress(bindAt, 0));
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      this.port = server.socket().getLocalPort();
    } catch (IOException e) {
      selector.close();
      throw e;
    }
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /**
   * Binds a listener on an ephemeral port of {@code bindAt} and starts the watch's thread.
   *
   * @param token what the listener tells every connection: this process's identity
   */
  static <K> CrashWatch<K> open(InetAddress bindAt, long token, Duration retry, Listener<K> listener, String threadName) throws IOException {
    CrashWatch<K> watch = new CrashWatch<>(bindAt, token, retry, listener, threadName);
    watch.thread.start();
    return watch;
  }

  /** The listener's port, for the peers. */
  int port() {
    return port;
  }

  /** Watches {@code peer}, whose listener is at {@code host:port} and tells {@code peerToken}; replaces an earlier watch of it. */
  void watch(K peer, String host, int port, long peerToken) {
    submit(() -> {
      Peer before = peers.remove(peer);
      if (before != null) {
        before.disconnect();
      }
      Peer watched = new Peer(peer, host, port, peerToken);
      peers.put(peer, watched);
      watched.connect();
    });
  }

  /** Stops watching {@code peer} and closes its connection. */
  void unwatch(K peer) {
    submit(() -> {
      Peer before = peers.remove(peer);
      if (before != null) {
        before.disconnect();
      }
    });
  }

  /** How many peers' connections the listener holds now. */
  int accepted() {
    return accepted.get();
  }

  /** Whether the watch's thread still runs; it ends soon after {@link #close}, having closed every socket. */
  boolean running() {
    return thread.isAlive();
  }

  /** Closes the listener and every connection, on the watch's thread; returns at once. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
  }

  private void submit(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void run() {
    try {
      while (!closed) {
        long now = System.nanoTime();
        long next = retryDue(now);
        selector.select(next == Long.MAX_VALUE ? 0 : Math.max(1, (next - now) / 1_000_000));
        for (Runnable task; (task = tasks.poll()) != null;) {
          task.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          ready(key);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | ClosedSelectorException e) {
      // The selector failed: nothing more can be watched; everything is closed below.
    } finally {
      for (Peer peer : peers.values()) {
        peer.disconnect();
      }
      peers.clear();
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key);
      }
      closeQuietly(server);
      closeQuietly(selector);
    }
  }

  /** Reconnects the peers whose retry is due; returns when the next one is. */
  private long retryDue(long now) {
    long next = Long.MAX_VALUE;
    for (Peer peer : List.copyOf(peers.values())) {
      if (peer.retryAt != Long.MAX_VALUE && peer.retryAt - now <= 0) {
        peer.connect();
      }
      next = Math.min(next, peer.retryAt);
    }
    return next;
  }

  private void ready(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.channel() == server) {
      accept();
    } else if (key.attachment() instanceof CrashWatch<?>.Peer peer) {
      if (key.isConnectable()) {
        peer.connected();
      } else if (key.isReadable()) {
        peer.readable();
      }
    } else if (!readsOpen((SocketChannel) key.channel())) {
      closeQuietly(key);
      accepted.decrementAndGet();
    }
  }

  /** Tells a new connection this process's token; it is then only watched for its end. */
  private void accept() {
    try {
      SocketChannel channel = server.accept();
      if (channel == null) {
        return;
      }
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.write(ByteBuffer.allocate(Long.BYTES).putLong(0, token));
      channel.register(selector, SelectionKey.OP_READ);
      accepted.incrementAndGet();
    } catch (IOException e) {
      // That connection failed; the peer reconnects.
    }
  }

  /** Reads and drops what came (nothing is ever sent after the token); false once the connection ended. */
  private boolean readsOpen(SocketChannel channel) {
    try {
      discard.clear();
      return channel.read(discard) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(SelectionKey key) {
    key.cancel();
    closeQuietly(key.channel());
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing: nothing to do about it.
    }
  }

  /** One watched peer and its connection; touched only on the watch's thread. */
  private final class Peer {
    private final K name;
    private final String host;
    private final int port;
    private final long peerToken;
    private final ByteBuffer hello = ByteBuffer.allocate(Long.BYTES);
    private SocketChannel channel;
    private boolean up;
    private boolean reportedGone;
    private long retryAt = Long.MAX_VALUE;
    private long backoff = FIRST_BACKOFF_NANOS;

    Peer(K name, String host, int port, long peerToken) {
      this.name = name;
      this.host = host;
      this.port = port;
      this.peerToken = peerToken;
    }

    void connect() {
      retryAt = Long.MAX_VALUE;
      up = false;
      hello.clear();
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        if (channel.connect(new InetSocketAddress(host, port))) {
          channel.register(selector, SelectionKey.OP_READ, this);
        } else {
          channel.register(selector, SelectionKey.OP_CONNECT, this);
        }
      } catch (IOException e) {
        failed(e);
      }
    }

    void connected() {
      try {
        channel.finishConnect();
        channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
      } catch (IOException e) {
        failed(e);
      }
    }

    void readable() {
      int read;
      try {
        read = channel.read(up ? discardBuffer() : hello);
      } catch (IOException e) {
        read = -1;
      }
      if (read < 0) {
        ended();
      } else if (!up && !hello.hasRemaining()) {
        if (hello.getLong(0) == peerToken) {
          up = true;
          backoff = FIRST_BACKOFF_NANOS;
          if (reportedGone) {
            reportedGone = false;
            listener.back(name);
          }
        } else {
          // Another process (a new incarnation) holds the port: this peer's process is gone.
          disconnect();
          gone();
        }
      }
    }

    /** The connection ended: at once if it was up (the peer's process may have died), else after a growing pause. */
    private void ended() {
      boolean wasUp = up;
      disconnect();
      if (wasUp) {
        connect();
      } else {
        retryLater();
      }
    }

    /**
     * A refused connection means no process listens there any more. Anything else proves nothing
     * and is tried again after a growing pause: a reset (a dying process's listener closing with
     * this connection in its queue; the next try is refused) or a time-out or missing route (a
     * crashed host, a partition: left to the failure detector). Java gives no errno: a refusal is
     * told by the C library's text in the exception, "Connection refused" in the C locale servers
     * run with; under another locale a refusal reads as proving nothing, and the failure detector
     * decides, as for a crashed host.
     */
    private void failed(IOException e) {
      disconnect();
      if (e instanceof ConnectException && e.getMessage() != null && e.getMessage().contains("refused")) {
        gone();
      } else {
        retryLater();
      }
    }

    private void retryLater() {
      retryAt = System.nanoTime() + backoff;
      backoff = Math.min(retryNanos, backoff * 2);
    }

    private void gone() {
      retryAt = System.nanoTime() + retryNanos;
      if (!reportedGone) {
        reportedGone = true;
        listener.gone(name);
      }
    }

    private ByteBuffer discardBuffer() {
      discard.clear();
      return discard;
    }

    void disconnect() {
      up = false;
      if (channel != null) {
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
          key.cancel();
        }
        closeQuietly(channel);
        channel = null;
      }
    }
  }
}
