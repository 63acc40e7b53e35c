package link.buddyverse.ops.localaws;

import java.util.List;

/** One operation (or a few) the gateway answers itself, or whose moto answer it corrects. */
interface PlayedOperation {

    /** Its answer to {@code request}, or null when the request is not its to answer (moto answers then). */
    Answer answer(Request request, Moto moto);

    /** Forgets its state. */
    void reset();

    /** {@code service:Operation} of each operation it plays or corrects, for the README and the status page. */
    List<String> operations();
}
