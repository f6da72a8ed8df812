package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.cluster.S3Bucket;
import dev.charlm.cluster.S3Properties;
import dev.charlm.cluster.S3ProxyExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The corpus-text contract against {@link S3CorpusTexts} on a real S3 API (s3proxy), one bucket per test. */
@ExtendWith(S3ProxyExtension.class)
class S3CorpusTextsTest implements CorpusTextsContract {

    /** The corpus whose upload fails, as a connection lost mid-PUT does. */
    private static final String BROKEN = "c-brokenupld";

    @TempDir
    Path staging;
    private S3Bucket bucket;
    private S3CorpusTexts texts;

    @BeforeEach
    void emptyBucket() {
        S3Properties p = S3ProxyExtension.newBucket();
        ExecutionInterceptor failPuts = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && put.key().equals(S3CorpusTexts.key(BROKEN))) {
                    throw SdkClientException.create("connection reset (test)");
                }
            }
        };
        bucket = S3Bucket.open(S3Bucket.client(p, List.of(failPuts)), p);
        texts = new S3CorpusTexts(bucket, staging);
    }

    @AfterEach
    void closeClient() {
        bucket.close();
    }

    @Override
    public CorpusTexts texts() {
        return texts;
    }

    @Test
    void aFailedUploadIsAnIOExceptionAndLeavesNeitherTheStagedCopyNorAText() throws Exception {
        CorpusTexts.Staged staged = texts.stage(CorpusTextsContract.utf8(TEXT), 1 << 20);

        assertThatThrownBy(() -> texts.commit(staged, BROKEN)).isInstanceOf(IOException.class).hasMessageContaining(BROKEN);

        assertThat(staged()).isZero();
        assertThat(texts.open(BROKEN)).isEmpty();
    }

    @Override
    public long staged() throws Exception {
        return texts.stagedCount();
    }
}
