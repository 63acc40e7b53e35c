package link.buddyverse.ops.kit.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Structured JSON logs, one object per line on stderr, with the MDC on every line: the Lambda request id and
 * function name (put there by micronaut-function-aws) and the correlation id (the event id, put there by the
 * pipeline). Configured in code through logback's ServiceLoader hook rather than logback.xml: no XML parsing
 * on the cold-start path. Powertools' logback module would do the same but does not resolve from this
 * project's Maven mirror. stderr, so that {@code ./ops local invoke} keeps stdout for the result alone;
 * Lambda sends both streams to CloudWatch Logs. {@code OPS_LOG_LEVEL} sets the level (default INFO).
 */
public class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithThreadName(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("json-stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        String level = System.getenv("OPS_LOG_LEVEL");
        root.setLevel(Level.toLevel(level, Level.INFO));
        // The SDK and Micronaut are chatty at DEBUG; their warnings still come through.
        context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        context.getLogger("io.micronaut").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
