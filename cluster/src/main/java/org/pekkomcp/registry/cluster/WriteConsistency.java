package org.pekkomcp.registry.cluster;

/** How many replicas must accept a claim before {@code register} answers (write-consistency). */
public enum WriteConsistency {
  /** This node only: fastest; concurrent claims are settled afterwards by the resolver. */
  LOCAL,
  /** More than half of the reachable registry actors, this one included. The default. */
  MAJORITY,
  /** Every reachable registry actor. */
  ALL;

  /** Acks needed out of {@code voters} replicas. */
  int required(int voters) {
    return switch (this) {
      case LOCAL -> 1;
      case MAJORITY -> voters / 2 + 1;
      case ALL -> voters;
    };
  }
}
