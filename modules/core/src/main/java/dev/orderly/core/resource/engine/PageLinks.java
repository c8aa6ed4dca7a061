package dev.orderly.core.resource.engine;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code next}/{@code previous} links as DRF builds them: the request URL with {@code page} replaced
 * (or removed for page 1) and the query re-encoded with its keys sorted. Every list uses them: the engine's and
 * those of services that keep lists of their own (attachments).
 */
public final class PageLinks {
  private PageLinks() {}

  public static String withPage(String url, int page) {
    if (url == null) return null;
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (q >= 0) {
      for (String part : url.substring(q + 1).split("&")) {
        if (part.isEmpty()) continue;
        int eq = part.indexOf('=');
        String k = decode(eq < 0 ? part : part.substring(0, eq));
        String v = eq < 0 ? "" : decode(part.substring(eq + 1));
        if (!k.equals("page")) pairs.add(Map.entry(k, v));
      }
    }
    if (page > 1) pairs.add(Map.entry("page", String.valueOf(page)));
    pairs.sort(Comparator.comparing(Map.Entry::getKey));
    StringBuilder sb = new StringBuilder(base);
    for (int i = 0; i < pairs.size(); i++) {
      sb.append(i == 0 ? '?' : '&').append(encode(pairs.get(i).getKey())).append('=').append(encode(pairs.get(i).getValue()));
    }
    return sb.toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%7E", "~");
  }
}
