package dev.pyjar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportForecastTest {
    @Test
    void namesWhatEachOfTheLastRunsImportedInTheLastRunsOrder() {
        ImportForecast forecast = new ImportForecast();
        assertEquals(List.of(), forecast.modules());
        forecast.learn(List.of("re", "json", "csv"), false);
        assertEquals(List.of("re", "json", "csv"), forecast.modules());
        forecast.learn(List.of("csv", "argparse", "re"), false);
        assertEquals(List.of("csv", "re"), forecast.modules());
    }

    @Test
    void forgetsRunsOlderThanTheLastFew() {
        ImportForecast forecast = new ImportForecast();
        forecast.learn(List.of("tomllib"), false);
        for (int i = 0; i < ImportForecast.RUNS - 1; i++) {
            forecast.learn(List.of("json"), false);
            assertEquals(List.of(), forecast.modules());
        }
        forecast.learn(List.of("json"), false);
        assertEquals(List.of("json"), forecast.modules());
    }

    @Test
    void neverNamesARefusedModuleAgainAndCountsRunsThatHadImportsAhead() {
        ImportForecast forecast = new ImportForecast();
        forecast.learn(List.of("json", "zoneinfo"), true);
        forecast.refuse(List.of("zoneinfo"));
        forecast.learn(List.of("json", "zoneinfo"), false);
        assertEquals(List.of("json"), forecast.modules());
        assertEquals(1, forecast.runsWithImportsAhead());
    }
}
