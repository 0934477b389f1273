package dev.mlops.examples.scoring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A reference scoring service on the mlops Spring Boot starter: {@code POST /score} A/B-tests the
 * production credit model against its challenger, sticky per unit; {@code /actuator/health},
 * {@code /actuator/prometheus} and {@code /actuator/mlops} show it from outside.
 *
 * <pre>
 * java -jar mlops-examples/scoring-service/target/scoring-service.jar --server.port=8080 --mlops.store=file:/tmp/credit-store
 * </pre>
 *
 * <p>On an empty store it first trains and registers two versions of {@code credit} on the bundled
 * credit-g data ({@link CreditModels}); on a restart it trains nothing.
 */
@SpringBootApplication
public class ScoringService {

    /** Starts the service; Spring Boot's arguments ({@code --server.port}, {@code --mlops.store}) apply. */
    public static void main(String[] args) {
        SpringApplication.run(ScoringService.class, args);
    }
}
