/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 6570 level-1 URI template ({@code {name}} placeholders), enough for MCP resource
 * templates. A placeholder matches one or more characters other than {@code /}, {@code ?} and
 * {@code #}, so {@code test://template/{id}/data} matches {@code test://template/123/data}.
 */
public final class UriTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

  private final String text;
  private final Pattern pattern;
  private final List<String> names;

  private UriTemplate(String text, Pattern pattern, List<String> names) {
    this.text = text;
    this.pattern = pattern;
    this.names = names;
  }

  /** @throws IllegalArgumentException if the template is blank or has no well-formed placeholder */
  public static UriTemplate parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("uri template must not be blank");
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(text.substring(last, m.start()))).append("([^/?#]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(text.substring(last)));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("uri template has no {placeholder}: " + text);
    }
    return new UriTemplate(text, Pattern.compile(regex.toString()), List.copyOf(names));
  }

  public String text() {
    return text;
  }

  /** The placeholder values when {@code uri} matches, in template order. */
  public Optional<Map<String, String>> match(String uri) {
    Matcher m = pattern.matcher(uri);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), m.group(i + 1));
    }
    return Optional.of(values);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UriTemplate that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
