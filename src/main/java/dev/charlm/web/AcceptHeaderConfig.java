package dev.charlm.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An Accept header that cannot be parsed ({@code Accept: garbage/}) still gets a 406 problem. Spring's own
 * header strategy throws while parsing it, and then again while writing the problem, which leaves the 406 with
 * no body at all; read as a type that nothing produces, it takes the same path as {@code Accept: image/png}:
 * 406, rendered as application/problem+json.
 */
@Configuration(proxyBeanMethods = false)
class AcceptHeaderConfig implements WebMvcConfigurer {

    /** What an unparsable Accept header asks for: nothing the service produces. */
    static final MediaType UNPARSABLE = new MediaType("application", "x-unparsable-accept");

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(new UnparsableAsUnacceptable()));
    }

    private static final class UnparsableAsUnacceptable implements ContentNegotiationStrategy {

        private final HeaderContentNegotiationStrategy header = new HeaderContentNegotiationStrategy();

        @Override
        public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
            try {
                return header.resolveMediaTypes(request);
            } catch (HttpMediaTypeNotAcceptableException e) {
                return List.of(UNPARSABLE);
            }
        }
    }
}
