package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks tool arguments against the subset of JSON Schema that catches most client mistakes:
 * {@code type} (one name or a list), {@code required}, {@code properties} (recursively),
 * {@code additionalProperties: false}, {@code items}, {@code enum} and local {@code $ref}s to
 * {@code #/$defs/...} or {@code #/definitions/...}. Other keywords are accepted unchecked: the
 * handler still sees only arguments that passed this much.
 */
public final class SchemaValidator {

  private SchemaValidator() {}

  /** The problems found, each with a JSON-pointer-like path; empty when the value conforms. */
  public static List<String> validate(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, schema, value, "", problems, 0);
    return problems;
  }

  private static void check(JsonNode root, JsonNode schema, JsonNode value, String path, List<String> problems, int depth) {
    if (schema == null || !schema.isObject() || depth > 64) {
      return;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      check(root, resolve(root, ref.textValue()), value, path, problems, depth + 1);
    }
    JsonNode type = schema.get("type");
    if (type != null && !matchesType(type, value)) {
      problems.add(where(path) + " must be of type " + type + ", got " + describe(value));
      return;
    }
    JsonNode allowed = schema.get("enum");
    if (allowed != null && allowed.isArray()) {
      boolean found = false;
      for (JsonNode option : allowed) {
        found |= option.equals(value);
      }
      if (!found) {
        problems.add(where(path) + " must be one of " + allowed);
      }
    }
    if (value.isObject()) {
      checkObject(root, schema, value, path, problems, depth);
    }
    JsonNode items = schema.get("items");
    if (value.isArray() && items != null && items.isObject()) {
      for (int i = 0; i < value.size(); i++) {
        check(root, items, value.get(i), path + "/" + i, problems, depth + 1);
      }
    }
  }

  private static void checkObject(JsonNode root, JsonNode schema, JsonNode value, String path, List<String> problems, int depth) {
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode name : required) {
        if (name.isTextual() && !value.has(name.textValue())) {
          problems.add(where(path) + " is missing required property \"" + name.textValue() + "\"");
        }
      }
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode propertySchema = properties == null ? null : properties.get(field.getKey());
      String childPath = path + "/" + field.getKey();
      if (propertySchema != null) {
        check(root, propertySchema, field.getValue(), childPath, problems, depth + 1);
      } else if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
        problems.add(where(path) + " has unexpected property \"" + field.getKey() + "\"");
      } else if (additional != null && additional.isObject()) {
        check(root, additional, field.getValue(), childPath, problems, depth + 1);
      }
    }
  }

  private static JsonNode resolve(JsonNode root, String ref) {
    if (!ref.startsWith("#")) {
      return null; // remote references are not fetched
    }
    try {
      JsonNode target = root.at(ref.substring(1));
      return target.isMissingNode() ? null : target;
    } catch (IllegalArgumentException notAPointer) {
      return null; // an unresolvable reference constrains nothing here
    }
  }

  private static boolean matchesType(JsonNode type, JsonNode value) {
    if (type.isTextual()) {
      return matchesType(type.textValue(), value);
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (t.isTextual() && matchesType(t.textValue(), value)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  private static boolean matchesType(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "number" -> value.isNumber();
      case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> true;
    };
  }

  private static String describe(JsonNode value) {
    if (value.isIntegralNumber()) {
      return "integer";
    }
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String where(String path) {
    return path.isEmpty() ? "arguments" : "arguments" + path;
  }
}
