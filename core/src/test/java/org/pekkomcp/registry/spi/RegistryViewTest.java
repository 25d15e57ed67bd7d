/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;

/** A ref stays in a group while it has any reason to be there, and published sets never change. */
class RegistryViewTest {

  // Made per class run, not per class load: the mutation run starts this class many times in one JVM.
  private static ActorTestKit KIT;

  @BeforeAll
  static void start() {
    KIT = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aRefIsAMemberWhileItHasAnyReasonAndOnlyTheFirstAndLastChangeTheSet() {
    RegistryView view = new RegistryView();
    ActorRef<Object> a = KIT.spawn(Behaviors.ignore());
    ActorRef<Object> b = KIT.spawn(Behaviors.ignore());

    assertTrue(view.addMember("g", a), "first reason: joins");
    assertFalse(view.addMember("g", a), "second reason: already a member");
    assertFalse(view.addMember("g", a), "third reason");
    assertTrue(view.addMember("g", b));
    Set<ActorRef<?>> published = view.members("g");
    assertEquals(Set.of(a, b), published);
    assertEquals(Set.of(a, b), view.localMembers("g"));

    assertFalse(view.removeMember("g", a), "two reasons left");
    assertFalse(view.removeMember("g", a), "one reason left");
    assertEquals(Set.of(a, b), view.members("g"));
    assertTrue(view.removeMember("g", a), "last reason: leaves");
    assertFalse(view.removeMember("g", a), "not a member any more");
    assertEquals(Set.of(b), view.members("g"));
    assertEquals(Set.of(a, b), published, "a published set never changes");

    assertTrue(view.removeMember("g", b));
    assertEquals(Set.of(), view.members("g"));
    assertFalse(view.groups().contains("g"), "an empty group is gone");
    assertFalse(view.removeMember("never", a));
  }

  @Test
  void namesArePutAndRemovedOnlyAsAsked() {
    RegistryView view = new RegistryView();
    ActorRef<Object> a = KIT.spawn(Behaviors.ignore());
    Registration first = new Registration(Kind.SERVER, "n", a, EntryConfig.empty(), KIT.system().address());
    Registration second = first.withConfig(EntryConfig.parse("{\"v\":2}"));
    assertEquals(Optional.empty(), view.put(first));
    assertEquals(Optional.of(first), view.put(second));
    assertEquals(1, view.size(Kind.SERVER));
    assertEquals(0, view.size(Kind.TRANSPORT));
    assertFalse(view.remove(first), "no longer the entry: kept");
    assertEquals(Optional.of(second), view.whereis(Kind.SERVER, "n"));
    assertTrue(view.remove(second));
    assertEquals(Optional.empty(), view.remove(Kind.SERVER, "n"));
    view.put(first);
    assertEquals(Optional.of(first), view.remove(Kind.SERVER, "n"));
    assertEquals(0, view.size(Kind.SERVER));
  }

  @Test
  void oneRefDroppingItsExtraReasonLeavesAnothersInPlace() {
    RegistryView view = new RegistryView();
    ActorRef<Object> a = KIT.spawn(Behaviors.ignore());
    ActorRef<Object> b = KIT.spawn(Behaviors.ignore());
    view.addMember("g", a);
    view.addMember("g", a);
    view.addMember("g", b);
    view.addMember("g", b);
    assertFalse(view.removeMember("g", a), "a keeps one reason");
    assertFalse(view.removeMember("g", b), "b keeps one reason");
    assertEquals(Set.of(a, b), view.members("g"));
    assertTrue(view.removeMember("g", a));
    assertTrue(view.removeMember("g", b));
    assertEquals(Set.of(), view.members("g"));
  }
}
