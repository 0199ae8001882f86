import Metrics
import Prometheus

/// The process's metrics: swift-metrics bootstrapped once with a Prometheus registry, which
/// `/metrics` writes out. Request latency comes from Hummingbird's `MetricsMiddleware`
/// (`http_server_request_duration_seconds`, by route, method and status); the workflow times
/// renders and store transactions itself.
enum LettersMetrics {
    /// The registry every metric of the process is kept in.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // From a cached letter (well under a millisecond) to a large export's first bytes.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The metrics in Prometheus' text format.
    static func exposition() -> String {
        registry.emitToString()
    }
}
