package dev.granular.platform;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/**
 * Declares the application's JTA data source {@code java:app/jdbc/catalog}, pooled by the server,
 * opened through {@link ConfiguredDataSource} (PostgreSQL when {@code DB_URL} is set, in-memory H2
 * otherwise).
 */
@DataSourceDefinition(
    name = "java:app/jdbc/catalog",
    className = "dev.granular.platform.ConfiguredDataSource",
    minPoolSize = 2,
    maxPoolSize = 32,
    properties = {"fish.payara.log-jdbc-calls=false"})
@Singleton
@Startup
public class DatabaseDefinition {}
