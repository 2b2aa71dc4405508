package dev.granular.cache.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes a response body on and keeps a copy of it, up to a limit: past it, the copy is dropped and
 * {@link #overflowed} tells so (the response is too large to keep).
 */
final class CopyingStream extends OutputStream {
  private final OutputStream target;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
  private final int limit;
  private boolean overflowed;

  CopyingStream(OutputStream target, int limit) {
    this.target = target;
    this.limit = limit;
  }

  @Override
  public void write(int b) throws IOException {
    target.write(b);
    keep(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    target.write(bytes, offset, length);
    keep(bytes, offset, length);
  }

  private void keep(byte[] bytes, int offset, int length) {
    if (overflowed) {
      return;
    }
    if (copy.size() + length > limit) {
      overflowed = true;
      copy.reset();
      return;
    }
    copy.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }

  @Override
  public void close() throws IOException {
    target.close();
  }

  /** Whether the body outgrew the limit, so no copy was kept. */
  boolean overflowed() {
    return overflowed;
  }

  /** The body written so far (empty once it overflowed). */
  byte[] copy() {
    return copy.toByteArray();
  }
}
