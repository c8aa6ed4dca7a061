package dev.orderly.export;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses the XML parts of an XLSX file with SAX, safely whatever they hold: POI's {@link XMLHelper} reader
 * (secure processing, no DOCTYPE, so no external entity and no entity expansion), element nesting of at most
 * {@value #MAX_DEPTH}, and markup of at most {@value #MAX_MARKUP} bytes between a {@code <} and the next
 * {@code >} (the parser keeps a tag's attributes whole in memory; text between tags reaches the handler in
 * chunks, and our handlers keep at most a cell of it). A part may also be cut at a size.
 */
final class XmlParts {
  static final int MAX_DEPTH = 64;
  static final int MAX_MARKUP = 1 << 20;

  private XmlParts() {}

  /** Parses {@code in} (closing it) with {@code handler}; a {@link Stop} thrown by the handler ends parsing early. */
  static void parse(InputStream in, Handler handler, long maxBytes) throws IOException, SAXException {
    try (InputStream guarded = new Guard(in, maxBytes)) {
      XMLReader reader;
      try {
        reader = XMLHelper.newXMLReader();
      } catch (ParserConfigurationException e) {
        throw new IllegalStateException("no SAX parser", e);
      }
      reader.setContentHandler(handler);
      reader.setErrorHandler(handler);
      reader.parse(new InputSource(guarded));
    } catch (Stop stop) {
      // the handler has what it wanted
    }
  }

  /** A handler that bounds nesting; subclasses use {@link #start} and {@link #end} with local names. */
  abstract static class Handler extends DefaultHandler {
    private int depth;

    @Override
    public final void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
      if (++depth > MAX_DEPTH) throw new SAXException("elements nested too deep");
      start(local(localName, qName), attributes);
    }

    @Override
    public final void endElement(String uri, String localName, String qName) throws SAXException {
      depth--;
      end(local(localName, qName));
    }

    abstract void start(String name, Attributes attributes) throws SAXException;

    void end(String name) throws SAXException {}

    private static String local(String localName, String qName) {
      if (localName != null && !localName.isEmpty()) return localName;
      int colon = qName.indexOf(':');
      return colon < 0 ? qName : qName.substring(colon + 1);
    }
  }

  /** The value of the attribute of local name {@code name}, in any namespace (strict and transitional OOXML differ). */
  static String attribute(Attributes attributes, String name) {
    for (int i = 0; i < attributes.getLength(); i++) {
      String local = attributes.getLocalName(i);
      if (local == null || local.isEmpty()) {
        String q = attributes.getQName(i);
        local = q.substring(q.indexOf(':') + 1);
      }
      if (local.equals(name)) return attributes.getValue(i);
    }
    return null;
  }

  /** Thrown by a handler that has read what it needs. */
  static final class Stop extends SAXException {
    Stop() {
      super("stop");
    }
  }

  /** Counts bytes: at most {@code maxBytes} in all, at most {@link #MAX_MARKUP} inside one piece of markup. */
  private static final class Guard extends FilterInputStream {
    private final long maxBytes;
    private long total;
    private int markup = -1;

    Guard(InputStream in, long maxBytes) {
      super(in);
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n <= 0) return n;
      total += n;
      if (total > maxBytes) throw new IOException("XML part larger than " + maxBytes + " bytes");
      for (int i = off; i < off + n; i++) {
        byte c = b[i];
        if (c == '<') {
          markup = 0;
        } else if (c == '>') {
          markup = -1;
        } else if (markup >= 0 && ++markup > MAX_MARKUP) {
          throw new IOException("XML markup longer than " + MAX_MARKUP + " bytes");
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      int len = (int) Math.min(Math.max(n, 0), 8192);
      return Math.max(0, read(new byte[len], 0, len));
    }
  }
}
