/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.pekkomcp.registry.Names;

/**
 * What an {@link McpServer} serves: its identity, instructions, and the tools, resources,
 * resource templates and prompts it starts with (more may be added and removed at run time by
 * messages to the server). Immutable; each {@code with...} returns a new definition.
 *
 * @param name the server's name; also its name in the registry, so transports find it by it
 * @param version reported in {@code serverInfo}
 * @param instructions optional guidance for the model, returned by {@code initialize}
 * @param completions optional argument completion ({@code completion/complete}); the
 *     {@code completions} capability is declared only when present
 * @param pageSize how many items one page of a list method carries
 */
public record ServerDefinition(
    String name,
    String version,
    Optional<String> instructions,
    List<Tool> tools,
    List<Resource> resources,
    List<ResourceTemplate> resourceTemplates,
    List<Prompt> prompts,
    Optional<Handler<CompletionRequest, CompletionResult>> completions,
    int pageSize) {

  public static final int DEFAULT_PAGE_SIZE = 100;

  public ServerDefinition {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(instructions, "instructions");
    Objects.requireNonNull(completions, "completions");
    Names.problem("server name", name).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    tools = List.copyOf(tools);
    resources = List.copyOf(resources);
    resourceTemplates = List.copyOf(resourceTemplates);
    prompts = List.copyOf(prompts);
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    requireUnique("tool", tools, Tool::name);
    requireUnique("resource", resources, Resource::uri);
    requireUnique("resource template", resourceTemplates, t -> t.uriTemplate().text());
    requireUnique("prompt", prompts, Prompt::name);
  }

  /** A server with nothing to offer yet. */
  public static ServerDefinition of(String name, String version) {
    return new ServerDefinition(name, version, Optional.empty(), List.of(), List.of(), List.of(), List.of(),
        Optional.empty(), DEFAULT_PAGE_SIZE);
  }

  public ServerDefinition withInstructions(String text) {
    return new ServerDefinition(name, version, Optional.of(text), tools, resources, resourceTemplates, prompts,
        completions, pageSize);
  }

  public ServerDefinition withTool(Tool tool) {
    return new ServerDefinition(name, version, instructions, plus(tools, tool), resources, resourceTemplates, prompts,
        completions, pageSize);
  }

  public ServerDefinition withResource(Resource resource) {
    return new ServerDefinition(name, version, instructions, tools, plus(resources, resource), resourceTemplates,
        prompts, completions, pageSize);
  }

  public ServerDefinition withResourceTemplate(ResourceTemplate template) {
    return new ServerDefinition(name, version, instructions, tools, resources, plus(resourceTemplates, template),
        prompts, completions, pageSize);
  }

  public ServerDefinition withPrompt(Prompt prompt) {
    return new ServerDefinition(name, version, instructions, tools, resources, resourceTemplates, plus(prompts, prompt),
        completions, pageSize);
  }

  public ServerDefinition withCompletions(Handler<CompletionRequest, CompletionResult> handler) {
    return new ServerDefinition(name, version, instructions, tools, resources, resourceTemplates, prompts,
        Optional.of(handler), pageSize);
  }

  public ServerDefinition withPageSize(int size) {
    return new ServerDefinition(name, version, instructions, tools, resources, resourceTemplates, prompts,
        completions, size);
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> copy = new ArrayList<>(list);
    copy.add(Objects.requireNonNull(item));
    return copy;
  }

  private static <T> void requireUnique(String what, List<T> items, Function<T, String> key) {
    long distinct = items.stream().map(key).distinct().count();
    if (distinct != items.size()) {
      throw new IllegalArgumentException("duplicate " + what + " in server definition");
    }
  }
}
