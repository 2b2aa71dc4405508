package dev.granular.cache.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A buffered stream over a blocking channel, read by one thread at a time: what {@link
 * java.io.BufferedInputStream} does, without its lock on every byte ({@link Resp} reads a reply's
 * header lines byte by byte). One {@code read} of the channel fills the buffer with as much of the
 * replies as has arrived.
 */
final class ReplyStream extends InputStream {

  private final ReadableByteChannel channel;
  private final ByteBuffer buffer;

  ReplyStream(ReadableByteChannel channel, int size) {
    this.channel = channel;
    this.buffer = ByteBuffer.allocate(size).flip(); // empty
  }

  @Override
  public int read() throws IOException {
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    return buffer.get() & 0xFF;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(length, buffer.remaining());
    buffer.get(into, offset, n);
    return n;
  }

  @Override
  public int available() {
    return buffer.remaining();
  }

  // false at the end of the stream; a channel in blocking mode reads at least one byte otherwise
  private boolean fill() throws IOException {
    buffer.clear();
    int n;
    do {
      n = channel.read(buffer);
    } while (n == 0);
    buffer.flip();
    return n > 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
