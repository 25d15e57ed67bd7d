/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a write answered. Every expected result is a value here, never an exception: a caller
 * matches on the record it got ({@code if (outcome instanceof Outcome.AlreadyRegistered taken)}).
 *
 * <p>Each write method returns the narrowest sub-interface that lists exactly what it can answer.
 * {@link Rejected} is the answer to bad input (a blank name, an oversized config, a null ref): the
 * registry is left unchanged.
 */
public sealed interface Outcome {

  /** What {@link RegistryBackend#register} may answer. */
  sealed interface RegisterOutcome extends Outcome permits Registered, AlreadyRegistered, Rejected {}

  /** What {@link RegistryBackend#unregister} may answer. */
  sealed interface UnregisterOutcome extends Outcome permits Unregistered, NotFound, NotOwner, Rejected {}

  /** What {@link RegistryBackend#update} may answer. */
  sealed interface UpdateOutcome extends Outcome permits Updated, NotFound, NotOwner, Rejected {}

  /** What {@link RegistryBackend#join} and {@link RegistryBackend#leave} may answer. */
  sealed interface GroupOutcome extends Outcome permits Joined, Left, NotMember, Rejected {}

  /** The name is now this caller's. */
  record Registered(Registration registration) implements RegisterOutcome {}

  /** The name was taken; {@code existing} is the entry that holds it. */
  record AlreadyRegistered(Registration existing) implements RegisterOutcome {}

  /** The entry was removed; {@code removed} is what it was. */
  record Unregistered(Registration removed) implements UnregisterOutcome {}

  /** The entry now carries the new config. */
  record Updated(Registration registration) implements UpdateOutcome {}

  /** No entry of that kind has that name. */
  record NotFound(Kind kind, String name) implements UnregisterOutcome, UpdateOutcome {}

  /** The entry belongs to another node; only its owner's node may change it. */
  record NotOwner(Registration existing) implements UnregisterOutcome, UpdateOutcome {}

  /** {@code ref} is a member of {@code group} (joining twice is one membership). */
  record Joined(String group, ActorRef<?> ref) implements GroupOutcome {}

  /** {@code ref} is no longer an explicit member of {@code group}. */
  record Left(String group, ActorRef<?> ref) implements GroupOutcome {}

  /** {@code ref} had not joined {@code group} explicitly. */
  record NotMember(String group, ActorRef<?> ref) implements GroupOutcome {}

  /** The input was invalid; nothing changed. */
  record Rejected(String reason) implements RegisterOutcome, UnregisterOutcome, UpdateOutcome, GroupOutcome {}
}
