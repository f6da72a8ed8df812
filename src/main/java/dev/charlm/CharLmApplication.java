package dev.charlm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CharLmApplication {

    public static void main(String[] args) {
        SpringApplication.run(CharLmApplication.class, args);
    }
}
