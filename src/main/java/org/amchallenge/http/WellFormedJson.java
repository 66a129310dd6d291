package org.amchallenge.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.core.json.jackson.HybridJacksonPool;
import io.vertx.core.spi.json.JsonCodec;
import java.io.IOException;

/**
 * Vert.x's JSON codec, with every string and field name it writes made well-formed Unicode: an unpaired UTF-16
 * surrogate becomes U+FFFD. Jackson writes one as a "\\uD800" escape (which no strict reader, jq among them,
 * accepts) or as a lone char that a UTF-8 encoder turns into "?". Names are refused with one at the door; this
 * holds for any other text a request brought in. Vert.x loads it through {@code META-INF/services}, so every
 * {@code JsonObject.encode}, {@code toBuffer} and {@code RoutingContext.json} of the server goes through it.
 */
public final class WellFormedJson implements io.vertx.core.spi.JsonFactory {
  private static final JsonCodec CODEC = new Codec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }

  /** Reads as Vert.x's own codec does; writes through {@link Repairing}. */
  static final class Codec extends DatabindCodec {
    /** Built as Vert.x builds its own, buffers recycled through the same pool, so that writing costs what it did. */
    private static final com.fasterxml.jackson.core.JsonFactory GENERATORS = com.fasterxml.jackson.core.JsonFactory.builder()
        .recyclerPool(HybridJacksonPool.getInstance()).build();

    @Override
    public String toString(Object object, boolean pretty) throws EncodeException {
      BufferRecycler recycler = GENERATORS._getBufferRecycler();
      try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
        try (JsonGenerator generator = generator(GENERATORS.createGenerator(out), pretty)) {
          encodeJson(object, generator);
        }
        return out.getAndClear();
      } catch (IOException e) {
        throw new EncodeException(e.getMessage(), e);
      } finally {
        recycler.releaseToPool();
      }
    }

    @Override
    public Buffer toBuffer(Object object, boolean pretty) throws EncodeException {
      BufferRecycler recycler = GENERATORS._getBufferRecycler();
      try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
        try (JsonGenerator generator = generator(GENERATORS.createGenerator(out), pretty)) {
          encodeJson(object, generator);
        }
        byte[] bytes = out.toByteArray();
        out.release();
        return Buffer.buffer(bytes);
      } catch (IOException e) {
        throw new EncodeException(e.getMessage(), e);
      } finally {
        recycler.releaseToPool();
      }
    }

    private static JsonGenerator generator(JsonGenerator plain, boolean pretty) {
      JsonGenerator generator = new Repairing(plain);
      return pretty ? generator.useDefaultPrettyPrinter() : generator;
    }
  }

  /** A generator that writes each unpaired surrogate of a string or a field name as U+FFFD. */
  static final class Repairing extends JsonGeneratorDelegate {
    Repairing(JsonGenerator generator) {
      super(generator, false);
    }

    @Override
    public void writeString(String text) throws IOException {
      super.writeString(text == null ? null : repaired(text));
    }

    @Override
    public void writeString(char[] text, int offset, int length) throws IOException {
      super.writeString(repaired(new String(text, offset, length)));
    }

    @Override
    public void writeFieldName(String name) throws IOException {
      super.writeFieldName(repaired(name));
    }
  }

  /** The text itself where it has no surrogate (nearly always: one pass, no copy); else each unpaired one as U+FFFD. */
  static String repaired(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) return org.amchallenge.domain.Names.withoutLoneSurrogates(text);
    }
    return text;
  }
}
