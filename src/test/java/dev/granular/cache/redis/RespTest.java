package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespTest {

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Object reply(String text) throws IOException {
    return Resp.readReply(stream(text));
  }

  @Test
  void aCommandIsAnArrayOfBulkStringsCountedInBytes() {
    CommandBuffer out = new CommandBuffer(4);
    Resp.writeCommand(out, List.of("EVALSHA", "ab", "0", "prix: 9 €", ""));
    assertEquals(
        "*5\r\n$7\r\nEVALSHA\r\n$2\r\nab\r\n$1\r\n0\r\n$11\r\nprix: 9 €\r\n$0\r\n\r\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void longCommandsGrowTheBufferAndCountTheirLengthsInDecimal() {
    CommandBuffer out = new CommandBuffer(4);
    String long1234 = "x".repeat(1234);
    Resp.writeCommand(out, List.of(long1234, "é".repeat(600)));
    Resp.writeCommand(out, List.of("10"));
    assertEquals(
        "*2\r\n$1234\r\n" + long1234 + "\r\n$1200\r\n" + "é".repeat(600) + "\r\n*1\r\n$2\r\n10\r\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void integersUseAll64Bits() throws IOException {
    assertEquals(0L, reply(":0\r\n"));
    assertEquals(Long.MAX_VALUE, reply(":9223372036854775807\r\n"));
    assertEquals(Long.MIN_VALUE, reply(":-9223372036854775808\r\n"));
    assertThrows(IOException.class, () -> reply(":9223372036854775808\r\n"));
    assertThrows(IOException.class, () -> reply(":-9223372036854775809\r\n"));
    assertThrows(IOException.class, () -> reply(":-\r\n"));
    assertThrows(IOException.class, () -> reply("$-2\r\n"), "no length below -1");
  }

  @Test
  void aReplyStreamReadsWhatArrivesAcrossManyFills() throws IOException {
    String replies = "$1234\r\n" + "y".repeat(1234) + "\r\n:5\r\n";
    java.nio.channels.ReadableByteChannel trickle =
        new java.nio.channels.ReadableByteChannel() {
          private final java.nio.ByteBuffer source =
              java.nio.ByteBuffer.wrap(replies.getBytes(StandardCharsets.UTF_8));

          @Override
          public int read(java.nio.ByteBuffer into) {
            if (!source.hasRemaining()) {
              return -1;
            }
            into.put(source.get()); // one byte a read: every reply spans many fills
            return 1;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    ReplyStream in = new ReplyStream(trickle, 16);
    assertEquals("y".repeat(1234), Resp.readReply(in));
    assertEquals(5L, Resp.readReply(in));
    assertEquals(-1, in.read());
  }

  @Test
  void repliesBecomeStringsLongsListsAndNull() throws IOException {
    assertEquals("OK", reply("+OK\r\n"));
    assertEquals(-42L, reply(":-42\r\n"));
    assertEquals("prix: 9 €", reply("$11\r\nprix: 9 €\r\n"));
    assertEquals("", reply("$0\r\n\r\n"));
    assertNull(reply("$-1\r\n"));
    assertNull(reply("*-1\r\n"));
    assertEquals(
        Arrays.asList("{\"id\":1}", null, 7L, List.of("a")),
        reply("*4\r\n$8\r\n{\"id\":1}\r\n$-1\r\n:7\r\n*1\r\n+a\r\n"));
  }

  @Test
  void aBulkStringMayHoldLineBreaks() throws IOException {
    assertEquals("~v1\tproduct:1\n{}\r\n", reply("$18\r\n~v1\tproduct:1\n{}\r\n\r\n"));
  }

  @Test
  void consecutiveRepliesAreReadOneByOne() throws IOException {
    InputStream in = stream("$1\r\na\r\n:2\r\n");
    assertEquals("a", Resp.readReply(in));
    assertEquals(2L, Resp.readReply(in));
  }

  @Test
  void anErrorReplyIsThrownWithItsCode() {
    RedisErrorReply error =
        assertThrows(
            RedisErrorReply.class,
            () -> reply("-NOSCRIPT No matching script. Please use EVAL.\r\n"));
    assertEquals("NOSCRIPT", error.code());
    assertEquals("NOSCRIPT No matching script. Please use EVAL.", error.getMessage());
  }

  @Test
  void anErrorInsideAnArrayIsAnElementAndTheRestIsStillRead() throws IOException {
    InputStream in = stream("*2\r\n-WRONGTYPE no\r\n:1\r\n+NEXT\r\n");
    List<?> items = (List<?>) Resp.readReply(in);
    assertEquals("WRONGTYPE", assertInstanceOf(RedisErrorReply.class, items.get(0)).code());
    assertEquals(1L, items.get(1));
    assertEquals("NEXT", Resp.readReply(in), "the stream stays in step");
  }

  @Test
  void aTruncatedReplyIsAnIoErrorNotAValue() {
    assertThrows(EOFException.class, () -> reply(""));
    assertThrows(EOFException.class, () -> reply("$5\r\nab"));
    assertThrows(EOFException.class, () -> reply("*2\r\n:1\r\n"));
    assertThrows(EOFException.class, () -> reply(":12"));
  }

  @Test
  void somethingElseIsAnIoError() {
    assertThrows(
        IOException.class, () -> reply("%1\r\n")); // a RESP3 map: this client speaks RESP2 only
    assertThrows(IOException.class, () -> reply(":abc\r\n"));
    assertThrows(IOException.class, () -> reply("+OK\rX"));
  }
}
