package org.pekkomcp.registry;

/** A live event subscription; {@link #close()} ends it (idempotent). */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
