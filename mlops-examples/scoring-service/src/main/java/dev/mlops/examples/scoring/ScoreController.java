package dev.mlops.examples.scoring;

import dev.mlops.data.DataException;
import dev.mlops.model.Classifier;
import dev.mlops.model.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.Router;
import dev.mlops.routing.ServedVariant;
import dev.mlops.spring.boot.MlopsRouters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /score}: {@code {"unit":"...","features":{...}}} in, {@code {"variant","model",
 * "prediction","probabilities"}} out. The unit (a customer id, say) is routed by the experiment
 * {@value #EXPERIMENT}, sticky, and scored by its variant's model; a feature the model reads that
 * the request lacks is a 400 naming the column, checked before anything is counted.
 */
@RestController
public class ScoreController {

    /** The experiment the service routes by (src/main/resources/credit-ab.json). */
    public static final String EXPERIMENT = "credit-ab";

    private final Router<Classifier> router;
    private final ModelRegistry registry;

    /** The controller over the experiment's router. */
    public ScoreController(MlopsRouters routers, ModelRegistry registry) {
        this.router = routers.router(EXPERIMENT);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * A request: the unit routed and the row scored.
     *
     * @param unit     who is scored; the same unit always gets the same variant
     * @param features the row, column → number or category
     */
    public record ScoreRequest(String unit, Map<String, Object> features) {
    }

    /**
     * A response.
     *
     * @param variant       the variant that served the unit
     * @param model         the version that scored it, e.g. {@code credit:1}
     * @param prediction    the predicted label
     * @param probabilities each label's probability
     */
    public record ScoreResponse(String variant, String model, String prediction, Map<String, Double> probabilities) {
    }

    /** A request the service refuses, with the column at fault when there is one. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String column;

        BadRequest(String message, String column) {
            super(message);
            this.column = column;
        }
    }

    /** Scores one row for one unit. */
    @PostMapping("/score")
    public ScoreResponse score(@RequestBody ScoreRequest request) {
        if (request.unit() == null || request.unit().isBlank()) {
            throw new BadRequest("unit is required", null);
        }
        if (request.features() == null) {
            throw new BadRequest("features is required", null);
        }
        ServedVariant<Classifier> variant = variantOf(request.unit());
        for (String column : variant.model().featureColumns().keySet()) {
            if (request.features().get(column) == null) {
                throw new BadRequest("feature '" + column + "' is missing", column);
            }
        }
        Prediction prediction = router.predict(request.unit(), model -> model.predict(request.features()));
        return new ScoreResponse(variant.name(), registry.get(variant.modelRef()).ref().toString(), prediction.label(),
                prediction.probabilities());
    }

    /** The variant a unit is routed to, without counting it (predict counts it). */
    private ServedVariant<Classifier> variantOf(String unit) {
        String name = router.variantOf(unit);
        return router.variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<Map<String, Object>> badRequest(BadRequest e) {
        return error(e.getMessage(), e.column);
    }

    /** A value the model cannot use (text in a numeric column): its message names the column. */
    @ExceptionHandler(DataException.class)
    ResponseEntity<Map<String, Object>> badValue(DataException e) {
        return error(e.getMessage(), e.column().orElse(null));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error("the body is not a JSON object {\"unit\":\"...\",\"features\":{...}}", null);
    }

    private static ResponseEntity<Map<String, Object>> error(String message, String column) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (column != null) {
            body.put("column", column);
        }
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(body);
    }
}
