package link.buddyverse.ops.cli.preflight;

/** Something that would fail once deployed (or fails now), with what to do about it. */
public record Finding(String check, String problem, String fix) {
}
