package dev.charlm.web;

import org.apache.catalina.Context;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemErrorReportValve} in the place of Tomcat's HTML error report on the host. It runs after
 * Spring Boot's own customizer (which adds a plain {@link ErrorReportValve} when stack traces are off), and
 * removes that one.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfig implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(ContainerErrorsConfig::replaceErrorReport);
    }

    private static void replaceErrorReport(Context context) {
        if (!(context.getParent() instanceof StandardHost host)) {
            return;
        }
        Pipeline pipeline = host.getPipeline();
        for (Valve v : pipeline.getValves()) {
            if (v instanceof ErrorReportValve) {
                pipeline.removeValve(v);
            }
        }
        // the host adds a valve of this class when it starts unless one is there: this one is
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        pipeline.addValve(new ProblemErrorReportValve());
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
