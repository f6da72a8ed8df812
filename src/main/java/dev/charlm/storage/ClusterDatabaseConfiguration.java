package dev.charlm.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database of cluster mode: a pooled DataSource from {@code spring.datasource.*}. Boot's own
 * DataSourceAutoConfiguration is excluded (application.properties), because in embedded mode it would fail for want
 * of a URL; with the DataSource here, and only here, Boot's Flyway, JdbcTemplate and JdbcClient auto-configuration
 * (each conditional on a DataSource) migrate the schema ({@code db/migration}) and give the repositories their
 * JdbcClient in cluster mode, and stay away in embedded mode.
 */
@Configuration(proxyBeanMethods = false)
@ClusterStorage
@EnableConfigurationProperties(DataSourceProperties.class)
public class ClusterDatabaseConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties) {
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }
}
