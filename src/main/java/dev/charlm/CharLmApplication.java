package dev.charlm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** CharLM: train character-level RNN, GRU and LSTM language models and sample from them over HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CharLmApplication {

    public static void main(String[] args) {
        SpringApplication.run(CharLmApplication.class, args);
    }
}
