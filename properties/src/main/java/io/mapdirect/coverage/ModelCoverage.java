package io.mapdirect.coverage;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.OpResult;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.fs.xfs.XfsEvents;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.rdma.RdmaEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects model coverage from case runs: how often each call returned each result, and how often
 * each state transition happened. Thread-safe; one instance serves a whole test run.
 */
public final class ModelCoverage {
    /** {@code call -> result -> count}; a result is {@code ok}, an errno or a signal name. */
    private final Map<String, Map<String, Long>> calls = new TreeMap<>();
    /** {@code machine -> "from -> to" -> count}. */
    private final Map<Machine, Map<String, Long>> transitions = new TreeMap<>();
    private long runs;

    /** Adds what one run reached. */
    public synchronized void record(CaseResult result) {
        runs++;
        Map<String, String> states = new HashMap<>();
        for (EventLog.Entry entry : result.world().kernel().events().entries()) {
            observe(entry.event(), states);
        }
    }

    private void observe(KEvent event, Map<String, String> states) {
        switch (event) {
            case HarnessEvents.OpDone done -> count(calls.computeIfAbsent(done.op().name(), k -> new TreeMap<>()),
                    done.result() instanceof OpResult.Value ? "ok" : done.result().brief());
            case LeaseEvents.LeaseAdded e -> move(states, e.layout() ? Machine.LAYOUT_LEASE : Machine.LEASE, e.lease(), "active");
            case LeaseEvents.LeaseBreakStarted e -> move(states, e.layout() ? Machine.LAYOUT_LEASE : Machine.LEASE, e.lease(), "breaking");
            case LeaseEvents.LeaseRemoved e -> move(states, e.layout() ? Machine.LAYOUT_LEASE : Machine.LEASE, e.lease(), "removed");
            case MapDirectEvents.Registering e -> move(states, Machine.MAP_DIRECT_STATE, e.mds(), "registering");
            case MapDirectEvents.Registered e -> move(states, Machine.MAP_DIRECT_STATE, e.mds(), "registered");
            case XfsEvents.MapDirectPublished e -> move(states, Machine.MAP_DIRECT_STATE, e.mds(), "published");
            case MapDirectEvents.BreakNoticed e -> move(states, Machine.MAP_DIRECT_STATE, e.mds(), "breaking");
            case MapDirectEvents.Invalidated e -> move(states, Machine.MAP_DIRECT_STATE, e.mds(), "invalidated");
            case MapDirectEvents.LastVmaClosed e -> move(states, Machine.MAP_DIRECT_STATE, e.mds(), "closed");
            case MapDirectEvents.LeaseDirectTaken e -> move(states, Machine.LEASE_DIRECT, e.leaseDirect(), "taken");
            case MapDirectEvents.LeaseDirectBreakNoticed e -> move(states, Machine.LEASE_DIRECT, e.leaseDirect(), "break-noticed");
            case MapDirectEvents.BreakCallbackReturned e -> move(states, Machine.LEASE_DIRECT, e.leaseDirect(), "revoked");
            case MapDirectEvents.LeaseDirectDestroying e -> move(states, Machine.LEASE_DIRECT, e.leaseDirect(), "destroying");
            case MapDirectEvents.LeaseDirectDestroyed e -> move(states, Machine.LEASE_DIRECT, e.leaseDirect(), "destroyed");
            case RdmaEvent.MrRegistered e -> move(states, Machine.MR, e.device() + "/" + e.mrKey(), "registered");
            case RdmaEvent.MrRevoked e -> move(states, Machine.MR, e.device() + "/" + e.mrKey(), "revoked");
            case RdmaEvent.MrDeregistered e -> move(states, Machine.MR, e.device() + "/" + e.mrKey(), "deregistered");
            default -> { }
        }
    }

    private void move(Map<String, String> states, Machine machine, String object, String to) {
        String key = machine + " " + object;
        String from = states.getOrDefault(key, "none");
        states.put(key, to);
        if (!from.equals(to)) {
            count(transitions.computeIfAbsent(machine, k -> new TreeMap<>()), from + " -> " + to);
        }
    }

    private static void count(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }

    public synchronized long runs() {
        return runs;
    }

    /** How often {@code call} returned {@code result}. */
    public synchronized long calls(String call, String result) {
        return calls.getOrDefault(call, Map.of()).getOrDefault(result, 0L);
    }

    /** How often {@code transition} ("from -> to") of {@code machine} happened. */
    synchronized long transitions(Machine machine, String transition) {
        return transitions.getOrDefault(machine, Map.of()).getOrDefault(transition, 0L);
    }
}
