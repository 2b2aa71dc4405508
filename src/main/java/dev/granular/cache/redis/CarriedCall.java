package dev.granular.cache.redis;

import java.util.List;

/**
 * A script call that rides with its thread's next {@link DirectConnections#read}: written in the
 * same socket write, ahead of the read's own command, so that Redis reads both at once and answers
 * both together. It saves the call a round trip of its own when the thread is about to read from
 * Redis anyway (a request that counts something while it looks its data up in the cache).
 *
 * <p>Made by {@link DirectConnections#carry}, used by the thread that made it only. If no read
 * carried it by the time its reply is wanted, {@link #await} sends it alone, or {@link #withdraw}
 * takes it back for the caller to send its own way. Like {@link DirectConnections.PendingReply}, it
 * is never sent twice.
 */
public final class CarriedCall {

  private enum State {
    WAITING,
    ANSWERED,
    FAILED,
    WITHDRAWN
  }

  private final DirectConnections connections;
  private final Thread owner = Thread.currentThread();
  final LuaScript script;
  final List<String> keys;
  final List<String> arguments;
  private State state = State.WAITING;
  private Object reply;
  private RuntimeException failure;

  CarriedCall(
      DirectConnections connections, LuaScript script, List<String> keys, List<String> arguments) {
    this.connections = connections;
    this.script = script;
    this.keys = keys;
    this.arguments = arguments;
  }

  /**
   * The call's reply: the one Redis gave it beside a read, or, when no read carried it, the reply
   * of the call sent alone now.
   *
   * @throws RedisReplyLostException when its connection failed after the write: Redis may or may
   *     not have run it
   * @throws CacheUnavailableException when it could not be written (it did not run)
   * @throws RedisErrorReply when the script failed
   * @throws IllegalStateException on another thread than its own, or once withdrawn
   */
  public Object await() {
    checkOwner();
    switch (state) {
      case WAITING -> {
        connections.forget(this);
        state = State.WITHDRAWN;
        return connections.send(script, keys, arguments).await();
      }
      case ANSWERED -> {
        return reply;
      }
      case FAILED -> throw failure;
      default -> throw new IllegalStateException("the call was withdrawn");
    }
  }

  /**
   * Takes the call back if no read has carried it yet: true when it was not sent, and never will be
   * (the caller may send it its own way); false when it was, and {@link #await} gives its reply.
   */
  public boolean withdraw() {
    checkOwner();
    if (state != State.WAITING) {
      return false;
    }
    connections.forget(this);
    state = State.WITHDRAWN;
    return true;
  }

  /** Whether a read carried it (answered or failed). */
  public boolean carried() {
    return state == State.ANSWERED || state == State.FAILED;
  }

  void answered(Object value) {
    state = State.ANSWERED;
    reply = value;
  }

  void failed(RuntimeException e) {
    state = State.FAILED;
    failure = e;
  }

  /**
   * Redis did not know the script (it ran nothing): the call waits again, to be sent alone by
   * {@link #await}.
   */
  void notRun() {
    state = State.WAITING;
  }

  private void checkOwner() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a carried call belongs to the thread that made it");
    }
  }
}
