package link.buddyverse.ops.cli.demo;

import java.util.List;

/**
 * One of the owners' drills, replayed: it does what the owners did (or has AWS do what AWS would), lets the real
 * functions react through their handlers, and checks the effect in the sandbox. A missing effect fails the drill
 * ({@link DrillContext#check}). Each new function adds its drills to {@link Drills#all()}.
 */
public interface Drill {

    /** Short id for {@code ./ops demo --drill}, e.g. {@code cpu-stress}. */
    String id();

    String title();

    /** What the owners did by hand, and what they saw. */
    String owners();

    /** The functions (template logical ids) the drill runs; a drill whose function is not in template.yaml is pending. */
    List<String> functions();

    void run(DrillContext context);
}
