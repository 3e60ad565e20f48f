package ai.llmd.bench.testlog;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with a working MDC (slf4j-simple's own is a no-op), chosen for the tests with the
 * system property {@code slf4j.provider}: what the library puts in the MDC can then be read back
 * with {@code MDC.getCopyOfContextMap()}, as it would be with logback or log4j.
 */
public final class MdcSimpleServiceProvider extends SimpleServiceProvider {
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }
}
