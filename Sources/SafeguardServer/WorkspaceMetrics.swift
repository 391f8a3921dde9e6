import Metrics
public import Prometheus

/// The workspace's metrics in Prometheus's text format at `/metrics`: Hummingbird's request counts and durations
/// (through swift-metrics, once the process bootstraps this registry) and the workspace's own counters.
public final class WorkspaceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let uploads: Prometheus.Counter
    let refusedUploads: Prometheus.Counter
    let failedSignIns: Prometheus.Counter
    let reviews: Prometheus.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        uploads = registry.makeCounter(name: "safeguard_uploads_total", help: "Revisions stored.")
        refusedUploads = registry.makeCounter(
            name: "safeguard_uploads_refused_total", help: "Uploads refused (unreadable, over the limit or the rate).")
        failedSignIns = registry.makeCounter(name: "safeguard_sign_in_failures_total", help: "Sign-ins refused.")
        reviews = registry.makeCounter(name: "safeguard_reviews_total", help: "Reviews recorded.")
    }

    /// Routes every swift-metrics metric of the process (Hummingbird's among them) into this registry. Call once
    /// per process, before the server starts (swift-metrics allows one bootstrap).
    public func bootstrapProcessMetrics() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// The metrics in Prometheus's text exposition format.
    public func exposition() -> String { registry.emitToString() }
}
