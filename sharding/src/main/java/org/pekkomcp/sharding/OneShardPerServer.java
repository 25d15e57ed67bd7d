/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * Each server is the only entity of a shard named after it. Sharding moves and balances shards,
 * not entities: with one server per shard a rebalance moves single servers, and the allocation
 * strategy spreads servers evenly over the nodes. (Hashing names into fewer shards would move
 * unrelated servers together and leave a node with none when shards are fewer than nodes.)
 */
final class OneShardPerServer extends ShardingMessageExtractor<ShardingEnvelope<ServerHost.Command>, ServerHost.Command> {

  @Override
  public String entityId(ShardingEnvelope<ServerHost.Command> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    return entityId;
  }

  @Override
  public ServerHost.Command unwrapMessage(ShardingEnvelope<ServerHost.Command> envelope) {
    return envelope.message();
  }
}
