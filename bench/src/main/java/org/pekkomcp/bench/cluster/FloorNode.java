/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;

/**
 * The floor under a registration: the messages a majority-voted claim makes between the nodes,
 * with none of the registry's work. A request to the owner node's actor queues a proposal; the
 * queue goes to every peer as one batch when the actor's mailbox drains (a flush message behind
 * what is already queued) or at {@code batchSize} entries, as the registry's outbox does; each
 * peer answers a batch with one message of votes; the first peer vote makes a majority of three
 * (the owner votes for itself), so the owner completes the caller's future on {@code replies}
 * and queues a commit, which goes to the peers in the next batch. Messages are {@code byte[]}
 * (Pekko's own byte-array serializer): a tag and 8 bytes per entry, the entry's number.
 *
 * <p>One actor per node at {@code /system/bench-floor}; it finds its peers when the first request
 * comes, so every node must be Up by then.
 */
final class FloorNode extends AbstractActor {

  static final String NAME = "bench-floor";

  /** A caller's request: completed with {@code null} once a majority voted for it. */
  record Request(CompletableFuture<Object> reply) {}

  private enum Flush { INSTANCE }

  private static final byte BATCH = 1;
  private static final byte VOTES = 2;
  private static final byte PROPOSE = 1;
  private static final byte COMMITTED = 2;

  private final Supplier<List<ActorRef>> findPeers;
  private final Executor replies;
  private final int batchSize;
  private final Counters counters;
  private List<ActorRef> peers = List.of();
  /** The outbox: tag and entry number of each queued op, in the order made. */
  private final ByteBuffer outbox;
  private int queued;
  private boolean flushScheduled;
  private long next;
  private final Map<Long, CompletableFuture<Object>> open = new HashMap<>();

  /** Batches and ops this node pushed to its peers, and the commits it applied from theirs. */
  static final class Counters {
    final LongAdder batches = new LongAdder();
    final LongAdder ops = new LongAdder();
    final LongAdder committedHere = new LongAdder();
  }

  static Props props(Supplier<List<ActorRef>> findPeers, Executor replies, int batchSize, Counters counters) {
    return Props.create(FloorNode.class, () -> new FloorNode(findPeers, replies, batchSize, counters));
  }

  private FloorNode(Supplier<List<ActorRef>> findPeers, Executor replies, int batchSize, Counters counters) {
    this.findPeers = findPeers;
    this.replies = replies;
    this.batchSize = batchSize;
    this.counters = counters;
    this.outbox = ByteBuffer.allocate(1 + 9 * batchSize);
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Request.class, this::onRequest)
        .matchEquals(Flush.INSTANCE, f -> {
          flushScheduled = false;
          flush();
        })
        .match(byte[].class, bytes -> bytes[0] == BATCH, this::onBatch)
        .match(byte[].class, bytes -> bytes[0] == VOTES, this::onVotes)
        .build();
  }

  private void onRequest(Request request) {
    if (peers.isEmpty()) {
      peers = findPeers.get();
    }
    long id = next++;
    open.put(id, request.reply());
    push(PROPOSE, id);
  }

  private void push(byte op, long id) {
    if (queued == 0) {
      outbox.clear();
      outbox.put(BATCH);
    }
    outbox.put(op).putLong(id);
    queued++;
    if (queued >= batchSize) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      getSelf().tell(Flush.INSTANCE, ActorRef.noSender());
    }
  }

  private void flush() {
    if (queued == 0) {
      return;
    }
    byte[] batch = new byte[outbox.position()];
    outbox.flip().get(batch);
    for (ActorRef peer : peers) {
      peer.tell(batch, getSelf());
    }
    counters.batches.increment();
    counters.ops.add(queued);
    queued = 0;
  }

  /** A peer's batch: a vote for each proposal, all in one answer; commits are counted. */
  private void onBatch(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    ByteBuffer votes = ByteBuffer.allocate(1 + 8 * (in.remaining() / 9)).put(VOTES);
    while (in.hasRemaining()) {
      byte op = in.get();
      long id = in.getLong();
      if (op == PROPOSE) {
        votes.putLong(id);
      } else {
        counters.committedHere.increment();
      }
    }
    if (votes.position() > 1) {
      getSender().tell(votes.hasRemaining() ? Arrays.copyOf(votes.array(), votes.position()) : votes.array(), getSelf());
    }
  }

  /** A peer's votes: the first for a proposal makes its majority; the second finds it decided. */
  private void onVotes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    while (in.hasRemaining()) {
      long id = in.getLong();
      CompletableFuture<Object> reply = open.remove(id);
      if (reply != null) {
        replies.execute(() -> reply.complete(null));
        push(COMMITTED, id);
      }
    }
  }
}
