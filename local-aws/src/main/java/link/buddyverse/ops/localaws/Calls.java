package link.buddyverse.ops.localaws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Every call the gateway saw since the last {@link #clear()}, in the order their answers were sent; the most
 * recent {@link #limit(int)} of them (10,000 by default), so that a sandbox left running does not grow for ever.
 */
public final class Calls {

    private final Deque<Call> calls = new ArrayDeque<>();
    private int limit = 10_000;

    synchronized void record(Call call) {
        calls.addLast(call);
        while (calls.size() > limit) {
            calls.removeFirst();
        }
    }

    /** Keeps at most the {@code n} most recent calls. */
    public synchronized Calls limit(int n) {
        limit = n;
        while (calls.size() > limit) {
            calls.removeFirst();
        }
        return this;
    }

    public synchronized List<Call> all() {
        return List.copyOf(calls);
    }

    /** The calls of one operation ({@code "*"}: every operation of the service). */
    public List<Call> of(String service, String operation) {
        String canonical = Services.canonical(service);
        List<Call> matching = new ArrayList<>();
        for (Call call : all()) {
            if (call.service().equals(canonical) && (operation.equals("*") || call.operation().equals(operation))) {
                matching.add(call);
            }
        }
        return matching;
    }

    public int count(String service, String operation) {
        return of(service, operation).size();
    }

    /** The most recent call of the operation, or null. */
    public Call last(String service, String operation) {
        List<Call> matching = of(service, operation);
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }

    public synchronized void clear() {
        calls.clear();
    }
}
