package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MasterWatchTest {

  private static final InetSocketAddress OLD = new InetSocketAddress("127.0.0.1", 7001);
  private static final InetSocketAddress NEW = new InetSocketAddress("127.0.0.1", 7002);

  private final AtomicReference<InetSocketAddress> routed = new AtomicReference<>(OLD);
  private final List<String> moves = new ArrayList<>();
  private final MasterWatch watch = new MasterWatch(routed::get, moves::add);

  @Test
  void theFirstMasterSeenIsTheKnownOne() {
    watch.check();
    watch.check();
    watch.connected(OLD);
    assertTrue(moves.isEmpty(), moves.toString());
  }

  @Test
  void aReadRoutedToAnotherMasterFailsAndReportsTheMoveOnce() {
    watch.check();
    routed.set(NEW); // Redisson swapped its master before it told its listeners
    CacheUnavailableException refused = assertThrows(CacheUnavailableException.class, watch::check);
    assertTrue(refused.getMessage().contains("7002"), refused.getMessage());
    assertEquals(1, moves.size(), moves.toString());
    watch.check(); // the new master is now the known one: the circuit's recovery voids its entries
    watch.connected(NEW); // Redisson's late event for the switch already seen
    assertEquals(1, moves.size(), moves.toString());
  }

  @Test
  void anEventAboutAnotherDataNodeReportsAMoveBeforeTheRoutingChanges() {
    watch.check();
    watch.connected(NEW);
    assertEquals(1, moves.size());
    watch.check(); // still routed to the old master: reads go on there until Redisson swaps
    routed.set(NEW);
    assertThrows(CacheUnavailableException.class, watch::check);
    assertEquals(
        2,
        moves.size(),
        "the swap itself is a move too: the recovery may have voided the old master only");
  }

  @Test
  void losingTheKnownMasterIsAMoveAndLosingAnotherNodeIsNot() {
    watch.check();
    watch.lost(NEW);
    assertTrue(moves.isEmpty());
    watch.lost(OLD);
    assertEquals(List.of("Lost the Redis master " + OLD), moves);
  }

  @Test
  void noMasterAtAllFailsTheRead() {
    routed.set(null);
    assertThrows(CacheUnavailableException.class, watch::check);
  }
}
