package link.buddyverse.ops.localaws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every call the gateway saw since the last {@link #clear()}, in the order their answers were sent. */
public final class Calls {

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    void record(Call call) {
        calls.add(call);
    }

    public List<Call> all() {
        return List.copyOf(calls);
    }

    /** The calls of one operation ({@code "*"}: every operation of the service). */
    public List<Call> of(String service, String operation) {
        String canonical = Services.canonical(service);
        List<Call> matching = new ArrayList<>();
        for (Call call : calls) {
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

    public void clear() {
        calls.clear();
    }
}
