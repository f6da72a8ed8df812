package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    static List<String> names(EventLog.Replay r) {
        assertThat(r).isInstanceOf(EventLog.Missed.class);
        return ((EventLog.Missed) r).events().stream().map(EventLog.Entry::name).toList();
    }

    static String reason(EventLog.Replay r) {
        assertThat(r).isInstanceOf(EventLog.Lost.class);
        return ((EventLog.Lost) r).reason();
    }

    @Test
    void eventsAreNumberedFromOneUnderTheLogsEpoch() {
        EventLog log = new EventLog("ep0ch", 10);
        assertThat(log.lastId()).isEqualTo("ep0ch-0");
        assertThat(log.append("status", "s").id()).isEqualTo("ep0ch-1");
        assertThat(log.append("point", 1).id()).isEqualTo("ep0ch-2");
        assertThat(log.lastId()).isEqualTo("ep0ch-2");
    }

    @Test
    void replayingAfterAnIdGivesExactlyTheLaterEventsInOrder() {
        EventLog log = new EventLog("e", 10);
        for (String n : List.of("a", "b", "c", "d")) {
            log.append(n, n);
        }
        assertThat(names(log.after("e-0"))).containsExactly("a", "b", "c", "d");
        assertThat(names(log.after("e-2"))).containsExactly("c", "d");
        assertThat(names(log.after("e-4"))).isEmpty();
        assertThat(((EventLog.Missed) log.after("e-3")).events().get(0)).isEqualTo(new EventLog.Entry("e-4", "d", "d"));
    }

    @Test
    void anEmptyLogReplaysNothingAfterItsZeroId() {
        assertThat(names(new EventLog("e", 3).after("e-0"))).isEmpty();
    }

    @Test
    void onceFullItDropsTheOldestAndCanNoLongerReplayFromBeforeThem() {
        EventLog log = new EventLog("e", 3);
        for (int i = 1; i <= 5; i++) {
            log.append("p", i);   // keeps e-3, e-4, e-5
        }
        assertThat(names(log.after("e-2"))).containsExactly("p", "p", "p");   // e-3 is still there: no gap
        assertThat(((EventLog.Missed) log.after("e-2")).events().get(0).id()).isEqualTo("e-3");
        assertThat(reason(log.after("e-1"))).contains("no longer kept").contains("last 3");
        assertThat(reason(log.after("e-0"))).contains("no longer kept");
        assertThat(names(log.after("e-5"))).isEmpty();
    }

    @Test
    void idsOfAnotherEpochOrMalformedOrFromTheFutureAreLost() {
        EventLog log = new EventLog("abc", 10);
        log.append("a", 1);
        for (String id : List.of("xyz-1", "abc", "abc-", "-1", "abc--1", "abc-1x", "abc-+1", "abc-2", "ab-c-1", "",
                "abc-99999999999999999999")) {
            assertThat(reason(log.after(id))).as(id).contains("not one this stream issued");
        }
    }

    @Test
    void twoLogsHaveDifferentEpochs() {
        EventLog a = new EventLog();
        EventLog b = new EventLog();
        assertThat(a.lastId()).isNotEqualTo(b.lastId()).matches("[a-z2-9]{6}-0");
        assertThat(reason(b.after(a.append("x", 1).id()))).contains("not one this stream issued");
    }

    @Test
    void anEpochWithADashWouldMakeIdsAmbiguous() {
        assertThatThrownBy(() -> new EventLog("a-b", 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
