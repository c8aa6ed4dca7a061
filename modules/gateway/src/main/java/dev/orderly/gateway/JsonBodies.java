package dev.orderly.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a write request's body as DRF's JSON parser and serializer would: an empty body is {@code {}};
 * a body that is not {@code application/json} is 415; malformed JSON (comments, text that is not UTF-8
 * included) is 400 {@code parse_error} with a short reason; valid JSON that is not an object is 400
 * {@code non_field_errors}.
 */
final class JsonBodies {
  static final String JSON = "application/json";
  private static final int MAX_REASON_LENGTH = 160;
  /**
   * Strict JSON, as Python's parser that DRF uses: unlike Vert.x's own codec, no comments. Jackson's default
   * limits stay (nesting depth 1000, numbers of 1000 digits), so a hostile body fails fast.
   */
  private static final JsonFactory STRICT = JsonFactory.builder().build();
  private static final Pattern LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)]\\s*$");

  private JsonBodies() {}

  /** The body as an object, or a {@link ServiceError} to send instead. */
  static JsonObject object(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Buffer body = ctx.body().buffer();
    // multipart parts are not kept in the body buffer, yet the request did send something
    boolean present = body != null && body.length() > 0
        || request.isExpectMultipart() && !"0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (!present) return new JsonObject();
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (!isJson(contentType)) throw Failures.unsupportedMediaType(contentType == null ? "" : contentType);
    return object(body);
  }

  static JsonObject object(Buffer body) {
    Object value;
    try {
      value = JacksonCodec.fromParser(STRICT.createParser(utf8(body)), Object.class);
    } catch (DecodeException | IOException e) {
      throw Failures.parseError(reason(e));
    }
    if (value instanceof JsonObject object) return object;
    String message = value == null ? "No data provided"
        : "Invalid data. Expected a dictionary, but got " + pythonType(value) + ".";
    throw Failures.notAnObject(message);
  }

  /**
   * The body as text, as DRF reads it: UTF-8 only (Jackson would take UTF-16 or UTF-32 by their byte order
   * mark), no byte order mark, no invalid sequence.
   */
  private static String utf8(Buffer body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw Failures.parseError("The body is not valid UTF-8");
    }
    if (text.startsWith("\uFEFF")) throw Failures.parseError("Unexpected UTF-8 BOM");
    return text;
  }

  /** {@code application/json}, in any case, with or without parameters such as {@code charset}. */
  static boolean isJson(String contentType) {
    if (contentType == null) return false;
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT).equals(JSON);
  }

  /** The parser's own sentence and position, without its source excerpt, feature names or classes. */
  static String reason(Exception e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher at = LOCATION.matcher(message);
    String position = at.find() ? " at line " + at.group(1) + " column " + at.group(2) : "";
    String sentence = message.lines().findFirst().orElse("").trim();
    for (String cut : new String[] {" (start marker", ": enable `", " at [Source", " (not recognized as one", "`"}) {
      int i = sentence.indexOf(cut);
      if (i >= 0) sentence = sentence.substring(0, i);
    }
    if (sentence.startsWith("Failed to decode:")) sentence = sentence.substring("Failed to decode:".length()).trim();
    if (sentence.isEmpty()) sentence = "Invalid JSON";
    if (sentence.length() > MAX_REASON_LENGTH) sentence = sentence.substring(0, MAX_REASON_LENGTH) + "...";
    return sentence + position;
  }

  /** Python's name for the type of a decoded JSON value, as DRF's message shows it. */
  static String pythonType(Object value) {
    if (value instanceof String) return "str";
    if (value instanceof Boolean) return "bool";
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) return "int";
    if (value instanceof Number) return "float";
    if (value instanceof JsonArray) return "list";
    return "dict";
  }
}
