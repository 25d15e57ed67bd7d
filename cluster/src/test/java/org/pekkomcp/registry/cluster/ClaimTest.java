/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;

class ClaimTest {

  private static final Address NODE = new Address("pekko", "claims", "127.0.0.1", 25520);
  private static final UniqueAddress OWNER = new UniqueAddress(NODE, 5);

  private static ActorTestKit kit;
  private static ActorRef<Object> ref;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("claims");
    ref = TestActors.spawn(kit.system(), "server");
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void itsEntryIdIsOneInstanceForItsWholeLifeUpdatesIncluded() {
    Claim claim = new Claim(Kind.SERVER, "calc", ref, OWNER, EntryConfig.empty(), 10, 42, 0);
    assertSame(claim.entryId(), claim.entryId());
    assertEquals(new EntryId(OWNER, 42), claim.entryId());
    assertEquals(OWNER, claim.owner());
    assertEquals(42, claim.id());
    Claim updated = claim.withConfig(EntryConfig.withCapabilities("tools"));
    assertSame(claim.entryId(), updated.entryId());
    assertEquals(1, updated.version());
    assertEquals(10, updated.time());
  }

  @Test
  void everyConstructorMakesTheSameClaim() {
    Registration registration = new Registration(Kind.TRANSPORT, "stdio", ref, EntryConfig.empty(), NODE);
    Claim byFields = new Claim(Kind.TRANSPORT, "stdio", ref, OWNER, EntryConfig.empty(), 3, 7, 2);
    Claim byOwnerAndId = new Claim(registration, OWNER, 3, 7, 2);
    Claim byEntryId = new Claim(registration, new EntryId(OWNER, 7), 3, 2);
    assertEquals(byEntryId, byFields);
    assertEquals(byEntryId, byOwnerAndId);
    assertEquals(byEntryId.hashCode(), byFields.hashCode());
    assertNotEquals(byEntryId, new Claim(registration, new EntryId(OWNER, 8), 3, 2));
    assertNotEquals(byEntryId, new Claim(registration, new EntryId(new UniqueAddress(NODE, 6), 7), 3, 2));
  }

  @Test
  void itsRegistrationMustNameItsOwner() {
    Registration elsewhere = new Registration(Kind.SERVER, "calc", ref, EntryConfig.empty(), new Address("pekko", "claims", "127.0.0.2", 25520));
    assertThrows(IllegalArgumentException.class, () -> new Claim(elsewhere, new EntryId(OWNER, 1), 1, 0));
    assertThrows(NullPointerException.class, () -> new Claim(elsewhere, (UniqueAddress) null, 1, 1, 0));
    assertThrows(NullPointerException.class, () -> new Claim(null, new EntryId(OWNER, 1), 1, 0));
  }
}
