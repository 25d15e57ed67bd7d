/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.mcp.server.Content;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.Prompt;
import org.pekkomcp.mcp.server.PromptArgument;
import org.pekkomcp.mcp.server.PromptResult;
import org.pekkomcp.mcp.server.Resource;
import org.pekkomcp.mcp.server.ResourceContents;
import org.pekkomcp.mcp.server.ResourceTemplate;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;

/**
 * The example notes server: resources, a resource template, prompts, and a tool that changes what
 * the server offers at run time.
 *
 * <ul>
 *   <li>{@code notes://index} lists every note; {@code notes://note/<n>} is one note;
 *       {@code notes://search/{term}} (a template) finds notes containing a term.
 *   <li>{@code add_note {title, text}} stores a note and adds its resource, so every connected
 *       client gets {@code notifications/resources/list_changed}, and clients subscribed to
 *       {@code notes://index} get {@code notifications/resources/updated}.
 *   <li>Prompts: {@code summarize_notes} embeds the notes; {@code draft_note {topic}} asks the
 *       model to write one and save it with {@code add_note}.
 * </ul>
 *
 * <p>The notes live in memory, owned by the server actor: handlers run on its thread, so a plain
 * map needs no lock. A restarted server starts again from the welcome note.
 */
public final class NotesServer {

  public static final String NAME = "notes";
  static final String INDEX = "notes://index";

  private NotesServer() {}

  public static Behavior<McpServer.Command> create() {
    return Behaviors.setup(context -> McpServer.create(new Notes(context.getSelf()).definition()));
  }

  private record Note(int id, String title, String text) {
    String uri() {
      return "notes://note/" + id;
    }

    String markdown() {
      return "## " + title + "\n\n" + text + "\n";
    }
  }

  /** The notes and the handlers that read and add them; touched only on the server actor's thread. */
  private static final class Notes {
    private final ActorRef<McpServer.Command> server;
    private final Map<Integer, Note> notes = new LinkedHashMap<>();

    Notes(ActorRef<McpServer.Command> server) {
      this.server = server;
      notes.put(1, new Note(1, "Welcome", "Notes live in the notes server actor. Add one with the add_note tool."));
    }

    ServerDefinition definition() {
      ServerDefinition definition = ServerDefinition.of(NAME, "1.0.0")
          .withInstructions("A small notebook. Read notes://index, search with notes://search/{term}, add with add_note.")
          .withResource(Resource.of(INDEX, "index", "Every note, newest last", "text/markdown",
              read -> CompletableFuture.completedFuture(ResourceContents.text(INDEX, "text/markdown", index()))))
          .withResourceTemplate(ResourceTemplate.of("notes://search/{term}", "search", "The notes that contain a term",
              "text/markdown", read -> {
                String term = read.variables().get("term").toLowerCase(Locale.ROOT);
                String found = notes.values().stream()
                    .filter(n -> (n.title() + " " + n.text()).toLowerCase(Locale.ROOT).contains(term))
                    .map(Note::markdown)
                    .collect(Collectors.joining("\n"));
                return CompletableFuture.completedFuture(ResourceContents.text(read.uri(), "text/markdown",
                    found.isEmpty() ? "No note contains \"" + term + "\".\n" : found));
              }))
          .withTool(Tool.of("add_note", "Stores a note; it becomes the resource notes://note/<n>", ObjectSchemas.required("string", "title", "text"), call -> {
            int id = notes.size() + 1;
            Note note = new Note(id, call.arguments().get("title").asText(), call.arguments().get("text").asText());
            notes.put(id, note);
            server.tell(new McpServer.PutResource(resource(note)));
            server.tell(new McpServer.ResourceUpdated(INDEX));
            return CompletableFuture.completedFuture(ToolResult.of(
                Content.text("added note " + id + ": " + note.title()), Content.resourceLink(note.uri(), note.title())));
          }))
          .withPrompt(Prompt.of("summarize_notes", "Asks for a summary of every note", List.of(),
              get -> CompletableFuture.completedFuture(PromptResult.of(
                  PromptResult.message("user", Content.text("Summarize these notes in three bullet points.")),
                  PromptResult.message("user", Content.embeddedText(INDEX, "text/markdown", index()))))))
          .withPrompt(Prompt.of("draft_note", "Asks for a new note on a topic",
              List.of(PromptArgument.required("topic", "What the note is about"),
                  PromptArgument.optional("tone", "How it should sound, e.g. terse or friendly")),
              get -> CompletableFuture.completedFuture(PromptResult.of(PromptResult.message("user", Content.text(
                  "Write a short " + get.arguments().getOrDefault("tone", "plain") + " note about "
                      + get.arguments().get("topic") + ", then save it with the add_note tool."))))));
      for (Note note : notes.values()) {
        definition = definition.withResource(resource(note));
      }
      return definition;
    }

    private Resource resource(Note note) {
      return Resource.of(note.uri(), "note-" + note.id(), note.title(), "text/markdown", read -> {
        Note current = notes.get(note.id());
        return CompletableFuture.completedFuture(ResourceContents.text(note.uri(), "text/markdown", current.markdown()));
      });
    }

    private String index() {
      return "# Notes\n\n" + notes.values().stream()
          .map(n -> "- [" + n.title() + "](" + n.uri() + ")")
          .collect(Collectors.joining("\n")) + "\n";
    }
  }
}
